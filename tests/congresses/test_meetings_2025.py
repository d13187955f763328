"""Meetings under the 2025 rules (issue 14.4): the chi bộ's meeting day, the meeting mode, invitations (in the app
and by e-mail), attendance statistics, the findings on due work and in `dangbo check`, the year-end sentence."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client, override_settings
from django.utils import timezone

from dangbo.congresses import actions, queries
from dangbo.congresses.models import Meeting, MeetingDay, MeetingInvitation, MeetingPlan, PlanStatus
from dangbo.core.models import AuditEvent
from dangbo.core.scopes import ScopeDenied, scope_for
from dangbo.members.models import Member


def _client(user):
    c = Client()
    c.force_login(user)
    return c


def _year_of_meetings(org, year, actor, *, absent=None, thematic=(2, 5, 8, 11), skip=()):
    """Monthly meetings on the 3rd of each month and thematic ones in the given months, `absent` (pk -> reason)
    away from every one."""
    for month in range(1, 13):
        if month in skip:
            continue
        actions.record_meeting(actor, organization=org, kind="monthly", held_on=date(year, month, 3),
                               absences=absent or {})
    for month in thematic:
        actions.record_meeting(actor, organization=org, kind="thematic", held_on=date(year, month, 20),
                               absences=absent or {})


# -- the meeting day ------------------------------------------------------------------------------------------
def test_meeting_day_is_the_third_unless_the_chi_bo_sets_another(cell, counters, tree):
    assert queries.meeting_day(tree.a) == 3
    row = actions.set_meeting_day(counters.one, organization=tree.a, day=4, has_party_groups=True,
                                  note="Nghị quyết chi bộ")
    assert queries.meeting_day(tree.a) == 4 and queries.meeting_day(tree.b) == 3
    actions.set_meeting_day(counters.one, organization=tree.a, day=5, version=row.version)
    assert MeetingDay.objects.get().day == 5 and not MeetingDay.objects.get().has_party_groups
    assert AuditEvent.objects.filter(action="meeting.day").count() == 2
    with pytest.raises(ValidationError, match="từ 1 đến 31"):
        actions.set_meeting_day(counters.one, organization=tree.a, day=0)
    with pytest.raises(ValidationError, match="Chỉ chi bộ"):
        actions.set_meeting_day(counters.office, organization=tree.root, day=4)
    with pytest.raises(ScopeDenied):
        actions.set_meeting_day(counters.one, organization=tree.b, day=4)
    assert not MeetingDay.objects.filter(organization=tree.b).exists()


# -- the mode -------------------------------------------------------------------------------------------------
def test_meeting_by_party_group_needs_party_groups_declared(cell, counters, tree):
    with pytest.raises(ValidationError, match="chưa khai báo có tổ đảng"):
        actions.record_meeting(counters.one, organization=tree.a, kind="monthly", held_on=date(2026, 1, 3),
                               mode="party_group")
    with pytest.raises(ValidationError, match="Hình thức sinh hoạt không hợp lệ"):
        actions.record_meeting(counters.one, organization=tree.a, kind="monthly", held_on=date(2026, 1, 3),
                               mode="by_phone")
    assert not Meeting.objects.exists()
    actions.set_meeting_day(counters.one, organization=tree.a, day=3, has_party_groups=True)
    m = actions.record_meeting(counters.one, organization=tree.a, kind="monthly", held_on=date(2026, 1, 3),
                               mode="party_group")
    assert m.mode == "party_group" and m.get_mode_display().startswith("Theo tổ đảng")
    online = actions.record_meeting(counters.one, organization=tree.a, kind="monthly", held_on=date(2026, 2, 3),
                                    mode="online")
    assert online.mode == "online"


def test_party_group_findings_over_the_cap_and_under_the_threshold(cell, counters, tree):
    actions.set_meeting_day(counters.one, organization=tree.a, day=3, has_party_groups=True)
    for month in (1, 2, 3):
        actions.record_meeting(counters.one, organization=tree.a, kind="monthly", held_on=date(2026, month, 3),
                               mode="party_group")
    cells = tree.root.__class__.objects.filter(pk=tree.a.pk)
    keys = [f.key for f in queries.meeting_findings(cells, date(2026, 3, 20)) if f.key != "thematic"]
    assert keys == ["party_group_size"]  # 12 members, under 50 (a setting); 3 times is the cap, not over it
    actions.record_meeting(counters.one, organization=tree.a, kind="monthly", held_on=date(2026, 4, 3),
                           mode="party_group")
    found = [f for f in queries.meeting_findings(cells, date(2026, 4, 20)) if f.key == "party_group"]
    assert len(found) == 1 and found[0].due == date(2026, 4, 3) and "4 lần" in found[0].message


# -- the thematic meeting each quarter ------------------------------------------------------------------------
def test_thematic_findings_by_quarter(cell, counters, tree, make_org):
    from dangbo.organizations.models import Organization, OrgKind

    _year_of_meetings(tree.a, 2025, counters.office, thematic=(8,))  # Q3 only: Q4 2025 is missing
    actions.record_meeting(counters.office, organization=tree.b, kind="monthly", held_on=date(2025, 9, 3))
    young = make_org("Chi bộ Mới", OrgKind.CELL, parent=tree.root, founded_on=date(2025, 11, 10))
    actions.record_meeting(None, organization=young, kind="monthly", held_on=date(2025, 12, 3))
    quiet = make_org("Chi bộ Chưa ghi biên bản", OrgKind.CELL, parent=tree.root)  # no minutes kept here: not checked
    cells = Organization.objects.filter(pk__in=[tree.a.pk, tree.b.pk, young.pk, quiet.pk])
    found = queries.meeting_findings(cells, date(2026, 1, 5))
    got = sorted((f.organization.name, f.year, f.message.split(" chưa")[0]) for f in found)
    # Quarters before CT 50 (Q1, Q2 2025) are not checked; the chi bộ founded in November owes nothing in 2025.
    assert got == [("Chi bộ Tổng hợp", 2025, "Quý 3/2025"), ("Chi bộ Tổng hợp", 2025, "Quý 4/2025"),
                   ("Chi bộ Văn phòng", 2025, "Quý 4/2025")]
    assert all(f.key == "thematic" for f in found)
    # Q4 is not owed before its last day is over.
    assert [f.year for f in queries.meeting_findings(cells.filter(pk=tree.a.pk), date(2025, 12, 31))] == []


def test_findings_reach_due_work_scoped(cell, counters, tree, make_user):
    from dangbo.members import queries as member_queries

    _year_of_meetings(tree.a, 2025, counters.office, thematic=(8,))
    actions.record_meeting(counters.office, organization=tree.b, kind="monthly", held_on=date(2025, 9, 3))
    today = date(2026, 1, 5)
    office_items = [i for i in member_queries.due_work(scope_for(counters.office), today)
                    if i.kind == "meeting_thematic"]
    assert {(i.member.full_name, i.due) for i in office_items} == {
        ("Chi bộ Văn phòng", date(2025, 12, 31)), ("Chi bộ Tổng hợp", date(2025, 9, 30)),
        ("Chi bộ Tổng hợp", date(2025, 12, 31))}
    assert all(i.link.endswith("&nam=2025") and i.member_pk is None for i in office_items)
    own = [i for i in member_queries.due_work(scope_for(counters.one), today) if i.kind.startswith("meeting_")]
    assert {i.member.full_name for i in own} == {"Chi bộ Văn phòng"}
    # The due-work page lists it, linking to the chi bộ's meetings of the year.
    page = _client(counters.office).get("/dang-vien/viec-can-lam/").content.decode()
    assert "Quý không có sinh hoạt chuyên đề" in page and f"?to_chuc={tree.a.pk}&amp;nam=2025" in page


# -- invitations ----------------------------------------------------------------------------------------------
def test_plan_invites_every_member_in_the_app_and_by_email(cell, counters, tree, make_user):
    lan, an = cell.by_name["Hồ Thị Lan"], cell.by_name["Nguyễn Văn An"]
    Member.objects.filter(pk=lan.pk).update(email="lan@example.vn")
    today = timezone.localdate()
    day = today + timedelta(days=10)
    plan = actions.plan_meeting(counters.one, organization=tree.a, kind="thematic", mode="online", planned_on=day,
                                agenda="Học tập Chỉ thị 50-CT/TW", time_place="https://hop.example.vn/cb",
                                documents="Bản tin sinh hoạt chuyên đề quý\nhttps://example.vn/tai-lieu.pdf")
    assert plan.invitations.count() == 12
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["lan@example.vn"]
    body = mail.outbox[0].body
    assert "Học tập Chỉ thị 50-CT/TW" in body and "https://example.vn/tai-lieu.pdf" in body
    assert mail.outbox[0].subject.startswith("Giấy mời")
    assert MeetingInvitation.objects.get(plan=plan, member=lan).emailed_to == "lan@example.vn"
    assert MeetingInvitation.objects.get(plan=plan, member=an).emailed_to == ""
    event = AuditEvent.objects.get(action="meeting.plan")
    assert event.data["invited"] == 12 and event.data["emailed"] == 1
    # In the app: the member's home page shows it.
    user = make_user("member", tree.a, member=an)
    home = _client(user).get("/").content.decode()
    assert "Học tập Chỉ thị 50-CT/TW" in home and "tai-lieu.pdf" in home
    # Held: recorded from the invitation, the invitation leaves the home page.
    r = _client(counters.one).post(f"/dai-hoi/sinh-hoat/ke-hoach/{plan.pk}/ghi-bien-ban/", {
        "organization": tree.a.pk, "kind": "thematic", "mode": "online", "held_on": today.strftime("%d/%m/%Y"),
        "title": "Chuyên đề", "agenda": plan.agenda})
    assert r.status_code == 302, r.content.decode()[:2000]
    plan.refresh_from_db()
    assert plan.status == PlanStatus.HELD and plan.meeting.mode == "online"
    assert "Học tập Chỉ thị 50-CT/TW" not in _client(user).get("/").content.decode()
    # A held plan cannot be recorded again.
    assert _client(counters.one).get(f"/dai-hoi/sinh-hoat/ke-hoach/{plan.pk}/ghi-bien-ban/").status_code == 403


@override_settings(EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend", EMAIL_HOST="localhost")
def test_no_email_when_email_is_not_configured(cell, counters, tree):
    Member.objects.filter(pk=cell.by_name["Hồ Thị Lan"].pk).update(email="lan@example.vn")
    plan = actions.plan_meeting(counters.one, organization=tree.a, kind="monthly",
                                planned_on=timezone.localdate() + timedelta(days=3), agenda="Thường kỳ")
    assert plan.invitations.count() == 12 and not plan.invitations.exclude(emailed_to="").exists()
    page = _client(counters.one).get(f"/dai-hoi/sinh-hoat/ke-hoach/{plan.pk}/").content.decode()
    assert "chưa cấu hình thư điện tử" in page


def test_plan_refusals_and_scope(cell, counters, tree):
    today = timezone.localdate()
    with pytest.raises(ValidationError, match="không được trước hôm nay"):
        actions.plan_meeting(counters.one, organization=tree.a, kind="monthly", planned_on=today - timedelta(days=1),
                             agenda="x")
    with pytest.raises(ValidationError, match="nội dung, chương trình"):
        actions.plan_meeting(counters.one, organization=tree.a, kind="monthly", planned_on=today, agenda="  ")
    with pytest.raises(ScopeDenied):
        actions.plan_meeting(counters.one, organization=tree.b, kind="monthly", planned_on=today, agenda="x")
    assert not MeetingPlan.objects.exists()
    plan = actions.plan_meeting(counters.office, organization=tree.b, kind="monthly", planned_on=today, agenda="x")
    with pytest.raises(ScopeDenied):
        actions.cancel_plan(counters.one, plan, reason="Không họp")
    with pytest.raises(ValidationError, match="lý do"):
        actions.cancel_plan(counters.office, plan, reason="")
    actions.cancel_plan(counters.office, plan, reason="Trùng lịch hội nghị cấp trên", version=plan.version)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.CANCELLED
    with pytest.raises(ValidationError, match="chưa diễn ra"):
        actions.cancel_plan(counters.office, plan, reason="Lần nữa")
    # A plan of another organisation cannot be attached to a meeting.
    other = actions.plan_meeting(counters.office, organization=tree.b, kind="monthly", planned_on=today, agenda="y")
    with pytest.raises(ValidationError, match="không thuộc tổ chức"):
        actions.record_meeting(counters.office, organization=tree.a, kind="monthly", held_on=today, plan=other)


def test_plan_pages(cell, counters, tree):
    one = _client(counters.one)
    page = one.get(f"/dai-hoi/sinh-hoat/moi/?to_chuc={tree.a.pk}").content.decode()
    assert "Gửi giấy mời sinh hoạt" in page and "Chỉ thị 50-CT/TW" in page
    bad = one.post("/dai-hoi/sinh-hoat/moi/", {"organization": tree.a.pk, "kind": "monthly", "mode": "in_person",
                                              "planned_on": "31/02/2026", "agenda": ""})
    text = bad.content.decode()
    assert bad.status_code == 200 and "Chưa nhập nội dung, chương trình." in text
    day = (timezone.localdate() + timedelta(days=5)).strftime("%d/%m/%Y")
    r = one.post("/dai-hoi/sinh-hoat/moi/", {"organization": tree.a.pk, "kind": "monthly", "mode": "in_person",
                                            "planned_on": day, "agenda": "Kiểm điểm tháng",
                                            "documents": "Dự thảo nghị quyết tháng"})
    assert r.status_code == 302
    page = one.get(r["Location"]).content.decode()
    assert "Dự thảo nghị quyết tháng" in page and "Nguyễn Văn An" in page
    plan = MeetingPlan.objects.get()
    r = one.post(f"/dai-hoi/sinh-hoat/ke-hoach/{plan.pk}/huy/", {"reason": "", "version": plan.version})
    assert r.status_code == 200 and "Chưa nhập lý do hủy." in r.content.decode()
    r = one.post(f"/dai-hoi/sinh-hoat/ke-hoach/{plan.pk}/huy/", {"reason": "Trùng lịch", "version": plan.version})
    assert r.status_code == 302
    meetings = one.get(f"/dai-hoi/sinh-hoat/?to_chuc={tree.a.pk}").content.decode()
    assert "Kiểm điểm tháng" not in meetings


def test_meeting_day_page(cell, counters, tree):
    one = _client(counters.one)
    page = one.get(f"/dai-hoi/sinh-hoat/to-chuc/{tree.a.pk}/ngay/").content.decode()
    assert 'value="3"' in page and "37-HD/BTGDVTW" in page
    bad = one.post(f"/dai-hoi/sinh-hoat/to-chuc/{tree.a.pk}/ngay/", {"day": "40"})
    assert bad.status_code == 200 and "không được lớn hơn 31" in bad.content.decode()
    r = one.post(f"/dai-hoi/sinh-hoat/to-chuc/{tree.a.pk}/ngay/", {"day": "4", "has_party_groups": "1"})
    assert r.status_code == 302 and queries.meeting_day(tree.a) == 4
    assert one.get(f"/dai-hoi/sinh-hoat/to-chuc/{tree.b.pk}/ngay/").status_code in (403, 404)
    assert one.get(f"/dai-hoi/sinh-hoat/to-chuc/{tree.root.pk}/ngay/").status_code == 404  # not a chi bộ


# -- attendance statistics ------------------------------------------------------------------------------------
def test_attendance_statistics_per_chi_bo_and_member(cell, counters, tree, members):
    lan, binh = cell.by_name["Hồ Thị Lan"], cell.by_name["Trần Thị Bình"]
    _year_of_meetings(tree.a, 2025, counters.office, absent={lan.pk: "Ốm"}, skip=(6,))
    actions.record_meeting(counters.office, organization=tree.a, kind="annual", held_on=date(2025, 12, 20),
                           absences={binh.pk: ""})  # a conference: not a chi bộ meeting, not counted
    m = Meeting.objects.filter(organization=tree.a, kind="monthly").order_by("held_on").first()
    actions.set_meeting_attendance(counters.office, m, {lan.pk: "Ốm", binh.pk: ""})
    actions.record_meeting(counters.office, organization=tree.b, kind="monthly", held_on=date(2025, 3, 4))
    stats = queries.attendance_statistics(2025, org=tree.root)
    by_name = {c["name"]: c for c in stats["cells"]}
    a = by_name["Chi bộ Văn phòng"]
    assert (a["regular"], a["thematic"], a["held"]) == (11, 4, 15)
    # 14 members (the twelve and the shared fixture's Mến and Lan) at 15 meetings; Hồ Thị Lan away from all with a
    # reason, Bình once without one.
    assert (a["slots"], a["present"], a["absent_reason"], a["absent_no_reason"]) == (210, 194, 15, 1)
    assert a["rate"] == 92.4
    b = by_name["Chi bộ Tổng hợp"]
    assert (b["regular"], b["thematic"], b["slots"], b["present"]) == (1, 0, 2, 2)  # Dũng and Hoa
    t = stats["totals"]
    assert t["regular"] == 12 and t["thematic"] == 4 and t["slots"] == a["slots"] + b["slots"]
    assert t["rate"] == round(100 * t["present"] / t["slots"], 1)
    summed = queries.attendance_statistics(2025, org=tree.root, by_cell=False)  # the year-end report's way
    assert summed["totals"] == t and summed["cells"] == len(stats["cells"])
    mine = queries.attendance_statistics(2025, member=lan)["totals"]
    assert (mine["held"], mine["present"], mine["absent_reason"], mine["absent_no_reason"], mine["rate"]) == (
        15, 0, 15, 0, 0.0)
    hers = queries.attendance_statistics(2025, member=binh)["totals"]
    assert (hers["held"], hers["present"], hers["absent_no_reason"], hers["rate"]) == (15, 14, 1, 93.3)
    assert queries.attendance_statistics(2024, member=binh)["totals"]["rate"] is None


def test_statistics_pages_and_the_year_end_sentence_agree(cell, counters, tree, make_user):
    from dangbo.reports import data as report_data
    from dangbo.reports import render

    lan = cell.by_name["Hồ Thị Lan"]
    _year_of_meetings(tree.a, 2025, counters.office, absent={lan.pk: "Ốm"})
    stats = queries.attendance_statistics(2025, org=tree.root)
    t = stats["totals"]
    office = _client(counters.office)
    page = office.get(f"/dai-hoi/sinh-hoat/?to_chuc={tree.root.pk}&nam=2025").content.decode()
    assert "Thống kê sinh hoạt và dự sinh hoạt" in page
    totals_row = page.split('id="attendance-totals"')[1].split("</tr>")[0]
    assert f"<td class=\"text-end\">{t['regular']}</td>" in totals_row
    assert f"<td class=\"text-end\">{t['thematic']}</td>" in totals_row
    rate_text = f"{t['rate']:.1f}".replace(".", ",") + "%"
    assert rate_text in totals_row
    data = report_data.build(scope_for(counters.office), tree.root, 2025)
    sentence = render.meetings_line(data)
    assert sentence == (f"Năm 2025, các chi bộ sinh hoạt thường kỳ {t['regular']} kỳ, chuyên đề {t['thematic']} kỳ; "
                        f"tỷ lệ đảng viên dự sinh hoạt bình quân {rate_text}.")
    assert render.context(data, date(2026, 1, 10))["meetings_line"] == sentence
    # The member's record and rating page load the member's figures from one fragment.
    detail = office.get(f"/dang-vien/{lan.pk}/").content.decode()
    assert f"/dai-hoi/sinh-hoat/dang-vien/{lan.pk}/" in detail
    frag = office.get(f"/dai-hoi/sinh-hoat/dang-vien/{lan.pk}/?nam=2025", HTTP_HX_REQUEST="true").content.decode()
    assert "Sinh hoạt 16 kỳ" in frag and "vắng có lý do 16" in frag and "0,0%" in frag
    assert "<html" not in frag
    full = office.get(f"/dai-hoi/sinh-hoat/dang-vien/{lan.pk}/?nam=abc").content.decode()
    assert "<html" in full  # a bad year is the current year, never a 500
    # Outside the scope: the secretary of B cannot read A's member.
    other = make_user("secretary", tree.b)
    assert _client(other).get(f"/dai-hoi/sinh-hoat/dang-vien/{lan.pk}/").status_code == 404


def test_rating_page_and_meeting_form_carry_the_attendance_and_the_mode(cell, counters, tree):
    from dangbo.evaluations import actions as rating_actions
    from dangbo.evaluations.models import MemberRating

    lan = cell.by_name["Hồ Thị Lan"]
    review = rating_actions.open_review(counters.office, tree.root, year=2025, review_date=date(2025, 12, 15))
    r = MemberRating.objects.get(review=review, member=lan)
    page = _client(counters.office).get(f"/danh-gia/xep-loai/{r.pk}/").content.decode()
    assert f"/dai-hoi/sinh-hoat/dang-vien/{lan.pk}/?nam=2025" in page
    # The minutes form offers the mode and stores it.
    one = _client(counters.one)
    form = one.get(f"/dai-hoi/sinh-hoat/them/?to_chuc={tree.a.pk}&ngay=03/03/2025").content.decode()
    assert 'name="mode"' in form and "Trực tuyến" in form and 'value="thematic"' in form
    r = one.post("/dai-hoi/sinh-hoat/them/", {"organization": tree.a.pk, "kind": "thematic", "mode": "online",
                                             "held_on": "03/03/2025"})
    assert r.status_code == 302 and Meeting.objects.get().mode == "online"
    bad = one.post("/dai-hoi/sinh-hoat/them/", {"organization": tree.a.pk, "kind": "monthly", "mode": "qua-thu",
                                               "held_on": "04/03/2025"})
    assert bad.status_code == 200 and "Hình thức sinh hoạt không hợp lệ." in bad.content.decode()


def test_api_lists_the_mode(cell, counters, tree):
    actions.set_meeting_day(counters.one, organization=tree.a, day=3, has_party_groups=True)
    actions.record_meeting(counters.one, organization=tree.a, kind="monthly", held_on=date(2025, 4, 3),
                           mode="party_group")
    rows = _client(counters.office).get("/api/meetings/").json()
    rows = rows.get("results", rows) if isinstance(rows, dict) else rows
    assert [(r["kind"], r["mode"]) for r in rows] == [("monthly", "party_group")]


def test_the_invitation_form_proposes_the_chi_bo_s_next_meeting_day(cell, counters, tree):
    from dangbo.congresses.meeting_views import next_meeting_date

    assert next_meeting_date(tree.a, date(2026, 5, 3)) == date(2026, 5, 3)
    assert next_meeting_date(tree.a, date(2026, 5, 4)) == date(2026, 6, 3)
    assert next_meeting_date(None, date(2026, 12, 10)) == date(2027, 1, 3)
    actions.set_meeting_day(counters.one, organization=tree.a, day=31)
    assert next_meeting_date(tree.a, date(2026, 2, 10)) == date(2026, 2, 28)
    assert next_meeting_date(tree.a, date(2026, 3, 1)) == date(2026, 3, 31)
    page = _client(counters.one).get(f"/dai-hoi/sinh-hoat/moi/?to_chuc={tree.a.pk}").content.decode()
    expected = next_meeting_date(tree.a, timezone.localdate()).strftime("%d/%m/%Y")
    assert f'value="{expected}"' in page
