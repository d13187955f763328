"""The shape every reader returns (Table), the upload limits, and the cells: normalised, and read back as text."""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from .errors import ExchangeError

MAX_BYTES = 100 * 1024 * 1024
MAX_EMPTY_RUN = 1000
HEADER_SCAN_ROWS = 10
MIN_HEADER_CELLS = 3
# calamine holds a sheet's used range densely (~32 bytes a cell): above this many cells between A1 and the
# last cell holding a value, an .xlsx is streamed with openpyxl instead (a stray " " at XFD1048576).
MAX_DENSE_CELLS = 8_000_000
SPREADSHEET_EXTENSIONS = {".xlsx", ".xlsm", ".xls", ".ods", ".xlsb"}
TEXT_EXTENSIONS = {".csv", ".txt", ".tsv"}

ZIP_FORMATS = {"xlsx", "xlsm", "xlsb", "ods"}
RATIO_FLOOR = 10 * 1024 * 1024  # a member smaller than this unzipped is harmless whatever its ratio


Cell = Any  # None | str | int | float | bool | date | datetime | time | timedelta
Row = tuple[int, list[Cell]]


@dataclass
class Table:
    """One sheet of an uploaded file, ready for header mapping.

    headers: header texts (NFC; "" for an empty header cell), one per column from column A.
    rows: iterator of (row_number, cells) for the data rows below the header, empty rows skipped;
          every cells list has len(headers) items. It can be iterated ONCE (lazy, for large files).
    header_row: the row number (as in Excel) of the header; for a two-row header, its last row.
    format: "xlsx", "xlsm", "xls", "ods", "xlsb" or "csv".
    encoding, delimiter: for CSV only ("utf-8", "utf-8-sig", "utf-16", "cp1258" or "cp1252"; "," ";" "\\t").
    sheet_names: all sheet names of the workbook (for a sheet chooser).
    row_count_hint: an upper bound of the data rows (for progress bars), may overestimate.
    notes: Vietnamese remarks for the preview (two-row header combined, CSV encoding…).
    """

    sheet_name: str
    headers: list[str]
    rows: Iterator[Row]
    header_row: int = 1
    format: str = "xlsx"
    encoding: str | None = None
    delimiter: str | None = None
    sheet_names: list[str] = field(default_factory=list)
    row_count_hint: int = 0
    notes: list[str] = field(default_factory=list)

    def __iter__(self) -> Iterator[Row]:
        return self.rows


@dataclass(frozen=True)
class Limits:
    """What an upload may hold; defaults are the settings' (see dangbo/config/settings.py)."""

    unzipped_bytes: int = 200 * 1024 * 1024
    zip_ratio: int = 200
    cell_chars: int = 32767
    columns: int = 200
    rows: int = 200_000

    @classmethod
    def from_settings(cls) -> Limits:
        from django.conf import settings

        d = cls()
        if not settings.configured:
            return d
        return cls(
            unzipped_bytes=getattr(settings, "IMPORT_MAX_UNZIPPED_BYTES", d.unzipped_bytes),
            zip_ratio=getattr(settings, "IMPORT_MAX_ZIP_RATIO", d.zip_ratio),
            cell_chars=getattr(settings, "IMPORT_MAX_CELL_CHARS", d.cell_chars),
            columns=getattr(settings, "IMPORT_MAX_COLUMNS", d.columns),
            rows=getattr(settings, "IMPORT_MAX_ROWS", d.rows),
        )


def column_letters(index: int) -> str:
    """0-based column index -> Excel letters (0 -> A, 26 -> AA)."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def thousands(value: int) -> str:
    return f"{value:,}".replace(",", ".")


# --- cells -----------------------------------------------------------------------------------------------


def normalize_cell(value: Any) -> Cell:
    """Calamine/CSV cell -> None | NFC stripped str | int | float | bool | date | datetime | time | timedelta."""
    if value is None:
        return None
    if isinstance(value, str):
        text = unicodedata.normalize("NFC", value).strip()
        return text or None
    if isinstance(value, bool):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            return None
        if value.is_integer() and abs(value) < 2**53:
            return int(value)
        return value
    if isinstance(value, (int, date, datetime, time, timedelta)):
        return value
    text = unicodedata.normalize("NFC", str(value)).strip()
    return text or None


def cell_text(value: Any, *, zero_pad: int | None = None) -> str:
    """A cell as text for identifiers and free text: "" for empty; whole numbers without ".0" or exponent.

    12345.0 -> "12345"; 490123456789.0 (shown 4.9E+11 by Excel) -> "490123456789"; "12345.0" -> "12345".
    zero_pad: for numeric cells (and all-digit text), left-pad with zeros to that many digits, since
    Excel drops leading zeros of numbers: cell_text(1085012345, zero_pad=12) -> "001085012345".
    Text in scientific notation ("4.9E+11", typed or saved to CSV) is returned unchanged: its digits are
    lost and must not be invented; validation of the column will report it.
    Dates give dd/mm/yyyy.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"
    digits: str | None = None
    if isinstance(value, int):
        digits = str(value)
    elif isinstance(value, float):
        if not math.isfinite(value):
            return ""
        if value.is_integer():
            digits = str(int(value))
        else:
            return repr(value)
    else:
        text = unicodedata.normalize("NFC", str(value)).strip()
        if text.endswith(".0") and text[:-2].isdigit() and text[:-2].isascii():
            digits = text[:-2]
        elif text.isdigit() and text.isascii():
            digits = text
        else:
            return text
    if zero_pad and digits.isdigit() and len(digits) < zero_pad:
        digits = digits.zfill(zero_pad)
    return digits


def not_spreadsheet(name: str, detail: str = "") -> ExchangeError:
    return ExchangeError(
        f"Tệp «{name}» không phải bảng tính Excel, LibreOffice hay CSV{detail}. "
        "Hãy mở tệp bằng Excel và lưu lại dạng .xlsx.",
        code="not_spreadsheet",
    )
