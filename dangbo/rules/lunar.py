"""Vietnamese lunisolar calendar (âm lịch), UTC+7.

Hồ Ngọc Đức's published astronomical algorithm ("Âm lịch Việt Nam", new moons after Meeus, month 11
contains the winter solstice, leap month = first month without a major solar term). The time zone is
what makes it Vietnamese: with UTC+8 it gives the Chinese calendar (e.g. Tết 1985 is 21/01 in Vietnam,
20/02 in China).
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from functools import lru_cache

from .sources import PARTLY_CONFIRMED, Source, register

TIME_ZONE = 7.0
MIN_YEAR, MAX_YEAR = 1800, 2199  # range in which the approximations are published as reliable

register(
    "lunar.algorithm",
    Source(
        document="Hồ Ngọc Đức, “Thuật toán tính âm lịch” (Âm lịch Việt Nam)",
        clause="Múi giờ UTC+7; sóc theo Meeus; tháng 11 chứa Đông chí; tháng nhuận là tháng không có "
        "trung khí",
        valid_from=date(MIN_YEAR, 1, 1),
        valid_to=date(MAX_YEAR, 12, 31),
        confidence=PARTLY_CONFIRMED,
        note="Astronomical approximation, not an official table; rules.md §9 asks an admin to confirm the "
        "lunar holiday dates each year.",
        url="https://www.informatik.uni-leipzig.de/~duc/amlich/calrules.html",
    ),
)

_JD_OFFSET = 1721425  # Julian Day Number = date.toordinal() + offset (proleptic Gregorian)


def _jd(d: date) -> int:
    return d.toordinal() + _JD_OFFSET


def _from_jd(jd: int) -> date:
    return date.fromordinal(jd - _JD_OFFSET)


def _new_moon(k: int) -> float:
    """Julian day (UT) of the k-th new moon after 1/1/1900."""
    t = k / 1236.85
    t2, t3 = t * t, t * t * t
    dr = math.pi / 180
    jd1 = 2415020.75933 + 29.53058868 * k + 0.0001178 * t2 - 0.000000155 * t3
    jd1 += 0.00033 * math.sin((166.56 + 132.87 * t - 0.009173 * t2) * dr)
    m = 359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3
    mpr = 306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3
    f = 21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3
    c1 = (0.1734 - 0.000393 * t) * math.sin(m * dr) + 0.0021 * math.sin(2 * dr * m)
    c1 = c1 - 0.4068 * math.sin(mpr * dr) + 0.0161 * math.sin(dr * 2 * mpr)
    c1 = c1 - 0.0004 * math.sin(dr * 3 * mpr)
    c1 = c1 + 0.0104 * math.sin(dr * 2 * f) - 0.0051 * math.sin(dr * (m + mpr))
    c1 = c1 - 0.0074 * math.sin(dr * (m - mpr)) + 0.0004 * math.sin(dr * (2 * f + m))
    c1 = c1 - 0.0004 * math.sin(dr * (2 * f - m)) - 0.0006 * math.sin(dr * (2 * f + mpr))
    c1 = c1 + 0.0010 * math.sin(dr * (2 * f - mpr)) + 0.0005 * math.sin(dr * (2 * mpr + m))
    if t < -11:
        deltat = 0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3
    else:
        deltat = -0.000278 + 0.000265 * t + 0.000262 * t2
    return jd1 + c1 - deltat


@lru_cache(maxsize=4096)
def _new_moon_day(k: int) -> int:
    return math.floor(_new_moon(k) + 0.5 + TIME_ZONE / 24)


def _sun_longitude(jdn: float) -> float:
    """Sun's apparent longitude in radians, 0 <= L < 2π."""
    t = (jdn - 2451545.0) / 36525
    t2 = t * t
    dr = math.pi / 180
    m = 357.52910 + 35999.05030 * t - 0.0001559 * t2 - 0.00000048 * t * t2
    l0 = 280.46645 + 36000.76983 * t + 0.0003032 * t2
    dl = (1.914600 - 0.004817 * t - 0.000014 * t2) * math.sin(dr * m)
    dl += (0.019993 - 0.000101 * t) * math.sin(dr * 2 * m) + 0.000290 * math.sin(dr * 3 * m)
    lon = (l0 + dl) * dr
    return lon - math.pi * 2 * math.floor(lon / (math.pi * 2))


