"""Chi bộ meetings under the 2025 rules: the monthly date, the thematic meeting each quarter, the meeting mode.

Sources: Chỉ thị 50-CT/TW (23/7/2025), Hướng dẫn 37-HD/BTGDVTW (19/11/2025) and Hướng dẫn 03-HD/TW (27/12/2022),
read through /work/shared/domain/rules-2025-2026.md §6. The monthly meeting itself is Điều lệ Đảng Điều 24.3
(dangbo.congresses.queries.months_to_meet). What is known only PARTLY (the tổ đảng pilot's conditions) is a field
of `MeetingSettings` with its default, shown as such on the pages.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

from .sources import CONFIRMED, PARTLY_CONFIRMED, Document
from .text import gettext_noop

CT50 = Document("Chỉ thị 50-CT/TW ngày 23/7/2025 của Ban Bí thư", date(2025, 7, 23))
HD37 = Document("Hướng dẫn 37-HD/BTGDVTW ngày 19/11/2025", date(2025, 11, 19))
HD03 = Document("Hướng dẫn 03-HD/TW ngày 27/12/2022 của Ban Bí thư", date(2022, 12, 27))

HD37.rule("meetings.monthly_day", confidence=CONFIRMED,
          clause="Bảo đảm tài liệu cho các chi bộ sinh hoạt đúng ngày mồng 3 hằng tháng theo quy định",
          note="A default, not a rule on the chi bộ: an organisation may meet on another day (a per-organisation "
               "setting; one Hanoi chi bộ meets on the 4th). A month with no regular meeting is the Điều lệ's rule "
               "(congresses.queries.monthly_meetings).")
CT50.rule("meetings.thematic_quarterly", confidence=CONFIRMED,
          clause="Mục 2: tổ chức sinh hoạt chuyên đề, ít nhất mỗi quý 1 lần",
          note="Checked for quarters that have ended, of a chi bộ that existed for the whole quarter; the first "
               "quarter checked is the third of 2025 (the chỉ thị is dated 23/7/2025).")
HD03.rule("meetings.mode_online", confidence=PARTLY_CONFIRMED,
          clause="Thí điểm sinh hoạt đảng trực tuyến ở đảng bộ cơ sở, chi bộ có tính chất đặc thù",
          note="Quoted through CT 50 mục 2; which organisations are in the pilot is decided by the upper level, so "
               "dangbo records the mode and does not refuse it.")
HD03.rule("meetings.mode_party_group", confidence=PARTLY_CONFIRMED,
          clause="Sinh hoạt theo tổ đảng ở chi bộ đông đảng viên: chi bộ có tổ đảng và từ 50 đảng viên trở lên; "
                 "không quá 3 lần trong năm",
          note="Known from a quiz answer key; 50 members and 3 times a year are settings (party_group_min_members, "
               "party_group_yearly_cap). A chi bộ with no tổ đảng declared cannot record a meeting by tổ đảng.")

THEMATIC_FROM = date(2025, 7, 1)  # the first quarter CT 50 (23/7/2025) is checked for


class Mode:
    IN_PERSON = "in_person"
    ONLINE = "online"
    PARTY_GROUP = "party_group"

    # Vietnamese (stored with the choices); shown through gettext_lazy (congresses.models.MODE_CHOICES).
    CHOICES = [(IN_PERSON, gettext_noop("Trực tiếp")), (ONLINE, gettext_noop("Trực tuyến (thí điểm theo HD 03-HD/TW)")),
               (PARTY_GROUP, gettext_noop("Theo tổ đảng (thí điểm theo HD 03-HD/TW)"))]


@dataclass(frozen=True)
class MeetingSettings:
    """The rules known only partly, with their defaults (rules-2025-2026.md §6)."""

    party_group_min_members: int = 50
    party_group_yearly_cap: int = 3


DEFAULT_SETTINGS = MeetingSettings()
DEFAULT_DAY = 3


def monthly_date(year: int, month: int, day: int | None = None) -> date:
    """The day a chi bộ's regular meeting of `month` is due: the 3rd (HD 37) or the organisation's own day, on
    the month's last day when the month is shorter."""
    day = day or DEFAULT_DAY
    if not 1 <= day <= 31:
        raise ValueError("Ngày sinh hoạt thường kỳ phải từ 1 đến 31.")
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def quarter_of(d: date) -> int:
    return (d.month - 1) // 3 + 1


def quarter_bounds(year: int, quarter: int) -> tuple[date, date]:
    first = date(year, 3 * quarter - 2, 1)
    last_month = 3 * quarter
    return first, date(year, last_month, calendar.monthrange(year, last_month)[1])


def quarters_owing_thematic(founded_on: date | None, ended_on: date | None, year: int,
                            today: date) -> list[int]:
    """The quarters of `year` that owe a thematic meeting (CT 50): ended on or before `today`, on or after
    THEMATIC_FROM, and the chi bộ existed from the quarter's first to its last day."""
    out = []
    for q in range(1, 5):
        first, last = quarter_bounds(year, q)
        if first < THEMATIC_FROM or last >= today:
            continue
        if (founded_on is None or founded_on <= first) and (ended_on is None or ended_on >= last):
            out.append(q)
    return out


def missing_thematic(owed: list[int], held_on: list[date]) -> list[int]:
    """Of the quarters owed, those with no thematic meeting held in them."""
    held = {quarter_of(d) for d in held_on}
    return [q for q in owed if q not in held]


def party_group_problems(mode: str, *, has_party_groups: bool, members: int, held_this_year: int,
                         settings: MeetingSettings = DEFAULT_SETTINGS) -> tuple[str | None, list[str]]:
    """(refusal, findings) for a meeting by tổ đảng: refused when the chi bộ has no tổ đảng; findings (not
    refusals: the conditions are known only partly) when it has fewer members than the setting or the year's
    meetings by tổ đảng, this one included, exceed the cap."""
    if mode != Mode.PARTY_GROUP:
        return None, []
    if not has_party_groups:
        return ("Chi bộ chưa khai báo có tổ đảng nên không thể ghi sinh hoạt theo tổ đảng "
                "(khai báo ở trang «Ngày sinh hoạt, tổ đảng» của chi bộ)."), []
    findings = []
    if members < settings.party_group_min_members:
        findings.append(f"Chi bộ có {members} đảng viên, dưới {settings.party_group_min_members} đảng viên "
                        "để sinh hoạt theo tổ đảng (HD 03-HD/TW, chưa xác nhận đầy đủ).")
    if held_this_year > settings.party_group_yearly_cap:
        findings.append(f"Đã sinh hoạt theo tổ đảng {held_this_year} lần trong năm, quá "
                        f"{settings.party_group_yearly_cap} lần (HD 03-HD/TW, chưa xác nhận đầy đủ).")
    return None, findings


def rate(attended: int, held: int) -> float | None:
    """Attendance rate in percent (None when nothing was held)."""
    return None if not held else round(100 * attended / held, 1)
