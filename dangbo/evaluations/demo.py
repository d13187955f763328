"""Demo data of the yearly review for the Đảng bộ Văn phòng UBND tỉnh (VPUBND).

- 2018: the published totals of the office's year-end report (per-member data "lost"): 5 chi bộ HTXSNV,
  3 chi bộ HTTNV; 22 đảng viên HTXSNV, 73 HTTNV (/work/shared/domain/examples/2019-01-…).
- 2020: the published totals of the office's year-end report (1 chi bộ HTXSNV, 4 HTTNV; 15 đảng viên HTXSNV,
  49 HTTNV, 1 HTNV: /work/shared/domain/examples/2020-12-…), which exceed the 20% quota and load with that
  finding.
- 2019, 2021–2025: per-member results decided through the actions, within the members' quota; the excellent chi
  bộ is one whose members allow it (all completed, 80% good), decided over the chi bộ quota with a recorded
  reason; the first three members are excellent 2021–2025 where rated (the "5 năm liền" list) and
  one is not completed in 2024 and 2025 (the "2 năm liền" list).
- 2026: an open review with a few self-assessments and proposals, and most commitments signed.
"""

from __future__ import annotations

from datetime import date

OFFICE_CODE = "VPUBND"
# Where a blocking rule holds a decision (the 20% quota of excellent chi bộ, rounded down, allows none of 5 with
# 4 good), the đảng ủy decides with a recorded reason, as the rules let it.
OVERRIDE = "Chi bộ có thành tích nổi bật trong năm; cấp ủy xem xét, quyết định."


def _may_be_excellent(review, cell) -> bool:
    """The rating rules allow the chi bộ 'Hoàn thành xuất sắc' given its members' decided levels."""
    from dangbo.evaluations.models import MemberRating, RatingStatus
    from dangbo.rules import ratings as rules

    levels = MemberRating.objects.filter(review=review, organization=cell, rated=True,
                                         status=RatingStatus.DECIDED).values_list("level", flat=True)
    return not rules.organization_findings(list(levels), rules.Level.EXCELLENT, review.regime, None,
                                           review.settings)


def _within_quota(review, ratings):
    """Lower the last excellent proposals to 'good' until the members' quota holds (the chi bộ keep the rules)."""
    from dangbo.rules import ratings as rules

    while rules.quota_findings([r.proposed_level for r in ratings], review.regime, review.settings, "members"):
        last = next(r for r in reversed(ratings) if r.proposed_level == rules.Level.EXCELLENT)
        last.self_level = last.proposed_level = rules.Level.GOOD


def _decide_year(office, year: int, pattern, org_levels: dict[str, int] | None = None, own_level: int = 3):
    from dangbo.evaluations import actions
    from dangbo.evaluations.models import MemberRating, OrgRating, RatingStatus

    review = actions.open_review(None, office, year=year, review_date=date(year, 12, 15))
    ratings = list(MemberRating.objects.filter(review=review, rated=True).order_by("member__sort_key",
                                                                                   "member_id"))
    for i, r in enumerate(ratings):
        lv = pattern(i, len(ratings), r)
        r.self_level = r.proposed_level = lv
        r.status = RatingStatus.PROPOSED
        r.proposal_comment = "Chi bộ thống nhất đề xuất."
    _within_quota(review, ratings)
    if review.regime.uses_scores:
        # From 2025 each written review carries its 100-point total (QĐ 366 Điều 11), inside the level's band.
        for i, r in enumerate(ratings):
            r.self_points = {4: 90 + i % 8, 3: 72 + i % 17, 2: 55 + i % 14, 1: 40}[r.proposed_level]
    MemberRating.objects.bulk_update(ratings, ["self_level", "self_points", "proposed_level", "status",
                                               "proposal_comment"])
    actions.decide_members(None, review, decision_number=f"{year % 100 + 100}-QĐ/ĐU",
                           decision_date=date(year, 12, 28), override_reason=OVERRIDE)
    cells = list(OrgRating.objects.filter(review=review, rated=True).exclude(org_path=office.path)
                 .select_related("organization").order_by("org_path"))
    best = next((o.organization.code for o in cells if _may_be_excellent(review, o.organization)), None)
    for o in cells:
        o.self_level = o.proposed_level = (org_levels or {}).get(o.organization.code,
                                                                 4 if o.organization.code == best else 3)
        o.status = RatingStatus.PROPOSED
    OrgRating.objects.bulk_update(cells, ["self_level", "proposed_level", "status"])
    actions.decide_orgs(None, review, decision_number=f"{year % 100 + 100}b-QĐ/ĐU",
                        decision_date=date(year, 12, 29), override_reason=OVERRIDE)
    OrgRating.objects.filter(review=review, org_path=office.path).update(
        self_level=own_level, proposed_level=own_level, status=RatingStatus.PROPOSED)
    actions.decide_orgs(None, review, decision_number=f"{year % 100}-QĐ/ĐUK", decision_date=date(year + 1, 1, 10),
                        override_reason=OVERRIDE)
    actions.close_review(None, review)
    return review


