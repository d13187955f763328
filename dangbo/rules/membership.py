"""Membership lifecycle (rules.md §3): admission age, probation, official date, deadlines, party age."""

from __future__ import annotations

import calendar as _cal
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction

from .calendar import DEFAULT_CALENDAR, WorkingCalendar
from .sources import CONFIRMED, PARTLY_CONFIRMED, UNCONFIRMED, Document, Source, register, sourced
from .text import format_date
from .text import text as _

ERROR = "error"  # refuse the input
FINDING = "finding"  # accept, but show for review / higher approval

CHARTER_2011 = Document("Điều lệ Đảng Cộng sản Việt Nam (2011)", date(2011, 1, 19))

CHARTER_2011.rule(
    "membership.probation_months",
    confidence=CONFIRMED,
    clause="Điều 5: thời kỳ dự bị mười hai tháng, tính từ ngày chi bộ tổ chức lễ kết nạp",
    url="https://thuvienphapluat.vn/banan/tin-tuc/dang-vien-du-bi-la-ai-quyen-cua-dang-vien-du-bi-8508",
)
register(
    "membership.official_date",
    Source(
        document="Quy định thi hành Điều lệ (29-QĐ/TW 2016, 24-QĐ/TW 2021, 232-QĐ/TW 2025)",
        clause="Điểm 4.2.b: công nhận chính thức đúng thời điểm hết 12 tháng dự bị, dù chi bộ họp chậm",
        valid_from=date(2016, 7, 25),
        valid_to=None,
        confidence=CONFIRMED,
        note="Applied to all years; the 294-QĐ/TW (2025) wording is unconfirmed.",
        url="https://thuvienphapluat.vn/hoi-dap-phap-luat/35A57-hd-thoi-han-to-chuc-le-ket-nap-va-thoi-diem-cong-nhan-dang-vien-chinh-thuc.html",
    ),
)
QD232 = Document("Quy định 232-QĐ/TW ngày 20/01/2025", date(2025, 1, 20))
QD232.rule(
    "membership.admission_age",
    confidence=CONFIRMED,
    clause="Tại thời điểm chi bộ xét kết nạp, người vào Đảng phải đủ 18 tuổi đến đủ 60 tuổi (tính "
    "theo tháng); "
    "trên 60 tuổi do cấp ủy trực thuộc Trung ương xem xét",
    note="Applied to earlier years too (same rule in 29/24). Months are counted by calendar month; a "
    "missing day (29–31) falls back to the month's last day, as for periods in Bộ luật Dân sự.",
    url="https://luatvietnam.vn/tin-van-ban-moi/da-co-quy-dinh-232-qd-tw-thi-hanh-dieu-le-dang-186-100895-article.html?layout=amp",
)
register(
    "membership.ceremony_deadline",
    Source(
        document="Quy định thi hành Điều lệ (29-QĐ/TW, 232-QĐ/TW)",
        clause="Điểm 4.1: trong thời hạn 30 ngày làm việc kể từ ngày nhận được quyết định kết nạp, chi "
        "bộ phải tổ "
        "chức lễ kết nạp; quá hạn phải được cấp ủy cấp trên trực tiếp đồng ý",
        valid_from=date(2016, 7, 25),
        valid_to=None,
        confidence=CONFIRMED,
        note="Counted from the decision date when the date of receipt is not recorded.",
    ),
)
# The rules implementing the Điều lệ, as amended (29-QĐ/TW 2016, 24-QĐ/TW 2021, 232-QĐ/TW 2025).
CHARTER_RULES = Document("Quy định thi hành Điều lệ (29-QĐ/TW, 24-QĐ/TW, 232-QĐ/TW)", date(2016, 7, 25))
CHARTER_RULES.rule(
    "membership.recognition_deadline",
    confidence=CONFIRMED,
    clause="Điểm 4.2.a: trong thời hạn 30 ngày làm việc kể từ ngày hết 12 tháng dự bị, chi bộ phải "
    "xét và đề "
    "nghị công nhận chính thức",
)
CHARTER_RULES.rule(
    "membership.admission_decision_deadline",
    confidence=CONFIRMED,
    clause="Điểm 4.3.1: 60 ngày làm việc kể từ ngày chi bộ có nghị quyết đề nghị kết nạp; gia hạn "
    "tối đa 30 "
    "ngày làm việc",
    url="https://thuvienphapluat.vn/hoi-dap-phap-luat/35C5C-hd-thoi-han-tham-quyen-quyet-dinh-ket-nap-dang-vien-xet-cong-nhan-dang-vien-chinh-thuc.html",
)
register(
    "membership.party_age",
    Source(
        document=f"{CHARTER_2011.title}; Hướng dẫn 01-HD/TW ngày 28/9/2021",
        clause="Điều 5 khoản 4: tuổi đảng tính từ ngày ghi trong quyết định kết nạp, trừ thời gian không "
        "tham gia "
        "sinh hoạt đảng; chỉ tính khi đã được công nhận chính thức",
        valid_from=None,
        valid_to=None,
        confidence=CONFIRMED,
        url="https://beta.thuvienphapluat.vn/chinh-sach-phap-luat-moi/vn/ho-tro-phap-luat/tu-van-phap-luat/30973/tuoi-dang-vien-duoc-tinh-nhu-the-nao",
    ),
)
register(
    "membership.party_age_gap_arithmetic",
    Source(
        document="Cách tính của phần mềm",
        clause="Thời gian gián đoạn được trừ theo tỷ lệ ngày trong tháng rồi quy về số tháng tròn tính "
        "từ ngày "
        "kết nạp",
        valid_from=None,
        valid_to=None,
        confidence=UNCONFIRMED,
        note="No text says how partial months of a gap are counted; gaps from the 1st of a month to the 1st "
        "of a later month subtract exactly their whole months.",
    ),
)
QD232.rule(
    "membership.readmission_wait",
    confidence=PARTLY_CONFIRMED,
    clause="Điểm 3.5.1: kết nạp lại sau ít nhất 36 tháng kể từ khi ra khỏi Đảng",
    note="Quoted from a full-text copy of 232, among other conditions; not used in checks yet.",
    url="https://phamkietsonha.edu.vn/toan-van-quy-dinh-232-qd-tw-nam-2025-ve-thi-hanh-dieu-le-dang-moi-nhat",
)

