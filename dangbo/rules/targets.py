"""Targets of a resolution (chỉ tiêu nghị quyết): comparisons and the đạt / không đạt / vượt verdict.

How a review marks a target is office practice, not a Party rule: there is no text that defines "vượt".
The verdict here is registered as UNCONFIRMED: "vượt" means strictly better than the target in the
direction of the comparison; a target "=" can only be đạt or không đạt.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction

from .sources import UNCONFIRMED, Source, register, sourced
from .text import gettext_noop

register("targets.verdict", Source(
    "Thực tiễn báo cáo sơ kết, tổng kết (chưa có văn bản quy định)",
    "đạt khi giá trị thực hiện thỏa phép so sánh của chỉ tiêu; vượt khi tốt hơn chỉ tiêu theo chiều so sánh",
    None, None, UNCONFIRMED, note="Quy ước của dangbo; đơn vị có thể đánh giá lại khi thông qua báo cáo"))

GTE = "gte"
LTE = "lte"
EQ = "eq"
FROM_UP = "from_up"  # "từ … trở lên": the same test as ≥, worded as in the resolutions
RANGE = "range"  # "từ 5 đến 7": value ≤ actual ≤ value_max
COMPARISONS = {GTE: "≥", LTE: "≤", EQ: "=", FROM_UP: gettext_noop("từ … trở lên"), RANGE: gettext_noop("từ … đến …")}

MET = "dat"
NOT_MET = "khong_dat"
EXCEEDED = "vuot"
MISSING = "thieu"
IN_PROGRESS = "dang_thuc_hien"  # a term target not reached yet at a review before the end of the term
IN_RANGE = "trong_khoang"  # a range target: the actual value lies in it
ABOVE_RANGE = "tren_khoang"  # a range target: above its upper bound (neither đạt nor vượt: the office judges)
CONTRADICTS = "trai_quy_dinh"  # the target cannot be met without breaking a rule (`rule_check`)
# Plain Vietnamese (the .docx, stored results); shown as Text(label), read in the page's language.
VERDICT_LABELS = {MET: gettext_noop("Đạt"), NOT_MET: gettext_noop("Không đạt"), EXCEEDED: gettext_noop("Vượt"),
                  MISSING: gettext_noop("Chưa có dữ liệu"), IN_PROGRESS: gettext_noop("Đang thực hiện"),
                  IN_RANGE: gettext_noop("Đạt (trong khoảng chỉ tiêu)"),
                  ABOVE_RANGE: gettext_noop("Cao hơn khoảng chỉ tiêu"), CONTRADICTS: gettext_noop("Trái quy định")}
MET_VERDICTS = (MET, EXCEEDED, IN_RANGE)


def _dec(x) -> Decimal:
    return x if isinstance(x, Decimal) else Decimal(str(x))


@sourced("targets.verdict")
def verdict(actual, comparison: str, target, target_max=None) -> str:
    """MET, NOT_MET or EXCEEDED; for a range IN_RANGE, NOT_MET below it, ABOVE_RANGE above it; MISSING when the
    actual value cannot be computed (never guessed)."""
    if actual is None:
        return MISSING
    a, t = _dec(actual), _dec(target)
    if comparison == RANGE:
        if target_max is None:
            raise ValueError("a range needs its upper bound")
        return NOT_MET if a < t else ABOVE_RANGE if a > _dec(target_max) else IN_RANGE
    if comparison in (GTE, FROM_UP):
        return EXCEEDED if a > t else MET if a == t else NOT_MET
    if comparison == LTE:
        return EXCEEDED if a < t else MET if a == t else NOT_MET
    if comparison == EQ:
        return MET if a == t else NOT_MET
    raise ValueError(f"unknown comparison {comparison!r}")


def share(part: int, whole: int) -> Decimal | None:
    """A percentage with one decimal (as the reports print it), None when there is no base."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"))


def decimals_of(v) -> int:
    """The decimals a figure was written with (98.45 -> 2, 0.33 -> 2, 97.0 -> 0): never rounded away."""
    exp = _dec(v).normalize().as_tuple().exponent
    return max(0, -exp) if isinstance(exp, int) else 0


