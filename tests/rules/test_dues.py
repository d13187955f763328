"""Worked cases of the dues rules per regime and category, with the edges the issue lists."""

from datetime import date
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dangbo.rules.dues import (
    EXEMPT,
    REDUCE,
    DuesProfile,
    MonthStatus,
    Relief,
    check_reliefs,
    kept_percent,
    monthly_dues,
    round_amount,
    split,
    unpaid_finding,
)
from dangbo.rules.dues_params import (
    DEFAULT_SETTINGS,
    REGIME_01,
    REGIME_342,
    minimum_wage,
    regime_of,
    retirement_age_months,
)
from dangbo.rules.sources import REGISTRY, UNCONFIRMED

JAN26, FEB26, MAR26 = date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1)


def salaried(*bases):
    return DuesProfile("bhxh", bases=tuple(bases))


def test_the_month_of_the_change():
    assert regime_of(date(2026, 1, 31)) == REGIME_342
    assert regime_of(date(2026, 2, 1)) == REGIME_01
    p = salaried((date(2025, 1, 1), 8_000_000))
    jan, feb = monthly_dues(p, JAN26), monthly_dues(p, FEB26)
    assert (jan.regime, jan.amount, jan.rule_key) == (REGIME_342, 80_000, "dues.regime_342")
    assert (feb.regime, feb.amount, feb.rule_key) == (REGIME_01, 80_000, "dues.regime_01")
    assert "tháng 01/2026" in feb.rule  # 01-QĐ/TW: the month before
    assert jan.source.document.startswith("Quyết định 342-QĐ/TW")
    assert feb.source.document.startswith("Quy định 01-QĐ/TW")


def test_previous_month_base_under_01_but_same_month_under_342():
    p = salaried((date(2025, 1, 1), 8_000_000), (JAN26, 9_000_000), (MAR26, 10_000_000))
    assert monthly_dues(p, JAN26).amount == 90_000  # 342: January's own salary
    assert monthly_dues(p, FEB26).amount == 90_000  # 01: January's base
    assert monthly_dues(p, MAR26).amount == 90_000  # 01: February's base (still 9.000.000)
    assert monthly_dues(p, date(2026, 4, 1)).amount == 100_000
    assert monthly_dues(p, MAR26).base_month == FEB26


def test_missing_previous_base_is_an_error_naming_the_month():
    p = salaried((FEB26, 9_000_000))
    res = monthly_dues(p, FEB26)
    assert not res.ok and res.findings[0].field == "base" and "01/2026" in res.findings[0].message


@pytest.mark.parametrize(
    ("category", "base", "month", "amount"),
    [
        ("pensioner", 7_000_000, JAN26, 35_000),
        ("pensioner", 7_000_000, FEB26, 35_000),
        ("sick_leave", 5_500_000, FEB26, 55_000),
        ("student", 0, FEB26, 5_000),
        ("student", 0, JAN26, 3_000),  # 342 fixed amount: UNCONFIRMED setting
        ("abroad", 120_000, FEB26, 120_000),
    ],
)
def test_categories(category, base, month, amount):
    p = DuesProfile(category, bases=((date(2020, 1, 1), base),), birth_date=date(1990, 1, 1), gender="F")
    assert monthly_dues(p, month).amount == amount


def test_pension_half_dong_rounds_half_up_by_default_and_other_settings():
    p = DuesProfile("pensioner", bases=((date(2020, 1, 1), 7_000_101),))
    assert monthly_dues(p, FEB26).amount == 35_001  # 35.000,505
    assert monthly_dues(p, FEB26, DEFAULT_SETTINGS.with_(rounding="dong_down")).amount == 35_000
    assert monthly_dues(p, FEB26, DEFAULT_SETTINGS.with_(rounding="thousand")).amount == 35_000
    assert "dues.rounding" in monthly_dues(p, FEB26).sources
    assert REGISTRY["dues.rounding"].confidence == UNCONFIRMED
    assert round_amount(Fraction(1, 2), "dong") == 1
    assert round_amount(Fraction(1499), "thousand") == 1000
    assert round_amount(Fraction(1500), "thousand") == 2000