PROBATION_MONTHS = 12  # membership.probation_months
MIN_ADMISSION_AGE_MONTHS = 18 * 12  # membership.admission_age
MAX_ADMISSION_AGE_MONTHS = 60 * 12  # above this: higher approval needed, not a refusal
CEREMONY_DEADLINE_WORKING_DAYS = 30
RECOGNITION_DEADLINE_WORKING_DAYS = 30
ADMISSION_DECISION_WORKING_DAYS = 60
READMISSION_WAIT_MONTHS = 36


@dataclass
class Finding:
    code: str
    field: str
    message: str
    severity: str  # ERROR or FINDING

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR


# --- month arithmetic --------------------------------------------------------------------------------


def add_months(d: date, n: int) -> date:
    """d + n calendar months; a missing day falls back to the month's last day (31/1 + 1 -> 28 or 29/2)."""
    index = d.year * 12 + d.month - 1 + n
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(d.day, _cal.monthrange(year, month)[1]))


def age_in_months(birth: date, on: date) -> int:
    """Whole months from `birth` to `on`: the largest k with add_months(birth, k) <= on.

    Negative if on < birth.
    """
    k = (on.year - birth.year) * 12 + on.month - birth.month
    while add_months(birth, k) > on:
        k -= 1
    while add_months(birth, k + 1) <= on:
        k += 1
    return k


def _ym(months: int) -> str:
    years, rest = divmod(months, 12)
    if rest:
        return _("%(years)s tuổi %(months)s tháng", years=years, months=rest)
    return _("%(years)s tuổi", years=years)


# --- dates of the lifecycle --------------------------------------------------------------------------


@sourced("membership.official_date")
def official_date(ceremony_date: date) -> date:
    """Official-member date: ceremony + 12 months, whatever the date of the recognition decision."""
    return add_months(ceremony_date, PROBATION_MONTHS)


@sourced("membership.ceremony_deadline")
def ceremony_deadline(decision_date: date, calendar: WorkingCalendar | None = None) -> date:
    return (calendar or DEFAULT_CALENDAR).add_working_days(decision_date, CEREMONY_DEADLINE_WORKING_DAYS)


@sourced("membership.recognition_deadline")
def recognition_deadline(official_date: date, calendar: WorkingCalendar | None = None) -> date:
    """Last day for the chi bộ to consider recognition: 30 working days after probation ends."""
    return (calendar or DEFAULT_CALENDAR).add_working_days(official_date, RECOGNITION_DEADLINE_WORKING_DAYS)