def load_ratings_demo(today: date | None = None) -> dict:
    from dangbo.evaluations import actions
    from dangbo.evaluations.models import Commitment, MemberRating
    from dangbo.members.models import ACTIVE_STATUSES, Member
    from dangbo.organizations.models import Organization

    office = Organization.objects.get(code=OFFICE_CODE)
    actions.enter_published_totals(
        None, office, year=2018, members={"excellent": 22, "good": 73}, organizations={"excellent": 5, "good": 3},
        source_document="Báo cáo tổng kết công tác xây dựng Đảng năm 2018 (hội nghị tháng 01/2019)",
        self_level=3)
    streak = set(Member.objects.filter(org_path__startswith=office.path, status__in=list(ACTIVE_STATUSES))
                 .order_by("sort_key", "id").values_list("id", flat=True)[:3])
    weak = Member.objects.filter(org_path__startswith=office.path, status__in=list(ACTIVE_STATUSES)).order_by(
        "-sort_key", "-id").values_list("id", flat=True).first()

    def usual(year):
        def pattern(i, n, r):
            if year >= 2021 and r.member_id in streak:
                return 4
            if year >= 2024 and r.member_id == weak:
                return 1
            k = (i * 7 + year * 3) % 20
            return 4 if k < 3 else 2 if k == 19 else 3
        return pattern

    actions.enter_published_totals(
        None, office, year=2020, members={"excellent": 15, "good": 49, "completed": 1},
        organizations={"excellent": 1, "good": 4},
        source_document="Báo cáo tổng kết công tác xây dựng Đảng năm 2020 (hội nghị tháng 12/2020)")
    for year in (2019, 2021, 2022, 2023, 2024, 2025):
        _decide_year(office, year, usual(year))
    review = actions.open_review(None, office, year=2026, review_date=date(2026, 12, 15))
    open_rows = list(MemberRating.objects.filter(review=review, rated=True).select_related("member")
                     .order_by("member__sort_key", "member_id")[:6])
    for i, r in enumerate(open_rows):
        actions.self_assess(None, r, level=3 if i else 4, points=85 if i else 92)
        if i < 3:
            r.refresh_from_db()
            actions.propose(None, r, level=3 if i else 4, comment="Chi bộ đề xuất theo bản tự kiểm điểm.")
    members = list(Member.objects.filter(org_path__startswith=office.path, status__in=list(ACTIVE_STATUSES))
                   .order_by("sort_key", "id"))
    Commitment.objects.bulk_create([
        Commitment(member=m, year=2026, org_path=m.org_path, signed_on=date(2026, 2, 20),
                   content="Cam kết tu dưỡng, rèn luyện, phấn đấu năm 2026: thực hiện nghiêm Điều lệ Đảng, "
                           "hoàn thành tốt nhiệm vụ được giao.")
        for i, m in enumerate(members) if i % 9])
    return {"reviews": 8, "members": len(members)}
