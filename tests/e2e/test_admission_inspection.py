"""The browser journeys of issue 14: (a) a person goes from proposal to admitted through every step of /ket-nap/
and appears in the register; (b) a supervision ends in a discipline decision, and a complaint about it, still
pending, blocks the member's transfer with the Vietnamese reason (294-QĐ/TW point 6.3.1)."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from dangbo.admission.models import Candidate, CandidateStatus
from dangbo.inspection.models import Complaint, Inspection
from dangbo.members.models import Discipline, Member, MemberEvent, Status

pytestmark = pytest.mark.e2e


def fill(page, fields: dict):
    """Fill a form_page.html form by field name (without the form's prefix): text, dates, selects, checkboxes."""
    for name, value in fields.items():
        box = page.locator(f"form.card [name='{name}'], form.card [name$='-{name}']")
        tag = box.evaluate("e => e.tagName + (e.type ? ':' + e.type : '')")
        if tag.startswith("SELECT"):
            if box.locator(f"option[value='{value}']").count():
                box.select_option(value=str(value))
            else:
                box.select_option(label=value)
        elif tag.endswith(":checkbox"):
            box.check() if value else box.uncheck()
        else:
            box.fill(str(value))


def submit(page):
    page.locator("form.card [type=submit]").click()
    page.wait_for_load_state()


def test_a_person_goes_from_proposal_to_admitted(page, url, login, users, members, tree):
    login(page, "vanphong")
    page.goto(url("/ket-nap/them/"))
    fill(page, {"organization": str(tree.a.pk), "full_name": "Phan Thị Thu Trang", "birth_date": "20/07/2000",
                "gender": "Nữ", "citizen_id": "001200012345", "education_grade": 12, "workplace": "Văn phòng",
                "residence": "Phường Ba Đình", "proposed_by": "Đoàn Thanh niên cơ sở", "proposed_on": "02/03/2025"})
    submit(page)
    expect(page.locator(".alert-success, .alert-info").first).to_contain_text("Phan Thị Thu Trang")
    c = Candidate.objects.get(full_name="Phan Thị Thu Trang")
    detail = url(f"/ket-nap/{c.pk}/")
    expect(page).to_have_url(detail)
    expect(page.locator("#item-application")).to_have_attribute("data-state", "missing")

    # Every step, from the dossier page's «Ghi bước tiếp theo» list, in order.
    steps = [
        ("Giấy chứng nhận lớp bồi dưỡng nhận thức về Đảng",
         {"on": "20/03/2025", "document": "123/GCN", "issuer": "Trung tâm chính trị"}),
        ("Đơn xin vào Đảng", {"on": "01/04/2025"}),
        ("Người giới thiệu (đảng viên chính thức)",
         {"member": "Nguyễn Văn Mến (Chi bộ Văn phòng)", "months_known": 24, "on": "02/04/2025", "document": "P1"}),
        ("Người giới thiệu (đảng viên chính thức)",
         {"member": "Trần Thị Lan (Chi bộ Văn phòng)", "months_known": 30, "on": "02/04/2025", "document": "P2"}),
        ("Thẩm tra lý lịch", {"on": "20/04/2025", "document": "KQ thẩm tra số 5"}),
        ("Nhận xét của nơi công tác", {"on": "21/04/2025", "issuer": "Công đoàn cơ quan"}),
        ("Nhận xét của nơi cư trú", {"on": "22/04/2025", "issuer": "Chi bộ khu dân cư số 3"}),
        ("Nghị quyết đề nghị kết nạp của chi bộ",
         {"on": "05/05/2025", "official_members": 2, "votes_for": 2, "document": "05-NQ/CB"}),
        ("Nghị quyết của đảng ủy cơ sở", {"on": "20/05/2025", "document": "12-NQ/ĐU", "issuer": "Đảng ủy"}),
        ("Quyết định kết nạp", {"on": "02/06/2025", "document": "77-QĐ/ĐU", "issuer": "Ban Thường vụ Đảng ủy"}),
        ("Lễ kết nạp", {"on": "20/06/2025"}),
    ]
    for title, fields in steps:
        page.goto(detail)
        page.get_by_role("link", name=title, exact=True).click()
        fill(page, fields)
        submit(page)
        expect(page).to_have_url(detail)
        expect(page.locator(".alert-success, .alert-info").first).to_contain_text(f"Đã ghi «{title}»")
    expect(page.locator("#steps tbody tr")).to_have_count(len(steps))
    expect(page.locator("#checklist")).not_to_contain_text("Còn thiếu")
    assert page.locator("#checklist tr.table-danger").count() == 0

    c.refresh_from_db()
    assert c.status == CandidateStatus.ADMITTED and c.member is not None
    member = Member.objects.get(pk=c.member_id)
    assert member.status == Status.PROBATIONARY and member.organization == tree.a
    assert MemberEvent.objects.filter(member=member, kind="admission").count() == 1
    # In the register: the chi bộ's list of members, and the member's own page from the dossier.
    page.goto(url(f"/dang-vien/?to_chuc={tree.a.pk}"))
    expect(page.get_by_role("link", name="Phan Thị Thu Trang")).to_have_attribute("href", f"/dang-vien/{member.pk}/")
    page.goto(detail)
    page.get_by_role("link", name="hồ sơ đảng viên").click()
    expect(page).to_have_url(url(f"/dang-vien/{member.pk}/"))
    expect(page.locator("body")).to_contain_text("20/06/2025")  # the ceremony date


def test_a_supervision_ends_in_discipline_and_a_pending_complaint_blocks_the_transfer(page, url, login, users,
                                                                                       members, tree):
    login(page, "vanphong")
    page.goto(url(f"/kiem-tra/them/?to_chuc={tree.root.pk}"))
    fill(page, {"body": "ubkt", "kind": "giam_sat", "basis": "chuyen_de",
                "subject_member": str(members.men.pk), "content": "Việc thực hiện quy chế làm việc",
                "decision_number": "05-QĐ/UBKT", "decision_date": "02/03/2025", "signer": "Chủ nhiệm UBKT",
                "team_leader": "Phó Chủ nhiệm UBKT", "period_from": "05/03/2025", "period_to": "05/04/2025"})
    submit(page)
    i = Inspection.objects.get(decision_number="05-QĐ/UBKT")
    expect(page).to_have_url(url(f"/kiem-tra/{i.pk}/"))

    page.goto(url(f"/kiem-tra/{i.pk}/ket-luan/"))
    fill(page, {"concluded_on": "10/04/2025", "conclusion_number": "3-TB/UBKT",
                "conclusion": "Có vi phạm quy chế làm việc.", "violation_found": True,
                "violations": "Vi phạm quy chế làm việc", "discipline_required": True})
    submit(page)
    expect(page).to_have_url(url(f"/kiem-tra/{i.pk}/"))

    page.goto(url(f"/kiem-tra/{i.pk}/ky-luat/"))
    fill(page, {"member": str(members.men.pk), "form": "khien_trach", "decider": "ubkt", "decided_on": "20/04/2025",
                "decision_number": "9-QĐ/UBKT", "issuer": "Ủy ban Kiểm tra Đảng ủy"})
    submit(page)
    d = Discipline.objects.get(member=members.men)
    assert d.form == "khien_trach" and d.decision_number == "9-QĐ/UBKT"
    expect(page.locator("#inspection-disciplines")).to_contain_text("9-QĐ/UBKT")

    # Mến complains about the decision within the window; nobody has settled it yet.
    page.goto(url(f"/kiem-tra/khieu-nai/them/?to_chuc={tree.root.pk}"))
    fill(page, {"body": "ubkt", "kind": "khieu_nai", "received_on": "25/04/2025", "sender": "Nguyễn Văn Mến",
                "discipline": str(d.pk), "content": "Xin xem xét lại quyết định kỷ luật"})
    submit(page)
    assert Complaint.objects.get(discipline=d).settled_on is None

    # The transfer is refused, naming the reason and the rule; nothing is written.
    page.goto(url(f"/dang-vien/{members.men.pk}/su-kien/?loai=transfer"))
    expect(page.locator("#transfer-blocks")).to_contain_text(
        "đang xem xét, giải quyết khiếu nại kỷ luật nhận ngày 25/04/2025")
    fill(page, {"kind": "transfer", "to_organization": str(tree.b.pk),
                "effective_date": timezone.localdate().strftime("%d/%m/%Y")})
    submit(page)
    error = page.locator(".alert-danger").first
    expect(error).to_contain_text("Chưa chuyển sinh hoạt đảng chính thức cho đảng viên Nguyễn Văn Mến")
    expect(error).to_contain_text(re.compile(r"khiếu nại kỷ luật nhận ngày 25/04/2025.*294-QĐ/TW, điểm 6\.3\.1"))
    members.men.refresh_from_db()
    assert members.men.organization == tree.a
    assert not MemberEvent.objects.filter(member=members.men, kind="transfer").exists()