def test_social_pension_exempt_under_01_fixed_under_342():
    p = DuesProfile("social_pension", birth_date=date(1950, 1, 1), gender="M")
    assert monthly_dues(p, FEB26).exempt and monthly_dues(p, FEB26).amount == 0
    jan = monthly_dues(p, JAN26)
    assert not jan.exempt and jan.amount == 1_500  # 3.000 × 50% outside working age (UNCONFIRMED setting)
    assert jan.unconfirmed


def test_retirement_age_schedule():
    assert retirement_age_months("M", date(1960, 12, 1)) == 60 * 12
    assert retirement_age_months("M", date(1961, 1, 15)) == 60 * 12 + 3
    assert retirement_age_months("M", date(1961, 10, 1)) == 60 * 12 + 6
    assert retirement_age_months("M", date(1966, 4, 10)) == 62 * 12
    assert retirement_age_months("M", date(1966, 3, 10)) == 61 * 12 + 9
    assert retirement_age_months("F", date(1966, 1, 1)) == 55 * 12 + 4
    assert retirement_age_months("F", date(1980, 5, 1)) == 60 * 12
    assert retirement_age_months("F", date(1990, 5, 1)) == 60 * 12


def test_other_members_by_regional_minimum_wage_and_exactly_retirement_age():
    wage = minimum_wage(1, FEB26)
    p = DuesProfile("other", region=1, birth_date=date(1966, 4, 10), gender="M")  # 62 on 10/04/2028
    assert monthly_dues(p, FEB26).amount == wage * 3 // 1000  # 0,3% below retirement age (2026–2027)
    assert monthly_dues(p, date(2028, 3, 1)).amount == round_amount(Fraction(wage * 5, 1000), "dong")  # 0,5% 2028
    april = monthly_dues(p, date(2028, 4, 1))
    assert "từ tuổi nghỉ hưu" in april.rule  # reached during the month: counts (edge = month_end, UNCONFIRMED)
    assert april.amount == round_amount(Fraction(wage * 3, 1000), "dong")
    start = DEFAULT_SETTINGS.with_(edge="month_start")
    assert "dưới tuổi nghỉ hưu" in monthly_dues(p, date(2028, 4, 1), start).rule
    assert "từ tuổi nghỉ hưu" in monthly_dues(p, date(2028, 5, 1), start).rule
    older = DuesProfile("other", region=4, birth_date=date(1950, 1, 1), gender="F")
    assert monthly_dues(older, FEB26).amount == round_amount(Fraction(minimum_wage(4, FEB26) * 2, 1000), "dong")


def test_other_member_needs_region_and_age():
    no_region = DuesProfile("other", birth_date=date(1990, 1, 1), gender="M")
    assert monthly_dues(no_region, FEB26).findings[0].field == "region"
    assert monthly_dues(DuesProfile("other", region=2), FEB26).findings[0].field == "birth_date"


def test_exactly_fifty_years_of_party_age():
    p = salaried((date(2020, 1, 1), 10_000_000))
    p = DuesProfile("bhxh", bases=p.bases, admission_date=date(1976, 3, 15))
    assert monthly_dues(p, FEB26).amount == 100_000
    march = monthly_dues(p, MAR26)
    assert march.exempt and march.amount == 0 and march.rule_key == "dues.exemptions"
    start = DEFAULT_SETTINGS.with_(edge="month_start")
    assert monthly_dues(p, MAR26, start).amount == 100_000
    assert monthly_dues(p, date(2026, 4, 1), start).exempt
    # Under 342 there is no party-age exemption.
    old = DuesProfile("bhxh", bases=p.bases, admission_date=date(1970, 1, 1))
    assert monthly_dues(old, JAN26).amount == 100_000
    # A gap outside the Party delays the 50 years.
    gap = DuesProfile("bhxh", bases=p.bases, admission_date=date(1976, 3, 15),
                      party_age_gaps=((date(1990, 1, 1), date(1990, 7, 1)),))
    assert monthly_dues(gap, MAR26).amount == 100_000


