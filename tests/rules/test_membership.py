import calendar
from datetime import date, timedelta

from hypothesis import assume, given
from hypothesis import strategies as st

from dangbo.rules.membership import (
    ERROR,
    FINDING,
    PROBATION_MONTHS,
    PartyAge,
    add_months,
    age_in_months,
    ceremony_deadline,
    check_admission,
    check_event_dates,
    official_date,
    party_age,
    recognition_deadline,
)

DATES = st.dates(min_value=date(1930, 1, 1), max_value=date(2080, 12, 31))


def test_add_months_examples():
    assert add_months(date(2021, 1, 31), 1) == date(2021, 2, 28)
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2020, 12, 15), 2) == date(2021, 2, 15)
    assert add_months(date(2021, 3, 31), -1) == date(2021, 2, 28)


@given(DATES, st.integers(-600, 600))
def test_add_months_invariants(d, n):
    r = add_months(d, n)
    assert (r.year * 12 + r.month) - (d.year * 12 + d.month) == n
    assert r.day == min(d.day, calendar.monthrange(r.year, r.month)[1])
    if d.day <= 28:
        assert add_months(r, -n) == d


@given(DATES, DATES, st.integers(0, 240))
def test_add_months_monotone(a, b, n):
    a, b = min(a, b), max(a, b)
    assert add_months(a, n) <= add_months(b, n)


@given(DATES, DATES)
def test_age_in_months_is_consistent_with_add_months(birth, on):
    k = age_in_months(birth, on)
    assert add_months(birth, k) <= on < add_months(birth, k + 1)


def test_official_date():
    assert PROBATION_MONTHS == 12
    assert official_date(date(2020, 2, 29)) == date(2021, 2, 28)
    assert official_date(date(2020, 12, 25)) == date(2021, 12, 25)


def test_deadlines_in_working_days():
    assert ceremony_deadline(date(2026, 2, 2)) == date(2026, 3, 23)  # across Tết 2026
    assert recognition_deadline(date(2025, 6, 2)) == date(2025, 7, 14)


def test_check_admission_age():
    assert check_admission(date(2005, 3, 15), date(2023, 3, 15)) == []
    [f] = check_admission(date(2005, 3, 15), date(2023, 3, 14))
    assert f.severity == ERROR and f.field == "birth_date" and f.code == "admission_under_18"
    assert f.message.startswith("Người vào Đảng phải đủ 18 tuổi")
    assert "17 tuổi 11 tháng" in f.message and "ngày sinh 15/03/2005" in f.message
    # the chi bộ's consideration date wins over the decision date
    assert check_admission(date(2005, 3, 15), date(2023, 4, 1), date(2023, 3, 1))[0].severity == ERROR
    assert check_admission(date(1960, 1, 1), date(2020, 1, 1)) == []  # đủ 60 tuổi
    [f] = check_admission(date(1960, 1, 1), date(2020, 2, 1))
    assert f.severity == FINDING and f.code == "admission_over_60"
    assert check_admission(None, date(2020, 1, 1)) == []


def test_check_event_dates_messages():
    [f] = check_event_dates(date(2021, 1, 1), ceremony_date=date(2020, 12, 25))
    assert f.message == "Ngày lễ kết nạp (25/12/2020) không được trước ngày quyết định kết nạp (01/01/2021)."
    assert f.field == "ceremony_date" and f.severity == ERROR
    [f] = check_event_dates(
        date(2021, 1, 1), ceremony_date=date(2021, 1, 10), official_date=date(2022, 1, 11)
    )
    assert f.code == "official_not_end_of_probation" and "10/01/2022" in f.message
    assert check_event_dates(date(2021, 1, 1), date(2021, 1, 10), date(2022, 1, 10), date(1990, 5, 5)) == []
    [f] = check_event_dates(date(2021, 1, 1), official_date=date(2020, 1, 1))
    assert f.code == "official_before_decision" and f.field == "official_date"
    [f] = check_event_dates(date(2021, 1, 1), official_date=date(2021, 6, 1))
    assert f.code == "official_before_probation_end"
    [f] = check_event_dates(date(2021, 1, 1), birth_date=date(2021, 1, 1))
    assert f.field == "birth_date"
    [f] = check_event_dates(date(2021, 1, 4), ceremony_date=date(2021, 6, 1))
    assert f.code == "ceremony_late" and f.severity == FINDING


def test_party_age_source_example():
    # rules.md §3.3: admitted 26/7/2015, official 26/7/2016; party age runs from 26/7/2015.
    assert party_age(date(2015, 7, 26), date(2016, 7, 26), [], date(2016, 7, 25)) is None
    assert party_age(date(2015, 7, 26), date(2016, 7, 26), [], date(2016, 7, 26)) == PartyAge(1, 0, 12)
    age = party_age(date(2015, 7, 26), date(2016, 7, 26), [], date(2047, 11, 26))
    assert str(age) == "32 năm 4 tháng" and age.total_months == 388
    assert party_age(date(2015, 7, 26), None, [], date(2030, 1, 1)) is None


def test_party_age_gaps():
    adm, off = date(2000, 1, 1), date(2001, 1, 1)
    # a one-month gap (January 2005) removes exactly one month
    assert party_age(adm, off, [(date(2005, 1, 1), date(2005, 2, 1))], date(2010, 3, 1)).total_months == 121
    # an open gap freezes party age
    gaps = [(date(2005, 1, 1), None)]
    assert party_age(adm, off, gaps, date(2005, 1, 1)).total_months == 60
    assert party_age(adm, off, gaps, date(2009, 7, 15)).total_months == 60
    # overlapping gaps are not subtracted twice
    two = [(date(2005, 1, 1), date(2005, 7, 1)), (date(2005, 4, 1), date(2005, 7, 1))]
    assert party_age(adm, off, two, date(2010, 1, 1)).total_months == 114
    assert str(PartyAge.from_months(24)) == "2 năm" and str(PartyAge.from_months(5)) == "5 tháng"


gap_strategy = st.lists(
    st.tuples(DATES, st.one_of(st.none(), st.integers(0, 4000))).map(
        lambda t: (t[0], None if t[1] is None else t[0] + timedelta(days=t[1]))
    ),
    max_size=3,
)


@given(DATES, st.integers(0, 1000), gap_strategy, DATES, DATES)
def test_party_age_monotone_and_not_before_official(adm, delay, gaps, on1, on2):
    off = adm + timedelta(days=delay)
    on1, on2 = min(on1, on2), max(on1, on2)
    a1, a2 = party_age(adm, off, gaps, on1), party_age(adm, off, gaps, on2)
    if on1 < off:
        assert a1 is None
    if a1 is not None:
        assert a2 is not None and a2.total_months >= a1.total_months
    if a2 is not None:
        assert 0 <= a2.total_months <= age_in_months(adm, on2)
        assert a2.total_months == a2.years * 12 + a2.months


@given(DATES, DATES)
def test_party_age_without_gaps_is_whole_months(adm, on):
    assume(on >= adm)
    assert party_age(adm, adm, [], on).total_months == age_in_months(adm, on)
