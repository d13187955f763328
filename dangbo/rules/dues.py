"""Đảng phí (rules.md §5, rules-2025-2026.md §3): each member's amount for a month by that month's regime.

Pure Python, integer đồng: a rate is an exact fraction and the amount is rounded once, by the rounding
setting. QĐ 342-QĐ/TW governs months up to 01/2026, QĐ 01-QĐ/TW months from 02/2026; every result names
the rule applied and its registered source. Parameters and settings live in `dues_params`.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from fractions import Fraction

from .dues_params import (
    ABROAD,
    BHXH,
    CATEGORIES,
    DEFAULT_SETTINGS,
    OTHER,
    PENSIONER,
    RATE_STEP_2028,
    REGIME_01,
    REGIME_342,
    SICK_LEAVE,
    SOCIAL_PENSION,
    SPLIT_342,
    STUDENT,
    DuesSettings,
    minimum_wage,
    regime_of,
    retirement_age_months,
)
from .membership import ERROR, FINDING, Finding, add_months, months_reached_on
from .sources import REGISTRY, UNCONFIRMED, Source
from .text import Text, format_date, format_number, format_percent, gettext_noop, joined_text, reread
from .text import text as _

EXEMPT, REDUCE = "exempt", "reduce"
REDUCTION_PERCENTS = (30, 50, 70)
RELIEF_MAX_MONTHS = 12
PARTY_AGE_EXEMPT_MONTHS = 50 * 12
STUDENT_AMOUNT_01 = 5_000


def month_start(d: date) -> date:
    return d.replace(day=1)


def month_end(d: date) -> date:
    return d.replace(day=calendar.monthrange(d.year, d.month)[1])


def month_label(d: date) -> str:
    return f"{d.month:02d}/{d.year}"


# What was applied to a month (DuesResult.rule): stored in Vietnamese, read in the page's language with `rule_text`.
RULE_RATE = gettext_noop("%(percent)s %(what)s tháng %(month)s (%(base)s đồng)")
RULE_WAGE = gettext_noop("%(percent)s lương tối thiểu vùng %(region)s (%(wage)s đồng), đảng viên %(who)s")
RULE_DECIDED = gettext_noop("Mức đóng đã quyết định: %(amount)s đồng/tháng (chưa xác nhận mức chung)")
RULE_FIXED = gettext_noop("Mức cố định %(amount)s đồng/tháng")
RULE_FIXED_OUTSIDE = gettext_noop("Mức cố định %(amount)s đồng/tháng, ngoài độ tuổi lao động đóng %(percent)s%%")
RULE_STUDENT = gettext_noop("Học sinh, sinh viên: 5.000 đồng/tháng")
RULE_SOCIAL_PENSION = gettext_noop("Miễn đóng: hưởng trợ cấp hưu trí xã hội")
RULE_FIFTY = gettext_noop("Miễn đóng: đủ 50 năm tuổi đảng (%(date)s)")
RULE_EXEMPT_BY = gettext_noop("miễn đóng theo %(document)s")
RULE_REDUCE_BY = gettext_noop("giảm %(percent)s%% theo %(document)s")
RULE_VOLUNTARY = gettext_noop("tự nguyện đóng cao hơn: %(amount)s đồng")
RULE_TEMPLATES = (RULE_RATE, RULE_WAGE, RULE_DECIDED, RULE_FIXED_OUTSIDE, RULE_FIXED, RULE_STUDENT,
                  RULE_SOCIAL_PENSION, RULE_FIFTY, RULE_EXEMPT_BY, RULE_REDUCE_BY, RULE_VOLUNTARY)
BASE_BHXH_01 = gettext_noop("tiền lương làm căn cứ đóng BHXH bắt buộc")
BASE_SICK = gettext_noop("trợ cấp ốm đau, thai sản")
BASE_PENSION = gettext_noop("lương hưu")
BASE_BHXH_342 = gettext_noop("tiền lương, phụ cấp tính đóng BHXH")
WHO_RETIRED = gettext_noop("từ tuổi nghỉ hưu")
WHO_WORKING = gettext_noop("dưới tuổi nghỉ hưu")
RULE_LABELS = (BASE_BHXH_01, BASE_SICK, BASE_PENSION, BASE_BHXH_342, WHO_RETIRED, WHO_WORKING)


def rule_text(stored: str) -> str:
    """A stored rule (DuesResult.rule, DuesObligation.rule) read in the page's language."""
    return reread(stored, RULE_TEMPLATES, RULE_LABELS)


