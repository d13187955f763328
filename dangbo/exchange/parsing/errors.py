"""The one error type of the file-reading layer (issue 3): a Vietnamese message that names the cell.

Every reader, parser and converter in dangbo.exchange raises ExchangeError and nothing else for bad input,
so the import preview can list "Dòng 12, cột «Ngày sinh»: …" instead of a stack trace.
"""

from __future__ import annotations

from typing import Any


class ExchangeError(Exception):
    """Bad input in an uploaded file.

    message: the Vietnamese explanation (what is wrong, what is expected), without row/column prefix.
    row: the row number as the user sees it in Excel (1-based), or None.
    column: the column as the user knows it (its header, e.g. "Ngày sinh"), or None.
    value: the offending value as read, or None.
    code: a short machine-readable reason ("date_ambiguous", "not_spreadsheet", …) for tests and the UI.
    """

    def __init__(
        self,
        message: str,
        *,
        row: int | None = None,
        column: str | None = None,
        value: Any = None,
        code: str = "invalid",
    ) -> None:
        self.message = message
        self.row = row
        self.column = column
        self.value = value
        self.code = code
        super().__init__(message)

    def where(self) -> str:
        """ "Dòng 12, cột «Ngày sinh»", "Dòng 12", "Cột «Ngày sinh»" or ""."""
        parts = []
        if self.row is not None:
            parts.append(f"dòng {self.row}")
        if self.column:
            parts.append(f"cột «{self.column}»")
        text = ", ".join(parts)
        return text[:1].upper() + text[1:]

    def __str__(self) -> str:
        where = self.where()
        return f"{where}: {self.message}" if where else self.message

    def with_location(self, *, row: int | None = None, column: str | None = None) -> ExchangeError:
        """Fill in row/column where they are still unknown (for callers that catch and re-raise); returns self."""
        if self.row is None and row is not None:
            self.row = row
        if not self.column and column:
            self.column = column
        return self

    def as_dict(self) -> dict[str, Any]:
        """JSON-friendly form for the preview and `--json` output."""
        value = self.value
        if value is not None and not isinstance(value, (str, int, float, bool)):
            value = str(value)
        return {
            "row": self.row,
            "column": self.column,
            "value": value,
            "code": self.code,
            "message": self.message,
            "text": str(self),
        }
