"""Every change of inspection and supervision work: one registered action each (scope first, the rules of
dangbo.rules.discipline, one audit event).

A discipline after an inspection is written by the register's own actions (`members.actions.record_discipline`,
or `record_event(EXPULSION)` for khai trừ), each with its own audit event inside this app's one, and linked to
the inspection. Settling a complaint by annulling the decision calls `members.actions.annul_discipline`.
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dangbo.core import audit
from dangbo.core.actions import audited_action, check_version, date_text, fail, writes, writes_chosen
from dangbo.core.i18n import listed as _listed
from dangbo.core.i18n import lowered as _lowered
from dangbo.members import actions as member_actions
from dangbo.members.asof import status_of
from dangbo.members.models import ACTIVE_STATUSES, Discipline, EventKind, Member, Status
from dangbo.members.queries import discipline_settings
from dangbo.organizations.models import Organization, OrgKind
from dangbo.rules import discipline as rules
from dangbo.rules.text import nfc

from .models import (
    COMPLAINT_OUTCOMES,
    DENUNCIATION_OUTCOMES,
    Basis,
    Body,
    Complaint,
    ComplaintKind,
    Inspection,
    InspectionDiscipline,
    Kind,
    Outcome,
    Programme,
    ProgrammeItem,
)


def _text(value) -> str:
    return nfc(value or "").strip()


def _raise(findings):
    errors = [f for f in findings if f.is_error]
    if errors:
        fail(errors[0].field or None, errors[0].message)


# Lowered choice labels and lists of labels inside a sentence, read when the message is shown (the reader's
# language; the actions' bodies run in Vietnamese).


def _day(on: date | None, field: str, label):
    """`label`: the day's name, a gettext_lazy text in lower case («ngày nhận»)."""
    if on is None:
        fail(field, _("Chưa nhập %(what)s."), what=label)
    if on > timezone.localdate():
        fail(field, _("%(what)s %(date)s ở tương lai."), what=capfirst(label), date=date_text(on))


def _required(value, field: str, label) -> str:
    """`label`: the field's name, a gettext_lazy text in lower case («nội dung»)."""
    text = _text(value)
    if not text:
        fail(field, _("Nhập %(what)s."), what=label)
    return text


def _path(model, obj) -> str:
    return model.objects.filter(pk=obj.pk).values_list("org_path", flat=True).get()


IN_ORG = writes_chosen(_("Chưa chọn tổ chức đảng."),
                       _("Bạn không có quyền ghi công tác kiểm tra, giám sát của «{org.name}»."))
ON_PROGRAMME = writes(lambda programme, **kw: _path(Programme, programme),
                      _("Bạn không có quyền thay đổi chương trình kiểm tra, giám sát này."))
ON_INSPECTION = writes(lambda inspection, **kw: _path(Inspection, inspection),
                       _("Bạn không có quyền ghi cuộc kiểm tra, giám sát này."))
ON_COMPLAINT = writes(lambda complaint, **kw: _path(Complaint, complaint),
                      _("Bạn không có quyền giải quyết khiếu nại, tố cáo này."))


def _check_body(organization: Organization, body: str):
    if body not in Body.values:
        fail("body", _("Chọn cơ quan: cấp ủy, ủy ban kiểm tra hoặc chi bộ."))
    if not organization.is_active:
        fail("organization", _("«%(org)s» đã ngừng hoạt động."), org=organization.name)
    if organization.is_cell and body != Body.BRANCH:
        fail("body", _("«%(org)s» là chi bộ: chương trình, cuộc kiểm tra, giám sát là của chi bộ."),
             org=organization.name)
    if not organization.is_cell and body == Body.BRANCH:
        fail("body", _("«%(org)s» là %(kind)s: chọn cấp ủy hoặc ủy ban kiểm tra."), org=organization.name,
             kind=_lowered(OrgKind(organization.kind).label))


def _within(organization: Organization, path: str) -> bool:
    return path.startswith(organization.path)


