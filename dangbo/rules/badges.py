"""Huy hiệu Đảng (rules.md §4, §4A): milestones per regime, award occasions, eligibility."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from .membership import FINDING, Finding, Gap, active_months, months_reached_on, party_age
from .sources import CONFIRMED, PARTLY_CONFIRMED, UNCONFIRMED, Document, Source, register, sourced
from .text import format_date, joined_text
from .text import text as _

REGIME_29_START = date(2016, 7, 25)  # Quy định 29-QĐ/TW added 45, 55, 65, 75, 85 (and 90)

register(
    "badges.milestones_before_2016",
    Source(
        document="Quy định thi hành Điều lệ trước Quy định 29-QĐ/TW",
        clause="Huy hiệu 30, 40, 50, 60, 70, 80 năm tuổi đảng",
        valid_from=None,
        valid_to=date(2016, 7, 24),
        confidence=PARTLY_CONFIRMED,
        note="Stated by secondary sources as the list before 29-QĐ/TW; the earlier text was not seen.",
        url="https://danluatold.thuvienphapluat.vn/khi-nao-dang-vien-duoc-tang-huy-hieu-dang-187240.aspx#552877",
    ),
)
register(
    "badges.milestones",
    Source(
        document="Quy định 29-QĐ/TW ngày 25/7/2016; Hướng dẫn 01-HD/TW ngày 28/9/2021",
        clause="Điểm 18.1: đủ 30, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90 năm tuổi đảng được xét tặng "
        "Huy hiệu",
        valid_from=REGIME_29_START,
        valid_to=None,
        confidence=CONFIRMED,
        note="Whether 294-QĐ/TW (2025) changed it is unconfirmed.",
        url="https://thuvienphapluat.vn/hoi-dap-phap-luat/55C58-hd-se-duoc-xet-tang-huy-hieu-dang-vao-nhung-nam-nao.html",
    ),
)
HD01_2021 = Document("Hướng dẫn 01-HD/TW ngày 28/9/2021", date(2021, 9, 28))
HD01_2021.rule(
    "badges.occasions",
    confidence=CONFIRMED,
    clause="Mục 18: trao tặng vào dịp kỷ niệm các ngày lễ lớn 3/2; 19/5; 2/9; 7/11",
    note="Also “các dịp kỷ niệm quan trọng khác tại tổ chức cơ sở đảng”; used for all years.",
    url="https://thuvienphapluat.vn/hoi-dap-phap-luat/55C5A-hd-vec-trao-tang-su-dung-quan-ly-huy-hieu-dang-duoc-quy-dinh-ra-sao.html",
)
REFERENCE_DATE_SOURCE = register(
    "badges.reference_date",
    Source(
        document="Mặc định của phần mềm (rules.md §4A)",
        clause="Đủ điều kiện trong một đợt nếu đủ số tháng tuổi đảng vào hoặc trước ngày của đợt trao tặng",
        valid_from=None,
        valid_to=None,
        confidence=UNCONFIRMED,
        note="No central text says “tính đến ngày …”; parameter `reference` ('occasion' or a cut-off date).",
    ),
)
DISCIPLINE_SOURCE = register(
    "badges.discipline_waiting",
    Source(
        document="29-QĐ/TW (2016); 24-QĐ/TW (2021) theo các bản tóm tắt mâu thuẫn nhau",
        clause="Đảng viên bị kỷ luật chưa được xét tặng; xét sau một thời gian chờ tùy hình thức kỷ luật",
        valid_from=REGIME_29_START,
        valid_to=None,
        confidence=UNCONFIRMED,
        note="Sources conflict (rules.md §4A); only produces a finding for manual review.",
    ),
)
HD01_2021.rule(
    "badges.early_award",
    confidence=CONFIRMED,
    clause="Điểm 18.1–18.2: xét tặng sớm khi ốm nặng (30–65 năm: không quá 12 tháng; 70–90: không "
    "quá 24 tháng); "
    "truy tặng sớm không quá 12 tháng",
)

MILESTONES_BEFORE_2016 = (30, 40, 50, 60, 70, 80)
MILESTONES_2016 = (30, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90)
ALL_MILESTONES = MILESTONES_2016

AWARD_OCCASIONS = ((2, 3), (5, 19), (9, 2), (11, 7))  # (month, day); badges.occasions
OCCASION_NAMES = {
    (2, 3): "Kỷ niệm ngày thành lập Đảng Cộng sản Việt Nam (3/2)",
    (5, 19): "Kỷ niệm ngày sinh Chủ tịch Hồ Chí Minh (19/5)",
    (9, 2): "Kỷ niệm Quốc khánh (2/9)",
    (11, 7): "Kỷ niệm Cách mạng Tháng Mười Nga (7/11)",
}
EARLY_AWARD_MAX_MONTHS = {m: 12 if m <= 65 else 24 for m in ALL_MILESTONES}  # seriously ill members
POSTHUMOUS_EARLY_MAX_MONTHS = 12
DEFAULT_REFERENCE = "occasion"  # UNCONFIRMED: see badges.reference_date


@sourced("badges.milestones")
def milestones_on(d: date) -> tuple[int, ...]:
    """Badge milestones (years of party age) in force on `d`."""
    return MILESTONES_2016 if d >= REGIME_29_START else MILESTONES_BEFORE_2016


@sourced("badges.occasions")
def next_occasion(after: date) -> date:
    """The first award occasion on or after `after`."""
    for year in (after.year, after.year + 1):
        for month, day in AWARD_OCCASIONS:
            if date(year, month, day) >= after:
                return date(year, month, day)
    raise AssertionError("unreachable")


def occasions_between(a: date, b: date) -> list[date]:
    """Award occasions o with a <= o <= b."""
    return [
        date(y, m, d)
        for y in range(a.year, b.year + 1)
        for m, d in AWARD_OCCASIONS
        if a <= date(y, m, d) <= b
    ]


def _reference_date(occasion: date, reference: str | date) -> date:
    if isinstance(reference, date):
        return reference
    if reference == "occasion":
        return occasion
    raise ValueError("reference must be 'occasion' or a date")


@sourced("badges.reference_date")
def due_milestone(
    admission_decision_date: date | None,
    official_since: date | None,
    gaps: Iterable[Gap] | None,
    held: Iterable[int],
    occasion: date,
    reference: str | date = DEFAULT_REFERENCE,
) -> int | None:
    """Highest milestone reached by the reference date, not held, and above every held badge.

    Disciplined members are not excluded here: see discipline_findings().
    """
    on = _reference_date(occasion, reference)
    age = party_age(admission_decision_date, official_since, gaps, on)
    if age is None:
        return None
    top_held = max(held, default=0)
    reached = [m for m in milestones_on(occasion) if m * 12 <= age.total_months and m > top_held]
    return max(reached, default=None)


def next_milestone(
    admission_decision_date: date | None,
    official_since: date | None,
    gaps: Iterable[Gap] | None,
    held: Iterable[int],
    on: date | None = None,
) -> tuple[int, date] | None:
    """The next milestone above every held badge and the date it is reached (no further gaps assumed).

    The date is not before official_since (party age only counts for official members). None if the
    member is outside the Party now (open-ended gap) or every milestone is held.
    """
    if admission_decision_date is None:
        return None
    gaps = list(gaps or ())
    top_held = max(held, default=0)
    for m in ALL_MILESTONES:
        if m <= top_held:
            continue
        reached = months_reached_on(admission_decision_date, gaps, m * 12)
        if reached is None:
            return None
        if official_since is not None and reached < official_since:
            reached = official_since
        if m in milestones_on(max(reached, on) if on else reached):
            return m, reached
    return None


# --- disciplined members -----------------------------------------------------------------------------

REPRIMAND = "khien_trach"
WARNING = "canh_cao"
DISMISSAL = "cach_chuc"
DISCIPLINE_LABELS = {REPRIMAND: _("khiển trách"), WARNING: _("cảnh cáo"), DISMISSAL: _("cách chức")}


@dataclass(frozen=True)
class DisciplineWaiting:
    """Months to wait after a sanction before the badge may be considered; None = not blocking."""

    regime: str
    valid_from: date | None
    valid_to: date | None
    months: dict[str, int | None] = field(default_factory=dict)
    source_note: str = ""
    url: str = ""


# All UNCONFIRMED and partly conflicting (rules.md §4.3, §4A): data for a manual-review finding only.
DISCIPLINE_WAITING: tuple[DisciplineWaiting, ...] = (
    DisciplineWaiting(
        regime="29-QĐ/TW (2016)",
        valid_from=REGIME_29_START,
        valid_to=date(2021, 7, 29),
        months={REPRIMAND: None, WARNING: 6, DISMISSAL: 12},
        source_note="danluat (thuvienphapluat) tóm tắt 29-QĐ/TW",
        url="https://danluatold.thuvienphapluat.vn/khi-nao-dang-vien-duoc-tang-huy-hieu-dang-187240.aspx#552877",
    ),
    DisciplineWaiting(
        regime="24-QĐ/TW (2021), theo luatminhkhue",
        valid_from=date(2021, 7, 30),
        valid_to=None,
        months={REPRIMAND: 6, WARNING: 9, DISMISSAL: 12},
        source_note="luatminhkhue tóm tắt 24-QĐ/TW",
        url="https://luatminhkhue.vn/mau-to-khai-de-nghi-tang-huy-hieu-dang.aspx",
    ),
    DisciplineWaiting(
        regime="24-QĐ/TW (2021), theo sổ tay Đảng ủy khối Bình Thuận",
        valid_from=date(2021, 7, 30),
        valid_to=None,
        months={REPRIMAND: None, WARNING: 6, DISMISSAL: 12},
        source_note="Sổ tay dẫn 24-QĐ, 01-HD và 12-HD/BTCTW (2022)",
        url="https://stdt.danguykhoibinhthuan.vn/sotay/to-chuc/tang-huy-hieu-dang",
    ),
)


def discipline_waiting_on(d: date) -> list[DisciplineWaiting]:
    return [
        w
        for w in DISCIPLINE_WAITING
        if (w.valid_from is None or w.valid_from <= d) and (w.valid_to is None or d <= w.valid_to)
    ]


@sourced("badges.discipline_waiting")
def discipline_findings(level: str | None, decision_date: date | None, occasion: date) -> list[Finding]:
    """A finding for manual review when a disciplined member is due a badge; never a refusal."""
    if not level:
        return []
    from .membership import add_months  # local: keeps the public import list short

    label = DISCIPLINE_LABELS.get(level, level)
    readings = []
    for w in discipline_waiting_on(occasion):
        months = w.months.get(level)
        if months is None:
            readings.append(_("%(regime)s: không chặn", regime=w.regime))
        elif decision_date is None:
            readings.append(_("%(regime)s: chờ %(months)s tháng", regime=w.regime, months=months))
        else:
            readings.append(_("%(regime)s: chờ %(months)s tháng, đến %(on)s", regime=w.regime, months=months,
                              on=format_date(add_months(decision_date, months))))
    when = _(" ngày %(on)s", on=format_date(decision_date)) if decision_date else ""
    detail = joined_text(readings) if readings else _("không có quy định trong dữ liệu")
    return [
        Finding(
            "badge_discipline_review",
            "discipline",
            _("Đảng viên bị kỷ luật %(label)s%(when)s: thời gian chờ xét tặng Huy hiệu Đảng chưa được xác nhận, cần "
              "xem xét thủ công (%(detail)s).", label=label, when=when, detail=detail),
            FINDING,
        )
    ]


def milestone_reached_months(admission_decision_date: date, gaps: Iterable[Gap], on: date) -> int:
    """Active months on `on` regardless of official status (for previews)."""
    return active_months(admission_decision_date, gaps, on)