def _then(rule: str, more: Text) -> str:
    return joined_text([rule, more])


def months_between(first: date, last: date) -> list[date]:
    """Every first-of-month from `first` to `last` inclusive."""
    out, m = [], month_start(first)
    while m <= last:
        out.append(m)
        m = add_months(m, 1)
    return out


@dataclass(frozen=True)
class Relief:
    """An exemption or reduction decided with a document, for the months start..end (first days, inclusive)."""

    kind: str  # EXEMPT or REDUCE
    percent: int  # 100 for an exemption; 30, 50 or 70 for a reduction
    start: date
    end: date
    document: str

    def covers(self, month: date) -> bool:
        return self.start <= month <= self.end


@dataclass(frozen=True)
class DuesProfile:
    """What the rules need about one member. `bases` are (first month, đồng) pairs: the salary, allowance,
    pension or (abroad) agreed amount in force from that month."""

    category: str
    bases: tuple[tuple[date, int], ...] = ()
    region: int | None = None
    birth_date: date | None = None
    gender: str | None = None  # "M" | "F"
    admission_date: date | None = None  # for party age (the 50-year exemption)
    party_age_gaps: tuple[tuple[date, date | None], ...] = ()
    voluntary_amount: int | None = None
    reliefs: tuple[Relief, ...] = ()


@dataclass
class DuesResult:
    month: date
    amount: int
    regime: str
    rule_key: str
    rule: str  # what was applied, in Vietnamese, with the figures
    base: int | None = None
    base_month: date | None = None
    exempt: bool = False
    findings: list[Finding] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)  # every registered rule used

    @property
    def source(self) -> Source:
        return REGISTRY[self.rule_key]

    @property
    def unconfirmed(self) -> bool:
        return any(REGISTRY[k].confidence == UNCONFIRMED for k in self.sources)

    @property
    def ok(self) -> bool:
        return not any(f.is_error for f in self.findings)


# --- arithmetic -----------------------------------------------------------------------------------------


