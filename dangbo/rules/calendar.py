"""Public holidays and working days (rules.md §9) for counting "ngày làm việc" deadlines."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from .lunar import lunar_new_years_eve, lunar_to_solar, tet
from .sources import CONFIRMED, UNCONFIRMED, Document, Source, register
from .text import format_date

HOLIDAY = "holiday"
COMPENSATORY = "compensatory"
SWAPPED_OFF = "swapped_off"
DAY_OFF_KINDS = (HOLIDAY, COMPENSATORY, SWAPPED_OFF)
KIND_LABELS = {HOLIDAY: "Nghỉ lễ, tết", COMPENSATORY: "Nghỉ bù", SWAPPED_OFF: "Nghỉ hoán đổi"}

# --- sources -----------------------------------------------------------------------------------------

LABOUR_CODE_2012 = register(
    "calendar.holidays_2012",
    Source(
        document="Bộ luật Lao động số 10/2012/QH13",
        clause="Điều 115 khoản 1 (10 ngày: Tết Dương lịch 1, Tết Âm lịch 5, Giỗ Tổ 10/3 âm lịch, 30/4, 1/5, "
        "2/9) và khoản 3 (nghỉ bù)",
        valid_from=None,
        valid_to=dt.date(2020, 12, 31),
        confidence=UNCONFIRMED,
        note="Not quoted in rules.md; known shape of the 2012 code (in force 01/5/2013). Also used before "
        "2013 as an approximation: the 1994 code as amended in 2007 had 4 Tết days.",
    ),
)
LABOUR_CODE_45_2019 = Document("Bộ luật Lao động số 45/2019/QH14", dt.date(2021, 1, 1))
LABOUR_CODE_2019 = LABOUR_CODE_45_2019.rule(
    "calendar.holidays_2019",
    confidence=CONFIRMED,
    clause="Điều 112 khoản 1 (11 ngày nghỉ lễ, tết)",
    url="https://vinanet.vn/chinh-sach-viet-nam/tu-nam-2021-lich-nghi-le-tet-se-co-mot-so-thay-doi-723430.html",
)
COMPENSATORY_2019 = LABOUR_CODE_45_2019.rule(
    "calendar.compensatory",
    confidence=CONFIRMED,
    clause="Điều 111 khoản 3 (nghỉ bù vào ngày làm việc kế tiếp)",
    note="The 2012 code (Điều 115 khoản 3) had the same rule; applied to all years.",
    url="https://luathoangphi.vn/quy-dinh-ve-nghi-hang-tuan-nguoi-lao-dong-khong-the-bo-qua",
)
PM_DECIDES = LABOUR_CODE_45_2019.rule(
    "calendar.pm_decides_days",
    confidence=CONFIRMED,
    clause="Điều 112 khoản 3 (Thủ tướng quyết định cụ thể ngày nghỉ Tết Âm lịch và ngày liền kề Quốc "
    "khánh)",
)
NATIONAL_DAY_EXTRA_DEFAULT = register(
    "calendar.national_day_extra_default",
    Source(
        document="Mặc định của phần mềm (Thủ tướng quyết định hằng năm)",
        clause="Ngày nghỉ Quốc khánh thứ hai: mặc định 01/9 (liền trước 2/9)",
        valid_from=dt.date(2021, 1, 1),
        valid_to=None,
        confidence=UNCONFIRMED,
        note="Per-year decision (BLLĐ 2019 Điều 112 khoản 3). Override with a KNOWN_ANNOUNCEMENTS entry "
        "or the admin calendar table.",
    ),
)
TET_DAYS_DEFAULT = register(
    "calendar.tet_days_default",
    Source(
        document="Mặc định của phần mềm (Thủ tướng quyết định hằng năm)",
        clause="5 ngày Tết Âm lịch: mặc định ngày cuối năm âm lịch và mùng 1 đến mùng 4",
        valid_from=None,
        valid_to=None,
        confidence=UNCONFIRMED,
        note="Per-year decision; override with KNOWN_ANNOUNCEMENTS or the admin calendar table.",
    ),
)
WORKING_DAY_DEFINITION = register(
    "calendar.working_day_definition",
    Source(
        document="Giả định làm việc của phần mềm (chưa tìm thấy văn bản của Đảng định nghĩa)",
        clause="“Ngày làm việc” trong thời hạn của Đảng: trừ thứ Bảy, Chủ nhật, ngày lễ tết Điều 112, "
        "nghỉ bù, "
        "ngày nghỉ hoán đổi; tính thứ Bảy làm bù. Ngày bắt đầu không tính.",
        valid_from=None,
        valid_to=None,
        confidence=UNCONFIRMED,
        note="rules.md §9. The start day is excluded as for periods in Bộ luật Dân sự 2015 Điều 147.",
    ),
)
FORTY_HOUR_WEEK = register(
    "calendar.weekend",
    Source(
        document="Chế độ tuần làm việc 40 giờ của cơ quan hành chính nhà nước",
        clause="Nghỉ thứ Bảy và Chủ nhật",
        valid_from=None,
        valid_to=None,
        confidence=CONFIRMED,
        note="Quoted via the press (24h.com.vn) in rules.md §9; the decree number was not captured.",
        url="https://www.24h.com.vn/tin-tuc-trong-ngay/ai-duoc-hoan-doi-de-nghi-tet-duong-lich-4-ngay-c46a1724830.html",
    ),
)
# Not enabled: rules.md §9 says to wait until the amended Điều 112 is in force.
CULTURE_DAY_PROPOSAL = register(
    "calendar.culture_day_24_11_proposal",
    Source(
        document="Nghị quyết 30/NQ-CP (2026), đề xuất sửa khoản 1 Điều 112 BLLĐ",
        clause="Ngày Văn hóa Việt Nam 24/11 là ngày nghỉ hưởng nguyên lương (chưa thành luật)",
        valid_from=None,
        valid_to=None,
        confidence=UNCONFIRMED,
        note="Not applied; add it through the admin calendar table once the law is amended.",
        url="https://vneconomy.vn/bo-sung-ngay-van-hoa-viet-nam-2411-vao-danh-muc-ngay-nghi-huong-nguyen-luong.htm",
    ),
)


# --- records -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DayOff:
    date: dt.date
    name: str
    kind: str  # HOLIDAY, COMPENSATORY or SWAPPED_OFF
    source: Source | None = None

    def __post_init__(self) -> None:
        if self.kind not in DAY_OFF_KINDS:
            raise ValueError(f"unknown day-off kind {self.kind!r}")


@dataclass(frozen=True)
class MakeupWorkday:
    """A weekend day that is a working day (làm bù), e.g. a Saturday swapped for a Friday off."""

    date: dt.date
    name: str = "Ngày làm bù"
    source: Source | None = None


@dataclass(frozen=True)
class Announcement:
    """A per-year government decision on one holiday: the chosen days and the swaps."""

    year: int
    occasion: str
    source: Source
    swapped_off: tuple[dt.date, ...] = ()
    makeup_workdays: tuple[dt.date, ...] = ()
    tet_days: tuple[dt.date, ...] | None = None  # the five statutory Tết days, if the decision names them
    national_day_extra: dt.date | None = None  # the second Quốc khánh day


def _d(y: int, m: int, d: int) -> dt.date:
    return dt.date(y, m, d)


def _announced(year: int, key: str, document: str, clause: str, *, url: str, note: str = "") -> Source:
    """The registered source of a government decision for one `year`'s holiday: confirmed, valid that year."""
    return register(f"calendar.announcement_{year}_{key}",
                    Source(document, clause, _d(year, 1, 1), _d(year, 12, 31), CONFIRMED, note, url))