# -- the year's programme --------------------------------------------------------------------------------------
@audited_action("inspection.programme", scope=IN_ORG)
def create_programme(actor, *, organization: Organization, body: str, year: int | None, adopted_on: date | None,
                     document: str = "", note: str = "") -> Programme:
    """The year's programme of a cấp ủy, its ủy ban kiểm tra or a chi bộ (one per body and year)."""
    _check_body(organization, body)
    today = timezone.localdate()
    if year is None or not (2000 <= year <= today.year + 1):
        fail("year", _("Năm phải từ 2000 đến %(last)s."), last=today.year + 1)
    _day(adopted_on, "adopted_on", _("ngày ban hành"))
    if adopted_on.year not in (year - 1, year):
        fail("adopted_on", _("Chương trình năm %(year)s ban hành cuối năm %(before)s hoặc trong năm %(year)s (đã "
                             "nhập %(date)s)."), year=year, before=year - 1, date=date_text(adopted_on))
    if Programme.objects.filter(organization=organization, body=body, year=year).exists():
        fail("year", _("Đã có chương trình kiểm tra, giám sát năm %(year)s của %(body)s «%(org)s»."), year=year,
             body=_lowered(Body(body).label), org=organization.name)
    p = Programme.objects.create(organization=organization, org_path=organization.path, body=body, year=year,
                                 adopted_on=adopted_on, document=_text(document), note=_text(note))
    audit.record("inspection.programme", actor=actor, obj=p, org_path=p.org_path,
                 summary=f"Chương trình kiểm tra, giám sát năm {year} ({p.get_body_display()}, {organization.name})",
                 data={"year": year, "body": body, "document": p.document})
    return p


@audited_action("inspection.programme_item", scope=ON_PROGRAMME)
def add_programme_item(actor, programme: Programme, *, kind: str, basis: str, subject: str, content: str,
                       quarter: int | None = None) -> ProgrammeItem:
    programme = Programme.objects.select_related("organization").get(pk=programme.pk)
    _raise(rules.check_basis(kind, basis, discipline_settings()))
    if basis == Basis.SIGNS:
        fail("basis", _("Kiểm tra khi có dấu hiệu vi phạm không lập trước trong chương trình."))
    if quarter is not None and not (1 <= quarter <= 4):
        fail("quarter", _("Quý phải từ 1 đến 4 (để trống nếu cả năm)."))
    subject = _required(subject, "subject", pgettext_lazy("kiểm tra, giám sát", "đối tượng"))
    item = ProgrammeItem.objects.create(programme=programme, kind=kind, basis=basis, subject=subject,
                                        content=_required(content, "content", _("nội dung")), quarter=quarter)
    Programme.objects.filter(pk=programme.pk).update(version=programme.version + 1)
    audit.record("inspection.programme_item", actor=actor, obj=programme, org_path=programme.org_path,
                 summary=f"Thêm vào chương trình năm {programme.year}: {item}",
                 data={"item": item.pk, "kind": kind, "basis": basis, "quarter": quarter})
    return item


# -- an inspection or supervision ------------------------------------------------------------------------------
@audited_action("inspection.open", scope=IN_ORG)
def open_inspection(actor, *, organization: Organization, body: str, kind: str, basis: str, content: str,
                    decision_number: str, decision_date: date | None, signer: str, team_leader: str,
                    period_from: date | None, period_to: date | None, team: str = "",
                    subject_org: Organization | None = None, subject_member: Member | None = None,
                    programme_item: ProgrammeItem | None = None) -> Inspection:
    """The decision to inspect or supervise an organisation or a member under `organization`."""
    _check_body(organization, body)
    _raise(rules.check_basis(kind, basis, discipline_settings()))
    if (subject_org is None) == (subject_member is None):
        fail("subject_org", _("Chọn một đối tượng: một tổ chức đảng hoặc một đảng viên."))
    if subject_org is not None:
        if subject_org.pk == organization.pk or not _within(organization, subject_org.path):
            fail("subject_org", _("«%(subject)s» không phải tổ chức đảng cấp dưới của «%(org)s»."),
                 subject=subject_org.name, org=organization.name)
        if not subject_org.is_active:
            fail("subject_org", _("«%(org)s» đã ngừng hoạt động."), org=subject_org.name)
        name = subject_org.name
    else:
        subject_member = Member.objects.select_related("organization").get(pk=subject_member.pk)
        if subject_member.status not in ACTIVE_STATUSES or not _within(organization, subject_member.org_path):
            fail("subject_member", _("Đảng viên %(name)s không sinh hoạt trong «%(org)s»."),
                 name=subject_member.full_name, org=organization.name)
        name = subject_member.full_name
    _day(decision_date, "decision_date", _("ngày quyết định"))
    _raise(rules.check_period(period_from, period_to))
    if period_from < decision_date:
        fail("period_from", _("Thời gian tiến hành không được trước ngày quyết định (%(date)s)."),
             date=date_text(decision_date))
    if programme_item is not None:
        programme_item = ProgrammeItem.objects.select_related("programme").get(pk=programme_item.pk)
        p = programme_item.programme
        if p.organization_id != organization.pk or p.body != body or programme_item.kind != kind:
            fail("programme_item", _("Nội dung chương trình đã chọn không phải của cơ quan này hoặc khác loại."))
        if p.year != decision_date.year:
            fail("programme_item", _("Nội dung chương trình năm %(year)s, quyết định năm %(decision_year)s."),
                 year=p.year, decision_year=decision_date.year)
    i = Inspection.objects.create(
        organization=organization, org_path=organization.path, body=body, kind=kind, basis=basis,
        programme_item=programme_item, subject_org=subject_org, subject_member=subject_member, subject_name=name,
        content=_required(content, "content", _("nội dung")),
        decision_number=_required(decision_number, "decision_number", _("số quyết định")), decision_date=decision_date,
        signer=_required(signer, "signer", _("người ký")), team_leader=_required(team_leader, "team_leader",
                                                                              _("trưởng đoàn")),
        team=_text(team), period_from=period_from, period_to=period_to)
    audit.record("inspection.open", actor=actor, obj=i, org_path=i.org_path,
                 summary=f"Quyết định {i.get_kind_display().lower()} số {i.decision_number}: {name}",
                 data={"kind": kind, "basis": basis, "subject_org": subject_org.pk if subject_org else None,
                       "subject_member": subject_member.pk if subject_member else None,
                       "decision_date": decision_date, "period": [period_from, period_to]})
    return i


