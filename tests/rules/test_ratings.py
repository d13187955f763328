"""Rating rules (rules.md §1, §1A): worked cases per regime, edges, and hypothesis tests for the quota.

dangbo.rules.ratings is imported lazily (inside the tests): importing it registers its rules, and
tests/rules/test_catalogue.py compares docs/rules.md with the whole registry. Until the module is listed
in catalogue.py and docs/rules.md is regenerated, a collection-time import would make that test stale.
"""

from datetime import date
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st


def R():
    from dangbo.rules import ratings

    return ratings


def codes(findings):
    return sorted(f.code for f in findings)


# --- regimes -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "year, key, guideline",
    [(2018, "2018", "16-HD"), (2019, "2019-2022", "21-HD"), (2022, "2019-2022", "21-HD"),
     (2023, "2023-2024", "25-HD"), (2024, "2023-2024", "25-HD"), (2025, "2025", "43-HD"),
     (2031, "2025", "43-HD")],
)
def test_regime_for_year(year, key, guideline):
    reg = R().regime_for(year)
    assert reg.key == key and guideline in reg.guideline
    shared = ("quota_denominator", "quota_rounding", "new_member_reference_date")
    assert all(reg.source(rule).is_valid_on(date(year, 6, 30)) or rule in shared for rule in reg.rules)


def test_before_2018_is_refused():
    with pytest.raises(ValueError):
        R().regime_for(2017)


def test_regime_documents():
    r = R()
    assert "132-QĐ/TW" in r.regime_for(2018).regulation
    assert "124-QĐ/TW" in r.regime_for(2023).regulation and "10/11/2023" in r.regime_for(2023).guideline
    assert "366-QĐ/TW" in r.regime_for(2025).regulation
    assert r.regime_for(2025).periods == ("term", "year", "quarter")
    assert r.regime_for(2020).years_label == "2019–2022" and r.regime_for(2026).years_label == "từ 2025"


def test_levels_and_labels():
    r = R()
    L = r.Level
    assert L.EXCELLENT.label == "Hoàn thành xuất sắc nhiệm vụ"
    assert L.GOOD.label == "Hoàn thành tốt nhiệm vụ"
    assert L.COMPLETED.label == "Hoàn thành nhiệm vụ"
    assert L.NOT_COMPLETED.label == "Không hoàn thành nhiệm vụ"
    assert L.NOT_COMPLETED < L.COMPLETED < L.GOOD < L.EXCELLENT
    assert L.GOOD.short == "HTTNV"


def test_confidence_as_rules_md_gives_it():
    r = R()
    from dangbo.rules.sources import CONFIRMED, PARTLY_CONFIRMED, UNCONFIRMED

    c = lambda year, rule: r.regime_for(year).source(rule).confidence  # noqa: E731
    assert c(2020, "quota_members") == CONFIRMED
    assert c(2020, "quota_organizations") == UNCONFIRMED
    assert c(2020, "sick_leave_cap") == CONFIRMED
    assert c(2020, "org_excellent_children") == CONFIRMED
    assert c(2023, "quota_members") == UNCONFIRMED
    assert c(2023, "discipline") == CONFIRMED
    assert c(2023, "org_excellent_no_discipline") == PARTLY_CONFIRMED
    assert c(2023, "org_excellent_children") == UNCONFIRMED
    assert c(2025, "quota_members") == CONFIRMED and c(2025, "quota_exception") == CONFIRMED
    assert c(2025, "new_member") == CONFIRMED and c(2025, "new_org") == UNCONFIRMED
    assert c(2025, "org_excellent_children") == UNCONFIRMED
    assert not r.regime_for(2025).applies("sick_leave_cap")
    for year in (2018, 2020, 2023, 2025):
        assert c(year, "quota_denominator") == UNCONFIRMED and c(year, "quota_rounding") == UNCONFIRMED
    for rule in r.regime_for(2018).rules:
        if rule != "levels":
            assert c(2018, rule) == UNCONFIRMED
    assert r.regime_for(2025).rule_sources()


