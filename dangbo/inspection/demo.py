"""Demo data (issue 14 "must hold"): the Văn phòng's ủy ban kiểm tra has this year's programme; a thematic
supervision of a chi bộ concluded without violation (its follow-up reported), an inspection on signs of
violation of a member concluded with a violation and a khiển trách decided by the chi bộ (its complaint window
on due work), a supervision whose conclusion is overdue, an inspection under way (that member cannot be
transferred) and a denunciation settled. Written through the actions as a system job."""

from __future__ import annotations

from datetime import date, timedelta

from dangbo.members.models import Member, Status
from dangbo.organizations.models import CELL_KINDS, Organization

from . import actions
from .models import Programme

OFFICE_CODE = "VPUBND"


def load(today: date) -> int:
    """Returns the number of inspections written (0 when the office is not in the register)."""
    office = Organization.objects.filter(code=OFFICE_CODE).first()
    if office is None or office.is_cell or Programme.objects.exists():
        return 0
    cells = [c for c in Organization.objects.filter(path__startswith=office.path, kind__in=CELL_KINDS,
                                                    status="active").order_by("path")
             if Member.objects.filter(organization=c, status=Status.OFFICIAL).count() >= 3]
    if len(cells) < 2:
        return 0

    def ago(days):
        return today - timedelta(days=days)

    def official(cell, n):
        return list(Member.objects.filter(organization=cell, status=Status.OFFICIAL).order_by("-sort_key")[:n])

    p = actions.create_programme(None, organization=office, body="ubkt", year=today.year,
                                 adopted_on=date(today.year, 1, 5) if today >= date(today.year, 1, 5) else today,
                                 document="01-CTr/UBKT", note="Chương trình kiểm tra, giám sát năm của Ủy ban "
                                                              "Kiểm tra Đảng ủy Văn phòng")
    items = [
        actions.add_programme_item(None, p, kind="giam_sat", basis="chuyen_de", subject=cells[0].name, quarter=1,
                                   content="Việc lãnh đạo thực hiện nhiệm vụ chính trị và sinh hoạt chi bộ"),
        actions.add_programme_item(None, p, kind="giam_sat", basis="chuyen_de", subject=cells[1].name, quarter=2,
                                   content="Việc thu, nộp, quản lý đảng phí"),
        actions.add_programme_item(None, p, kind="kiem_tra", basis="thuong_xuyen", subject="Chi ủy các chi bộ",
                                   quarter=3, content="Việc thực hiện nhiệm vụ kiểm tra, giám sát của chi bộ"),
        actions.add_programme_item(None, p, kind="giam_sat", basis="chuyen_de", subject="Đảng viên là cấp ủy viên",
                                   quarter=4, content="Việc tu dưỡng, rèn luyện và giữ mối liên hệ với nơi cư trú"),
    ]

    def item(i, on):
        return items[i] if on.year == p.year else None

    common = {"organization": office, "body": "ubkt", "signer": "Chủ nhiệm Ủy ban Kiểm tra",
              "team_leader": "Phó Chủ nhiệm Ủy ban Kiểm tra", "team": "Ủy viên Ủy ban Kiểm tra\nCán bộ Văn phòng"}
    # 1. A thematic supervision of a chi bộ: concluded, no violation; the follow-up reported.
    s1 = actions.open_inspection(None, kind="giam_sat", basis="chuyen_de", subject_org=cells[0],
                                 content=items[0].content, decision_number="05-QĐ/UBKT", decision_date=ago(150),
                                 period_from=ago(140), period_to=ago(120), programme_item=item(0, ago(150)), **common)
    actions.conclude_inspection(None, s1, concluded_on=ago(110), conclusion_number="03-TB/UBKT",
                                conclusion="Chi bộ lãnh đạo thực hiện tốt nhiệm vụ; sinh hoạt đều đặn, đúng nội dung.",
                                violation_found=False, follow_up="Bổ sung nội dung sinh hoạt chuyên đề hằng quý.",
                                follow_up_due=ago(60))
    actions.record_follow_up(None, s1, done_on=ago(70), report="Chi bộ đã bổ sung kế hoạch sinh hoạt chuyên đề.")
    # 2. An inspection on signs of violation of a member: concluded with a violation, a khiển trách by the chi bộ.
    warned = official(cells[1], 1)[0]
    k2 = actions.open_inspection(None, kind="kiem_tra", basis="dau_hieu", subject_member=warned,
                                 content="Việc chấp hành quy định về những điều đảng viên không được làm",
                                 decision_number="09-QĐ/UBKT", decision_date=ago(60), period_from=ago(55),
                                 period_to=ago(30), **common)
    actions.conclude_inspection(None, k2, concluded_on=ago(20), conclusion_number="07-TB/UBKT",
                                conclusion="Đảng viên có vi phạm; đề nghị chi bộ xem xét, thi hành kỷ luật.",
                                violation_found=True, violations="Chưa gương mẫu chấp hành quy chế làm việc của cơ "
                                                                 "quan; thiếu trung thực khi báo cáo.",
                                discipline_required=True)
    actions.discipline_after(None, k2, member=warned, form="khien_trach", decider="chi_bo", decided_on=ago(12),
                             announced_on=ago(12), decision_number="01-QĐ/CB", issuer=cells[1].name)
    # 3. A supervision of the second chi bộ whose conclusion is overdue.
    actions.open_inspection(None, kind="giam_sat", basis="chuyen_de", subject_org=cells[1], content=items[1].content,
                            decision_number="11-QĐ/UBKT", decision_date=ago(50), period_from=ago(45),
                            period_to=ago(15), programme_item=item(1, ago(50)), **common)
    # 4. An inspection under way: this member cannot be transferred until it is concluded.
    under = official(cells[0], 1)[0]
    actions.open_inspection(None, kind="kiem_tra", basis="dau_hieu", subject_member=under,
                            content="Nội dung đơn phản ánh về việc kê khai tài sản, thu nhập",
                            decision_number="14-QĐ/UBKT", decision_date=ago(8), period_from=ago(5),
                            period_to=today + timedelta(days=25), **common)
    # A denunciation received and settled.
    other = official(cells[0], 2)[-1]
    c = actions.receive_complaint(None, organization=office, body="ubkt", kind="to_cao", received_on=ago(100),
                                  sender="Ông Nguyễn Văn B (có ghi tên, địa chỉ)", member=other,
                                  content="Tố cáo đảng viên sử dụng xe công vào việc riêng")
    actions.settle_complaint(None, c, settled_on=ago(85), outcome="sai",
                             result="Xác minh: xe được sử dụng đúng lịch công tác đã duyệt; tố cáo không có cơ sở.")
    return 4
