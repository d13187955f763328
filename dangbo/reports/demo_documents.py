"""Demo of the written reports (issue 12) for the demo office: the political report to Đại hội X (2020) and the
mid-year review of 2021, issued (short texts in the examples' words); 2025's year-end document with every section
written in the manner of the office's published reports (../shared/domain/examples/), approved by the cấp ủy and issued
with its number from the document register; 2026's as a draft (a few sections started from 2025's text).
Everything through the reports app's actions (audited). Called at the end of `demo.load`, after every other
app's demo, so that the figures frozen in 2025's document are the register's."""

from __future__ import annotations

from datetime import date

TEXT_2025 = {
    "chinh_tri_tu_tuong": (
        "Đảng ủy đã lãnh đạo các chi bộ tổ chức học tập, quán triệt và triển khai thực hiện nghiêm túc các nghị "
        "quyết, chỉ thị, kết luận của Trung ương, của Tỉnh ủy và của Đảng ủy Khối các cơ quan tỉnh; tổ chức học "
        "tập, quán triệt Nghị quyết Đại hội Đảng bộ Văn phòng UBND tỉnh lần thứ XI, nhiệm kỳ 2025 – 2030 đến toàn "
        "thể cán bộ, đảng viên.\n"
        "Tình hình tư tưởng cán bộ, đảng viên, công chức, người lao động ổn định; đội ngũ cán bộ, đảng viên đồng "
        "thuận cao với chủ trương sắp xếp tổ chức bộ máy của hệ thống chính trị.\n"
        "- 100% cán bộ, đảng viên xây dựng và thực hiện cam kết tu dưỡng, rèn luyện, phấn đấu học tập và làm theo "
        "tư tưởng, đạo đức, phong cách Hồ Chí Minh theo Chỉ thị số 05-CT/TW.\n"
        "- Các chi bộ duy trì chuyên đề học tập và làm theo Bác trong sinh hoạt định kỳ."),
    "to_chuc_dang_vien": (
        "[số liệu]\n"
        "Đảng ủy lãnh đạo tổ chức thành công Đại hội Đảng bộ Văn phòng UBND tỉnh lần thứ XI và đại hội các chi bộ "
        "trực thuộc nhiệm kỳ 2025 – 2030 đúng hướng dẫn của cấp trên; kịp thời kiện toàn cấp ủy sau đại hội.\n"
        "Các chi bộ duy trì nền nếp sinh hoạt định kỳ, nội dung sinh hoạt từng bước được đổi mới; công tác phát "
        "triển đảng viên được quan tâm, tạo nguồn từ đoàn viên ưu tú trong cơ quan."),
    "kiem_tra_giam_sat": (
        "[số liệu]\n"
        "Ủy ban Kiểm tra Đảng ủy thực hiện đúng chương trình kiểm tra, giám sát năm 2025; tập trung kiểm tra việc "
        "thực hiện nhiệm vụ đảng viên, việc chấp hành chế độ sinh hoạt đảng và thu, nộp đảng phí. Qua kiểm tra đã "
        "kịp thời nhắc nhở, chấn chỉnh những thiếu sót, không để phát sinh điểm nóng."),
    "doan_the_dan_van": (
        "Đảng ủy lãnh đạo Công đoàn cơ sở, Đoàn Thanh niên, Hội Cựu chiến binh Văn phòng hoạt động đúng điều lệ, "
        "tổ chức tốt các phong trào thi đua yêu nước, chăm lo đời sống cán bộ, công chức, người lao động.\n"
        "- Thực hiện tốt Quy chế dân chủ ở cơ sở; tổ chức Hội nghị cán bộ, công chức năm 2025 đúng quy định.\n"
        "- Công đoàn và Đoàn Thanh niên giới thiệu đoàn viên ưu tú để Đảng xem xét, bồi dưỡng kết nạp."),
    "nhiem_vu_chinh_tri": (
        "Đảng ủy lãnh đạo cán bộ, đảng viên, công chức, người lao động Văn phòng làm tốt công tác tham mưu, nghiên "
        "cứu và phục vụ hậu cần cho UBND tỉnh, Chủ tịch UBND tỉnh trong chỉ đạo, điều hành trên các lĩnh vực kinh "
        "tế, văn hóa – xã hội, quốc phòng – an ninh và đối ngoại.\n"
        "Tham mưu kịp thời kế hoạch phát triển kinh tế – xã hội, dự toán ngân sách nhà nước năm 2026; phục vụ tốt "
        "việc sắp xếp đơn vị hành chính và vận hành chính quyền địa phương hai cấp từ ngày 01/7/2025.\n"
        "[số liệu]"),
    "han_che": (
        "Bên cạnh kết quả đạt được, công tác xây dựng Đảng năm 2025 còn một số hạn chế:\n"
        "- Nội dung sinh hoạt của một số chi bộ chưa phong phú, sinh hoạt chuyên đề có lúc còn hình thức.\n"
        "- Công tác phát triển đảng viên chưa đạt chỉ tiêu đề ra ở một số chi bộ.\n"
        "- Việc cập nhật hồ sơ đảng viên, phiếu bổ sung hồ sơ có lúc chưa kịp thời.\n"
        "Nguyên nhân: khối lượng công việc chuyên môn lớn, thời gian dành cho công tác đảng của cấp ủy viên kiêm "
        "nhiệm còn hạn chế; một số chi bộ chưa chủ động tạo nguồn kết nạp đảng viên."),
    "bai_hoc": (
        "- Phải thường xuyên giữ vững nguyên tắc tập trung dân chủ, phát huy trí tuệ tập thể cấp ủy.\n"
        "- Người đứng đầu cấp ủy, cơ quan phải gương mẫu, nói đi đôi với làm.\n"
        "- Gắn công tác xây dựng Đảng với lãnh đạo thực hiện nhiệm vụ chính trị của cơ quan."),
    "phuong_huong": (
        "Năm 2026, Đảng bộ tiếp tục nâng cao năng lực lãnh đạo và sức chiến đấu của tổ chức đảng; lãnh đạo thực "
        "hiện thắng lợi Nghị quyết Đại hội Đảng bộ Văn phòng UBND tỉnh lần thứ XI và nghị quyết năm 2026.\n"
        "Các chỉ tiêu chủ yếu:\n"
        "[số liệu]\n"
        "Phấn đấu 100% đảng viên hoàn thành nhiệm vụ trở lên, trong đó có đảng viên hoàn thành xuất sắc nhiệm vụ "
        "theo tỷ lệ cấp trên quy định; 100% chi bộ hoàn thành tốt nhiệm vụ trở lên."),
}
# 2026's draft: the office started three sections from 2025's text («Lấy nội dung năm trước») and rewrote them.
TEXT_2026 = {
    "chinh_tri_tu_tuong": TEXT_2025["chinh_tri_tu_tuong"].replace(
        "Nghị quyết Đại hội Đảng bộ Văn phòng UBND tỉnh lần thứ XI, nhiệm kỳ 2025 – 2030",
        "Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIV của Đảng"),
    "kiem_tra_giam_sat": TEXT_2025["kiem_tra_giam_sat"].replace("năm 2025", "năm 2026"),
    "han_che": "Bên cạnh kết quả đạt được, công tác xây dựng Đảng năm 2026 còn một số hạn chế:\n"
               "- (Văn phòng đang tổng hợp ý kiến các chi bộ.)",
}
SIGNER = "Nguyễn Văn Hùng"