KNOWN_ANNOUNCEMENTS: tuple[Announcement, ...] = (
    Announcement(
        year=2026,
        occasion="Tết Dương lịch",
        swapped_off=(_d(2026, 1, 2),),
        makeup_workdays=(_d(2026, 1, 10),),
        source=_announced(
            2026, "new_year", "Công văn 12729/VPCP-KGVX ngày 25/12/2025 của Văn phòng Chính phủ",
            "Nghỉ 01/01–04/01/2026; hoán đổi thứ Sáu 02/01/2026 sang thứ Bảy 10/01/2026",
            url="https://www.24h.com.vn/tin-tuc-trong-ngay/ai-duoc-hoan-doi-de-nghi-tet-duong-lich-4-ngay-c46a1724830.html",
        ),
    ),
    Announcement(
        year=2026,
        occasion="Tết Âm lịch",
        tet_days=tuple(_d(2026, 2, day) for day in range(16, 21)),
        source=_announced(
            2026, "tet", "Lịch nghỉ Tết Âm lịch 2026 của cán bộ, công chức, viên chức (số văn bản chưa ghi nhận)",
            "Nghỉ từ thứ Bảy 14/02/2026 đến hết Chủ nhật 22/02/2026, tổng cộng 9 ngày",
            note="The five statutory days are taken as the weekdays 16–20/02 inside the 9-day break.",
            url="http://www.congan.com.vn/?catid=702&id=388656&mod=detnews",
        ),
    ),
    Announcement(
        year=2026,
        occasion="Quốc khánh",
        national_day_extra=_d(2026, 9, 1),
        swapped_off=(_d(2026, 8, 31),),
        makeup_workdays=(_d(2026, 8, 22),),
        source=_announced(
            2026, "national_day", "Thủ tướng đồng ý lịch nghỉ dịp Quốc khánh 2026 (số văn bản chưa ghi nhận)",
            "Nghỉ lễ 01/9 và 02/9/2026; hoán đổi thứ Hai 31/8/2026 sang thứ Bảy 22/8/2026",
            url="https://dantri.com.vn/noi-vu/thu-tuong-dong-y-lich-nghi-5-ngay-dip-quoc-khanh-nam-2026-20251013210849215.htm",
        ),
    ),
)