def test_reduction_ending_mid_year():
    relief = Relief(REDUCE, 50, FEB26, date(2026, 7, 1), "QĐ số 12-QĐ/CB")
    p = DuesProfile("pensioner", bases=((date(2020, 1, 1), 6_000_000),), reliefs=(relief,))
    assert monthly_dues(p, JAN26).amount == 30_000  # before the decision
    assert monthly_dues(p, FEB26).amount == 15_000
    july = monthly_dues(p, date(2026, 7, 1))
    assert july.amount == 15_000 and "giảm 50%" in july.rule
    assert monthly_dues(p, date(2026, 8, 1)).amount == 30_000
    exempt = DuesProfile("pensioner", bases=p.bases, reliefs=(Relief(EXEMPT, 100, FEB26, FEB26, "QĐ 3"),))
    assert monthly_dues(exempt, FEB26).exempt


def test_check_reliefs():
    ok = Relief(REDUCE, 30, FEB26, date(2027, 1, 1), "QĐ 1")
    assert check_reliefs([ok]) == []
    codes = {f.code for f in check_reliefs([
        Relief(REDUCE, 40, FEB26, MAR26, "QĐ"),
        Relief(EXEMPT, 100, date(2026, 4, 1), date(2027, 4, 1), ""),
        Relief(REDUCE, 30, date(2026, 12, 1), date(2026, 11, 1), "QĐ"),
    ])}
    assert codes == {"dues.relief_percent", "dues.relief_months", "dues.relief_document", "dues.relief_dates",
                     "dues.relief_overlap"}


def test_voluntary_higher_amount():
    p = DuesProfile("student", voluntary_amount=20_000)
    res = monthly_dues(p, FEB26)
    assert res.amount == 20_000 and any(f.code == "dues.voluntary" for f in res.findings)
    assert monthly_dues(DuesProfile("student", voluntary_amount=1_000), FEB26).amount == 5_000


def test_three_unpaid_months_is_a_finding_not_a_removal():
    months = [MonthStatus(date(2026, m, 1), 10_000, 0 if m in (2, 5) else 10_000) for m in range(1, 13)]
    assert unpaid_finding(2026, months) is None
    months[7] = MonthStatus(date(2026, 8, 1), 10_000, 5_000)
    f = unpaid_finding(2026, months)
    assert f is not None and f.severity == "finding" and "02/2026, 05/2026, 08/2026" in f.message
    months[7] = MonthStatus(date(2026, 8, 1), 10_000, 0, reason="Miễn sinh hoạt tạm thời")
    assert unpaid_finding(2026, months) is None
    assert unpaid_finding(2025, months) is None


def test_split_by_regime():
    assert kept_percent(JAN26, "cell") == (30, "dues.split_342")
    assert kept_percent(JAN26, "grassroots_committee", commune=True) == (90, "dues.split_342")
    assert kept_percent(JAN26, "grassroots_cell") == (70, "dues.split_342")
    assert kept_percent(FEB26, "cell") == (30, "dues.split_01")
    assert REGISTRY["dues.split_01"].confidence == UNCONFIRMED
    custom = DEFAULT_SETTINGS.with_(split_01={"cell": 40})
    assert kept_percent(FEB26, "cell", custom) == (40, "dues.split_01")
    assert split(10_001, 30) == (3_000, 7_001)


@given(st.integers(0, 10**11), st.integers(0, 100))
def test_split_always_adds_up(amount, pct):
    kept, remitted = split(amount, pct)
    assert kept + remitted == amount and kept >= 0 and remitted >= 0


@given(st.integers(0, 10**10), st.integers(0, 10**10),
       st.dates(date(2011, 4, 1), date(2035, 12, 1)), st.sampled_from(["dong", "dong_down", "hundred", "thousand"]))
def test_salaried_amount_is_whole_dong_close_to_one_percent_and_monotone(a, b, month, rounding):
    settings = DEFAULT_SETTINGS.with_(rounding=rounding)
    lo, hi = sorted((a, b))
    p_lo = salaried((date(2011, 1, 1), lo))
    p_hi = salaried((date(2011, 1, 1), hi))
    r_lo, r_hi = monthly_dues(p_lo, month, settings), monthly_dues(p_hi, month, settings)
    assert isinstance(r_lo.amount, int) and r_lo.amount <= r_hi.amount
    unit = {"dong": 1, "dong_down": 1, "hundred": 100, "thousand": 1000}[rounding]
    assert abs(r_lo.amount * 100 - lo) <= unit * 100