# The mid-year review of 2021 (../shared/domain/examples/2021-07-so-ket-6-thang-2021-van-phong-ubnd-tinh.txt: the
# conference of 08/7/2021, «sơ kết tình hình thực hiện Nghị quyết 6 tháng đầu năm và đề ra phương hướng nhiệm vụ 6
# tháng cuối năm 2021»), short, in its words; the figures are the register's (as of 30/6/2021).
TEXT_MID_2021 = {
    "chinh_tri_tu_tuong": (
        "Đảng ủy lãnh đạo các chi bộ học tập, quán triệt Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIII của "
        "Đảng và Nghị quyết Đại hội Đảng bộ tỉnh; tình hình tư tưởng cán bộ, đảng viên ổn định, đồng thuận cao.\n"
        "- Hoạt động của hệ thống chính trị ở cơ quan được giữ vững và phát huy theo chiều hướng tốt."),
    "to_chuc_dang_vien": (
        "Mặc dù có sự thay đổi nhiều về nhân sự chủ chốt, Đảng ủy đã kịp thời kiện toàn cấp ủy, phân công nhiệm vụ "
        "cấp ủy viên; các chi bộ duy trì sinh hoạt định kỳ.\n[số liệu]"),
    "kiem_tra_giam_sat": "Ủy ban Kiểm tra Đảng ủy thực hiện chương trình kiểm tra, giám sát 6 tháng đầu năm theo kế "
                         "hoạch; không có đảng viên vi phạm phải xử lý kỷ luật.",
    "doan_the_dan_van": "Lãnh đạo Công đoàn, Đoàn Thanh niên Văn phòng tham gia phòng, chống dịch COVID-19 và các "
                        "hoạt động an sinh xã hội; thực hiện tốt Quy chế dân chủ ở cơ sở.",
    "nhiem_vu_chinh_tri": (
        "Đảng ủy lãnh đạo đảng viên thực hiện tốt nhiệm vụ chính trị tại cơ quan, kịp thời tham mưu cho lãnh đạo "
        "UBND tỉnh, Ban Cán sự Đảng UBND tỉnh trong công tác lãnh đạo, điều hành hoạt động của UBND tỉnh."),
    "chi_tieu": "[số liệu]\nCác chỉ tiêu còn lại được tập trung thực hiện trong 6 tháng cuối năm.",
    "han_che": "- Công tác quy hoạch, bồi dưỡng cán bộ theo vị trí việc làm chưa đồng bộ.\n"
               "- Việc rà soát lịch sử chính trị của cán bộ, đảng viên còn chậm.",
    "phuong_huong": (
        "Tư tưởng phải thông, phải đồng thuận trong thực hiện nhiệm vụ; quán triệt tư tưởng «3 không» của Chính phủ.\n"
        "- Rà soát lịch sử chính trị của cán bộ, đảng viên, công chức, viên chức theo quy định.\n"
        "- Làm kỹ công tác quy hoạch; bồi dưỡng, đào tạo đúng theo vị trí việc làm.\n[số liệu]"),
}
# The political report to Đại hội X (16/6/2020; ../shared/domain/examples/2020-06-dai-hoi-x-…): the 2015 - 2020
# term against Đại hội IX's targets, the 2020 - 2025 targets.
TEXT_POLITICAL_2020 = {
    "nhiem_vu_chinh_tri": (
        "Đảng bộ tham mưu giúp việc cho Ban Cán sự đảng UBND tỉnh, Chủ tịch và các Phó Chủ tịch UBND tỉnh trong chỉ "
        "đạo, điều hành, triển khai các nghị quyết của Chính phủ, kết luận của Tỉnh ủy và nghị quyết HĐND tỉnh về phát "
        "triển kinh tế - xã hội và dự toán ngân sách hằng năm.\n"
        "- Tham mưu giải quyết kịp thời chế độ chính sách đối với người có công, người nghèo, các đối tượng chính "
        "sách xã hội.\n- Chủ động tham mưu quy chế làm việc của UBND tỉnh và của Ban Cán sự đảng UBND tỉnh."),
    "chinh_tri_tu_tuong": "Các chi bộ học tập, quán triệt đầy đủ các nghị quyết, chỉ thị của Đảng; đẩy mạnh học tập và "
                          "làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh.",
    "to_chuc_dang_vien": "[số liệu]\nCác chi bộ duy trì nền nếp sinh hoạt; chất lượng sinh hoạt từng bước nâng lên.",
    "kiem_tra_giam_sat": "[số liệu]\nCông tác kiểm tra, giám sát được thực hiện đúng chương trình từng năm.",
    "doan_the_dan_van": "Xây dựng cơ quan và các đoàn thể đạt tiêu chuẩn vững mạnh; thực hiện tốt Quy chế dân chủ.",
    "chi_tieu": "[số liệu]",
    "han_che": "- Công tác phát triển đảng viên chưa đạt chỉ tiêu Nghị quyết Đại hội lần thứ IX đề ra.\n"
               "Nguyên nhân: nguồn kết nạp trong cơ quan còn ít.",
    "bai_hoc": "- Xây dựng khối đoàn kết, thống nhất trong Ban Chấp hành và toàn Đảng bộ.",
    "phuong_huong": (
        "Mục tiêu: nâng cao năng lực lãnh đạo và sức chiến đấu của Đảng bộ; thực hiện có hiệu quả nhiệm vụ chính trị, "
        "tập trung lãnh đạo thực hiện tốt công tác tham mưu, tổng hợp, phục vụ hoạt động chỉ đạo, điều hành của UBND "
        "tỉnh; xây dựng Đảng bộ trong sạch, vững mạnh.\n[số liệu]\n"
        "Phấn đấu hằng năm có 100% đảng viên hoàn thành nhiệm vụ, trong đó 90% đảng viên hoàn thành tốt nhiệm vụ; "
        "100% đảng viên thực hiện nghiêm túc Điều lệ Đảng và 19 điều đảng viên không được làm."),
}


