"""dates.parse_date: Excel serials, day-first text, two-digit years, and errors instead of guesses."""

from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dangbo.exchange.parsing.dates import from_excel_serial, parse_date, pivot_year, to_excel_serial
from dangbo.exchange.parsing.errors import ExchangeError

TODAY = date(2025, 6, 1)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("25/12/2020", date(2020, 12, 25)),
        ("5/1/2020", date(2020, 1, 5)),
        ("05/01/2020", date(2020, 1, 5)),
        ("25-12-2020", date(2020, 12, 25)),
        ("25.12.2020", date(2020, 12, 25)),
        ("2020-12-25", date(2020, 12, 25)),
        ("2020-12-25 00:00:00", date(2020, 12, 25)),
        ("25/12/2020 00:00", date(2020, 12, 25)),
        ("03/04/05", date(2005, 4, 3)),  # d/m/yy is the Vietnamese convention: 3 April 2005
        ("1/2/65", date(1965, 2, 1)),
        ("1/2/26", date(2026, 2, 1)),
        ("1/2/27", date(1927, 2, 1)),
        ("  25/12/2020 ", date(2020, 12, 25)),
        ("ngày 25 tháng 12 năm 2020", date(2020, 12, 25)),
        (date(1980, 1, 2), date(1980, 1, 2)),
        (datetime(1980, 1, 2, 10, 30), date(1980, 1, 2)),
        (44197, date(2021, 1, 1)),
        (44197.0, date(2021, 1, 1)),
        (44197.75, date(2021, 1, 1)),  # a time of day is dropped
        (1, date(1900, 1, 1)),
        (59, date(1900, 2, 28)),
        (61, date(1900, 3, 1)),
        (29221, date(1980, 1, 1)),
    ],
)
def test_accepted_forms(value, expected):
    assert parse_date(value, today=TODAY) == expected


@pytest.mark.parametrize("value", [None, "", "   "])
def test_empty_is_none(value):
    assert parse_date(value) is None


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("12/25/2020", "date_ambiguous"),  # month first: no month 25
        ("2005/03/04", "date_ambiguous"),  # year first with slashes: d/m or m/d?
        ("2005.03.04", "date_ambiguous"),
        ("1985", "date_year_only"),
        (1985, "date_year_only"),
        (1985.0, "date_year_only"),
        ("12/1985", "date_incomplete"),
        ("31/02/2020", "date_invalid"),
        ("29/02/2019", "date_invalid"),
        ("00/01/2020", "date_invalid"),
        ("abc", "date_invalid"),
        ("25/12-2020", "date_invalid"),  # mixed separators
        (60, "date_invalid"),  # Excel's fictitious 29/02/1900
        (0, "date_out_of_range"),
        (-5, "date_out_of_range"),
        (100000, "date_out_of_range"),
        (float("nan"), "date_invalid"),
        (float("inf"), "date_invalid"),
        (True, "date_invalid"),
        ("25/12/1850", "date_out_of_range"),
        (date(1850, 1, 1), "date_out_of_range"),
        ([1, 2], "date_invalid"),
    ],
)
def test_rejected_forms(value, code):
    with pytest.raises(ExchangeError) as info:
        parse_date(value, row=12, column="Ngày sinh", today=TODAY)
    assert info.value.code == code
    assert str(info.value).startswith("Dòng 12, cột «Ngày sinh»: ")
    assert info.value.row == 12 and info.value.column == "Ngày sinh"


def test_month_first_message_names_the_expected_form():
    with pytest.raises(ExchangeError) as info:
        parse_date("12/25/2020")
    assert "ngày/tháng/năm" in info.value.message
    assert "25/12/2020" in info.value.message


def test_pivot_is_relative_to_the_current_year():
    assert pivot_year(26, date(2025, 1, 1)) == 2026
    assert pivot_year(27, date(2025, 1, 1)) == 1927
    assert pivot_year(0, date(2025, 1, 1)) == 2000
    assert pivot_year(99, date(2025, 1, 1)) == 1999
    assert pivot_year(31, date(2030, 1, 1)) == 2031


@given(st.dates(min_value=date(1900, 3, 1), max_value=date(2100, 12, 31)))
def test_serial_round_trip(d):
    serial = to_excel_serial(d)
    if 1900 <= serial <= 2100:
        return  # read as "only a year" on purpose
    assert parse_date(serial) == d
    assert from_excel_serial(serial) == d


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_text_round_trip(d):
    assert parse_date(f"{d.day:02d}/{d.month:02d}/{d.year:04d}") == d
    assert parse_date(d.isoformat()) == d


@given(st.one_of(st.text(max_size=40), st.integers(), st.floats(), st.none(), st.booleans()))
def test_never_crashes(value):
    try:
        result = parse_date(value)
    except ExchangeError as exc:
        assert exc.message
    else:
        assert result is None or isinstance(result, date)


@given(st.from_regex(r"\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}", fullmatch=True))
def test_date_like_strings_never_crash(value):
    try:
        parse_date(value)
    except ExchangeError:
        pass