def test_settings_validation():
    r = R()
    with pytest.raises(ValueError):
        r.RatingSettings(quota_denominator="all")
    with pytest.raises(ValueError):
        r.RatingSettings(quota_rounding="bankers")


# --- who is rated ------------------------------------------------------------------------------------

REVIEW = date(2020, 12, 15)


@pytest.mark.parametrize("year", [2018, 2020, 2023, 2025])
def test_exempted_and_suspended_not_rated(year):
    r = R()
    reg = r.regime_for(year)
    d = date(year, 12, 15)
    rated, why = r.who_is_rated(r.MemberFacts(exempted=True), d, reg)
    assert not rated and why.code == "exempted" and not why.self_review_required
    rated, why = r.who_is_rated(r.MemberFacts(suspended=True), d, reg)
    assert not rated and why.code == "suspended" and why.source_key == reg.rules["exempt_members"]
    rated, why = r.who_is_rated(r.MemberFacts(suspended_from_committee_only=True), d, reg)
    assert rated and why is None


def test_new_member_exactly_six_months_is_rated():
    r = R()
    reg = r.regime_for(2020)
    rated, why = r.who_is_rated(r.MemberFacts(admitted_on=date(2020, 6, 15)), REVIEW, reg)
    assert rated and why is None
    rated, why = r.who_is_rated(r.MemberFacts(admitted_on=date(2020, 6, 16)), REVIEW, reg)
    assert not rated and why.code == "new_member" and why.self_review_required
    assert "16/06/2020" in str(why) or "16/6/2020" in str(why)


def test_new_member_month_end_edge():
    r = R()
    reg = r.regime_for(2023)
    # 31/8 + 6 months = 28/2 (month end fallback)
    assert r.who_is_rated(r.MemberFacts(admitted_on=date(2022, 8, 31)), date(2023, 2, 28), reg)[0]
    assert not r.who_is_rated(r.MemberFacts(admitted_on=date(2022, 8, 31)), date(2023, 2, 27), reg)[0]


def test_new_member_2025_not_even_self_review():
    r = R()
    rated, why = r.who_is_rated(r.MemberFacts(admitted_on=date(2025, 9, 1)), date(2025, 12, 20), r.regime_for(2025))
    assert not rated and not why.self_review_required and "không kiểm điểm" in why.message
    rated, why = r.who_is_rated(r.MemberFacts(admitted_on=date(2025, 9, 1)), date(2025, 12, 20), r.regime_for(2020))
    assert not rated and why.self_review_required


def test_new_organization():
    r = R()
    reg = r.regime_for(2020)
    assert r.organization_is_rated(date(2020, 6, 15), REVIEW, reg) == (True, None)
    rated, why = r.organization_is_rated(date(2020, 6, 16), REVIEW, reg)
    assert not rated and why.code == "new_organization" and why.self_review_required
    assert r.organization_is_rated(None, REVIEW, reg)[0]


# --- member findings: worked cases per regime --------------------------------------------------------


def test_2018_findings_are_advisory():
    r = R()
    reg = r.regime_for(2018)
    f = r.member_findings(r.MemberFacts(disciplined_in_year=r.Discipline.KHIEN_TRACH), r.Level.GOOD, reg)
    assert codes(f) == ["disciplined"] and not f[0].blocking
    strict = r.RatingSettings(enforce_unconfirmed=True)
    f = r.member_findings(r.MemberFacts(disciplined_in_year=r.Discipline.KHIEN_TRACH), r.Level.GOOD, reg, strict)
    assert f[0].blocking


def test_2020_disciplined_no_exception():
    r = R()
    reg = r.regime_for(2020)
    facts = r.MemberFacts(disciplined_in_year=r.Discipline.KHIEN_TRACH, discipline_self_detected=True)
    f = r.member_findings(facts, r.Level.COMPLETED, reg)
    assert codes(f) == ["disciplined"] and f[0].blocking and f[0].cap == r.Level.NOT_COMPLETED
    assert f[0].source.confidence == "CONFIRMED" and "21-HD" in f[0].source.document
    assert r.member_findings(facts, r.Level.NOT_COMPLETED, reg) == []