@sourced("membership.admission_decision_deadline")
def admission_decision_deadline(
    branch_resolution_date: date, calendar: WorkingCalendar | None = None
) -> date:
    return (calendar or DEFAULT_CALENDAR).add_working_days(
        branch_resolution_date, ADMISSION_DECISION_WORKING_DAYS
    )


# --- checks ------------------------------------------------------------------------------------------


@sourced("membership.admission_age")
def check_admission(
    birth_date: date | None, decision_date: date | None, branch_resolution_date: date | None = None
) -> list[Finding]:
    """Age at admission. The rule looks at the chi bộ's consideration; when its date is unknown the
    decision date is used (it is later, so an under-age case may slip through: give the earlier date)."""
    if birth_date is None or decision_date is None:
        return []
    on = branch_resolution_date or decision_date
    label = _("ngày chi bộ xét kết nạp") if branch_resolution_date else _("ngày quyết định kết nạp")
    months = age_in_months(birth_date, on)
    if months < MIN_ADMISSION_AGE_MONTHS:
        age = _ym(months) if months >= 0 else _("chưa sinh")
        return [
            Finding(
                "admission_under_18",
                "birth_date",
                _("Người vào Đảng phải đủ 18 tuổi (tính theo tháng): ngày sinh %(birth_date)s, %(label)s %(on)s "
                  "(%(age)s).", birth_date=format_date(birth_date), label=label, on=format_date(on), age=age),
                ERROR,
            )
        ]
    if months > MAX_ADMISSION_AGE_MONTHS:
        return [
            Finding(
                "admission_over_60",
                "birth_date",
                _("Người vào Đảng trên 60 tuổi (%(months)s vào %(label)s %(on)s) phải được cấp ủy trực thuộc Trung "
                  "ương xem xét, quyết định.", months=_ym(months), label=label, on=format_date(on)),
                FINDING,
            )
        ]
    return []


def check_event_dates(
    decision_date: date | None,
    ceremony_date: date | None = None,
    official_date: date | None = None,
    birth_date: date | None = None,
    calendar: WorkingCalendar | None = None,
) -> list[Finding]:
    """Order of the lifecycle dates. Errors refuse the record; findings flag late ceremonies."""
    out: list[Finding] = []
    f = format_date
    if birth_date and decision_date and birth_date >= decision_date:
        out.append(
            Finding(
                "birth_after_decision",
                "birth_date",
                _("Ngày sinh (%(birth_date)s) phải trước ngày quyết định kết nạp (%(decision_date)s).",
                  birth_date=f(birth_date),
                  decision_date=f(decision_date)),
                ERROR,
            )
        )
    if ceremony_date and decision_date:
        if ceremony_date < decision_date:
            out.append(
                Finding(
                    "ceremony_before_decision",
                    "ceremony_date",
                    _("Ngày lễ kết nạp (%(ceremony_date)s) không được trước ngày quyết định kết nạp "
                      "(%(decision_date)s).", ceremony_date=f(ceremony_date), decision_date=f(decision_date)),
                    ERROR,
                )
            )
        elif ceremony_date > ceremony_deadline(decision_date, calendar):
            out.append(
                Finding(
                    "ceremony_late",
                    "ceremony_date",
                    _("Lễ kết nạp (%(ceremony_date)s) tổ chức quá 30 ngày làm việc kể từ quyết định kết nạp "
                      "(%(decision_date)s); cần có ý kiến đồng ý của cấp ủy cấp trên trực tiếp.",
                      ceremony_date=f(ceremony_date),
                      decision_date=f(decision_date)),
                    FINDING,
                )
            )
    if official_date:
        if decision_date and official_date < decision_date:
            out.append(
                Finding(
                    "official_before_decision",
                    "official_date",
                    _("Ngày công nhận đảng viên chính thức (%(official_date)s) không được trước ngày quyết định kết "
                      "nạp (%(decision_date)s).", official_date=f(official_date), decision_date=f(decision_date)),
                    ERROR,
                )
            )
        elif ceremony_date:
            expected = add_months(ceremony_date, PROBATION_MONTHS)
            if official_date != expected and not (decision_date and ceremony_date < decision_date):
                out.append(
                    Finding(
                        "official_not_end_of_probation",
                        "official_date",
                        _("Ngày công nhận đảng viên chính thức (%(official_date)s) phải là ngày hết 12 tháng dự bị "
                          "tính từ ngày lễ kết nạp (%(ceremony_date)s), tức là ngày %(expected)s.",
                          official_date=f(official_date),
                          ceremony_date=f(ceremony_date),
                          expected=f(expected)),
                        ERROR,
                    )
                )
        elif decision_date and official_date < add_months(decision_date, PROBATION_MONTHS):
            out.append(
                Finding(
                    "official_before_probation_end",
                    "official_date",
                    _("Ngày công nhận đảng viên chính thức (%(official_date)s) phải sau ít nhất 12 tháng dự bị kể từ "
                      "ngày quyết định kết nạp (%(decision_date)s).",
                      official_date=f(official_date),
                      decision_date=f(decision_date)),
                    ERROR,
                )
            )
    return out


