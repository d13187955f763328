"""What every import preview is made of: rows with their action, errors by row and column, conversions, notes,
duplicates; the Preview itself and its bounded summary kept with the batch; the commit's result."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError

from dangbo.core.i18n import in_vietnamese
from dangbo.organizations.models import Organization
from dangbo.rules.text import format_date

from ..models import ImportBatch

Progress = Callable[[float, str], None] | None


SECTION_LIMIT = 500  # rows of each section kept with the batch for the preview page (default of the setting)


@dataclass(slots=True)
class RowError:
    row: int
    column: str
    value: str
    message: str


@dataclass(slots=True)
class Change:
    field: str
    label: str
    current: str
    new: str


@dataclass(slots=True)
class RowResult:
    row: int
    action: str = "create"  # create | update | unchanged | error
    data: dict = field(default_factory=dict)
    org: Organization | None = None
    member_id: int | None = None
    member_name: str = ""
    matched_by: str = ""
    changes: list[Change] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    name_key: str = ""  # rules.text.search_key(full_name), computed once


@dataclass(slots=True)
class Conversion:
    row: int
    column: str
    before: str
    after: str
    encoding: str


@dataclass(slots=True)
class Note:
    """A value the import changed, or a gap it accepted as is: shown in the preview by row and column."""
    row: int
    column: str
    key: str  # the canonical column, so that CCCD values can be hidden like everywhere else
    before: str
    after: str
    message: str


@dataclass(slots=True)
class Duplicate:
    row: int
    first_row: int
    reason: str
    blocking: bool


@dataclass
class Preview:
    kind: str
    target_org: Organization
    actor: object
    headers: list[str]
    columns: dict[str, int]  # canonical key -> column index
    unknown_headers: list[str]
    rows: list[RowResult]
    conversions: list[Conversion]
    duplicates: list[Duplicate]
    sheet_name: str = ""
    fatal: str = ""
    file_name: str = ""
    file_sha256: str = ""
    file_size: int = 0
    batch: ImportBatch | None = None
    notes: list[Note] = field(default_factory=list)

    def of(self, action: str) -> list[RowResult]:
        return [r for r in self.rows if r.action == action]

    @property
    def counts(self) -> dict:
        c = {"create": 0, "update": 0, "unchanged": 0, "error": 0}
        for r in self.rows:
            c[r.action] += 1
        return {"total": len(self.rows), "created": c["create"], "updated": c["update"],
                "unchanged": c["unchanged"], "errors": c["error"], "duplicates": len(self.duplicates),
                "conversions": len(self.conversions), "notes": len(self.notes)}

    @property
    def errors(self) -> list[RowError]:
        return [e for r in self.rows for e in r.errors]

    @property
    def writable(self) -> int:
        return sum(1 for r in self.rows if r.action in ("create", "update"))

    @in_vietnamese
    def summary(self, limit: int | None = None) -> dict:
        """JSON kept with the batch: counts and the first `limit` rows of every section, cells clipped."""
        limit = limit or preview_limit()
        def row_view(r: RowResult) -> dict:
            d = r.data
            org = r.org.name if r.org else ""
            return {"row": r.row, "full_name": d.get("full_name", ""), "birth_date": display_text(d.get("birth_date")),
                    "citizen_id": d.get("citizen_id") or "", "card_number": d.get("card_number") or "",
                    "organization": org, "member_id": r.member_id, "member_name": r.member_name,
                    "matched_by": r.matched_by, "warnings": r.warnings}

        out: dict = {"counts": self.counts, "headers": self.headers, "sheet_name": self.sheet_name,
                     "columns": {k: self.headers[i] for k, i in self.columns.items()},
                     "unknown_headers": self.unknown_headers, "fatal": self.fatal}
        for action in ("create", "update", "unchanged"):
            rows = self.of(action)[:limit]
            out[action] = [row_view(r) | ({"changes": [[c.label, c.current, c.new] for c in r.changes]}
                                          if action == "update" else {}) for r in rows]
        out["errors"] = [[e.row, e.column, e.value, e.message] for e in self.errors[: limit * 2]]
        out["duplicates"] = [[d.row, d.first_row, d.reason, d.blocking] for d in self.duplicates[:limit]]
        out["conversions"] = [[c.row, c.column, c.before, c.after, c.encoding] for c in self.conversions[:limit]]
        out["notes"] = [[n.row, n.column, n.before, n.after, n.message, n.key] for n in self.notes[: limit * 2]]
        return bounded(out)


@dataclass
class CommitResult:
    batch_id: int
    created: int
    updated: int
    unchanged: int
    errors: int
    duplicates: int

    def as_dict(self) -> dict:
        return {"batch": self.batch_id, "created": self.created, "updated": self.updated,
                "unchanged": self.unchanged, "errors": self.errors, "duplicates": self.duplicates}


def preview_limit() -> int:
    return getattr(settings, "IMPORT_PREVIEW_ROWS", SECTION_LIMIT)


def bounded(value, chars: int | None = None):
    """A preview summary with every text clipped to IMPORT_PREVIEW_CELL_CHARS: a stored preview (and the page
    showing it) stays small whatever the file held (issue 11.2)."""
    if chars is None:
        chars = getattr(settings, "IMPORT_PREVIEW_CELL_CHARS", 300)
    if isinstance(value, str):
        return value if len(value) <= chars else value[: chars - 1] + "…"
    if isinstance(value, dict):
        return {bounded(k, chars): bounded(v, chars) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [bounded(v, chars) for v in value]
    return value


def display_text(v) -> str:
    if v is None:
        return ""
    if isinstance(v, date):
        return format_date(v)
    return str(v)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def report(progress: Progress, fraction: float, label: str):
    if progress is not None:
        progress(min(max(fraction, 0.0), 1.0), label)


def row_error(r: RowResult, column: str, value, message: str):
    r.errors.append(RowError(r.row, column, display_text(value) if not isinstance(value, str) else value, message))
    r.action = "error"


def failure_reason(e: BaseException) -> str:
    if isinstance(e, ValidationError):
        return "; ".join(e.messages)
    if isinstance(e, KeyboardInterrupt):
        return "tiến trình bị dừng."
    return str(e) or e.__class__.__name__


def chunked(items: list, n: int = 2000):
    for i in range(0, len(items), n):
        yield items[i:i + n]


def id_ranges(ids: list[int]) -> list[list[int]]:
    out: list[list[int]] = []
    for i in ids:
        if out and out[-1][1] == i - 1:
            out[-1][1] = i
        else:
            out.append([i, i])
    return out
