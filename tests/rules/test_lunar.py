from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dangbo.rules.lunar import leap_month, lunar_new_years_eve, lunar_to_solar, solar_to_lunar, tet

# Tết Nguyên đán in Vietnam (UTC+7), 1985–2029.
TET = {
    1985: (1, 21), 1986: (2, 9), 1987: (1, 29), 1988: (2, 17), 1989: (2, 6), 1990: (1, 27),
    1991: (2, 15), 1992: (2, 4), 1993: (1, 23), 1994: (2, 10), 1995: (1, 31), 1996: (2, 19),
    1997: (2, 7), 1998: (1, 28), 1999: (2, 16), 2000: (2, 5), 2001: (1, 24), 2002: (2, 12),
    2003: (2, 1), 2004: (1, 22), 2005: (2, 9), 2006: (1, 29), 2007: (2, 17), 2008: (2, 7),
    2009: (1, 26), 2010: (2, 14), 2011: (2, 3), 2012: (1, 23), 2013: (2, 10), 2014: (1, 31),
    2015: (2, 19), 2016: (2, 8), 2017: (1, 28), 2018: (2, 16), 2019: (2, 5), 2020: (1, 25),
    2021: (2, 12), 2022: (2, 1), 2023: (1, 22), 2024: (2, 10), 2025: (1, 29), 2026: (2, 17),
    2027: (2, 6), 2028: (1, 26), 2029: (2, 13),
}  # fmt: skip


@pytest.mark.parametrize("year", sorted(TET))
def test_tet_dates(year):
    month, day = TET[year]
    assert tet(year) == date(year, month, day)
    assert solar_to_lunar(date(year, month, day)) == (1, 1, year, False)


def test_vietnam_differs_from_china():
    # China (UTC+8): 20/02/1985, 18/02/2007, 03/02/2030; the new moon falls before midnight in Hà Nội.
    assert tet(1985) == date(1985, 1, 21)
    assert tet(2007) == date(2007, 2, 17)
    assert tet(2030) == date(2030, 2, 2)


@pytest.mark.parametrize("year,month", [(2012, 4), (2014, 9), (2017, 6), (2020, 4), (2023, 2), (2025, 6)])
def test_leap_months(year, month):
    assert leap_month(year) == month


def test_no_leap_month():
    assert leap_month(2024) is None
    with pytest.raises(ValueError):
        lunar_to_solar(1, 3, 2024, leap=True)
    with pytest.raises(ValueError):
        lunar_to_solar(1, 3, 2023, leap=True)  # 2023 has a leap 2nd month, not a 3rd


def test_hung_kings_day():
    assert lunar_to_solar(10, 3, 2024) == date(2024, 4, 18)
    assert lunar_to_solar(10, 3, 2025) == date(2025, 4, 7)
    assert lunar_to_solar(10, 3, 2026) == date(2026, 4, 26)


def test_new_years_eve_and_leap_month_dates():
    assert lunar_new_years_eve(2026) == date(2026, 2, 16)
    assert solar_to_lunar(date(2026, 2, 16))[1:] == (12, 2025, False)
    assert lunar_to_solar(1, 4, 2020, leap=True) == date(2020, 5, 23)


def test_day_30_of_short_month_rejected():
    # Month 12 of lunar 2025 ends on 16/02/2026: it has 30 days iff 30/12 maps there.
    lengths = [(lunar_to_solar(1, m + 1, 2024) - lunar_to_solar(1, m, 2024)).days for m in range(1, 12)]
    short = lengths.index(29) + 1
    with pytest.raises(ValueError):
        lunar_to_solar(30, short, 2024)


def test_out_of_range():
    with pytest.raises(ValueError):
        solar_to_lunar(date(1700, 1, 1))


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2150, 12, 31)))
def test_round_trip_solar(d):
    day, month, year, leap = solar_to_lunar(d)
    assert 1 <= day <= 30 and 1 <= month <= 12
    assert lunar_to_solar(day, month, year, leap) == d


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2150, 12, 31)))
def test_consecutive_days(d):
    day, month, year, leap = solar_to_lunar(d)
    nday, nmonth, nyear, nleap = solar_to_lunar(d + timedelta(days=1))
    if nday != 1:
        assert (nday, nmonth, nyear, nleap) == (day + 1, month, year, leap)
    else:
        assert day in (29, 30)


@given(st.integers(1901, 2149), st.integers(1, 12), st.integers(1, 29))
def test_round_trip_lunar(year, month, day):
    d = lunar_to_solar(day, month, year)
    assert solar_to_lunar(d) == (day, month, year, False)
