"""Demo of the written year-end report (issue 12) for the demo office: 2025's document with every section written
in the manner of the office's published reports (../shared/domain/examples/), approved by the cấp ủy and issued
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


def _write(doc, texts: dict[str, str]) -> None:
    from dangbo.reports import actions
    from dangbo.reports.models import ReportSection

    for key, text in texts.items():
        s = ReportSection.objects.get(document=doc, key=key)
        actions.save_section(None, s, text=text, version=s.version, via="demo")


def load(today: date, office) -> dict:
    from dangbo.reports import actions

    out = {}
    if today >= date(2025, 12, 26):
        doc = actions.create_document(None, organization=office, year=2025, place="Tam Kỳ",
                                      conference_on=date(2025, 12, 19))
        _write(doc, TEXT_2025)
        actions.approve_document(None, doc, approved_on=date(2025, 12, 22))
        doc = actions.issue_document(None, doc, issued_on=date(2025, 12, 26), signer=SIGNER, signer_title="BÍ THƯ")
        out["issued"] = doc.symbol
    if today >= date(2026, 10, 1):
        doc = actions.create_document(None, organization=office, year=2026, place="Tam Kỳ",
                                      conference_on=date(2026, 12, 18))
        _write(doc, TEXT_2026)
        out["draft"] = 2026
    return out
