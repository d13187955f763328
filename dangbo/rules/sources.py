"""Legal sources of the dated rules, and the registry the app lists them from.

Confidence levels follow /work/shared/domain/rules.md: CONFIRMED means a source quotes the operative
sentence with document and clause; PARTLY CONFIRMED means paraphrase or a cut-off quote; UNCONFIRMED
means no quoting source was found, so the rule must be a parameter with a default, never a silent constant.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

CONFIRMED = "CONFIRMED"
PARTLY_CONFIRMED = "PARTLY CONFIRMED"
UNCONFIRMED = "UNCONFIRMED"
CONFIDENCE_LEVELS = (CONFIRMED, PARTLY_CONFIRMED, UNCONFIRMED)

CONFIDENCE_LABELS = {
    CONFIRMED: "Đã xác nhận",
    PARTLY_CONFIRMED: "Xác nhận một phần",
    UNCONFIRMED: "Chưa xác nhận",
}


@dataclass(frozen=True)
class Source:
    """Where a rule comes from and for which period it holds (valid_to inclusive; None = open)."""

    document: str
    clause: str
    valid_from: date | None
    valid_to: date | None
    confidence: str
    note: str = ""
    url: str = ""

    def __post_init__(self) -> None:
        if self.confidence not in CONFIDENCE_LEVELS:
            raise ValueError(f"unknown confidence {self.confidence!r}")
        if self.valid_from and self.valid_to and self.valid_from > self.valid_to:
            raise ValueError("valid_from is after valid_to")
        # Stored Vietnamese text is always NFC so that equality and search behave.
        for name in ("document", "clause", "note"):
            object.__setattr__(self, name, unicodedata.normalize("NFC", getattr(self, name)))

    @property
    def confirmed(self) -> bool:
        return self.confidence == CONFIRMED

    def is_valid_on(self, d: date) -> bool:
        return (self.valid_from is None or self.valid_from <= d) and (
            self.valid_to is None or d <= self.valid_to
        )


# A "Rule" is a registered Source; the alias lets callers use either word.
Rule = Source

REGISTRY: dict[str, Source] = {}


def register(key: str, source: Source) -> Source:
    """Register a source under a dotted key ("module.rule"); re-registering an equal value is a no-op."""
    existing = REGISTRY.get(key)
    if existing is not None and existing != source:
        raise ValueError(f"rule key {key!r} is already registered with a different source")
    REGISTRY[key] = source
    return source


@dataclass(frozen=True)
class Document:
    """A legal text several rules are read from, with the period those rules apply to, stated once; each rule
    then registers its own clause with `rule()` (a rule read from several texts registers its own `Source`)."""

    title: str
    valid_from: date | None
    valid_to: date | None = None

    def rule(self, key: str, *, clause: str, confidence: str, note: str = "", url: str = "", also: str = "") -> Source:
        """Register the rule `key`, read from `clause` of this document (`also`: written after the title, the part
        of the document or a text read with it)."""
        title = self.title + also if also else self.title  # a Text title stays translatable
        return register(key, Source(title, clause, self.valid_from, self.valid_to, confidence, note, url))


# The rules no text settles, each a setting whose default dangbo chose (shown as unconfirmed).
SOFTWARE_DEFAULT = Document("Mặc định của phần mềm", None)


def all_rules() -> list[tuple[str, Source]]:
    """All registered rules sorted by key (importing dangbo.rules registers every module)."""
    return sorted(REGISTRY.items())


def unconfirmed_rules() -> list[tuple[str, Source]]:
    return [(k, s) for k, s in all_rules() if s.confidence != CONFIRMED]


def setting_rows(rows) -> list[dict]:
    """A settings object's `rows()` ((label, value as shown, rule key)) with each rule's registered source, for
    the pages that list the settings a rule leans on (label, value, document, clause, confirmed)."""
    return [{"label": label, "value": value, "document": REGISTRY[key].document, "clause": REGISTRY[key].clause,
             "confirmed": REGISTRY[key].confirmed} for label, value, key in rows]


F = TypeVar("F", bound=Callable)


def sourced(key: str) -> Callable[[F], F]:
    """Decorator attaching the registered Source of `key` to a rule function as `fn.source`."""

    def attach(fn: F) -> F:
        fn.source = REGISTRY[key]  # type: ignore[attr-defined]
        fn.rule_key = key  # type: ignore[attr-defined]
        return fn

    return attach
