"""Spreadsheet formula injection: the one rule for every CSV and .xlsx dangbo writes, and for names typed in.

A cell starting with = + - @ (or a tab / carriage return, which Excel skips before them) is read by
spreadsheet programs as a formula, which can run commands (DDE) or send data out (HYPERLINK/WEBSERVICE).
- CSV has no cell types: such a cell gets a leading apostrophe, which Excel and LibreOffice show as text
  and the importer strips again. Every CSV writer goes through `csv_writer`.
- .xlsx has typed cells: text is written as a string cell, never as a formula, so it keeps its value
  ("+84 …" stays a phone number). XlsxWriter workbooks come from `dangbo.exchange.workbook.xlsx_workbook`,
  which switches off its
  guessing of formulas, URLs and numbers from strings; dangbo's own streaming sheet writes inline strings.
- Names cannot start with these characters: entry (forms, API, import) refuses them with `NAME_MESSAGE`.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NAME_MESSAGE = ("{label} không được bắt đầu bằng dấu = + - @ (bảng tính sẽ hiểu là công thức); "
                "đã nhập «{value}».")


def formula_like(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def neutralize(value):
    """A CSV cell that a spreadsheet would read as a formula gets a leading apostrophe; others unchanged."""
    return "'" + value if formula_like(value) else value


def name_problem(value, label: str = "Họ và tên") -> str | None:
    """The Vietnamese message for a name a spreadsheet would read as a formula, else None."""
    text = (value or "").lstrip(" ")
    return NAME_MESSAGE.format(label=label, value=value) if formula_like(text) else None


class _NeutralWriter:
    def __init__(self, writer):
        self._writer = writer

    def writerow(self, row: Iterable):
        return self._writer.writerow([neutralize(v) for v in row])

    def writerows(self, rows: Iterable[Iterable]):
        for row in rows:
            self.writerow(row)


def csv_writer(fh, **kwargs) -> _NeutralWriter:
    """`csv.writer` whose every text cell is neutralised."""
    return _NeutralWriter(csv.writer(fh, **kwargs))