def _open_one(inspection: Inspection) -> Inspection:
    i = Inspection.objects.select_related("organization", "subject_org", "subject_member").get(pk=inspection.pk)
    if not i.is_open:
        fail(None, _("Cuộc %(kind)s đã kết luận ngày %(date)s."), kind=_lowered(Kind(i.kind).label),
             date=date_text(i.concluded_on))
    return i


@audited_action("inspection.conclude", scope=ON_INSPECTION)
def conclude_inspection(actor, inspection: Inspection, *, concluded_on: date | None, conclusion: str,
                        violation_found: bool, violations: str = "", discipline_required: bool = False,
                        conclusion_number: str = "", follow_up: str = "", follow_up_due: date | None = None,
                        version: int | None = None) -> Inspection:
    i = _open_one(inspection)
    check_version(Inspection, i.pk, version, f"Cuộc {i.get_kind_display().lower()} {i.subject_name}")
    _day(concluded_on, "concluded_on", _("ngày kết luận"))
    if concluded_on < i.period_from:
        fail("concluded_on", _("Ngày kết luận trước ngày bắt đầu tiến hành (%(date)s)."),
             date=date_text(i.period_from))
    conclusion = _required(conclusion, "conclusion", _("nội dung kết luận"))
    if violation_found and not _text(violations):
        fail("violations", _("Nhập vi phạm, khuyết điểm đã kết luận."))
    if discipline_required and not violation_found:
        fail("discipline_required", _("Chỉ thi hành kỷ luật khi kết luận có vi phạm."))
    if follow_up_due is not None:
        if not _text(follow_up):
            fail("follow_up", _("Nhập yêu cầu khắc phục (có hạn khắc phục)."))
        if follow_up_due < concluded_on:
            fail("follow_up_due", _("Hạn khắc phục phải từ ngày kết luận trở về sau."))
    i.concluded_on, i.conclusion, i.conclusion_number = concluded_on, conclusion, _text(conclusion_number)
    i.violation_found, i.violations = bool(violation_found), _text(violations)
    i.discipline_required, i.follow_up, i.follow_up_due = bool(discipline_required), _text(follow_up), follow_up_due
    i.version += 1
    i.save()
    audit.record("inspection.conclude", actor=actor, obj=i, org_path=i.org_path,
                 summary=f"Kết luận {i.get_kind_display().lower()} {i.subject_name}: "
                         f"{'có vi phạm' if i.violation_found else 'không có vi phạm'}",
                 data={"concluded_on": concluded_on, "violation_found": i.violation_found,
                       "discipline_required": i.discipline_required, "follow_up_due": follow_up_due})
    return i


