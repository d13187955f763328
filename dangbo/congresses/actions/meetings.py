"""Meetings of a chi bộ or đảng bộ: the record with its roll (the members as of the meeting date), attendance
corrections and edits of the minutes."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dangbo.core import audit
from dangbo.core.actions import audited_action, check_version, fail
from dangbo.organizations.models import CELL_KINDS, Organization
from dangbo.rules import meetings as meeting_rules
from dangbo.rules.meetings import Mode
from dangbo.rules.text import format_date

from ..models import Meeting, MeetingAttendance, MeetingDay, MeetingInvitation, MeetingKind, MeetingPlan, PlanStatus
from ..roster import members_as_of
from .common import IN_ORGANIZATION, ON_MEETING, ON_PLAN, person


@audited_action("meeting.record", scope=IN_ORGANIZATION)
def record_meeting(actor, *, organization: Organization, kind: str, held_on: date, title: str = "", agenda: str = "",
                   guests: str = "", minutes: str = "", resolutions: str = "",
                   absences: dict[int, str] | None = None, mode: str = Mode.IN_PERSON,
                   plan: MeetingPlan | None = None) -> Meeting:
    """A chi bộ meeting or conference: attendance is the members of the organisation as of the date (absences:
    member pk -> reason; everyone else present). `mode`: in person, online or by tổ đảng (HD 03-HD/TW: refused
    when the chi bộ has no tổ đảng; the partly known conditions are findings, queries.meeting_findings). `plan`:
    the invitation this meeting held (it must be the same organisation's, still planned)."""
    if kind not in MeetingKind.values:
        fail("kind", _("Loại cuộc họp không hợp lệ."))
    if mode not in dict(Mode.CHOICES):
        fail("mode", _("Hình thức sinh hoạt không hợp lệ."))
    if plan is not None and (plan.organization_id != organization.pk or plan.status != PlanStatus.PLANNED):
        fail("plan", _("Giấy mời này không thuộc tổ chức đã chọn hoặc không còn chờ họp."))
    if mode == Mode.PARTY_GROUP:
        setting = MeetingDay.objects.filter(organization=organization).first()
        refusal, _note = meeting_rules.party_group_problems(
            mode, has_party_groups=bool(setting and setting.has_party_groups), members=0, held_this_year=0)
        if refusal:
            fail("mode", refusal)
    if held_on is None:
        fail("held_on", _("Cần ghi ngày họp."))
    if held_on > timezone.localdate():
        fail("held_on", _("Ngày họp không được sau hôm nay."))
    if kind == MeetingKind.MONTHLY and Meeting.objects.filter(
            organization=organization, kind=kind, held_on__year=held_on.year, held_on__month=held_on.month).exists():
        fail("held_on", _("Tháng %(month)s/%(year)s đã có biên bản sinh hoạt thường kỳ."), month=held_on.month,
             year=held_on.year)
    absences = absences or {}
    roster = members_as_of(organization, held_on, statuses=("official", "probationary"),
                           subtree=not organization.is_cell)
    ids = {r["member_id"] for r in roster}
    unknown = set(absences) - ids
    if unknown:
        fail("absences", _("Có người vắng không thuộc tổ chức vào ngày họp."))
    m = Meeting.objects.create(organization=organization, org_path=organization.path, kind=kind, held_on=held_on,
                               mode=mode, title=title.strip(), agenda=agenda, guests=guests, minutes=minutes,
                               resolutions=resolutions, created_by=person(actor))
    MeetingAttendance.objects.bulk_create([
        MeetingAttendance(meeting=m, member_id=r["member_id"], present=r["member_id"] not in absences,
                          reason=(absences.get(r["member_id"]) or "").strip()[:200]) for r in roster])
    if plan is not None:
        MeetingPlan.objects.filter(pk=plan.pk).update(status=PlanStatus.HELD, meeting=m, version=F("version") + 1)
    audit.record("meeting.record", actor=actor, obj=m, org_path=m.org_path,
                 summary=f"{m.get_kind_display()} {organization.name} ngày {format_date(held_on)}: có mặt "
                         f"{len(roster) - len(absences)}/{len(roster)}",
                 data={"kind": kind, "mode": mode, "held_on": held_on, "present": len(roster) - len(absences),
                       "total": len(roster), "plan": plan.pk if plan else None})
    return m


@audited_action("meeting.attendance", scope=ON_MEETING)
def set_meeting_attendance(actor, m: Meeting, absences: dict[int, str], *, version: int | None = None) -> int:
    """Correct who was absent (member pk -> reason; everyone else on the meeting's roll present). Audited with
    the names whose attendance changed."""
    rows = list(MeetingAttendance.objects.filter(meeting=m).select_related("member"))
    unknown = set(absences) - {a.member_id for a in rows}
    if unknown:
        fail("absences", _("Có người vắng không có trong danh sách của cuộc họp."))
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


@audited_action("meeting.day", scope=IN_ORGANIZATION)
def set_meeting_day(actor, *, organization: Organization, day: int, has_party_groups: bool = False,
                    note: str = "", version: int | None = None) -> MeetingDay:
    """A chi bộ's own day of the regular monthly meeting (the 3rd by default, HD 37) and whether it has tổ đảng."""
    if organization.kind not in CELL_KINDS:
        fail("organization", _("Chỉ chi bộ mới đặt ngày sinh hoạt thường kỳ."))
    if day is None or not 1 <= day <= 31:
        fail("day", _("Ngày sinh hoạt thường kỳ phải từ 1 đến 31."))
    row = MeetingDay.objects.filter(organization=organization).first()
    before = None
    if row is None:
        row = MeetingDay.objects.create(organization=organization, org_path=organization.path, day=day,
                                        has_party_groups=has_party_groups, note=note.strip()[:300])
    else:
        check_version(MeetingDay, row.pk, version, "Ngày sinh hoạt của chi bộ")
        before = {"day": row.day, "has_party_groups": row.has_party_groups}
        row.day, row.has_party_groups, row.note = day, has_party_groups, note.strip()[:300]
        row.version += 1
        row.save()
    audit.record("meeting.day", actor=actor, obj=row, org_path=organization.path,
                 summary=f"{organization.name} sinh hoạt thường kỳ ngày {day} hằng tháng"
                         + ("; có tổ đảng" if has_party_groups else ""),
                 data={"day": day, "has_party_groups": has_party_groups, "before": before})
    return row


def email_configured() -> bool:
    """E-mail counts as configured when the deployment chose a backend other than the default SMTP one or set
    EMAIL_HOST (tests use Django's locmem backend)."""
    backend = getattr(settings, "EMAIL_BACKEND", "")
    return (backend != "django.core.mail.backends.smtp.EmailBackend"
            or getattr(settings, "EMAIL_HOST", "localhost") not in ("", "localhost"))


def invitation_text(plan: MeetingPlan) -> tuple[str, str]:
    """(subject, body) of the invitation e-mail, in Vietnamese."""
    subject = f"Giấy mời: {plan.title or plan.get_kind_display()} ngày {format_date(plan.planned_on)}"
    lines = [f"{plan.organization.name} trân trọng kính mời đồng chí dự {plan.get_kind_display().lower()}.",
             f"Ngày họp: {format_date(plan.planned_on)}.", f"Hình thức: {plan.get_mode_display()}."]
    if plan.time_place:
        lines.append(f"Giờ, địa điểm: {plan.time_place}.")
    lines += ["", "Nội dung, chương trình:", plan.agenda]
    if plan.document_lines():
        lines += ["", "Tài liệu gửi kèm:"] + [f"- {d}" for d in plan.document_lines()]
    return subject, "\n".join(lines)


@audited_action("meeting.plan", scope=IN_ORGANIZATION)
def plan_meeting(actor, *, organization: Organization, kind: str, planned_on: date, agenda: str,
                 mode: str = Mode.IN_PERSON, time_place: str = "", title: str = "", documents: str = "",
                 today: date | None = None) -> MeetingPlan:
    """Plan a meeting and invite the organisation's members as of today: each sees the invitation on their home
    page, and those with an e-mail address get it by e-mail when e-mail is configured (the address it went to,
    or the error, is kept on the invitation)."""
    today = today or timezone.localdate()
    if kind not in MeetingKind.values:
        fail("kind", _("Loại cuộc họp không hợp lệ."))
    if mode not in dict(Mode.CHOICES):
        fail("mode", _("Hình thức sinh hoạt không hợp lệ."))
    if planned_on is None:
        fail("planned_on", _("Cần ghi ngày họp dự kiến."))
    if planned_on < today:
        fail("planned_on", _("Ngày họp dự kiến không được trước hôm nay (cuộc họp đã qua thì ghi biên bản)."))
    if not (agenda or "").strip():
        fail("agenda", _("Cần ghi nội dung, chương trình cuộc họp."))
    roster = members_as_of(organization, today, statuses=("official", "probationary"),
                           subtree=not organization.is_cell)
    plan = MeetingPlan.objects.create(organization=organization, org_path=organization.path, kind=kind, mode=mode,
                                      planned_on=planned_on, time_place=time_place.strip()[:300],
                                      title=title.strip()[:200], agenda=agenda.strip(), documents=documents.strip(),
                                      created_by=person(actor))
    invitations = MeetingInvitation.objects.bulk_create(
        [MeetingInvitation(plan=plan, member_id=r["member_id"]) for r in roster])
    emailed = failed = 0
    if email_configured():
        subject, body = invitation_text(plan)
        for inv in MeetingInvitation.objects.filter(pk__in=[i.pk for i in invitations]).select_related("member"):
            address = (inv.member.email or "").strip()
            if not address:
                continue
            try:
                send_mail(subject, body, None, [address])
                inv.emailed_to = address
                emailed += 1
            except Exception as exc:  # noqa: BLE001  (a mail server's refusal must not undo the invitation)
                inv.email_error = str(exc)[:300]
                failed += 1
            inv.save(update_fields=["emailed_to", "email_error"])
    audit.record("meeting.plan", actor=actor, obj=plan, org_path=plan.org_path,
                 summary=f"Gửi giấy mời {plan.get_kind_display().lower()} {organization.name} ngày "
                         f"{format_date(planned_on)}: {len(roster)} đảng viên, gửi thư {emailed}",
                 data={"kind": kind, "mode": mode, "planned_on": planned_on, "invited": len(roster),
                       "emailed": emailed, "email_failed": failed})
    return plan


@audited_action("meeting.plan_cancel", scope=ON_PLAN)
def cancel_plan(actor, plan: MeetingPlan, *, reason: str, version: int | None = None) -> MeetingPlan:
    """Cancel a planned meeting (the invitations leave the members' home pages), with the reason."""
    if plan.status != PlanStatus.PLANNED:
        fail("plan", _("Chỉ hủy được cuộc họp chưa diễn ra."))
    if not (reason or "").strip():
        fail("reason", _("Cần ghi lý do hủy."))
    check_version(MeetingPlan, plan.pk, version, "Giấy mời sinh hoạt")
    MeetingPlan.objects.filter(pk=plan.pk).update(status=PlanStatus.CANCELLED, version=F("version") + 1)
    plan.refresh_from_db()
    audit.record("meeting.plan_cancel", actor=actor, obj=plan, org_path=plan.org_path,
                 summary=f"Hủy {plan}: {reason.strip()}", data={"reason": reason.strip()})
    return plan
