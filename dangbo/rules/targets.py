"""Targets of a resolution (chỉ tiêu nghị quyết): comparisons and the đạt / không đạt / vượt verdict.

How a review marks a target is office practice, not a Party rule: there is no text that defines "vượt".
The verdict here is registered as UNCONFIRMED: "vượt" means strictly better than the target in the
direction of the comparison; a target "=" can only be đạt or không đạt.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

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
COMPARISONS = {GTE: "≥", LTE: "≤", EQ: "=", FROM_UP: gettext_noop("từ … trở lên")}

MET = "dat"
NOT_MET = "khong_dat"
EXCEEDED = "vuot"
MISSING = "thieu"
IN_PROGRESS = "dang_thuc_hien"  # a term target not reached yet at a review before the end of the term
# Plain Vietnamese (the .docx, stored results); shown as Text(label), read in the page's language.
VERDICT_LABELS = {MET: gettext_noop("Đạt"), NOT_MET: gettext_noop("Không đạt"), EXCEEDED: gettext_noop("Vượt"),
                  MISSING: gettext_noop("Chưa có dữ liệu"), IN_PROGRESS: gettext_noop("Đang thực hiện")}


def _dec(x) -> Decimal:
    return x if isinstance(x, Decimal) else Decimal(str(x))


@sourced("targets.verdict")
def verdict(actual, comparison: str, target) -> str:
    """MET, NOT_MET or EXCEEDED; MISSING when the actual value cannot be computed (never guessed)."""
    if actual is None:
        return MISSING
    a, t = _dec(actual), _dec(target)
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


def describe(comparison: str, value, unit: str) -> str:
    """The target as shown in the lists ("≥ 100%", "từ 5 trở lên": a Text, read in the page's language)."""
    from .text import format_number
    from .text import text as _

    v = _dec(value)
    text = format_number(v, decimals_of(v)) + unit
    if comparison == FROM_UP:
        return _("từ %(value)s trở lên", value=text)
    return f"{COMPARISONS[comparison]} {text}" if comparison != EQ else text


def years_in(start: date, end: date) -> int:
    return end.year - start.year + 1


def describe_words(comparison: str, value, unit: str) -> str:
    """The target in running text, as resolutions word it: "đạt 100%", "từ 5 trở lên", "không quá 2"."""
    from .text import format_number

    v = _dec(value)
    text = format_number(v, decimals_of(v)) + unit
    if comparison == FROM_UP or (comparison == GTE and not (unit == "%" and v == 100)):
        return f"từ {text} trở lên" if comparison == FROM_UP or unit != "%" else f"đạt {text} trở lên"
    if comparison == LTE:
        return f"không quá {text}"
    return f"đạt {text}"