def announcements_for(
    year: int, announcements: Iterable[Announcement] = KNOWN_ANNOUNCEMENTS
) -> list[Announcement]:
    return [a for a in announcements if a.year == year]


# --- statutory holidays ------------------------------------------------------------------------------

NEW_YEAR = "Tết Dương lịch"
LUNAR_NEW_YEAR = "Tết Âm lịch"
HUNG_KINGS = "Giỗ Tổ Hùng Vương (10/3 âm lịch)"
VICTORY_DAY = "Ngày Chiến thắng (30/4)"
LABOUR_DAY = "Ngày Quốc tế lao động (1/5)"
NATIONAL_DAY = "Quốc khánh (2/9)"
NATIONAL_DAY_EXTRA = "Quốc khánh (ngày liền kề)"


def _is_weekend(d: dt.date) -> bool:
    return d.weekday() >= 5


def statutory_holidays(
    year: int,
    *,
    national_day_extra: str | dt.date = "before",
    tet_days: Iterable[dt.date] | None = None,
    include_compensatory: bool = True,
) -> list[DayOff]:
    """Holidays of the labour code in force in `year`, plus nghỉ bù for those on a weekend.

    national_day_extra ("before" = 1/9, "after" = 3/9, or a date) and tet_days are per-year decisions of
    the Prime Minister; their defaults are UNCONFIRMED (see calendar.national_day_extra_default and
    calendar.tet_days_default).
    """
    code = LABOUR_CODE_2019 if year >= 2021 else LABOUR_CODE_2012
    days: list[DayOff] = [DayOff(_d(year, 1, 1), NEW_YEAR, HOLIDAY, code)]
    if tet_days is None:
        eve = lunar_new_years_eve(year)
        first = tet(year)
        tet_list = [eve] + [first + dt.timedelta(days=i) for i in range(4)]
        tet_source = TET_DAYS_DEFAULT
    else:
        tet_list = sorted(tet_days)
        tet_source = code
    days += [DayOff(d, LUNAR_NEW_YEAR, HOLIDAY, tet_source) for d in tet_list]
    days.append(DayOff(lunar_to_solar(10, 3, year), HUNG_KINGS, HOLIDAY, code))
    days.append(DayOff(_d(year, 4, 30), VICTORY_DAY, HOLIDAY, code))
    days.append(DayOff(_d(year, 5, 1), LABOUR_DAY, HOLIDAY, code))
    days.append(DayOff(_d(year, 9, 2), NATIONAL_DAY, HOLIDAY, code))
    if year >= 2021:
        if isinstance(national_day_extra, dt.date):
            extra, extra_source = national_day_extra, code
        elif national_day_extra in ("before", "after"):
            extra = _d(year, 9, 1 if national_day_extra == "before" else 3)
            extra_source = NATIONAL_DAY_EXTRA_DEFAULT
        else:
            raise ValueError("national_day_extra must be 'before', 'after' or a date")
        days.append(DayOff(extra, NATIONAL_DAY_EXTRA, HOLIDAY, extra_source))
    days.sort(key=lambda x: x.date)
    if include_compensatory:
        days += compensatory_days(days)
        days.sort(key=lambda x: x.date)
    return days


def compensatory_days(holidays: list[DayOff]) -> list[DayOff]:
    """Nghỉ bù: each holiday on a Saturday or Sunday gives the next working day off.

    Several weekend holidays in a row give consecutive days after the block. A holiday falling on
    another holiday gives no extra day (the law only covers the weekly rest day).
    """
    taken = {h.date for h in holidays}
    out: list[DayOff] = []
    for h in sorted(holidays, key=lambda x: x.date):
        if h.kind != HOLIDAY or not _is_weekend(h.date):
            continue
        d = h.date + dt.timedelta(days=1)
        while _is_weekend(d) or d in taken:
            d += dt.timedelta(days=1)
        taken.add(d)
        source = COMPENSATORY_2019 if h.date.year >= 2021 else LABOUR_CODE_2012
        out.append(DayOff(d, f"Nghỉ bù {h.name} ({format_date(h.date)})", COMPENSATORY, source))
    return out


