"""The vocabulary of the rating rules: the four levels, forms of discipline, the unconfirmed settings (each a
registered parameter with its default, rules.md §1.2) and what a dated rating regime is. The regimes themselves
are rating_regimes.py; the checks, rating_findings.py; dangbo.rules.ratings gathers all three."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import IntEnum
from fractions import Fraction

from .sources import REGISTRY, UNCONFIRMED, Document, Source, register
from .text import text as _

# --- levels ------------------------------------------------------------------------------------------


class Level(IntEnum):
    """The four levels (2018 onwards), ordered: a higher value is a better rating."""

    NOT_COMPLETED = 1
    COMPLETED = 2
    GOOD = 3
    EXCELLENT = 4

    @property
    def label(self) -> str:
        return LEVEL_LABELS[self]

    @property
    def short(self) -> str:
        """Abbreviation used in practice (not defined in any official text: display only)."""
        return LEVEL_SHORT[self]


LEVEL_LABELS = {
    Level.EXCELLENT: "Hoàn thành xuất sắc nhiệm vụ",
    Level.GOOD: "Hoàn thành tốt nhiệm vụ",
    Level.COMPLETED: "Hoàn thành nhiệm vụ",
    Level.NOT_COMPLETED: "Không hoàn thành nhiệm vụ",
}
LEVEL_SHORT = {
    Level.EXCELLENT: "HTXSNV",
    Level.GOOD: "HTTNV",
    Level.COMPLETED: "HTNV",
    Level.NOT_COMPLETED: "KHTNV",
}


class Discipline(IntEnum):
    """Forms of party discipline of a member, in increasing severity (Điều lệ Điều 35)."""

    KHIEN_TRACH = 1
    CANH_CAO = 2
    CACH_CHUC = 3
    KHAI_TRU = 4


# --- settings ----------------------------------------------------------------------------------------

EXACTLY_GOOD = "exactly_good"  # denominator: those rated exactly Hoàn thành tốt (literal reading)
GOOD_OR_BETTER = "good_or_better"  # denominator: Hoàn thành tốt and above
FLOOR, HALF_UP, CEIL = "floor", "half_up", "ceil"

# Not a Party text: its title and clauses read in the page's language.
SOFTWARE_PARAMETER = Document(_("Tham số của phần mềm (mặc định)"), None)
SOFTWARE_PARAMETER.rule(
    "ratings.quota_denominator",
    confidence=UNCONFIRMED,
    clause=_("Mẫu số của tỷ lệ 20%: số được xếp loại đúng 'Hoàn thành tốt nhiệm vụ' (mặc định) hoặc từ 'Hoàn "
             "thành tốt nhiệm vụ' trở lên"),
    note="rules.md §1.2: chưa rõ mẫu số; mặc định theo nghĩa đen 'số … được xếp loại Hoàn thành tốt'.",
)
SOFTWARE_PARAMETER.rule(
    "ratings.quota_rounding",
    confidence=UNCONFIRMED,
    clause=_("Làm tròn số lượng tối đa 'Hoàn thành xuất sắc nhiệm vụ': làm tròn xuống (mặc định), làm tròn "
             "thông thường hoặc làm tròn lên"),
    note="rules.md §1.2, §1A.2: chưa có văn bản nói cách làm tròn.",
)
SOFTWARE_PARAMETER.rule(
    "ratings.new_member_reference_date",
    confidence=UNCONFIRMED,
    clause=_("'Mới kết nạp chưa đủ 06 tháng' tính từ ngày ghi trong quyết định kết nạp đến ngày xếp loại, theo "
             "tháng dương lịch; đủ đúng 6 tháng thì được xếp loại"),
    note="Văn bản không nói rõ mốc tính (ngày quyết định hay ngày lễ kết nạp) và ngày đối chiếu; phần "
    "mềm nhận cả hai ngày từ người dùng.",
)


@dataclass(frozen=True)
class RatingSettings:
    """Unconfirmed parameters, with their defaults (set per organisation by the app)."""

    quota_denominator: str = EXACTLY_GOOD  # ratings.quota_denominator
    quota_rounding: str = FLOOR  # ratings.quota_rounding
    enforce_unconfirmed: bool = False  # make findings of UNCONFIRMED rules blocking

    def __post_init__(self) -> None:
        if self.quota_denominator not in (EXACTLY_GOOD, GOOD_OR_BETTER):
            raise ValueError(f"unknown quota denominator {self.quota_denominator!r}")
        if self.quota_rounding not in (FLOOR, HALF_UP, CEIL):
            raise ValueError(f"unknown quota rounding {self.quota_rounding!r}")


DEFAULT_SETTINGS = RatingSettings()


# --- regimes -----------------------------------------------------------------------------------------

NO_EXCEPTION = "none"  # discipline in the year always means Không hoàn thành
EXEMPT_IF_SELF_DETECTED = "exempt"  # QĐ 124: unless self-detected and remedied
DISCRETION_IF_SELF_DETECTED = "discretion"  # QĐ 366: the competent level may take it into account


@dataclass(frozen=True)
class RatingRegime:
    """Documents and parameters of one rating regime; `rules` maps a rule name to its registry key."""

    key: str
    first_year: int
    last_year: int | None
    regulation: str
    guideline: str
    rules: Mapping[str, str]
    quota_percent: int = 20
    quota_exception_percent: int | None = None  # QĐ 366: up to 25% for outstanding units
    quota_scope: str = ""
    new_member_months: int = 6
    new_org_months: int = 6
    new_members_do_self_review: bool = True
    sick_leave_cap_months: int | None = 3
    org_excellent_min_good: Fraction = Fraction(4, 5)
    discipline_exception: str = NO_EXCEPTION
    uses_scores: bool = False
    periods: tuple[str, ...] = ("year",)
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def documents(self) -> tuple[str, str]:
        return (self.regulation, self.guideline)

    @property
    def years_label(self) -> str:
        if self.last_year is None:
            return _("từ %(year)s", year=self.first_year)
        if self.last_year == self.first_year:
            return str(self.first_year)
        return f"{self.first_year}–{self.last_year}"

    def applies(self, rule: str) -> bool:
        return rule in self.rules

    def source(self, rule: str) -> Source:
        return REGISTRY[self.rules[rule]]

    def enforced(self, rule: str, settings: RatingSettings = DEFAULT_SETTINGS) -> bool:
        """Blocking if the rule's source is at least partly confirmed (or the settings say so)."""
        return self.source(rule).confidence != UNCONFIRMED or settings.enforce_unconfirmed

    def rule_sources(self) -> list[tuple[str, str, Source]]:
        """(rule, key, source) for every rule of the regime, for the "regime in force" page."""
        return [(rule, key, REGISTRY[key]) for rule, key in sorted(self.rules.items())]


def year_span(first: int, last: int | None) -> tuple[date, date | None]:
    return date(first, 1, 1), (date(last, 12, 31) if last else None)


def dated_source(document, clause, years, confidence, note="", url="") -> Source:
    start, end = years
    return Source(document, clause, start, end, confidence, note=note, url=url)


def register_regime(prefix: str, years: tuple[date, date | None], specs: dict) -> dict[str, str]:
    keys: dict[str, str] = {}
    for rule, (document, clause, confidence, *rest) in specs.items():
        note = rest[0] if rest else ""
        url = rest[1] if len(rest) > 1 else ""
        key = f"ratings.{prefix}.{rule}"
        register(key, dated_source(document, clause, years, confidence, note, url))
        keys[rule] = key
    keys["quota_denominator"] = "ratings.quota_denominator"
    keys["quota_rounding"] = "ratings.quota_rounding"
    keys["new_member_reference_date"] = "ratings.new_member_reference_date"
    return keys


# Clauses quoted from HD 21 (CONFIRMED for 2019–2022), reused as fallbacks elsewhere.