def test_2020_sick_leave_cap_at_three_months():
    r = R()
    reg = r.regime_for(2020)
    f = r.member_findings(r.MemberFacts(sick_leave_months=3), r.Level.GOOD, reg)
    assert codes(f) == ["sick_leave_cap"] and f[0].blocking and f[0].cap == r.Level.COMPLETED
    assert r.member_findings(r.MemberFacts(sick_leave_months=2.9), r.Level.GOOD, reg) == []
    assert r.member_findings(r.MemberFacts(sick_leave_months=5), r.Level.COMPLETED, reg) == []


def test_2020_civil_servant_and_temporary_and_self_review():
    r = R()
    reg = r.regime_for(2020)
    f = r.member_findings(r.MemberFacts(civil_servant_level=r.Level.GOOD), r.Level.EXCELLENT, reg)
    assert codes(f) == ["civil_servant_not_excellent"] and f[0].blocking
    f = r.member_findings(r.MemberFacts(civil_servant_level=r.Level.NOT_COMPLETED), r.Level.COMPLETED, reg)
    assert codes(f) == ["civil_servant_not_completed"]
    f = r.member_findings(r.MemberFacts(temporary_activity=True), r.Level.GOOD, reg)
    assert codes(f) == ["host_comment_missing"] and f[0].blocking
    assert r.member_findings(r.MemberFacts(temporary_activity=True, host_comment_received=True),
                             r.Level.GOOD, reg) == []
    assert codes(r.member_findings(r.MemberFacts(self_reviewed=False), r.Level.GOOD, reg)) == ["not_self_reviewed"]


def test_2023_self_detected_exception():
    r = R()
    reg = r.regime_for(2023)
    d = r.Discipline.CANH_CAO
    f = r.member_findings(r.MemberFacts(disciplined_in_year=d), r.Level.GOOD, reg)
    assert codes(f) == ["disciplined"] and f[0].blocking and "124-QĐ/TW" in f[0].source.document
    assert r.member_findings(r.MemberFacts(disciplined_in_year=d, discipline_self_detected=True),
                             r.Level.GOOD, reg) == []
    # sick-leave cap is only an HD 21 fallback in 2023: advisory
    f = r.member_findings(r.MemberFacts(sick_leave_months=4), r.Level.GOOD, reg)
    assert codes(f) == ["sick_leave_cap"] and not f[0].blocking


def test_2025_scores_and_no_sick_cap():
    r = R()
    reg = r.regime_for(2025)
    assert r.score_level(90) == r.Level.EXCELLENT and r.score_level(89) == r.Level.GOOD
    assert r.score_level(70) == r.Level.GOOD and r.score_level(69) == r.Level.COMPLETED
    assert r.score_level(50) == r.Level.COMPLETED and r.score_level(49) == r.Level.NOT_COMPLETED
    f = r.member_findings(r.MemberFacts(score=89), r.Level.EXCELLENT, reg)
    assert codes(f) == ["score_band"] and f[0].blocking and f[0].cap == r.Level.GOOD
    assert r.member_findings(r.MemberFacts(score=90), r.Level.EXCELLENT, reg) == []
    f = r.member_findings(r.MemberFacts(score=80, sick_leave_months=4), r.Level.GOOD, reg)
    assert codes(f) == ["actual_work_basis"] and not f[0].blocking
    f = r.member_findings(r.MemberFacts(), r.Level.GOOD, reg)
    assert codes(f) == ["score_missing"] and not f[0].blocking


def test_2025_self_detected_is_discretion():
    r = R()
    reg = r.regime_for(2025)
    facts = r.MemberFacts(score=85, disciplined_in_year=r.Discipline.KHIEN_TRACH, discipline_self_detected=True)
    f = r.member_findings(facts, r.Level.GOOD, reg)
    assert codes(f) == ["disciplined"] and f[0].blocking and "xem xét" in f[0].message