# --- working calendar --------------------------------------------------------------------------------


def _as_day_off(x: DayOff | dt.date) -> DayOff:
    if isinstance(x, DayOff):
        return x
    return DayOff(x, "Ngày nghỉ theo thông báo (do quản trị viên khai báo)", SWAPPED_OFF, None)


def _as_makeup(x: MakeupWorkday | dt.date) -> MakeupWorkday:
    return x if isinstance(x, MakeupWorkday) else MakeupWorkday(x)


class WorkingCalendar:
    """Working days of a public-sector body: Monday–Friday minus days off, plus make-up weekend days.

    extra_days_off and makeup_workdays come from the admin-maintained calendar table. A make-up day
    wins over everything, so it also cancels a default day off that the government moved elsewhere.
    """

    def __init__(
        self,
        extra_days_off: Iterable[DayOff | dt.date] = (),
        makeup_workdays: Iterable[MakeupWorkday | dt.date] = (),
        use_known_announcements: bool = True,
    ) -> None:
        self._extra = [_as_day_off(x) for x in extra_days_off]
        self._makeup = {m.date: m for m in map(_as_makeup, makeup_workdays)}
        self._announcements = KNOWN_ANNOUNCEMENTS if use_known_announcements else ()
        self._cache: dict[int, tuple[list[DayOff], dict[dt.date, MakeupWorkday]]] = {}
        self._off: dict[int, frozenset[dt.date]] = {}  # the dates of _year's days off, for is_working_day

    source = WORKING_DAY_DEFINITION

    def _year(self, year: int) -> tuple[list[DayOff], dict[dt.date, MakeupWorkday]]:
        cached = self._cache.get(year)
        if cached is not None:
            return cached
        kwargs: dict = {}
        swapped: list[DayOff] = []
        makeup = {d: m for d, m in self._makeup.items() if d.year == year}
        for a in announcements_for(year, self._announcements):
            if a.tet_days is not None:
                kwargs["tet_days"] = a.tet_days
            if a.national_day_extra is not None:
                kwargs["national_day_extra"] = a.national_day_extra
            swapped += [
                DayOff(d, f"Nghỉ hoán đổi ({a.occasion})", SWAPPED_OFF, a.source) for d in a.swapped_off
            ]
            for d in a.makeup_workdays:
                makeup.setdefault(d, MakeupWorkday(d, f"Làm bù ({a.occasion})", a.source))
        days = statutory_holidays(year, **kwargs) + swapped + [x for x in self._extra if x.date.year == year]
        days.sort(key=lambda x: x.date)
        self._cache[year] = (days, makeup)
        return days, makeup

    def days_off(self, year: int) -> list[DayOff]:
        """Days off of `year` on top of ordinary weekends (may include weekend holidays)."""
        return list(self._year(year)[0])

    def makeup_workdays(self, year: int) -> list[MakeupWorkday]:
        return sorted(self._year(year)[1].values(), key=lambda m: m.date)

    def is_working_day(self, d: dt.date) -> bool:
        days, makeup = self._year(d.year)
        if d in makeup:
            return True
        if _is_weekend(d):
            return False
        off = self._off.get(d.year)
        if off is None:  # a set, not a scan of the year's days off: due work asks this for thousands of members
            off = self._off[d.year] = frozenset(x.date for x in days)
        return d not in off

    def add_working_days(self, start: dt.date, n: int) -> dt.date:
        """The n-th working day after `start` (start itself not counted): the last day of an
        "n ngày làm việc kể từ ngày …" period. n = 0 returns start; negative n counts backwards."""
        step = dt.timedelta(days=1 if n >= 0 else -1)
        d, left = start, abs(n)
        while left:
            d += step
            if self.is_working_day(d):
                left -= 1
        return d

    def working_days_between(self, a: dt.date, b: dt.date) -> int:
        """Working days d with a < d <= b; if b < a, minus those with b <= d < a.

        The exact inverse of add_working_days in both directions.
        """
        if b < a:
            return -sum(self.is_working_day(b + dt.timedelta(days=i)) for i in range((a - b).days))
        count, d = 0, a
        while d < b:
            d += dt.timedelta(days=1)
            count += self.is_working_day(d)
        return count

    def next_working_day(self, d: dt.date) -> dt.date:
        """d itself if it is a working day, else the next one (a deadline falling on a day off)."""
        while not self.is_working_day(d):
            d += dt.timedelta(days=1)
        return d


DEFAULT_CALENDAR = WorkingCalendar()
