"""Meetings of a chi bộ or đảng bộ: the record with its roll (the members as of the meeting date), attendance
corrections and edits of the minutes."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from dangbo.core import audit
from dangbo.core.actions import audited_action, check_version, fail
from dangbo.organizations.models import Organization
from dangbo.rules.text import format_date

from ..models import Meeting, MeetingAttendance, MeetingKind
from ..roster import members_as_of
from .common import IN_ORGANIZATION, ON_MEETING, person


@audited_action("meeting.record", scope=IN_ORGANIZATION)
def record_meeting(actor, *, organization: Organization, kind: str, held_on: date, title: str = "", agenda: str = "",
                   guests: str = "", minutes: str = "", resolutions: str = "",
                   absences: dict[int, str] | None = None) -> Meeting:
    """A chi bộ meeting or conference: attendance is the members of the organisation as of the date (absences:
    member pk -> reason; everyone else present)."""
    if kind not in MeetingKind.values:
        fail("kind", "Loại cuộc họp không hợp lệ.")
    if held_on is None:
        fail("held_on", "Cần ghi ngày họp.")
    if held_on > timezone.localdate():
        fail("held_on", "Ngày họp không được sau hôm nay.")
    if kind == MeetingKind.MONTHLY and Meeting.objects.filter(
            organization=organization, kind=kind, held_on__year=held_on.year, held_on__month=held_on.month).exists():
        fail("held_on", f"Tháng {held_on.month}/{held_on.year} đã có biên bản sinh hoạt thường kỳ.")
    absences = absences or {}
    roster = members_as_of(organization, held_on, statuses=("official", "probationary"),
                           subtree=not organization.is_cell)
    ids = {r["member_id"] for r in roster}
    unknown = set(absences) - ids
    if unknown:
        fail("absences", "Có người vắng không thuộc tổ chức vào ngày họp.")
    m = Meeting.objects.create(organization=organization, org_path=organization.path, kind=kind, held_on=held_on,
                               title=title.strip(), agenda=agenda, guests=guests, minutes=minutes,
                               resolutions=resolutions, created_by=person(actor))
    MeetingAttendance.objects.bulk_create([
        MeetingAttendance(meeting=m, member_id=r["member_id"], present=r["member_id"] not in absences,
                          reason=(absences.get(r["member_id"]) or "").strip()[:200]) for r in roster])
    audit.record("meeting.record", actor=actor, obj=m, org_path=m.org_path,
                 summary=f"{m.get_kind_display()} {organization.name} ngày {format_date(held_on)}: có mặt "
                         f"{len(roster) - len(absences)}/{len(roster)}",
                 data={"kind": kind, "held_on": held_on, "present": len(roster) - len(absences), "total": len(roster)})
    return m


@audited_action("meeting.attendance", scope=ON_MEETING)
def set_meeting_attendance(actor, m: Meeting, absences: dict[int, str], *, version: int | None = None) -> int:
    """Correct who was absent (member pk -> reason; everyone else on the meeting's roll present). Audited with
    the names whose attendance changed."""
    rows = list(MeetingAttendance.objects.filter(meeting=m).select_related("member"))
    unknown = set(absences) - {a.member_id for a in rows}
    if unknown:
        fail("absences", "Có người vắng không có trong danh sách của cuộc họp.")
    check_version(Meeting, m.pk, version, "Biên bản cuộc họp")
    changed = []
    for a in rows:
        present = a.member_id not in absences
        reason = "" if present else (absences.get(a.member_id) or "").strip()[:200]
        if (a.present, a.reason) != (present, reason):
            a.present, a.reason = present, reason
            a.save(update_fields=["present", "reason"])
            changed.append(a.member.full_name)
    # Audited even when nobody's attendance changed: the meeting's version moved (check_version).
    present_n = sum(1 for a in rows if a.present)
    audit.record("meeting.attendance", actor=actor, obj=m, org_path=m.org_path,
                 summary=f"Sửa điểm danh {m}: có mặt {present_n}/{len(rows)}", data={"changed": changed})
    return len(changed)


@audited_action("meeting.update", scope=ON_MEETING)
def update_meeting(actor, m: Meeting, *, version: int | None = None, **fields) -> Meeting:
    check_version(Meeting, m.pk, version, "Biên bản cuộc họp")
    allowed = {"title", "agenda", "guests", "minutes", "resolutions"}
    for k, v in fields.items():
        if k in allowed:
            setattr(m, k, v)
    m.save(update_fields=sorted(allowed & set(fields)))
    m.refresh_from_db()
    audit.record("meeting.update", actor=actor, obj=m, org_path=m.org_path, summary=f"Sửa biên bản {m}",
                 data={k: v for k, v in fields.items() if k in allowed})
    return m