def _sun_sector(day_number: int) -> int:
    """Which of the 12 major-term sectors the sun is in at the start of the local day."""
    return math.floor(_sun_longitude(day_number - 0.5 - TIME_ZONE / 24) / math.pi * 6)


@lru_cache(maxsize=1024)
def _lunar_month_11(year: int) -> int:
    """Julian day of the start of lunar month 11 (the month holding the winter solstice) of `year`."""
    off = _jd(date(year, 12, 31)) - 2415021
    k = math.floor(off / 29.530588853)
    nm = _new_moon_day(k)
    if _sun_sector(nm) >= 9:
        nm = _new_moon_day(k - 1)
    return nm


@lru_cache(maxsize=1024)
def _leap_month_offset(a11: int) -> int:
    k = math.floor((a11 - 2415021.076998695) / 29.530588853 + 0.5)
    i = 1
    arc = _sun_sector(_new_moon_day(k + i))
    while True:
        last = arc
        i += 1
        arc = _sun_sector(_new_moon_day(k + i))
        if arc == last or i >= 14:
            break
    return i - 1


def _check_year(year: int) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(f"Năm {year} nằm ngoài phạm vi tính âm lịch ({MIN_YEAR}–{MAX_YEAR}).")


def solar_to_lunar(d: date) -> tuple[int, int, int, bool]:
    """Solar date -> (lunar day, lunar month, lunar year, is leap month)."""
    _check_year(d.year)
    day_number = _jd(d)
    k = math.floor((day_number - 2415021.076998695) / 29.530588853)
    month_start = _new_moon_day(k + 1)
    if month_start > day_number:
        month_start = _new_moon_day(k)
    a11 = _lunar_month_11(d.year)
    b11 = a11
    if a11 >= month_start:
        lunar_year = d.year
        a11 = _lunar_month_11(d.year - 1)
    else:
        lunar_year = d.year + 1
        b11 = _lunar_month_11(d.year + 1)
    lunar_day = day_number - month_start + 1
    diff = math.floor((month_start - a11) / 29)
    leap = False
    lunar_month = diff + 11
    if b11 - a11 > 365:
        leap_diff = _leap_month_offset(a11)
        if diff >= leap_diff:
            lunar_month = diff + 10
            leap = diff == leap_diff
    if lunar_month > 12:
        lunar_month -= 12
    if lunar_month >= 11 and diff < 4:
        lunar_year -= 1
    return lunar_day, lunar_month, lunar_year, leap


def lunar_to_solar(day: int, month: int, year: int, leap: bool = False) -> date:
    """Lunar date -> solar date. Raises ValueError (Vietnamese message) if that lunar date does not exist."""
    _check_year(year)
    if not (1 <= month <= 12 and 1 <= day <= 30):
        raise ValueError(f"Ngày âm lịch {day}/{month}/{year} không hợp lệ.")
    if month < 11:
        a11, b11 = _lunar_month_11(year - 1), _lunar_month_11(year)
    else:
        a11, b11 = _lunar_month_11(year), _lunar_month_11(year + 1)
    k = math.floor(0.5 + (a11 - 2415021.076998695) / 29.530588853)
    off = (month - 11) % 12
    if b11 - a11 > 365:
        leap_off = _leap_month_offset(a11)
        leap_month = (leap_off - 2) % 12
        if leap and month != leap_month:
            raise ValueError(f"Năm âm lịch {year} không có tháng {month} nhuận.")
        if leap or off >= leap_off:
            off += 1
    elif leap:
        raise ValueError(f"Năm âm lịch {year} không có tháng nhuận.")
    result = _from_jd(_new_moon_day(k + off) + day - 1)
    # Day 30 of a 29-day month would spill into the next month: reject it.
    if solar_to_lunar(result) != (day, month, year, leap):
        raise ValueError(f"Ngày âm lịch {day}/{month}{' nhuận' if leap else ''}/{year} không tồn tại.")
    return result


def leap_month(year: int) -> int | None:
    """The leap month of lunar `year`, or None."""
    for month in range(1, 13):
        try:
            lunar_to_solar(1, month, year, leap=True)
        except ValueError:
            continue
        return month
    return None


def tet(year: int) -> date:
    """Solar date of Tết Nguyên đán (1 tháng Giêng) of lunar `year`."""
    return lunar_to_solar(1, 1, year)


def lunar_new_years_eve(year: int) -> date:
    """Last day of the lunar year before Tết of `year` (29 or 30 tháng Chạp)."""
    return tet(year) - timedelta(days=1)