def test_level_cap():
    r = R()
    reg = r.regime_for(2020)
    f = r.member_findings(r.MemberFacts(sick_leave_months=3, disciplined_in_year=r.Discipline.CANH_CAO),
                          r.Level.EXCELLENT, reg)
    assert r.level_cap(f) == r.Level.NOT_COMPLETED
    assert r.level_cap([]) is None


# --- organisation findings ---------------------------------------------------------------------------


def test_org_excellent_80_percent_boundary_2020():
    r = R()
    L, reg = r.Level, r.regime_for(2020)
    ok = [L.GOOD] * 4 + [L.COMPLETED]  # exactly 80%
    assert r.organization_findings(ok, L.EXCELLENT, reg) == []
    short = [L.GOOD] * 3 + [L.COMPLETED] * 2  # 60%
    f = r.organization_findings(short, L.EXCELLENT, reg)
    assert codes(f) == ["org_excellent_share"] and f[0].blocking
    bad = [L.EXCELLENT] * 9 + [L.NOT_COMPLETED]
    f = r.organization_findings(bad, L.EXCELLENT, reg, children="organizations")
    assert codes(f) == ["org_excellent_not_all_completed"] and "tổ chức đảng" in f[0].message
    assert r.organization_findings(short, L.GOOD, reg) == []


def test_org_excellent_share_advisory_after_2022():
    r = R()
    L = r.Level
    short = [L.GOOD] * 3 + [L.COMPLETED] * 2
    for year in (2018, 2023, 2025):
        f = r.organization_findings(short, L.EXCELLENT, r.regime_for(year))
        assert codes(f) == ["org_excellent_share"] and not f[0].blocking


def test_org_leadership_discipline_thresholds():
    r = R()
    L, D = r.Level, r.Discipline
    # HD 21: from cảnh cáo upwards
    light = r.OrgFacts(leadership_discipline=D.KHIEN_TRACH)
    assert r.organization_findings([], L.GOOD, r.regime_for(2020), light) == []
    f = r.organization_findings([], L.GOOD, r.regime_for(2020), r.OrgFacts(leadership_discipline=D.CANH_CAO))
    assert codes(f) == ["org_leadership_disciplined"] and f[0].blocking
    # 366: from khiển trách, and no excellent with any discipline
    f = r.organization_findings([], L.EXCELLENT, r.regime_for(2025), r.OrgFacts(leadership_discipline=D.KHIEN_TRACH))
    assert codes(f) == ["org_excellent_discipline", "org_leadership_disciplined"]


def test_org_units_disciplined_2023():
    r = R()
    L, reg = r.Level, r.regime_for(2023)
    assert r.organization_findings([], L.GOOD, reg, r.OrgFacts(units_total=10, units_disciplined=2)) == []
    f = r.organization_findings([], L.GOOD, reg, r.OrgFacts(units_total=10, units_disciplined=3))
    assert codes(f) == ["org_units_disciplined"] and f[0].blocking
    assert r.organization_findings([], L.GOOD, r.regime_for(2020),
                                   r.OrgFacts(units_total=10, units_disciplined=3)) == []


def test_org_score_2025():
    r = R()
    f = r.organization_findings([r.Level.GOOD] * 5, r.Level.EXCELLENT, r.regime_for(2025), r.OrgFacts(score=85))
    assert codes(f) == ["score_band"]


# --- quota -------------------------------------------------------------------------------------------


def test_quota_exactly_20_percent_2020():
    r = R()
    L, reg = r.Level, r.regime_for(2020)
    assert r.excellent_quota(10, reg) == 2
    assert r.quota_findings([L.EXCELLENT] * 2 + [L.GOOD] * 10, reg) == []
    f = r.quota_findings([L.EXCELLENT] * 3 + [L.GOOD] * 10, reg)
    assert codes(f) == ["excellent_quota_exceeded"] and f[0].blocking and "tối đa 2" in f[0].message