def describe(comparison: str, value, unit: str, value_max=None) -> str:
    """The target as shown in the lists ("≥ 100%", "từ 5 trở lên", "từ 5 đến 7": a Text, read in the page's
    language)."""
    from .text import format_number
    from .text import text as _

    v = _dec(value)
    text = format_number(v, decimals_of(v)) + unit
    if comparison == RANGE and value_max is not None:
        m = _dec(value_max)
        return _("từ %(low)s đến %(high)s", low=text, high=format_number(m, decimals_of(m)) + unit)
    if comparison == FROM_UP:
        return _("từ %(value)s trở lên", value=text)
    return f"{COMPARISONS[comparison]} {text}" if comparison != EQ else text


def years_in(start: date, end: date) -> int:
    return end.year - start.year + 1


def describe_words(comparison: str, value, unit: str, value_max=None) -> str:
    """The target in running text, as resolutions word it: "đạt 100%", "từ 5 trở lên", "không quá 2",
    "từ 5 đến 7"."""
    from .text import format_number

    v = _dec(value)
    text = format_number(v, decimals_of(v)) + unit
    if comparison == RANGE and value_max is not None:
        m = _dec(value_max)
        return f"từ {text} đến {format_number(m, decimals_of(m))}{unit}"
    if comparison == FROM_UP or (comparison == GTE and not (unit == "%" and v == 100)):
        return f"từ {text} trở lên" if comparison == FROM_UP or unit != "%" else f"đạt {text} trở lên"
    if comparison == LTE:
        return f"không quá {text}"
    return f"đạt {text}"


# -- a target written as the resolution words it (issue 12): «từ 5 đến 7», «từ 90% trở lên», «không quá 2» ------
class TargetTextError(ValueError):
    """The words could not be read as a target; str() is the Vietnamese reason (a Text)."""


_NUM = r"(\d+(?:[.,]\d+)?)"


def _num(text: str) -> Decimal:
    # «2.983» is a thousands mark in Vietnamese, «3,5» a decimal one; «90.5» (typed the English way) is 90,5.
    if re.fullmatch(r"\d{1,3}(\.\d{3})+", text):
        return Decimal(text.replace(".", ""))
    return Decimal(text.replace(",", "."))


def parse(words: str, comparison: str = GTE) -> tuple[str, Decimal, Decimal | None]:
    """(comparison, value, value_max) from a target as written: a plain number keeps `comparison` (the form's
    choice; for a range, its upper bound is given apart); «từ 5 đến 7», «5 - 7», «5–7» is a range; «từ 5 trở
    lên», «≥ 5», «>= 5», «ít nhất 5» at least; «không quá 2», «≤ 2», «tối đa 2» at most; a trailing «%» or «đảng
    viên» is ignored (the kind gives the unit). Raises TargetTextError naming the words."""
    from .text import nfc
    from .text import text as _

    t = nfc(words or "").lower().replace("%", " ").strip()
    t = re.sub(r"\s+", " ", re.sub(r"[^\w\s.,≥≤<>=–-]", " ", t)).strip()
    t = re.sub(r"\s*(đảng viên|người|chi bộ|tổ chức|đơn vị)$", "", t).strip()
    m = re.fullmatch(r"(?:từ )?" + _NUM + r" ?(?:đến|-|–) ?" + _NUM, t)
    if m:
        low, high = _num(m.group(1)), _num(m.group(2))
        if high < low:
            raise TargetTextError(_("Khoảng chỉ tiêu «%(words)s»: số sau phải lớn hơn số trước.", words=words))
        return (RANGE, low, high) if high != low else (EQ, low, None)
    m = re.fullmatch(r"từ " + _NUM + r" trở lên", t) or re.fullmatch(r"(?:ít nhất|tối thiểu) " + _NUM, t)
    if m:
        return FROM_UP, _num(m.group(1)), None
    m = re.fullmatch(r"(?:≥|>=) ?" + _NUM, t)
    if m:
        return GTE, _num(m.group(1)), None
    m = re.fullmatch(r"(?:≤|<=|không quá|tối đa|không vượt quá) ?" + _NUM, t)
    if m:
        return LTE, _num(m.group(1)), None
    m = re.fullmatch(r"(?:=|đạt )?" + _NUM, t)
    if m and comparison in COMPARISONS:
        return comparison, _num(m.group(1)), None  # a range's upper bound comes apart (`value_max`)
    raise TargetTextError(_("Không đọc được chỉ tiêu «%(words)s»: ghi một số (90 hoặc 3,5), «từ 5 trở lên», «không "
                            "quá 2» hoặc một khoảng «từ 5 đến 7».", words=words))


