from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dangbo.rules.calendar import (
    COMPENSATORY,
    HOLIDAY,
    KNOWN_ANNOUNCEMENTS,
    SWAPPED_OFF,
    DayOff,
    MakeupWorkday,
    WorkingCalendar,
    statutory_holidays,
)
from dangbo.rules.sources import UNCONFIRMED

CAL = WorkingCalendar()


def holidays_only(year, **kw):
    return [x for x in statutory_holidays(year, **kw) if x.kind == HOLIDAY]


def test_labour_code_2012_shape():
    days = holidays_only(2019)
    assert len(days) == 10
    assert date(2019, 9, 1) not in {d.date for d in days}
    assert "Điều 115" in days[0].source.clause


def test_labour_code_2019_shape():
    days = holidays_only(2021)
    assert len(days) == 11
    dates = {d.date for d in days}
    assert {date(2021, 9, 1), date(2021, 9, 2)} <= dates
    assert holidays_only(2021, national_day_extra="after")[-1].date == date(2021, 9, 3)
    extra = [d for d in days if d.date == date(2021, 9, 1)][0]
    assert extra.source.confidence == UNCONFIRMED


def test_default_tet_days_are_eve_plus_four():
    tet = [d.date for d in holidays_only(2024) if d.name == "Tết Âm lịch"]
    assert tet == [date(2024, 2, 9) + timedelta(days=i) for i in range(5)]


def test_compensatory_days():
    days = statutory_holidays(2023)
    comp = {d.date for d in days if d.kind == COMPENSATORY}
    # 1/1/2023 Sunday -> Monday 2/1; Tết 21–22/1 weekend -> 26–27/1; 29–30/4 weekend -> 2–3/5; 2/9 Sat -> 4/9.
    expected = [(1, 2), (1, 26), (1, 27), (5, 2), (5, 3), (9, 4)]
    assert comp == {date(2023, m, d) for m, d in expected}


def test_2026_known_announcements():
    off = {d.date: d for d in CAL.days_off(2026)}
    assert off[date(2026, 1, 2)].kind == SWAPPED_OFF
    assert CAL.is_working_day(date(2026, 1, 10))  # Saturday, make-up day
    assert all(not CAL.is_working_day(date(2026, 2, 14) + timedelta(days=i)) for i in range(9))
    assert CAL.is_working_day(date(2026, 2, 13)) and CAL.is_working_day(date(2026, 2, 23))
    assert all(not CAL.is_working_day(date(2026, 8, 29) + timedelta(days=i)) for i in range(5))
    assert CAL.is_working_day(date(2026, 8, 22)) and CAL.is_working_day(date(2026, 9, 3))
    assert not CAL.is_working_day(date(2026, 4, 27))  # nghỉ bù: Giỗ Tổ on Sunday 26/4
    assert all(a.source.document for a in KNOWN_ANNOUNCEMENTS)


def test_without_announcements():
    plain = WorkingCalendar(use_known_announcements=False)
    assert plain.is_working_day(date(2026, 1, 2))
    assert not plain.is_working_day(date(2026, 1, 10))


def test_admin_table():
    cal = WorkingCalendar(
        extra_days_off=[date(2027, 9, 3), DayOff(date(2027, 11, 24), "Ngày Văn hóa Việt Nam", HOLIDAY)],
        makeup_workdays=[date(2027, 9, 1), MakeupWorkday(date(2027, 9, 11))],
    )
    assert not cal.is_working_day(date(2027, 9, 3))
    assert not cal.is_working_day(date(2027, 11, 24))
    assert cal.is_working_day(date(2027, 9, 1))  # overrides the default second Quốc khánh day
    assert cal.is_working_day(date(2027, 9, 11))


def test_deadline_across_tet():
    # 30 working days from Monday 02/02/2026 skip the Tết week 16–20/02.
    assert CAL.add_working_days(date(2026, 2, 2), 30) == date(2026, 3, 23)
    assert CAL.working_days_between(date(2026, 2, 2), date(2026, 3, 23)) == 30
    assert CAL.add_working_days(date(2026, 2, 13), 1) == date(2026, 2, 23)
    assert CAL.add_working_days(date(2026, 2, 23), -1) == date(2026, 2, 13)
    assert CAL.add_working_days(date(2026, 2, 15), 0) == date(2026, 2, 15)
    assert CAL.next_working_day(date(2026, 2, 15)) == date(2026, 2, 23)


def test_weekends():
    assert not CAL.is_working_day(date(2025, 3, 8)) and not CAL.is_working_day(date(2025, 3, 9))
    assert CAL.is_working_day(date(2025, 3, 10))


DATES = st.dates(min_value=date(1995, 1, 1), max_value=date(2045, 12, 31))


@given(DATES, st.integers(-90, 90))
def test_add_working_days_lands_on_working_day_and_inverts(start, n):
    end = CAL.add_working_days(start, n)
    if n:
        assert CAL.is_working_day(end)
    assert CAL.working_days_between(start, end) == n


@given(DATES, st.integers(0, 200))
def test_working_days_between_counts(a, span):
    b = a + timedelta(days=span)
    n = CAL.working_days_between(a, b)
    assert 0 <= n <= span
    assert CAL.working_days_between(b, a) == -n + CAL.is_working_day(b) - CAL.is_working_day(a)
    if n:
        assert CAL.add_working_days(a, n) <= b


@pytest.mark.parametrize("year", range(1995, 2046))
def test_every_year_has_its_holidays(year):
    days = holidays_only(year)
    assert len(days) == (11 if year >= 2021 else 10)
    assert all(d.date.year == year for d in statutory_holidays(year))