def test_quota_rounding_edges():
    r = R()
    reg = r.regime_for(2020)
    assert r.excellent_quota(14, reg) == 2  # 2.8 floored
    assert r.excellent_quota(14, reg, r.RatingSettings(quota_rounding="half_up")) == 3
    assert r.excellent_quota(12, reg, r.RatingSettings(quota_rounding="half_up")) == 2  # 2.4
    assert r.excellent_quota(11, reg, r.RatingSettings(quota_rounding="half_up")) == 2  # 2.2
    assert r.excellent_quota(4, reg, r.RatingSettings(quota_rounding="ceil")) == 1  # 0.8
    assert r.excellent_quota(4, reg) == 0
    assert r.excellent_quota(0, reg) == 0
    with pytest.raises(ValueError):
        r.excellent_quota(-1, reg)


def test_quota_denominator_setting():
    r = R()
    L, reg = r.Level, r.regime_for(2020)
    levels = [L.EXCELLENT] * 2 + [L.GOOD] * 8 + [L.COMPLETED] * 3
    assert r.quota_denominator(levels) == 8
    assert codes(r.quota_findings(levels, reg)) == ["excellent_quota_exceeded"]  # 1 allowed of 8
    wide = r.RatingSettings(quota_denominator="good_or_better")
    assert r.quota_denominator(levels, wide) == 10
    assert r.quota_findings(levels, reg, wide) == []


def test_quota_by_regime():
    r = R()
    L = r.Level
    over = [L.EXCELLENT] * 3 + [L.GOOD] * 10
    assert not r.quota_findings(over, r.regime_for(2018))[0].blocking
    assert not r.quota_findings(over, r.regime_for(2023))[0].blocking
    assert r.quota_findings(over, r.regime_for(2025))[0].blocking
    assert r.quota_findings(over, r.regime_for(2025), subject="organizations")[0].blocking
    assert not r.quota_findings(over, r.regime_for(2020), subject="organizations")[0].blocking
    # 366: 25% for an outstanding unit
    assert r.excellent_quota(12, r.regime_for(2025), exceptional=True) == 3
    assert r.quota_findings(over[:3] + [L.GOOD] * 12, r.regime_for(2025), exceptional=True) == []
    assert r.quota_findings(over[:3] + [L.GOOD] * 11, r.regime_for(2025), exceptional=True)  # 2.75 -> 2
    with pytest.raises(ValueError):
        r.excellent_quota(12, r.regime_for(2020), exceptional=True)


SETTINGS = st.builds(
    lambda d, rd: (d, rd),
    st.sampled_from(["exactly_good", "good_or_better"]),
    st.sampled_from(["floor", "half_up", "ceil"]),
)


@given(st.integers(0, 5000), st.integers(0, 5000), st.sampled_from([2018, 2020, 2023, 2025]), SETTINGS)
def test_quota_monotone_and_non_negative(a, b, year, s):
    r = R()
    settings = r.RatingSettings(*s)
    reg = r.regime_for(year)
    lo, hi = sorted((a, b))
    qa, qb = r.excellent_quota(lo, reg, settings), r.excellent_quota(hi, reg, settings)
    assert 0 <= qa <= qb
    assert qa <= lo


@given(st.integers(0, 1000), st.sampled_from(["floor", "half_up", "ceil"]))
def test_quota_exact_multiples_of_five(k, rounding):
    """At exactly 20% every rounding agrees and exactly 20% is allowed; one more is not."""
    r = R()
    L, reg = r.Level, r.regime_for(2020)
    settings = r.RatingSettings(quota_rounding=rounding)
    assert r.excellent_quota(5 * k, reg, settings) == k
    good = [L.GOOD] * (5 * k)
    assert r.quota_findings([L.EXCELLENT] * k + good, reg, settings) == []
    assert len(r.quota_findings([L.EXCELLENT] * (k + 1) + good, reg, settings)) == 1


@given(st.integers(0, 2000))
def test_floor_quota_is_largest_within_20_percent(n):
    r = R()
    q = r.excellent_quota(n, r.regime_for(2020))
    assert Fraction(q) <= Fraction(n, 5) < q + 1
