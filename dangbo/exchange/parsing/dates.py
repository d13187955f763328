"""Reading dates from spreadsheet cells: Excel serials, dd/mm/yyyy and the forms offices actually type.

Rules (issue 3: "an ambiguous date is an error, never a guess"):

- date / datetime objects are taken as they are (datetime -> its date).
- Numbers are Excel serial days in the 1900 date system: 1 = 01/01/1900, 61 = 01/03/1900. Serial 60 is
  Excel's fictitious 29/02/1900 (the Lotus 1-2-3 leap-year bug) and is an error. A fractional part
  (time of day) is dropped. Serials outside 1900–2100 are errors. A whole number from 1900 to 2100 is
  read as "only a year" and is an error too (it would otherwise be a date in 1905).
- Text, always day first (the Vietnamese convention):
  dd/mm/yyyy, d/m/yyyy, dd-mm-yyyy, dd.mm.yyyy, d/m/yy (same separators), yyyy-mm-dd (ISO),
  "ngày 25 tháng 12 năm 2020"; a trailing time "00:00:00" is ignored.
- Two-digit years pivot on the current year: yy <= (this year % 100) + 1 -> 20yy, else 19yy.
  In 2025: 00–26 -> 2000–2026, 27–99 -> 1927–1999 (so 65 -> 1965, 05 -> 2005).
- Everything else is an ExchangeError saying which form is expected: "2005/03/04" (year first with
  slashes), "12/25/2020" (month first: 25 is no month), "1985" (only a year), "12/1985", "31/02/2020".
- Years outside 1900–2100 are errors.
"""

from __future__ import annotations

import math
import re
import unicodedata
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from dangbo.rules.text import search_key

from .errors import ExchangeError

MIN_YEAR = 1900
MAX_YEAR = 2100
EXPECTED = "ngày/tháng/năm, ví dụ 25/12/2020 (hoặc năm-tháng-ngày 2020-12-25)"

_EXCEL_EPOCH = date(1899, 12, 30)  # serial 0 under the Lotus bug, valid for serials >= 61
_FIRST_SERIAL = 1  # 01/01/1900
_LAST_SERIAL = (date(MAX_YEAR, 12, 31) - _EXCEL_EPOCH).days  # 31/12/2100

_TIME = r"(?:[ T]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s*(?:AM|PM|SA|CH))?)?"
_DMY = re.compile(r"(\d{1,2})([/.\-])(\d{1,2})\2(\d{4}|\d{2})" + _TIME, re.IGNORECASE)
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})" + _TIME, re.IGNORECASE)
_YMD_OTHER = re.compile(r"(\d{4})([/.])(\d{1,2})\2(\d{1,2})" + _TIME, re.IGNORECASE)
_LONG = re.compile(r"(?:ngay )?(\d{1,2}) thang (\d{1,2}) nam (\d{4})")
_YEAR_ONLY = re.compile(r"\d{4}")
_MONTH_YEAR = re.compile(r"(\d{1,2})[/.\-](\d{4})")


def _error(message: str, value: Any, row: int | None, column: str | None, code: str) -> ExchangeError:
    return ExchangeError(message, row=row, column=column, value=value, code=code)


def pivot_year(yy: int, today: date | None = None) -> int:
    """Two-digit year -> four digits: yy <= (this year % 100) + 1 -> 20yy, else 19yy."""
    current = (today or date.today()).year % 100
    return 2000 + yy if yy <= current + 1 else 1900 + yy


def from_excel_serial(serial: float, *, row: int | None = None, column: str | None = None) -> date:
    """Excel 1900-system serial -> date (ExchangeError outside 1900–2100 or for the fictitious 29/02/1900)."""
    shown = _show(serial)
    if isinstance(serial, float) and not math.isfinite(serial):
        raise _error(f"«{shown}» không phải ngày. Cần ngày dạng {EXPECTED}.", serial, row, column, "date_invalid")
    days = math.floor(serial)
    if days == 60:
        raise _error("Ngày 29/02/1900 không tồn tại (lỗi năm nhuận 1900 của Excel).", serial, row, column,
                     "date_invalid")
    if not _FIRST_SERIAL <= days <= _LAST_SERIAL:
        raise _error(f"Số {shown} không phải ngày trong khoảng {MIN_YEAR}–{MAX_YEAR}. Cần ngày dạng {EXPECTED}.",
                     serial, row, column, "date_out_of_range")
    if days < 60:
        days += 1  # before the fictitious 29/02/1900 the bug shifts nothing: serial 1 = 01/01/1900
    return _EXCEL_EPOCH + timedelta(days=days)


