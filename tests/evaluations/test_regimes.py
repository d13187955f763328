"""Worked cases through the app, one chi bộ per regime: the review is judged by the regime of its year and by
the settings snapshotted when it was opened (quota denominator, rounding)."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from dangbo.evaluations import actions
from dangbo.evaluations.models import MemberRating, RatingStatus
from dangbo.organizations.models import OrgKind
from dangbo.rules.ratings import HALF_UP, RatingSettings

pytestmark = pytest.mark.django_db


@pytest.fixture
def cell(make_org, make_member):
    root = make_org("Đảng bộ Sở", OrgKind.GRASSROOTS_COMMITTEE, code="SO")
    c = make_org("Chi bộ Phòng", OrgKind.CELL, parent=root, code="SO-P")
    ms = [make_member(c, f"Phạm Văn Số{i}", decision_date=date(2005, 1, 1)) for i in range(10)]
    return root, c, ms


def run(root, ms, year, levels, settings=None, reason=""):
    review = actions.open_review(None, root, year=year, review_date=date(year, 12, 15), settings=settings)
    for m, lv in zip(ms, levels, strict=True):
        actions.propose(None, MemberRating.objects.get(review=review, member=m), level=lv, self_level=lv)
    return review, actions.decide_members(None, review, decision_number="1", decision_date=date(year, 12, 20),
                                          override_reason=reason)


TWO_OF_SEVEN = [4, 4, 3, 3, 3, 3, 3, 3, 3, 2]  # 2 excellent, 7 good: 20% of 7 = 1.4
ONE_OF_FIVE = [4, 3, 3, 3, 3, 3, 2, 2, 2, 2]  # exactly 20%


@pytest.mark.parametrize("year", [2018, 2020, 2023, 2026])
def test_exactly_twenty_percent_is_accepted_in_every_regime(cell, year):
    root, _, ms = cell
    _, n = run(root, ms, year, ONE_OF_FIVE)
    assert n == 10


@pytest.mark.parametrize("year, blocking", [(2018, False), (2020, True), (2023, False), (2026, True)])
def test_quota_blocks_where_the_rule_is_confirmed(cell, year, blocking):
    """2019–2022 (HD 21) and from 2025 (QĐ 366) the 20% is confirmed and holds the decision; 2018 (HD 16 not
    found) and 2023–2024 (HD 25 text not confirmed) only warn (rules.md §1.2, §1.6)."""
    root, _, ms = cell
    if blocking:
        with pytest.raises(ValidationError):
            run(root, ms, year, TWO_OF_SEVEN)
        assert not MemberRating.objects.filter(status=RatingStatus.DECIDED).exists()
    else:
        review, n = run(root, ms, year, TWO_OF_SEVEN)
        r = MemberRating.objects.get(review=review, member=ms[0])
        assert n == 10 and r.findings[-1]["code"] == "excellent_quota_exceeded" and not r.findings[-1]["blocking"]


def test_rounding_setting_is_snapshotted(cell):
    """Half-up rounding: 20% of 8 good = 1.6 -> 2 allowed (floor would allow 1)."""
    root, _, ms = cell
    review, n = run(root, ms, 2020, [4, 4, 3, 3, 3, 3, 3, 3, 3, 3], settings=RatingSettings(quota_rounding=HALF_UP))
    assert n == 10 and review.quota_rounding == HALF_UP


def test_denominator_setting(cell):
    """Good-or-better denominator: 2 excellent + 8 good = 10 -> 2 allowed; exactly-good: 8 -> 1."""
    root, _, ms = cell
    levels = [4, 4, 3, 3, 3, 3, 3, 3, 3, 3]
    with pytest.raises(ValidationError):
        run(root, ms, 2021, levels)
    _, n = run(root, ms, 2022, levels, settings=RatingSettings(quota_denominator="good_or_better"))
    assert n == 10


def test_admitted_exactly_six_months_before_the_review_date(cell, make_member):
    root, c, _ = cell
    exact = make_member(c, "Võ Thị Đủ", official=False, decision_date=date(2024, 6, 15))
    short = make_member(c, "Võ Thị Thiếu", official=False, decision_date=date(2024, 6, 16))
    review = actions.open_review(None, root, year=2024, review_date=date(2024, 12, 15))
    assert MemberRating.objects.get(review=review, member=exact).rated
    r = MemberRating.objects.get(review=review, member=short)
    assert not r.rated and r.status == RatingStatus.NOT_RATED


@pytest.mark.parametrize("year, exempt", [(2022, False), (2023, True), (2026, False)])
def test_discipline_self_detected(cell, year, exempt):
    """QĐ 124 (2023–2024): self-detected and remedied does not force Không hoàn thành; HD 21 has no exception;
    QĐ 366 leaves it to the competent level (still a finding)."""
    root, _, ms = cell
    review = actions.open_review(None, root, year=year, review_date=date(year, 12, 15))
    r = actions.propose(None, MemberRating.objects.get(review=review, member=ms[0]), level=3, self_level=3,
                        disciplined=True, discipline_self_detected=True)
    codes = [f["code"] for f in r.findings if f["blocking"]]
    assert ("disciplined" not in codes) == exempt