# Typed figures (issue 12): what the office's reports carry and the register does not hold, entered with their
# source (section, label, value, unit, source); the period is the document's year (2026: up to the day of the demo).
FIGURES_2025 = (
    ("chinh_tri_tu_tuong", "Số buổi học tập, quán triệt nghị quyết, chỉ thị", "9", "buổi",
     "Sổ theo dõi học tập nghị quyết của Văn phòng Đảng ủy"),
    ("chinh_tri_tu_tuong", "Tỷ lệ đảng viên tham gia học tập, quán triệt nghị quyết", "97,6", "%",
     "Sổ theo dõi học tập nghị quyết của Văn phòng Đảng ủy"),
    ("to_chuc_dang_vien", "Số đảng viên được trao thẻ đảng", "4", "đảng viên", "Sổ phát thẻ đảng của Đảng ủy"),
    ("to_chuc_dang_vien", "Số lớp bồi dưỡng nhận thức về Đảng (cảm tình Đảng)", "1", "lớp",
     "Kế hoạch mở lớp của Đảng ủy; danh sách học viên của Trung tâm Chính trị"),
    ("to_chuc_dang_vien", "Số học viên lớp bồi dưỡng nhận thức về Đảng", "11", "học viên",
     "Danh sách học viên của Trung tâm Chính trị"),
    ("to_chuc_dang_vien", "Số cấp ủy viên các chi bộ trực thuộc được chuẩn y sau đại hội chi bộ", "15", "đồng chí",
     "Các quyết định chuẩn y của Đảng ủy Văn phòng"),
)
FIGURES_2026 = (
    ("chinh_tri_tu_tuong", "Số buổi học tập, quán triệt nghị quyết, chỉ thị", "7", "buổi",
     "Sổ theo dõi học tập nghị quyết của Văn phòng Đảng ủy"),
    ("chinh_tri_tu_tuong", "Tỷ lệ đảng viên tham gia học tập, quán triệt nghị quyết", "98,2", "%",
     "Sổ theo dõi học tập nghị quyết của Văn phòng Đảng ủy"),
)