def to_excel_serial(d: date) -> int:
    """Inverse of from_excel_serial (for tests and exports)."""
    days = (d - _EXCEL_EPOCH).days
    return days - 1 if days <= 60 else days


def _show(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _build(year: int, month: int, day: int, value: Any, row: int | None, column: str | None,
           *, day_first: bool = True) -> date:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise _error(f"Năm {year} trong «{value}» nằm ngoài khoảng {MIN_YEAR}–{MAX_YEAR}.", value, row, column,
                     "date_out_of_range")
    if day_first and month > 12 and 1 <= day <= 12 and month <= 31:
        raise _error(
            f"«{value}» có vẻ ghi theo kiểu tháng/ngày/năm (tháng {month} không tồn tại). "
            f"Cần ghi ngày trước: {EXPECTED}.",
            value, row, column, "date_ambiguous",
        )
    try:
        return date(year, month, day)
    except ValueError:
        raise _error(f"Ngày «{value}» không tồn tại. Cần ngày dạng {EXPECTED}.", value, row, column,
                     "date_invalid") from None


def parse_date(
    value: Any,
    *,
    row: int | None = None,
    column: str | None = None,
    today: date | None = None,
) -> date | None:
    """A cell value -> date, None for an empty cell; ExchangeError (Vietnamese, naming row/column) otherwise.

    `today` only fixes the two-digit-year pivot (tests); it defaults to date.today().
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        return _build(value.year, value.month, value.day, value, row, column, day_first=False)
    if isinstance(value, date):
        return _build(value.year, value.month, value.day, value, row, column, day_first=False)
    if isinstance(value, bool):
        raise _error(f"«{value}» không phải ngày. Cần ngày dạng {EXPECTED}.", value, row, column, "date_invalid")
    if isinstance(value, (int, float, Decimal)):
        number = float(value)
        if math.isfinite(number) and number.is_integer() and MIN_YEAR <= number <= MAX_YEAR:
            raise _error(f"«{_show(value)}» chỉ có năm, thiếu ngày và tháng. Cần ngày dạng {EXPECTED}.",
                         value, row, column, "date_year_only")
        return from_excel_serial(number, row=row, column=column)
    if not isinstance(value, str):
        raise _error(f"«{value}» không phải ngày. Cần ngày dạng {EXPECTED}.", value, row, column, "date_invalid")

    text = " ".join(unicodedata.normalize("NFC", value).split())
    if not text:
        return None
    shown = text if len(text) <= 40 else text[:40] + "…"

    m = _DMY.fullmatch(text)
    if m:
        day, month, year_text = int(m.group(1)), int(m.group(3)), m.group(4)
        year = int(year_text) if len(year_text) == 4 else pivot_year(int(year_text), today)
        return _build(year, month, day, shown, row, column)
    m = _ISO.fullmatch(text)
    if m:
        return _build(int(m.group(1)), int(m.group(2)), int(m.group(3)), shown, row, column, day_first=False)
    if _YMD_OTHER.fullmatch(text):
        raise _error(f"«{shown}» ghi năm trước theo kiểu không rõ thứ tự ngày, tháng. Cần {EXPECTED}.",
                     shown, row, column, "date_ambiguous")
    m = _LONG.fullmatch(search_key(text))
    if m:
        return _build(int(m.group(3)), int(m.group(2)), int(m.group(1)), shown, row, column)
    if _YEAR_ONLY.fullmatch(text):
        raise _error(f"«{shown}» chỉ có năm, thiếu ngày và tháng. Cần ngày dạng {EXPECTED}.",
                     shown, row, column, "date_year_only")
    if _MONTH_YEAR.fullmatch(text):
        raise _error(f"«{shown}» thiếu ngày. Cần ngày dạng {EXPECTED}.", shown, row, column, "date_incomplete")
    raise _error(f"«{shown}» không phải ngày hợp lệ. Cần ngày dạng {EXPECTED}.", shown, row, column,
                 "date_invalid")