# --- party age ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PartyAge:
    years: int
    months: int
    total_months: int

    @classmethod
    def from_months(cls, total: int) -> PartyAge:
        years, months = divmod(total, 12)
        return cls(years, months, total)

    def __str__(self) -> str:
        if self.total_months == 0:
            return "0 tháng"
        parts = ([f"{self.years} năm"] if self.years else []) + (
            [f"{self.months} tháng"] if self.months else []
        )
        return " ".join(parts)


def _month_pos(d: date) -> Fraction:
    """Continuous month position of a date: month index plus the elapsed fraction of the month."""
    return Fraction(d.year * 12 + d.month - 1) + Fraction(d.day - 1, _cal.monthrange(d.year, d.month)[1])


def _from_month_pos(pos: Fraction) -> date:
    """Latest date whose month position is <= pos."""
    index = pos.numerator // pos.denominator
    year, month0 = divmod(index, 12)
    length = _cal.monthrange(year, month0 + 1)[1]
    frac = pos - index
    day = (frac * length).numerator // (frac * length).denominator + 1
    return date(year, month0 + 1, day)


Gap = tuple[date, date | None]


def _active_end(admission: date, gaps: Iterable[Gap], on: date) -> date:
    """The date reached from `admission` after counting only the time inside the Party up to `on`.

    Gaps are measured in month positions, so a gap covering whole calendar months subtracts exactly
    those months; the result only moves forward as `on` does (party age never goes down).
    """
    if on <= admission:
        return on
    end = _month_pos(on)
    start = _month_pos(admission)
    # Merge the gaps clipped to [admission, on] so overlapping gaps are not subtracted twice.
    spans = sorted(
        (max(_month_pos(s), start), min(_month_pos(e) if e is not None else end, end))
        for s, e in gaps
        if s is not None
    )
    removed = Fraction(0)
    cur_s = cur_e = None
    for s, e in spans:
        if e <= s:
            continue
        if cur_e is None or s > cur_e:
            if cur_e is not None:
                removed += cur_e - cur_s
            cur_s, cur_e = s, e
        else:
            cur_e = max(cur_e, e)
    if cur_e is not None:
        removed += cur_e - cur_s
    if not removed:
        return on
    return _from_month_pos(end - removed)


def active_months(admission_decision_date: date, gaps: Iterable[Gap], on: date) -> int:
    """Whole months inside the Party from the admission decision to `on`, gaps subtracted."""
    return max(
        0, age_in_months(admission_decision_date, _active_end(admission_decision_date, list(gaps), on))
    )


@sourced("membership.party_age")
def party_age(
    admission_decision_date: date | None,
    official_since: date | None,
    gaps: Iterable[Gap] | None,
    on: date,
) -> PartyAge | None:
    """Party age on `on`, or None while not (yet) an official member on that date.

    Runs from the admission decision date in whole months, minus gaps (periods outside the Party;
    a gap without an end runs to `on`).
    """
    if admission_decision_date is None or official_since is None or official_since > on:
        return None
    return PartyAge.from_months(active_months(admission_decision_date, gaps or (), on))


def months_reached_on(admission_decision_date: date, gaps: Iterable[Gap], months: int) -> date | None:
    """First date on which `months` of active membership are reached, assuming no further gaps.
    None if an open-ended gap means the member is outside the Party now."""
    gaps = list(gaps)
    if any(e is None for _, e in gaps):
        return None
    lo = add_months(admission_decision_date, months)
    total_gap_days = sum(max(0, (e - s).days) for s, e in gaps if e is not None)
    hi = lo + timedelta(days=total_gap_days + 62)
    if active_months(admission_decision_date, gaps, hi) < months:  # pragma: no cover - defensive
        raise ValueError("cannot place the milestone date")
    while lo < hi:  # binary search on a monotone function
        mid = lo + (hi - lo) // 2
        if active_months(admission_decision_date, gaps, mid) >= months:
            hi = mid
        else:
            lo = mid + timedelta(days=1)
    return lo