def _enter(doc, figures, start: date, end: date) -> None:
    from dangbo.reports import actions

    for section, label, value, unit, source in figures:
        actions.save_figure(None, doc, section=section, label=label, value=value, unit=unit, period_start=start,
                            period_end=end, source=source)


def _write(doc, texts: dict[str, str]) -> None:
    from dangbo.reports import actions
    from dangbo.reports.models import ReportSection

    for key, text in texts.items():
        s = ReportSection.objects.get(document=doc, key=key)
        actions.save_section(None, s, text=text, version=s.version, via="demo")


def _document(office, texts: dict[str, str], *, approved_on: date | None = None, issue: dict | None = None,
              figures=(), figures_until: date | None = None, **create):
    """One of the office's documents written with `texts` and its typed `figures` (for its year, up to
    `figures_until`), approved on `approved_on` and issued with `issue`."""
    from dangbo.reports import actions

    doc = actions.create_document(None, organization=office, place="Tam Kỳ", **create)
    _write(doc, texts)
    if figures:
        year = create["year"]
        _enter(doc, figures, date(year, 1, 1), min(figures_until or date(year, 12, 31), date(year, 12, 31)))
    if approved_on:
        actions.approve_document(None, doc, approved_on=approved_on)
    if issue:
        doc = actions.issue_document(None, doc, signer_title="BÍ THƯ", **issue)
    return doc


def load(today: date, office) -> dict:
    out = {}
    if today >= date(2025, 12, 26):
        out["issued"] = _document(office, TEXT_2025, year=2025, conference_on=date(2025, 12, 19),
                                  approved_on=date(2025, 12, 22), figures=FIGURES_2025,
                                  issue={"issued_on": date(2025, 12, 26), "signer": SIGNER}).symbol
    if today >= date(2020, 6, 16):
        out["political"] = _document(office, TEXT_POLITICAL_2020, year=2020, kind="political",
                                     conference_on=date(2020, 6, 16), approved_on=date(2020, 6, 5),
                                     issue={"issued_on": date(2020, 6, 10), "signer": SIGNER,
                                            "term_start": date(2015, 6, 13)}).symbol
    if today >= date(2021, 7, 9):
        # The bloc approved Nguyễn Văn Mến as Bí thư at the conference itself (the example).
        out["mid_year"] = _document(office, TEXT_MID_2021, year=2021, kind="mid_year", conference_on=date(2021, 7, 8),
                                    approved_on=date(2021, 7, 8),
                                    issue={"issued_on": date(2021, 7, 9), "signer": "Nguyễn Văn Mến",
                                           "term_start": date(2020, 6, 17)}).symbol
    if today >= date(2026, 10, 1):
        _document(office, TEXT_2026, year=2026, conference_on=date(2026, 12, 18), figures=FIGURES_2026,
                  figures_until=today)
        out["draft"] = 2026
    return out