def round_amount(x: Fraction, rounding: str) -> int:
    """Whole đồng from an exact amount, by the rounding setting (half up, or down)."""
    unit = {"dong": 1, "dong_down": 1, "hundred": 100, "thousand": 1000}[rounding]
    scaled = x / unit
    if rounding == "dong_down":
        return int(scaled.numerator // scaled.denominator) * unit
    return int((2 * scaled.numerator + scaled.denominator) // (2 * scaled.denominator)) * unit


def base_in(bases: Sequence[tuple[date, int]], month: date) -> int | None:
    """The base in force in `month`: the latest pair starting on or before it."""
    found = None
    for start, amount in sorted(bases):
        if start <= month:
            found = amount
    return found


def _reached(start: date | None, month: date, edge: str) -> bool:
    """Whether an age reached on `start` counts for `month` (setting `edge`, UNCONFIRMED)."""
    if start is None:
        return False
    return start <= (month_end(month) if edge == "month_end" else month)


def party_age_50_on(profile: DuesProfile) -> date | None:
    if profile.admission_date is None:
        return None
    return months_reached_on(profile.admission_date, list(profile.party_age_gaps), PARTY_AGE_EXEMPT_MONTHS)


def retirement_on(profile: DuesProfile) -> date | None:
    if profile.birth_date is None or profile.gender not in ("M", "F"):
        return None
    return add_months(profile.birth_date, retirement_age_months(profile.gender, profile.birth_date))


def _pct(num: int, den: int) -> str:
    return format_percent(Decimal(num * 100) / Decimal(den), 1)


# --- the amount of one month ----------------------------------------------------------------------------


def monthly_dues(profile: DuesProfile, month: date, settings: DuesSettings = DEFAULT_SETTINGS) -> DuesResult:
    """The dues of `month` (any day of it) for `profile`, by the regime in force that month."""
    month = month_start(month)
    regime = regime_of(month)
    if profile.category not in CATEGORIES:
        res = DuesResult(month, 0, regime, "dues.regime_01" if regime == REGIME_01 else "dues.regime_342", "")
        res.findings.append(Finding("dues.category", "category", _("Đối tượng “%(category)s” không hợp lệ.",
                                                                   category=profile.category),
                                    ERROR))
        return res
    res = _by_01(profile, month, settings) if regime == REGIME_01 else _by_342(profile, month, settings)
    if res.ok and not res.exempt:
        _apply_reliefs(profile, res, settings)
    if res.ok and profile.voluntary_amount and profile.voluntary_amount > res.amount:
        res.rule = _then(res.rule, Text(RULE_VOLUNTARY, {"amount": format_number(profile.voluntary_amount)}))
        res.amount = profile.voluntary_amount
        res.sources.append("dues.voluntary")
        res.findings.append(Finding("dues.voluntary", "voluntary_amount",
                                    _("Đảng viên tự nguyện đóng cao hơn mức quy định: chi bộ báo cáo cấp ủy cấp trên "
                                      "trực tiếp."), FINDING))
    return res


def _round(res: DuesResult, exact: Fraction, settings: DuesSettings) -> int:
    """Round by the setting; the (unconfirmed) rounding rule is cited only when it changed the amount."""
    amount = round_amount(exact, settings.rounding)
    if amount != exact and "dues.rounding" not in res.sources:
        res.sources.append("dues.rounding")
    return amount


def _rate_of_base(res: DuesResult, profile: DuesProfile, base_month: date, num: int, den: int, what: str,
                  settings: DuesSettings) -> DuesResult:
    base = base_in(profile.bases, base_month)
    res.base_month = base_month
    if base is None:
        res.findings.append(Finding("dues.base_missing", "base",
                                    _("Chưa có %(what)s của tháng %(base_month)s.",
                                      what=Text(what),
                                      base_month=month_label(base_month)), ERROR))
        return res
    if base < 0:
        res.findings.append(Finding("dues.base_negative", "base", _("Mức căn cứ đóng không được âm."), ERROR))
        return res
    res.base = base
    res.amount = _round(res, Fraction(base * num, den), settings)
    res.rule = Text(RULE_RATE, {"percent": _pct(num, den), "what": Text(what), "month": month_label(base_month),
                                "base": format_number(base)})
    return res


def _by_01(profile: DuesProfile, month: date, settings: DuesSettings) -> DuesResult:
    res = DuesResult(month, 0, REGIME_01, "dues.regime_01", "")
    res.sources.append("dues.regime_01")
    cat = profile.category
    if cat == SOCIAL_PENSION:
        return _exempt(res, Text(RULE_SOCIAL_PENSION))
    fifty = party_age_50_on(profile)
    if _reached(fifty, month, settings.edge):
        res.sources.append("dues.edge_month")
        return _exempt(res, Text(RULE_FIFTY, {"date": format_date(fifty)}))
    if cat == BHXH:
        # Điều 3: the base is the compulsory-BHXH salary of the month before.
        return _rate_of_base(res, profile, add_months(month, -1), 1, 100,
                             BASE_BHXH_01, settings)
    if cat == SICK_LEAVE:
        return _rate_of_base(res, profile, month, 1, 100, BASE_SICK, settings)
    if cat == PENSIONER:
        return _rate_of_base(res, profile, month, 1, 200, BASE_PENSION, settings)
    if cat == STUDENT:
        res.amount, res.rule = STUDENT_AMOUNT_01, Text(RULE_STUDENT)
        return res
    if cat == ABROAD:
        res.rule_key = "dues.abroad"
        res.sources.append("dues.abroad")
        return _fixed_base(res, profile, month)
    return _other_01(res, profile, month, settings)


def _other_01(res: DuesResult, profile: DuesProfile, month: date, settings: DuesSettings) -> DuesResult:
    res.rule_key = "dues.other_01"
    res.sources += ["dues.other_01", "dues.minimum_wage", "dues.retirement_age", "dues.edge_month"]
    if profile.region is None:
        res.findings.append(Finding("dues.region", "region", _("Thiếu vùng lương tối thiểu (1–4) nơi sinh hoạt đảng."),
                                    ERROR))
        return res
    retired_on = retirement_on(profile)
    if retired_on is None:
        res.findings.append(Finding("dues.age", "birth_date",
                                    _("Thiếu ngày sinh hoặc giới tính để so với tuổi nghỉ hưu."), ERROR))
        return res
    try:
        wage = minimum_wage(profile.region, month, settings)
    except ValueError as e:
        res.findings.append(Finding("dues.region", "region", str(e), ERROR))
        return res
    retired = _reached(retired_on, month, settings.edge)
    late = month >= RATE_STEP_2028
    num = (3 if late else 2) if retired else (5 if late else 3)
    res.base, res.base_month = wage, month
    res.amount = _round(res, Fraction(wage * num, 1000), settings)
    res.rule = Text(RULE_WAGE, {"percent": _pct(num, 1000), "region": profile.region, "wage": format_number(wage),
                                "who": Text(WHO_RETIRED if retired else WHO_WORKING)})
    return res


def _fixed_base(res: DuesResult, profile: DuesProfile, month: date) -> DuesResult:
    amount = base_in(profile.bases, month)
    res.base_month = month
    if amount is None or amount < 0:
        res.findings.append(Finding("dues.base_missing", "base",
                                    _("Chưa có mức đóng đã quyết định cho tháng %(month)s.",
                                      month=month_label(month)), ERROR))
        return res
    res.amount = res.base = amount
    res.rule = Text(RULE_DECIDED, {"amount": format_number(amount)})
    return res


def _by_342(profile: DuesProfile, month: date, settings: DuesSettings) -> DuesResult:
    res = DuesResult(month, 0, REGIME_342, "dues.regime_342", "")
    res.sources.append("dues.regime_342")
    cat = profile.category
    if cat in (BHXH, SICK_LEAVE):
        # 342 has one 1% for salaried members: the salary and BHXH allowances of the month itself.
        return _rate_of_base(res, profile, month, 1, 100, BASE_BHXH_342, settings)
    if cat == PENSIONER:
        return _rate_of_base(res, profile, month, 1, 200, BASE_PENSION, settings)
    if cat == ABROAD:
        res.rule_key = "dues.abroad"
        res.sources.append("dues.abroad")
        return _fixed_base(res, profile, month)
    # Students, other members, social pension: a fixed amount (UNCONFIRMED setting), 50% outside working age.
    res.rule_key = "dues.fixed_342"
    res.sources.append("dues.fixed_342")
    amount = settings.fixed_342.get(cat, settings.fixed_342.get(OTHER, 0))
    retired_on = retirement_on(profile)
    res.rule = Text(RULE_FIXED, {"amount": format_number(amount)})
    if cat != STUDENT and retired_on is not None and _reached(retired_on, month, settings.edge):
        pct = settings.outside_working_age_percent_342
        res.rule = Text(RULE_FIXED_OUTSIDE, {"amount": format_number(amount), "percent": pct})
        amount = _round(res, Fraction(amount * pct, 100), settings)
        res.sources.append("dues.retirement_age")
    elif cat != STUDENT and retired_on is None:
        res.findings.append(Finding("dues.age", "birth_date", _("Thiếu ngày sinh hoặc giới tính: tính như trong độ "
                                                                "tuổi lao động."), FINDING))
    res.amount = amount
    return res


def _exempt(res: DuesResult, rule: str) -> DuesResult:
    res.rule_key = "dues.exemptions"
    res.sources.append("dues.exemptions")
    res.amount, res.exempt, res.rule = 0, True, rule
    return res


def _apply_reliefs(profile: DuesProfile, res: DuesResult, settings: DuesSettings) -> None:
    for relief in profile.reliefs:
        if not relief.covers(res.month):
            continue
        key = "dues.exemptions" if res.regime == REGIME_01 else "dues.relief_342"
        res.sources.append(key)
        if relief.kind == EXEMPT:
            res.amount, res.exempt = 0, True
            res.rule = _then(res.rule, Text(RULE_EXEMPT_BY, {"document": relief.document}))
        else:
            before = res.amount
            res.amount = _round(res, Fraction(before * (100 - relief.percent), 100), settings)
            res.rule = _then(res.rule, Text(RULE_REDUCE_BY, {"percent": relief.percent, "document": relief.document}))
        res.rule_key = key
        return  # one decision applies to a month; check_reliefs refuses overlaps


# --- validation of decisions, findings over a year, split between levels -----------------------------


def check_reliefs(reliefs: Iterable[Relief]) -> list[Finding]:
    """Refusals for exemption/reduction decisions: kind, percent, at most 12 months, a document, no overlap."""
    out: list[Finding] = []
    items = sorted(reliefs, key=lambda r: r.start)
    for i, r in enumerate(items):
        if r.kind not in (EXEMPT, REDUCE):
            out.append(Finding("dues.relief_kind", "kind", _("Loại quyết định “%(kind)s” không hợp lệ.",
                                                             kind=r.kind), ERROR))
        elif r.kind == REDUCE and r.percent not in REDUCTION_PERCENTS:
            out.append(Finding("dues.relief_percent", "percent", _("Mức giảm phải là 30%, 50% hoặc 70%."), ERROR))
        if r.start > r.end:
            out.append(Finding("dues.relief_dates", "end", _("Tháng kết thúc trước tháng bắt đầu."), ERROR))
        elif len(months_between(r.start, r.end)) > RELIEF_MAX_MONTHS:
            out.append(Finding("dues.relief_months", "end", _("Mỗi lần miễn, giảm tối đa 12 tháng (Quy định "
                                                              "01-QĐ/TW, Điều 5)."), ERROR))
        if not (r.document or "").strip():
            out.append(Finding("dues.relief_document", "document", _("Thiếu văn bản quyết định miễn, giảm."), ERROR))
        if i and items[i - 1].end >= r.start:
            out.append(Finding("dues.relief_overlap", "start", _("Hai quyết định miễn, giảm trùng tháng %(start)s.",
                                                                 start=month_label(r.start)), ERROR))
    return out


@dataclass(frozen=True)
class MonthStatus:
    month: date
    due: int
    paid: int
    reason: str = ""  # a recorded valid reason (temporary exemption, deferral…)

    @property
    def unpaid(self) -> bool:
        return self.due > 0 and self.paid < self.due and not self.reason.strip()


def unpaid_finding(year: int, months: Iterable[MonthStatus]) -> Finding | None:
    """A finding when 3 or more months of `year` are unpaid without a recorded reason (never a removal)."""
    unpaid = sorted(m.month for m in months if m.month.year == year and m.unpaid)
    if len(unpaid) < 3:
        return None
    listed = ", ".join(month_label(m) for m in unpaid)
    return Finding("dues.unpaid_three_months", "payments",
                   _("Không đóng đảng phí %(unpaid)s tháng trong năm %(year)s (%(listed)s) mà chưa ghi lý do: chi bộ "
                     "xem xét theo Điều lệ Đảng, Điều 8.", unpaid=len(unpaid), year=year, listed=listed), FINDING)


def kept_percent(month: date, org_kind: str, settings: DuesSettings = DEFAULT_SETTINGS, commune: bool = False
                 ) -> tuple[int, str]:
    """Percent an organisation of `org_kind` keeps of the dues it collects in `month`, and the rule key."""
    kind = "commune" if commune and org_kind in ("grassroots_committee", "grassroots_cell") else org_kind
    if regime_of(month) == REGIME_01:
        return settings.split_01.get(kind, SPLIT_342.get(kind, 50)), "dues.split_01"
    if kind == "cell":
        return settings.cell_kept_342, "dues.split_342"
    return SPLIT_342.get(kind, 50), "dues.split_342"


def split(amount: int, percent_kept: int) -> tuple[int, int]:
    """(kept, remitted) in whole đồng: the kept share rounded half up, the rest remitted (they always add up)."""
    kept = (2 * amount * percent_kept + 100) // 200
    return kept, amount - kept