# -- a target checked against the rules (issue 12): one that no rating can meet without breaking the quota --------
register("targets.rule_check", Source(
    "Thực tiễn xây dựng chỉ tiêu nghị quyết (chưa có văn bản quy định)",
    "chỉ tiêu về tỷ lệ 'Hoàn thành xuất sắc nhiệm vụ' được so với hạn mức xếp loại của năm (tỷ lệ tính trên số "
    "được xếp loại)", None, None, UNCONFIRMED,
    note="Quy ước của dangbo: hạn mức lấy theo chế độ xếp loại của năm và cách tính mẫu số của đơn vị"))


@dataclass(frozen=True)
class RuleCheck:
    """A target that contradicts a rule: why (a Text) and the rule's source (its registry key)."""

    message: str
    source_key: str
    highest: Decimal  # the highest share the rule allows

    @property
    def source(self) -> Source:
        from .sources import REGISTRY

        return REGISTRY[self.source_key]


def highest_excellent_share(percent: int, denominator: str) -> Fraction:
    """The highest share of those rated that the excellent quota allows: the quota is `percent`% of those rated
    exactly Hoàn thành tốt (E ≤ p·G, E + G ≤ N, so E/N ≤ p/(100+p): 20% → 16,7%), or of those rated Hoàn thành
    tốt and above (E ≤ p·(E+G) ≤ p·N: 20%)."""
    from .rating_types import EXACTLY_GOOD

    if denominator == EXACTLY_GOOD:
        return Fraction(percent, 100 + percent)
    return Fraction(percent, 100)


@sourced("targets.rule_check")
def rule_check(subject: str, level: str, comparison: str, value, value_max, year: int,
               settings=None) -> RuleCheck | None:
    """None, or why a share target of `level` "excellent" for `subject` ("members" / "organizations") cannot be
    met in `year` without breaking the excellent quota of that year's rating regime: its lowest acceptable value
    (≥ / từ … trở lên / = / the lower bound of a range) is above the highest share the quota allows. A target
    worded «không quá» never contradicts it. Years without a regime (before 2018) are not checked."""
    from .rating_regimes import regime_for
    from .rating_types import DEFAULT_SETTINGS
    from .text import format_percent
    from .text import text as _

    if level != "excellent" or comparison == LTE:
        return None
    try:
        regime = regime_for(year)
    except ValueError:
        return None
    rule = "quota_members" if subject == "members" else "quota_organizations"
    if rule not in regime.rules:
        return None
    settings = settings or DEFAULT_SETTINGS
    highest = highest_excellent_share(regime.quota_percent, settings.quota_denominator)
    high = (Decimal(highest.numerator) * 100 / Decimal(highest.denominator)).quantize(Decimal("0.01"))
    if _dec(value) * highest.denominator <= 100 * highest.numerator:
        return None
    from .rating_types import EXACTLY_GOOD

    base = _("'Hoàn thành tốt nhiệm vụ'") if settings.quota_denominator == EXACTLY_GOOD else \
        _("'Hoàn thành tốt nhiệm vụ' trở lên")
    who = _("đảng viên") if subject == "members" else _("tổ chức đảng")
    v = _dec(value)
    return RuleCheck(_("Chỉ tiêu %(target)s %(who)s 'Hoàn thành xuất sắc nhiệm vụ' trái hạn mức năm %(year)s: số "
                       "'Hoàn thành xuất sắc nhiệm vụ' không vượt quá %(percent)s%% số được xếp loại %(base)s, nên "
                       "nhiều nhất chỉ đạt khoảng %(highest)s số %(who)s được xếp loại.",
                       target=format_percent(v, decimals_of(v)), who=who, year=year, percent=regime.quota_percent,
                       base=base, highest=format_percent(high, 2)), regime.rules[rule], high)