@audited_action("inspection.follow_up", scope=ON_INSPECTION)
def record_follow_up(actor, inspection: Inspection, *, done_on: date | None, report: str) -> Inspection:
    i = Inspection.objects.get(pk=inspection.pk)
    if i.is_open:
        fail(None, _("Chưa có kết luận: chưa ghi kết quả khắc phục."))
    if i.follow_up_done_on is not None:
        fail("done_on", _("Đã ghi khắc phục xong ngày %(date)s."), date=date_text(i.follow_up_done_on))
    _day(done_on, "done_on", _("ngày báo cáo"))
    if done_on < i.concluded_on:
        fail("done_on", _("Ngày báo cáo khắc phục trước ngày kết luận (%(date)s)."), date=date_text(i.concluded_on))
    i.follow_up_done_on, i.follow_up_report = done_on, _required(report, "report", _("kết quả khắc phục"))
    i.version += 1
    i.save(update_fields=["follow_up_done_on", "follow_up_report", "version"])
    audit.record("inspection.follow_up", actor=actor, obj=i, org_path=i.org_path,
                 summary=f"Khắc phục sau {i.get_kind_display().lower()} {i.subject_name}", data={"done_on": done_on})
    return i


# -- discipline after the conclusion -----------------------------------------------------------------------------
@audited_action("inspection.discipline", scope=ON_INSPECTION)
def discipline_after(actor, inspection: Inspection, *, member: Member | None, form: str, decider: str,
                     decided_on: date | None, decision_number: str, issuer: str = "",
                     announced_on: date | None = None, violation: str = "") -> InspectionDiscipline:
    """A discipline decided on the inspection's conclusion, written in the register (its forms by status, who
    may decide which, its effective date: rules.discipline) and linked to the inspection."""
    i = Inspection.objects.select_related("subject_org", "subject_member").get(pk=inspection.pk)
    if i.is_open or not i.violation_found:
        fail(None, _("Chỉ thi hành kỷ luật theo một kết luận có vi phạm."))
    if member is None:
        fail("member", _("Chọn đảng viên bị kỷ luật."))
    member = Member.objects.select_related("organization").get(pk=member.pk)
    if i.subject_member_id and member.pk != i.subject_member_id:
        fail("member", _("Cuộc %(kind)s này là của đảng viên %(name)s."), kind=_lowered(Kind(i.kind).label),
             name=i.subject_member.full_name)
    if i.subject_org_id and not member.org_path.startswith(i.subject_org.path):
        fail("member", _("Đảng viên %(name)s không sinh hoạt trong «%(org)s»."), name=member.full_name,
             org=i.subject_org.name)
    if member.status not in ACTIVE_STATUSES:
        fail("member", _("Đảng viên %(name)s %(status)s."), name=member.full_name,
             status=_lowered(Status(member.status).label))
    _day(decided_on, "decided_on", _("ngày quyết định"))
    if decided_on < i.concluded_on:
        fail("decided_on", _("Ngày quyết định kỷ luật trước ngày kết luận (%(date)s)."),
             date=date_text(i.concluded_on))
    number = _required(decision_number, "decision_number", _("số quyết định"))
    settings = discipline_settings()
    _raise(rules.check_form(form, (status_of(member, decided_on) or member.status) == Status.OFFICIAL, settings))
    _raise(rules.check_competence(decider, form, settings))
    _raise(rules.check_effective(decider, decided_on, announced_on))
    effective = rules.effective_date(decider, decided_on, announced_on)
    violation = _text(violation) or i.violations
    discipline = expulsion = None
    if form == rules.KHAI_TRU:
        expulsion = member_actions.record_event(
            actor, member, EventKind.EXPULSION, effective_date=effective, decision_number=number,
            decision_date=decided_on, issuer=_text(issuer), note=f"Theo kết luận {i.get_kind_display().lower()} "
                                                                   f"số {i.conclusion_number or i.decision_number}")
    else:
        discipline = member_actions.record_discipline(
            actor, member, form=form, decided_on=decided_on, decision_number=number, issuer=_text(issuer),
            violation=violation, decider=decider, announced_on=announced_on)
    link = InspectionDiscipline.objects.create(inspection=i, member=member, form=form, discipline=discipline,
                                               expulsion=expulsion, decided_on=decided_on, effective_on=effective)
    audit.record("inspection.discipline", actor=actor, obj=i, org_path=i.org_path,
                 summary=f"Kỷ luật {rules.FORM_LABELS[form].lower()} đảng viên {member.full_name} theo kết luận "
                         f"{i.get_kind_display().lower()}",
                 data={"member": member.pk, "form": form, "decider": decider, "decided_on": decided_on,
                       "effective_on": effective, "discipline": discipline.pk if discipline else None,
                       "expulsion_event": expulsion.pk if expulsion else None})
    return link


