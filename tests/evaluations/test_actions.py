"""Actions of the yearly review: scopes, findings held and overridden, locking, revoke-and-redo audited."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from dangbo.core.models import AuditEvent
from dangbo.core.scopes import ScopeDenied
from dangbo.evaluations import actions, queries
from dangbo.evaluations.models import MemberRating, OrgRating, RatingStatus, Review
from dangbo.organizations.models import OrgKind

pytestmark = pytest.mark.django_db

EXC, GOOD, DONE, NOT = 4, 3, 2, 1


@pytest.fixture
def upper(make_org):
    return make_org("Đảng bộ Khối", OrgKind.UPPER, code="KHOI")


@pytest.fixture
def world(make_org, make_member, make_user, upper):
    root = make_org("Đảng bộ Cơ quan", OrgKind.GRASSROOTS_COMMITTEE, parent=upper, code="CQ")
    a = make_org("Chi bộ A", OrgKind.CELL, parent=root, code="CQ-A")
    b = make_org("Chi bộ B", OrgKind.CELL, parent=root, code="CQ-B")
    ma = [make_member(a, f"Nguyễn Văn A{i}") for i in range(6)]
    mb = [make_member(b, f"Trần Thị B{i}") for i in range(4)]
    new = make_member(a, "Lê Văn Mới", official=False, decision_date=date(2026, 7, 1))
    return type("W", (), dict(
        upper=upper, root=root, a=a, b=b, ma=ma, mb=mb, new=new,
        office=make_user("office", root), sec_a=make_user("secretary", a), sec_b=make_user("secretary", b),
        above=make_user("office", upper), reader=make_user("reader", root)))


def open_2026(w):
    return actions.open_review(w.office, w.root, year=2026, review_date=date(2026, 12, 15))


def blocking(r):
    return [f["code"] for f in r.findings if f["blocking"]]


def rating(review, member):
    return MemberRating.objects.get(review=review, member=member)


def test_open_lists_who_is_rated_with_reasons(world):
    review = open_2026(world)
    assert MemberRating.objects.filter(review=review).count() == 11
    new = rating(review, world.new)
    assert not new.rated and new.not_rated_code == "new_member" and "chưa đủ 6 tháng" in new.not_rated_reason
    assert OrgRating.objects.filter(review=review).count() == 3
    assert AuditEvent.objects.filter(action="rating.review_open").count() == 1


def test_member_admitted_exactly_six_months_before_is_rated(world, make_member):
    m = make_member(world.a, "Phạm Văn Đủ", official=False, decision_date=date(2026, 6, 15))
    review = open_2026(world)
    assert rating(review, m).rated


def test_secretary_may_not_open_or_propose_for_another_chi_bo(world):
    with pytest.raises(ScopeDenied):
        actions.open_review(world.sec_a, world.root, year=2026, review_date=date(2026, 12, 15))
    review = open_2026(world)
    with pytest.raises(ScopeDenied):
        actions.propose(world.sec_a, rating(review, world.mb[0]), level=GOOD, self_level=GOOD)
    actions.propose(world.sec_b, rating(review, world.mb[0]), level=GOOD, self_level=GOOD)
    with pytest.raises(ScopeDenied):  # a chi bộ does not decide
        actions.decide_members(world.sec_b, review, decision_number="1", decision_date=date(2026, 12, 20))


def propose_all(w, review, levels_a, levels_b):
    for m, lv in zip(w.ma, levels_a, strict=True):
        actions.propose(w.sec_a, rating(review, m), level=lv, self_level=lv)
    for m, lv in zip(w.mb, levels_b, strict=True):
        actions.propose(w.sec_b, rating(review, m), level=lv, self_level=lv)


def test_quota_finding_holds_decision_until_overridden(world):
    review = open_2026(world)
    # 2 excellent, 7 good: 20% of 7 = 1.4 -> 1 (floor): the quota is exceeded.
    propose_all(world, review, [EXC, EXC, GOOD, GOOD, GOOD, GOOD], [GOOD, GOOD, GOOD, DONE])
    per, quota = actions.member_decision_findings(review, actions.pending_member_decisions(world.office, review))
    assert [f["code"] for f in quota] == ["excellent_quota_exceeded"] and quota[0]["blocking"]
    with pytest.raises(ValidationError) as exc:
        actions.decide_members(world.office, review, decision_number="12-QĐ/ĐU", decision_date=date(2026, 12, 20))
    assert "vượt quá 20%" in str(exc.value)
    assert not MemberRating.objects.filter(review=review, status=RatingStatus.DECIDED).exists()
    n = actions.decide_members(world.office, review, decision_number="12-QĐ/ĐU", decision_date=date(2026, 12, 20),
                               override_reason="Cấp trên cho phép theo tỷ lệ 25% (đơn vị tiêu biểu)")
    assert n == 10
    r = rating(review, world.ma[0])
    assert r.level == EXC and r.override_reason.startswith("Cấp trên") and r.overridden_by == world.office
    ev = AuditEvent.objects.get(action="rating.decide_members")
    assert ev.data["override_reason"] and "excellent_quota_exceeded" in ev.data["overridden"]
    s = queries.results_summary(world.root, 2026)
    assert s["members"]["excellent"] == 2 and s["members"]["good"] == 7 and s["members"]["completed"] == 1
    assert s["members"]["not_rated"] == 1 and s["source"] == "members"


def test_exactly_twenty_percent_passes(world):
    review = open_2026(world)
    # 1 excellent, 5 good -> exactly 20%.
    propose_all(world, review, [EXC, GOOD, GOOD, GOOD, GOOD, GOOD], [DONE, DONE, DONE, DONE])
    actions.decide_members(world.office, review, decision_number="1", decision_date=date(2026, 12, 20))
    assert rating(review, world.ma[0]).override_reason == ""


def test_disciplined_member_finding_and_sick_leave_cap(world):
    review = open_2026(world)
    r = actions.propose(world.sec_a, rating(review, world.ma[0]), level=GOOD, self_level=GOOD, disciplined=True)
    assert blocking(r) == ["disciplined"] and r.findings[0]["document"]
    r = actions.propose(world.sec_a, rating(review, world.ma[1]), level=GOOD, self_level=GOOD, sick_leave_months=3)
    # QĐ 366 (2026) has no 3-month cap; 2022 does (see test_sick_leave_cap_2022).
    assert blocking(r) == []


def test_sick_leave_cap_2022(world):
    review = actions.open_review(world.office, world.root, year=2022, review_date=date(2022, 12, 15))
    r = actions.propose(world.sec_a, rating(review, world.ma[1]), level=GOOD, self_level=GOOD, sick_leave_months=3)
    assert [f["code"] for f in r.findings] == ["sick_leave_cap"] and r.findings[0]["blocking"]


def test_decided_is_locked_and_revoke_is_by_the_level_above(world):
    review = open_2026(world)
    propose_all(world, review, [GOOD] * 6, [GOOD] * 4)
    actions.decide_members(world.office, review, decision_number="1", decision_date=date(2026, 12, 20))
    r = rating(review, world.ma[0])
    with pytest.raises(ValidationError):
        actions.propose(world.sec_a, r, level=EXC)
    with pytest.raises(ScopeDenied):  # the decider itself cannot revoke
        actions.revoke(world.office, r, reason="Sai")
    with pytest.raises(ValidationError):
        actions.revoke(world.above, r, reason="  ")
    actions.revoke(world.above, r, reason="Đảng viên bị kỷ luật chưa được tính")
    r.refresh_from_db()
    assert r.status == RatingStatus.PROPOSED and r.level is None
    ev = AuditEvent.objects.get(action="rating.revoke")
    assert ev.data["old"]["level"] == "good" and "kỷ luật" in ev.data["reason"]
    actions.propose(world.sec_a, r, level=NOT, disciplined=True)
    actions.decide_members(world.office, review, decision_number="2", decision_date=date(2026, 12, 28))
    r.refresh_from_db()
    assert r.level == NOT and r.decision_number == "2"


def test_organisations_after_members_and_80_percent_rule(world):
    review = open_2026(world)
    ra = OrgRating.objects.get(review=review, organization=world.a)
    actions.propose_org(world.sec_a, ra, level=EXC)
    ra.refresh_from_db()
    assert "children_undecided" in [f["code"] for f in ra.findings]
    propose_all(world, review, [GOOD, GOOD, GOOD, GOOD, DONE, DONE], [GOOD] * 4)
    actions.decide_members(world.office, review, decision_number="1", decision_date=date(2026, 12, 20))
    actions.propose_org(world.sec_a, ra, level=EXC)
    ra.refresh_from_db()
    assert "org_excellent_share" in [f["code"] for f in ra.findings]
    rb = OrgRating.objects.get(review=review, organization=world.b)
    actions.propose_org(world.sec_b, rb, level=GOOD)
    with pytest.raises(ValidationError):
        actions.decide_orgs(world.office, review, decision_number="3", decision_date=date(2026, 12, 30))
    actions.propose_org(world.sec_a, ra, level=GOOD)
    assert actions.decide_orgs(world.office, review, decision_number="3", decision_date=date(2026, 12, 30)) == 2
    s = queries.results_summary(world.root, 2026)
    assert s["organizations"]["good"] == 2 and s["self"] is None


def test_temporary_member_rated_at_home_needs_host_comment(world):
    from dangbo.members.actions import record_event

    record_event(None, world.mb[0], "temporary", effective_date=date(2026, 3, 1), to_organization=world.a,
                 end_date=date(2027, 3, 1))
    review = open_2026(world)
    r = rating(review, world.mb[0])
    assert r.organization == world.b and r.host_organization == world.a
    r = actions.propose(world.sec_b, r, level=GOOD, self_level=GOOD)
    assert "host_comment_missing" in [f["code"] for f in r.findings]
    r = actions.propose(world.sec_b, r, level=GOOD, host_comment="Chi bộ A: hoàn thành tốt")
    assert blocking(r) == []


def test_transferred_member_is_rated_where_they_belong_on_review_date(world):
    from dangbo.members.actions import record_event

    record_event(None, world.mb[1], "transfer", effective_date=date(2026, 8, 1), to_organization=world.a)
    review = open_2026(world)
    assert rating(review, world.mb[1]).organization == world.a


def test_member_self_assessment_and_commitment(world, make_user):
    review = open_2026(world)
    user = make_user("member", world.a, member=world.ma[0])
    r = actions.self_assess(user, rating(review, world.ma[0]), level=GOOD, points=82)
    assert r.status == RatingStatus.SELF and r.self_points == 82
    with pytest.raises(ScopeDenied):
        actions.self_assess(user, rating(review, world.ma[1]), level=GOOD)
    actions.record_commitment(user, world.ma[0], year=2026, content="Cam kết tu dưỡng", signed_on=date(2026, 1, 10))
    assert queries.commitment_counts(world.root, 2026) == {"with": 1, "expected": 11}


def test_published_totals_load_with_quota_findings(world):
    obj = actions.enter_published_totals(
        world.office, world.root, year=2020, members={"excellent": 15, "good": 49, "completed": 1},
        organizations={"excellent": 1, "good": 4}, source_document="Báo cáo 45-BC/ĐU", self_level=GOOD)
    assert "excellent_quota_exceeded" in [f["code"] for f in obj.findings]
    s = queries.results_summary(world.root, 2020)
    assert s["source"] == "published" and s["members"]["excellent"] == 15 and s["organizations"]["good"] == 4
    assert s["self"] == "good" and queries.results_summary(world.root, 2019) is None


def test_open_quarter_only_under_qd366(world):
    with pytest.raises(ValidationError):
        actions.open_review(world.office, world.root, year=2022, review_date=date(2022, 3, 31), period="quarter",
                            quarter=1)
    r = actions.open_review(world.office, world.root, year=2026, review_date=date(2026, 3, 31), period="quarter",
                            quarter=1)
    assert r.quarter == 1 and Review.objects.count() == 1


def test_host_chi_bo_records_its_comment(world):
    from dangbo.members.actions import record_event

    record_event(None, world.mb[0], "temporary", effective_date=date(2026, 3, 1), to_organization=world.a,
                 end_date=date(2027, 3, 1))
    review = open_2026(world)
    r = actions.propose(world.sec_b, rating(review, world.mb[0]), level=GOOD, self_level=GOOD)
    assert "host_comment_missing" in blocking(r)
    with pytest.raises(ValidationError):  # another chi bộ's member who is not hosted by A
        actions.record_host_comment(world.sec_a, rating(review, world.mb[1]), comment="Tốt")
    r = actions.record_host_comment(world.sec_a, rating(review, world.mb[0]), comment="Gương mẫu, hoàn thành tốt")
    assert blocking(r) == [] and AuditEvent.objects.filter(action="rating.host_comment").count() == 1


def test_organisation_points_cap_the_level_from_2025(world):
    review = open_2026(world)
    propose_all(world, review, [GOOD] * 6, [GOOD] * 4)
    actions.decide_members(world.office, review, decision_number="1", decision_date=date(2026, 12, 20))
    ra = OrgRating.objects.get(review=review, organization=world.a)
    ra = actions.propose_org(world.sec_a, ra, level=GOOD, points=65)  # 50–<70: Hoàn thành nhiệm vụ at most
    assert "score_band" in blocking(ra)
    ra = actions.propose_org(world.sec_a, ra, level=GOOD, points=75)
    assert blocking(ra) == []
    review22 = actions.open_review(world.office, world.root, year=2022, review_date=date(2022, 12, 15))
    with pytest.raises(ValidationError):
        actions.propose_org(world.sec_a, OrgRating.objects.get(review=review22, organization=world.a), level=GOOD,
                            points=80)


def test_refusals_are_read_in_the_readers_language(world):
    """A refusal raised in an action's (Vietnamese) body is formatted when shown: English for an English reader,
    the Vietnamese text unchanged otherwise; a scope refusal is in the language active when it is raised."""
    from django.utils import translation

    open_2026(world)
    with pytest.raises(ValidationError) as refused:
        open_2026(world)
    assert refused.value.message_dict["year"] == ["Đã có đợt kiểm điểm này của «Đảng bộ Cơ quan»."]
    with translation.override("en"):
        assert refused.value.message_dict["year"] == ["«Đảng bộ Cơ quan» already has this review round."]
        with pytest.raises(ScopeDenied) as denied:
            actions.open_review(world.sec_a, world.root, year=2027, review_date=date(2027, 12, 15))
    assert str(denied.value) == "You are not allowed to open a review round for «Đảng bộ Cơ quan»."