# -- complaints and denunciations -------------------------------------------------------------------------------
@audited_action("inspection.complaint", scope=IN_ORG)
def receive_complaint(actor, *, organization: Organization, body: str, kind: str, received_on: date | None,
                      sender: str, content: str, member: Member | None = None,
                      subject_org: Organization | None = None, discipline: Discipline | None = None) -> Complaint:
    """A complaint about a discipline decision (late ones are recorded, marked out of time) or a denunciation
    of a member or an organisation under `organization`."""
    _check_body(organization, body)
    _day(received_on, "received_on", _("ngày nhận"))
    in_time = True
    if kind == ComplaintKind.COMPLAINT:
        if discipline is None:
            fail("discipline", _("Chọn quyết định kỷ luật bị khiếu nại."))
        discipline = Discipline.objects.select_related("member").get(pk=discipline.pk)
        member, subject_org = discipline.member, None
        if discipline.annulled_on is not None:
            fail("discipline", _("Quyết định kỷ luật này đã bị hủy."))
        if received_on < discipline.decided_on:
            fail("received_on", _("Ngày nhận trước ngày quyết định kỷ luật (%(date)s)."),
                 date=date_text(discipline.decided_on))
        in_time = rules.complaint_in_time(discipline.takes_effect_on, received_on, discipline_settings())
    elif kind == ComplaintKind.DENUNCIATION:
        discipline = None
        if (member is None) == (subject_org is None):
            fail("member", _("Chọn đảng viên hoặc tổ chức đảng bị tố cáo."))
    else:
        fail("kind", _("Chọn khiếu nại hoặc tố cáo."))
    if member is not None:
        member = Member.objects.get(pk=member.pk)
        if not _within(organization, member.org_path):
            fail("member", _("Đảng viên %(name)s không sinh hoạt trong «%(org)s»."), name=member.full_name,
                 org=organization.name)
    if subject_org is not None and (subject_org.pk == organization.pk or not _within(organization, subject_org.path)):
        fail("subject_org", _("«%(subject)s» không phải tổ chức đảng cấp dưới của «%(org)s»."),
             subject=subject_org.name, org=organization.name)
    c = Complaint.objects.create(organization=organization, org_path=organization.path, body=body, kind=kind,
                                 received_on=received_on, sender=_required(sender, "sender", _("người gửi")),
                                 member=member, subject_org=subject_org, discipline=discipline,
                                 content=_required(content, "content", _("nội dung")), in_time=in_time)
    who = member.full_name if member else subject_org.name
    audit.record("inspection.complaint", actor=actor, obj=c, org_path=c.org_path,
                 summary=f"Nhận {c.get_kind_display().lower()} ngày {date_text(received_on)} về {who}"
                         + ("" if in_time else " (quá thời hạn khiếu nại)"),
                 data={"kind": kind, "member": member.pk if member else None, "in_time": in_time,
                       "discipline": discipline.pk if discipline else None})
    return c


@audited_action("inspection.complaint_settle", scope=ON_COMPLAINT)
def settle_complaint(actor, complaint: Complaint, *, settled_on: date | None, outcome: str, result: str) -> Complaint:
    """Settled: the outcome and its text; annulling the decision annuls the register's discipline record."""
    c = Complaint.objects.select_related("discipline", "member").get(pk=complaint.pk)
    if not c.is_pending:
        fail(None, _("Đã giải quyết xong ngày %(date)s."), date=date_text(c.settled_on))
    _day(settled_on, "settled_on", _("ngày giải quyết"))
    if settled_on < c.received_on:
        fail("settled_on", _("Ngày giải quyết trước ngày nhận (%(date)s)."), date=date_text(c.received_on))
    allowed = COMPLAINT_OUTCOMES if c.kind == ComplaintKind.COMPLAINT else DENUNCIATION_OUTCOMES
    if outcome not in allowed:
        fail("outcome", _("Chọn kết quả: %(outcomes)s."),
             outcomes=_listed([_lowered(Outcome(o).label) for o in sorted(allowed)]))
    result = _required(result, "result", _("nội dung giải quyết"))
    if outcome == Outcome.ANNULLED and c.discipline_id and c.discipline.annulled_on is None:
        member_actions.annul_discipline(actor, c.discipline, on=settled_on,
                                        reason=f"Giải quyết khiếu nại ngày {date_text(settled_on)}: {result}")
    c.settled_on, c.outcome, c.result = settled_on, outcome, result
    c.version += 1
    c.save(update_fields=["settled_on", "outcome", "result", "version"])
    audit.record("inspection.complaint_settle", actor=actor, obj=c, org_path=c.org_path,
                 summary=f"Giải quyết {c.get_kind_display().lower()} nhận ngày {date_text(c.received_on)}: "
                         f"{c.get_outcome_display().lower()}",
                 data={"settled_on": settled_on, "outcome": outcome})
    return c
