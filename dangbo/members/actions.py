"""Every change to a member: validate with dangbo.rules, write the event and the projection, audit.

Views, the API, the CLI, importers and the demo loader all call these functions and nothing else.
"""

from datetime import date

from django.db import OperationalError, transaction
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from dangbo.core import audit
from dangbo.core.actions import audited_action, check_version, date_text, fail, refuse_formula, writes
from dangbo.core.i18n import formatted, lowered
from dangbo.core.scopes import WRITE, ScopeDenied, require, scope_for
from dangbo.organizations.models import Organization, OrgKind
from dangbo.rules import discipline as drules
from dangbo.rules import membership as rules
from dangbo.rules.text import name_sort_key, nfc, search_key

from . import queries
from .asof import status_of
from .bulk import AdmissionPlan, write_plan
from .closing import dossier_changed
from .models import ENDED_STATUSES, Badge, Discipline, DisciplineForm, EventKind, Member, MemberEvent, Status
from .projection import ENDING, State, apply_event, recount, refresh_paths, replay, states  # noqa: F401
from .search import index_member

DOSSIER_FIELDS = [
    "full_name", "birth_date", "gender", "ethnicity", "religion", "hometown", "residence", "citizen_id",
    "card_number", "workplace", "job_title", "education", "qualification", "political_theory", "phone",
    "email", "admission_decision_number",
]
SENSITIVE_FIELDS = ("citizen_id", "religion")  # Decree 13/2023: only roles that may see them may set them
TEXT_FIELDS = {"full_name", "ethnicity", "religion", "hometown", "residence", "workplace", "job_title",
               "education", "qualification", "phone", "email", "admission_decision_number"}


# -- scope checks (registered actions, dangbo.core.actions.audited_action) ----------------------------------
# `actor` None is a system job (demo loader, seed, restore): scopes.require lets it through.
def _denied_member(member: Member) -> str:
    return formatted(_("Bạn không có quyền thay đổi dữ liệu của đảng viên %(name)s."), name=member.full_name)


def _denied_org(org: Organization) -> str:
    return formatted(_("Bạn không có quyền thay đổi dữ liệu của tổ chức «%(org)s»."), org=org.name)


def _member_path(member: Member) -> str:
    """Where the member is now (the object passed in may be stale: a transfer saved since it was read)."""
    return Member.objects.filter(pk=member.pk).values_list("organization__path", flat=True).get()


def IN_ORGANIZATION(actor, organization: Organization | None, **_kw):
    if organization is None:  # a clear message, not an AttributeError, for a form sent without one
        fail("organization", _("Chưa chọn tổ chức đảng nơi đến."))
    require(actor, WRITE, organization.path, _denied_org(organization))


IN_ORGANIZATION.describe = "write organization"
ON_MEMBER = writes(lambda member, **_kw: _member_path(member), lambda member, **_kw: _denied_member(member))
ON_DISCIPLINE = writes(lambda discipline, **_kw: _member_path(discipline.member),
                       lambda discipline, **_kw: _denied_member(discipline.member))
EVENT_TYPES = tuple(f"member.{k.value}" for k in EventKind if k != EventKind.ADMISSION)


def _require_write(actor, org: Organization):
    require(actor, WRITE, org.path, _denied_org(org))


# -- validation helpers ------------------------------------------------------------------------------


def _check_destination(org: Organization | None, current: Organization | None, field: str = "to_organization"):
    if org is None:
        fail(field, _("Chưa chọn tổ chức đảng nơi đến."))
    if not org.is_active:
        fail(field, _("Tổ chức «%(org)s» đã ngừng hoạt động (giải thể, hợp nhất hoặc chia tách)."), org=org.name)
    if not org.is_cell:
        fail(field, _("Đảng viên phải sinh hoạt ở một chi bộ; «%(org)s» là %(kind)s."),
             org=org.name, kind=lowered(OrgKind(org.kind).label))
    if current is not None and org.pk == current.pk:
        fail(field, _("Tổ chức nơi đến trùng với nơi đảng viên đang sinh hoạt («%(org)s»)."), org=org.name)


def _check_unique(actor, field: str, value, exclude_pk=None):
    if not value:
        return
    qs = Member.objects.filter(**{field: value}).select_related("organization", "host_organization")
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    other = qs.first()
    if other is not None:
        label = Member._meta.get_field(field).verbose_name
        label = capfirst(label)  # lazy: capitalised when shown
        # Name the holder only to someone allowed to read that record: the register stays scoped.
        if actor is None or scope_for(actor).can_read_member(other):
            fail(field, _("%(label)s %(value)s đã có trong sổ (đảng viên %(name)s)."),
                 label=label, value=value, name=other.full_name)
        # Not even "in another organisation": that alone tells where a person is a member.
        fail(field, _("%(label)s %(value)s đã có trong sổ; hãy liên hệ quản trị hệ thống để kiểm tra."),
             label=label, value=value)


def _check_sensitive_write(actor, path: str, data: dict, *, updating: bool):
    """Roles that may not see CCCD and religion may not set them either: a write would be an oracle (the
    uniqueness check, or a change refused or not) on data they are not allowed to read."""
    if actor is None or scope_for(actor).can_see_sensitive_path(path):
        return
    for field in SENSITIVE_FIELDS:
        if field in data and (updating or data[field]):
            label = Member._meta.get_field(field).verbose_name
            fail(field, _("Bạn không được xem nên cũng không được nhập hay sửa %(label)s; hãy để văn phòng cấp ủy "
                          "cập nhật."), label=label)


def _raise_findings(findings):
    errors = [f for f in findings if f.severity == "error"]
    if errors:
        from django.core.exceptions import ValidationError

        out: dict = {}
        for f in errors:
            out.setdefault(f.field or None, []).append(f.message)
        raise ValidationError(out)


def _clean_dossier(data: dict) -> dict:
    out = {}
    for k, v in data.items():
        if k not in DOSSIER_FIELDS:
            continue
        if k in TEXT_FIELDS or k in ("citizen_id", "card_number"):
            v = nfc(v) if v is not None else ""
        if k in ("citizen_id", "card_number"):
            v = v.replace(" ", "") or None
        out[k] = v
    if out.get("citizen_id") and not (out["citizen_id"].isdigit() and len(out["citizen_id"]) == 12):
        fail("citizen_id", _("Số CCCD phải gồm đúng 12 chữ số (đã nhập «%(citizen_id)s»)."),
             citizen_id=out['citizen_id'])
    if "full_name" in out and len(out["full_name"].split()) < 2:
        fail("full_name", _("Họ và tên phải có ít nhất họ và tên."))
    refuse_formula("full_name", out.get("full_name"), _("Họ và tên"))
    if out.get("birth_date") and out["birth_date"] > timezone.localdate():
        fail("birth_date", _("Ngày sinh %(date)s ở tương lai."), date=date_text(out['birth_date']))
    return out


def _event(member, kind, actor, *, effective_date, state_org, **kw) -> MemberEvent:
    return MemberEvent.objects.create(
        member=member, kind=kind, effective_date=effective_date, org_after_id=state_org.pk
        if hasattr(state_org, "pk") else state_org, status_after=member.status or Status.PROBATIONARY,
        created_by=actor if getattr(actor, "pk", None) else None, **kw)


# -- entering members ------------------------------------------------------------------------------
@audited_action("member.admit", scope=IN_ORGANIZATION)
def admit_member(actor, *, organization: Organization, dossier: dict, decision_date: date,
                 decision_number: str = "", issuer: str = "", ceremony_date: date | None = None,
                 official_date: date | None = None, recognition_decision_number: str = "",
                 recognition_decision_date: date | None = None, transfer_in_date: date | None = None,
                 note: str = "", source: str = "manual") -> Member:
    """Kết nạp (and, for a member entered from paper records, the ceremony and recognition too).

    `transfer_in_date`: the member was admitted elsewhere and came into `organization` from outside this
    register on that date; a TRANSFER_IN event is recorded after the admission, ceremony and recognition.
    `note` goes on that transfer event, or on the admission event when there is none.
    """
    _check_destination(organization, None, "organization")
    data = _clean_dossier(dossier)
    _check_sensitive_write(actor, organization.path, data, updating=False)
    for f in ("full_name", "birth_date", "gender"):
        if not data.get(f):
            fail(f, _("Chưa nhập %(verbose_name)s."), verbose_name=Member._meta.get_field(f).verbose_name)
    if decision_date is None:
        fail("admission_decision_date", _("Chưa nhập ngày quyết định kết nạp."))
    _raise_findings(rules.check_admission(data["birth_date"], decision_date))
    _raise_findings(rules.check_event_dates(decision_date, ceremony_date, official_date, data["birth_date"]))
    if decision_date > timezone.localdate():
        fail("admission_decision_date", _("Ngày quyết định kết nạp %(date)s ở tương lai."),
             date=date_text(decision_date))
    if transfer_in_date is not None:
        if transfer_in_date <= decision_date:
            fail("transfer_in_date", _("Ngày chuyển đến %(date)s phải sau ngày quyết định kết nạp %(date2)s."),
                 date=date_text(transfer_in_date), date2=date_text(decision_date))
        if transfer_in_date > timezone.localdate():
            fail("transfer_in_date", _("Ngày chuyển đến %(date)s ở tương lai."), date=date_text(transfer_in_date))
    note = nfc(note or "").strip()
    _check_unique(actor, "citizen_id", data.get("citizen_id"))
    _check_unique(actor, "card_number", data.get("card_number"))
    member = Member(**data, organization=organization, status="", admission_decision_date=decision_date)
    member.admission_decision_number = decision_number or data.get("admission_decision_number", "")
    member.search_name = search_key(member.full_name)
    member.sort_key = name_sort_key(member.full_name)
    member.save()
    index_member(member)
    _event(member, EventKind.ADMISSION, actor, effective_date=decision_date, state_org=organization,
           decision_number=member.admission_decision_number, decision_date=decision_date, issuer=issuer,
           to_organization=organization, note="" if transfer_in_date else note, source=source)
    if ceremony_date:
        _set_ceremony(member, actor, ceremony_date, source=source)
    if official_date:
        if not ceremony_date:
            # Paper records often lack the ceremony date: official from the date given, ceremony unknown
            # (never computed back from the official date).
            member.official_date = official_date
            Member.objects.filter(pk=member.pk).update(official_date=official_date)
        if member.official_date > timezone.localdate():
            fail("official_date", _("Ngày chính thức %(date)s ở tương lai: đảng viên chưa hết 12 tháng dự bị."),
                 date=date_text(member.official_date))
        _event(member, EventKind.RECOGNITION, actor, effective_date=member.official_date,
               state_org=organization, decision_number=recognition_decision_number,
               decision_date=recognition_decision_date, source=source)
    if transfer_in_date is not None:
        _event(member, EventKind.TRANSFER_IN, actor, effective_date=transfer_in_date, state_org=organization,
               to_organization=organization, note=note, source=source)
    member.status = ""
    replay(member)
    audit.record("member.admit", actor=actor, obj=member, org_path=member.organization.path,
                 summary=f"Kết nạp {member.full_name} vào {organization.name}",
                 data={"decision_date": decision_date, "decision_number": member.admission_decision_number})
    return member


def admit_many(actor, plan: AdmissionPlan) -> list[int]:
    """Many admissions in one transaction, the rows `admit_member` would write (built by `bulk.plan_admissions`
    from dossiers the caller has validated with the same rules, as the importer's preview does); then the
    touched organisations are recounted. Write scope and each destination are checked again here. No audit
    row per member: the caller's action records one event naming them (the import's `import.commit`).

    Deliberately not a registered action of its own: it is the bulk path inside the import's registered
    commit (exchange.pipeline.batches.finish_commit, `import.commit`) and the demo's seeding, and a batch of
    thousands is recorded as that one event (tests/exchange/test_importer.py
    test_a_bulk_import_is_one_audit_event_for_the_batch proves it)."""
    with transaction.atomic():
        for org in Organization.objects.filter(pk__in=list(plan.organizations)):  # as they are now
            _require_write(actor, org)
            _check_destination(org, None, "organization")
        ids = write_plan(plan)
        recount(sorted(plan.organizations))
    return ids


def _set_ceremony(member: Member, actor, ceremony_date: date, *, source="manual"):
    member.ceremony_date = ceremony_date
    member.official_date = rules.official_date(ceremony_date)
    Member.objects.filter(pk=member.pk).update(ceremony_date=ceremony_date, official_date=member.official_date)
    _event(member, EventKind.CEREMONY, actor, effective_date=ceremony_date, state_org=member.organization_id,
           source=source)


@audited_action("member.update", scope=ON_MEMBER)
def update_dossier(actor, member: Member, changes: dict, *, version: int | None = None) -> Member:
    member = Member.objects.select_related("organization").get(pk=member.pk)
    _check_not_ended(member)
    data = _clean_dossier(changes)
    _check_sensitive_write(actor, member.organization.path, data, updating=True)
    _check_unique(actor, "citizen_id", data.get("citizen_id"), member.pk)
    _check_unique(actor, "card_number", data.get("card_number"), member.pk)
    if "birth_date" in data and member.admission_decision_date:
        _raise_findings(rules.check_admission(data["birth_date"], member.admission_decision_date))
    before = {k: getattr(member, k) for k in data}
    changed = {k: v for k, v in data.items() if before[k] != v}
    check_version(Member, member.pk, version, formatted(_("Hồ sơ đảng viên %(name)s"), name=member.full_name))
    member.refresh_from_db()
    for k, v in changed.items():
        setattr(member, k, v)
    member.search_name = search_key(member.full_name)
    member.sort_key = name_sort_key(member.full_name)
    member.save()
    if "full_name" in changed:
        index_member(member)
    dossier_changed(member, changed)  # a breakdown of the closed periods' figures
    sensitive = {"citizen_id", "religion"}
    audit.record("member.update", actor=actor, obj=member, org_path=member.organization.path,
                 summary=f"Cập nhật hồ sơ {member.full_name}",
                 data={"fields": sorted(changed), "before": {k: before[k] for k in changed if k not in sensitive},
                       "after": {k: v for k, v in changed.items() if k not in sensitive}})
    return member


# -- lifecycle events --------------------------------------------------------------------------------
def _check_not_ended(member: Member):
    if member.status in ENDED_STATUSES:
        fail(None, _("Đảng viên %(name)s %(status)s từ %(date)s; không thể ghi thêm sự kiện."),
             name=member.full_name, status=lowered(Status(member.status).label), date=date_text(member.left_on))
    if member.status == Status.TRANSFERRED_OUT:
        fail(None, _("Đảng viên %(name)s đã chuyển sinh hoạt ra ngoài; chỉ có thể ghi chuyển đến."),
             name=member.full_name)


def _check_date(member: Member, effective_date: date | None, field="effective_date"):
    if effective_date is None:
        fail(field, _("Chưa nhập ngày hiệu lực."))
    if effective_date > timezone.localdate():
        fail(field, _("Ngày hiệu lực %(date)s ở tương lai."), date=date_text(effective_date))
    last = member.events.exclude(kind=EventKind.RECOGNITION).order_by("-effective_date", "-id").first()
    if last and effective_date < last.effective_date:
        fail(field, _("Ngày hiệu lực %(date)s trước sự kiện gần nhất (%(kind)s ngày %(date2)s)."),
             date=date_text(effective_date), kind=lowered(EventKind(last.kind).label),
             date2=date_text(last.effective_date))


def _check_transfer_allowed(member: Member):
    """A member under inspection or with a complaint or denunciation being settled is not transferred
    (QĐ 294-QĐ/TW point 6.3.1): the apps that know (inspection) answer through the registry's transfer guards."""
    reasons = queries.transfer_blocks(member)
    if reasons:
        fail(None, _("Chưa chuyển sinh hoạt đảng chính thức cho đảng viên %(name)s: %(reasons)s (Quy định "
                     "294-QĐ/TW, điểm 6.3.1)."), name=member.full_name, reasons="; ".join(map(str, reasons)))


def _event_touches(member: Member, to_organization: Organization | None = None, **_kw) -> set[str]:
    """Where a member's event changes figures (core/cached.py): the chi bộ that keeps the member and the one that
    hosts them, the destination, and every organisation the member's history passes through (the closed periods
    from the event's date on are recounted there)."""
    paths = set(Member.objects.filter(pk=member.pk).values_list("org_path", "host_path").first() or ())
    for row in MemberEvent.objects.filter(member=member).values_list(
            "org_after__path", "host_after__path", "from_organization__path", "to_organization__path"):
        paths.update(row)
    if to_organization is not None:
        paths.add(to_organization.path)
    return {p for p in paths if p}


@audited_action(EVENT_TYPES, scope=ON_MEMBER, touches=_event_touches)
def record_event(actor, member: Member, kind: str, *, effective_date: date | None = None,
                 decision_number: str = "", decision_date: date | None = None, issuer: str = "",
                 to_organization: Organization | None = None, end_date: date | None = None,
                 external_place: str = "", note: str = "", version: int | None = None,
                 source: str = "manual") -> MemberEvent:
    """Record one lifecycle event on an existing member and update the projection."""
    member = Member.objects.select_related("organization").get(pk=member.pk)
    kind = EventKind(kind)
    if kind == EventKind.READMISSION:
        if member.status == Status.DECEASED:
            fail(None, _("Đảng viên %(name)s đã từ trần."), name=member.full_name)
        if member.status not in ENDED_STATUSES:
            fail(None, _("Đảng viên %(name)s đang trong danh sách; không thể kết nạp lại."), name=member.full_name)
    elif kind == EventKind.TRANSFER_IN:
        if member.status != Status.TRANSFERRED_OUT:
            fail(None, _("Đảng viên %(name)s đang sinh hoạt tại %(org)s."),
                 name=member.full_name, org=member.organization.name)
    else:
        _check_not_ended(member)
    if kind in (EventKind.TRANSFER, EventKind.TRANSFER_OUT):
        _check_transfer_allowed(member)
    if decision_date and effective_date and decision_date > timezone.localdate():
        fail("decision_date", _("Ngày quyết định %(date)s ở tương lai."), date=date_text(decision_date))

    if kind == EventKind.CEREMONY:
        if member.ceremony_date:
            fail("effective_date", _("Đã có lễ kết nạp ngày %(date)s."), date=date_text(member.ceremony_date))
        if member.official_date and effective_date and rules.official_date(effective_date) != member.official_date:
            # An old record, official with the ceremony date unknown: the date found must fit the official one.
            fail("effective_date", _("Đảng viên chính thức từ %(date)s: lễ kết nạp phải trước đó đúng 12 tháng dự "
                                     "bị."), date=date_text(member.official_date))
        _raise_findings(rules.check_event_dates(member.admission_decision_date, effective_date))
        _check_date(member, effective_date)
        check_version(Member, member.pk, version, formatted(_("Hồ sơ đảng viên %(name)s"), name=member.full_name))
        _set_ceremony(member, actor, effective_date, source=source)
        ev = member.events.latest("id")
    else:
        if kind == EventKind.RECOGNITION:
            if member.status != Status.PROBATIONARY:
                fail(None, _("Đảng viên %(name)s không phải đảng viên dự bị."), name=member.full_name)
            if not member.ceremony_date:
                fail(None, _("Chưa có ngày lễ kết nạp: hãy ghi lễ kết nạp trước khi công nhận chính thức."))
            # The official date is the end of 12 months' probation whatever the decision date (§3.2).
            if effective_date and effective_date != member.official_date:
                fail("effective_date", _("Ngày chính thức phải là ngày hết 12 tháng dự bị (%(date)s), không phụ "
                                         "thuộc ngày quyết định."), date=date_text(member.official_date))
            effective_date = member.official_date
            if effective_date > timezone.localdate():
                fail("effective_date", _("Đảng viên chưa hết 12 tháng dự bị (đến %(date)s)."),
                     date=date_text(effective_date))
            if decision_date and decision_date < member.ceremony_date:
                fail("decision_date", _("Ngày quyết định công nhận chính thức trước ngày lễ kết nạp."))
        else:
            _check_date(member, effective_date)
        if kind in (EventKind.TRANSFER, EventKind.REORGANIZATION, EventKind.READMISSION, EventKind.TRANSFER_IN):
            current = member.organization if kind in (EventKind.TRANSFER, EventKind.REORGANIZATION) else None
            _check_destination(to_organization, current)
        elif kind == EventKind.TEMPORARY:
            _check_destination(to_organization, member.organization)
            if member.host_organization_id:
                fail(None, _("Đảng viên đang sinh hoạt tạm thời tại %(org)s."), org=member.host_organization.name)
            if end_date is None:
                fail("end_date", _("Chưa nhập ngày kết thúc sinh hoạt tạm thời."))
            if end_date <= effective_date:
                fail("end_date", _("Ngày kết thúc sinh hoạt tạm thời phải sau ngày bắt đầu."))
        elif kind == EventKind.TEMPORARY_END and not member.host_organization_id:
            fail(None, _("Đảng viên không sinh hoạt tạm thời ở nơi khác."))
        elif kind == EventKind.EXEMPTION and member.is_exempted:
            fail(None, _("Đảng viên đã được miễn công tác và sinh hoạt đảng."))
        elif kind == EventKind.EXEMPTION_END and not member.is_exempted:
            fail(None, _("Đảng viên không trong thời gian miễn công tác và sinh hoạt đảng."))
        elif kind == EventKind.SUSPENSION and member.is_suspended:
            fail(None, _("Đảng viên đang bị đình chỉ sinh hoạt."))
        elif kind == EventKind.REINSTATEMENT and not member.is_suspended:
            fail(None, _("Đảng viên không bị đình chỉ sinh hoạt."))
        elif kind == EventKind.TRANSFER_OUT and not (external_place or to_organization):
            fail("external_place", _("Chưa nhập nơi chuyển đến."))
        check_version(Member, member.pk, version, formatted(_("Hồ sơ đảng viên %(name)s"), name=member.full_name))
        ev = _event(member, kind, actor, effective_date=effective_date, state_org=member.organization_id,
                    decision_number=nfc(decision_number), decision_date=decision_date, issuer=nfc(issuer),
                    from_organization=member.organization, to_organization=to_organization,
                    end_date=end_date, external_place=nfc(external_place), note=nfc(note), source=source)
        if kind == EventKind.READMISSION:
            _start_readmission(member, decision_date or effective_date, nfc(decision_number))
    # The closed periods from this event's date on are recounted; a re-admission or a ceremony rewrites the
    # dossier's dates (read on every closed date): from the member's first event.
    replay(member, None if kind in (EventKind.READMISSION, EventKind.CEREMONY) else ev.effective_date)
    where = f" đến {to_organization.name}" if to_organization else ""
    audit.record(f"member.{kind.value}", actor=actor, obj=member, org_path=member.organization.path,
                 summary=f"{kind.label} – {member.full_name}{where} ({date_text(ev.effective_date)})",
                 data={"event_id": ev.pk, "kind": kind.value, "effective_date": ev.effective_date,
                       "decision_number": decision_number, "to": to_organization.code if to_organization else None})
    return ev


def _start_readmission(member: Member, decided_on: date, number: str):
    """Kết nạp lại is a new admission: the dossier's admission block now describes it, and the ceremony and the
    12 months' probation start over (Điều lệ Điều 5). The first admission stays in its event, which party age
    is counted from (rules.md §3.3, see _party_age_start)."""
    member.admission_decision_date, member.admission_decision_number = decided_on, number
    member.ceremony_date = member.official_date = None
    Member.objects.filter(pk=member.pk).update(admission_decision_date=decided_on, admission_decision_number=number,
                                               ceremony_date=None, official_date=None)


def reorganize_member(actor, member, target, **kw):
    """A move caused by merging or splitting organisations (the 2025 reorganisation)."""
    return record_event(actor, member, EventKind.REORGANIZATION, to_organization=target, **kw)


def _reads_member(actor, member: Member, **_kw):
    """A reader of the record (its own member, its chi bộ or the host of a temporary stay: can_read_member)."""
    if actor is not None and not scope_for(actor).can_read_member(member):
        raise ScopeDenied(formatted(_("Bạn không có quyền xem dữ liệu của đảng viên %(name)s."), name=member.full_name))


@audited_action("member.view_sensitive", scope=_reads_member, reading=True)
def _record_sensitive_view(actor, member: Member, fields: tuple[str, ...]):
    audit.record("member.view_sensitive", actor=actor, obj=member, org_path=member.organization.path,
                 summary=f"Xem thông tin nhạy cảm của {member.full_name}", data={"fields": list(fields)})


def log_sensitive_view(actor, member: Member, fields=("citizen_id", "religion")):
    """Logging a read is a write: when SQLite stays busy past the timeout the page is still shown and the
    skipped entry is written to the server log instead (a read must not fail because of its log line)."""
    from dangbo.core.busy import is_busy, log

    try:
        _record_sensitive_view(actor, member, tuple(fields))
    except OperationalError as e:
        if not is_busy(e):
            raise
        log.warning("database busy: sensitive view of member %s by %s not audited (%s)", member.pk,
                    getattr(actor, "username", "?"), ",".join(fields))


@audited_action("member.link_user", scope=ON_MEMBER)
def link_user(actor, member: Member, user):
    Member.objects.filter(pk=member.pk).update(user=user)
    audit.record("member.link_user", actor=actor, obj=member, org_path=member.organization.path,
                 summary=f"Gắn tài khoản {user.username} với {member.full_name}")


@audited_action("member.badge", scope=ON_MEMBER)
def award_badge(actor, member: Member, years: int, *, awarded_on: date, decision_number: str = "") -> Badge:
    """Record a Huy hiệu Đảng handed over at an occasion (HD 01-HD/TW 2021, point 18)."""
    from dangbo.rules import badges as badge_rules

    member = Member.objects.select_related("organization").get(pk=member.pk)
    if years not in badge_rules.milestones_on(awarded_on):
        fail("years", _("Không có Huy hiệu %(years)s năm tuổi đảng vào ngày %(date)s."),
             years=years, date=date_text(awarded_on))
    if member.badges.filter(years=years).exists():
        fail("years", _("Đảng viên %(name)s đã được trao Huy hiệu %(years)s năm tuổi đảng."),
             name=member.full_name, years=years)
    age = queries.party_age(member, awarded_on)
    # Early awards (HD 01-HD/TW 2021, point 18.1–18.2): up to 12 months for the 30–65 badges and posthumously,
    # up to 24 months for the 70–90 badges of a seriously ill member; more is refused.
    if age is None or age.total_months < 12 * years - badge_rules.EARLY_AWARD_MAX_MONTHS.get(years, 12):
        fail("years", _("Đảng viên %(name)s chưa đủ %(years)s năm tuổi đảng vào ngày %(date)s."),
             name=member.full_name, years=years, date=date_text(awarded_on))
    badge = Badge.objects.create(member=member, years=years, awarded_on=awarded_on,
                                 decision_number=nfc(decision_number))
    audit.record("member.badge", actor=actor, obj=member, org_path=member.organization.path,
                 summary=f"Trao Huy hiệu {years} năm tuổi đảng cho {member.full_name}",
                 data={"years": years, "awarded_on": awarded_on, "decision_number": decision_number})
    return badge


# -- discipline --------------------------------------------------------------------------------------------
@audited_action("member.discipline", scope=ON_MEMBER)
def record_discipline(actor, member: Member, *, form: str, decided_on: date, decision_number: str = "",
                      issuer: str = "", violation: str = "", self_detected: bool = False, decider: str = "",
                      announced_on: date | None = None) -> Discipline:
    """Kỷ luật khiển trách, cảnh cáo or cách chức (Điều lệ Đảng, Điều 35; QĐ 296-QĐ/TW Điều 9). Khai trừ is the
    EXPULSION event. `decider` (rules.discipline.Decider) is checked against its competence; a chi bộ's decision
    takes effect on `announced_on`, the day it announced the vote (Điều 15.2), another level's on its date."""
    member = Member.objects.select_related("organization").get(pk=member.pk)
    if form not in DisciplineForm.values:
        fail("form", _("Hình thức kỷ luật không hợp lệ (khiển trách, cảnh cáo hoặc cách chức; khai trừ ghi bằng sự "
                       "kiện «Khai trừ»)."))
    if decided_on is None:
        fail("decided_on", _("Chưa nhập ngày quyết định kỷ luật."))
    if decided_on > timezone.localdate():
        fail("decided_on", _("Ngày quyết định %(date)s chưa tới."), date=date_text(decided_on))
    if member.admission_decision_date and decided_on < member.admission_decision_date:
        fail("decided_on", _("Ngày quyết định %(date)s trước ngày kết nạp %(date2)s."),
             date=date_text(decided_on), date2=date_text(member.admission_decision_date))
    if announced_on is not None and announced_on > timezone.localdate():
        fail("announced_on", _("Ngày công bố %(date)s chưa tới."), date=date_text(announced_on))
    settings = queries.discipline_settings()
    # Forms by the member's status on the decision's day (probationary: khiển trách, cảnh cáo).
    status_then = status_of(member, decided_on)
    if status_then in (Status.OFFICIAL, Status.PROBATIONARY):
        _raise_findings(drules.check_form(form, status_then == Status.OFFICIAL, settings))
    effective_on = None
    if decider:
        _raise_findings(drules.check_competence(decider, form, settings))
        _raise_findings(drules.check_effective(decider, decided_on, announced_on))
        effective_on = drules.effective_date(decider, decided_on, announced_on)
    d = Discipline.objects.create(member=member, form=form, decided_on=decided_on,
                                  decision_number=nfc(decision_number.strip()), issuer=nfc(issuer.strip()),
                                  violation=nfc(violation.strip()), self_detected=bool(self_detected),
                                  decider=decider, announced_on=announced_on if decider else None,
                                  effective_on=effective_on)
    audit.record("member.discipline", actor=actor, obj=member, org_path=member.organization.path,
                 summary=f"Kỷ luật {d.get_form_display().lower()} đảng viên {member.full_name} "
                         f"({date_text(decided_on)})",
                 data={"discipline_id": d.pk, "form": form, "decided_on": decided_on,
                       "decision_number": d.decision_number, "self_detected": d.self_detected,
                       "decider": decider, "effective_on": effective_on})
    return d


@audited_action("member.discipline_annul", scope=ON_DISCIPLINE)
def annul_discipline(actor, discipline: Discipline, *, on: date, reason: str) -> Discipline:
    """A discipline withdrawn on appeal or entered by mistake: kept, marked annulled, audited."""
    d = Discipline.objects.select_related("member__organization").get(pk=discipline.pk)
    if d.annulled_on is not None:
        fail(None, _("Quyết định kỷ luật này đã được hủy."))
    if not reason.strip():
        fail("annul_reason", _("Nhập lý do hủy quyết định kỷ luật."))
    if on is None or on < d.decided_on:
        fail("annulled_on", _("Ngày hủy phải từ ngày quyết định kỷ luật trở về sau."))
    d.annulled_on, d.annul_reason = on, nfc(reason.strip())
    d.save(update_fields=["annulled_on", "annul_reason"])
    audit.record("member.discipline_annul", actor=actor, obj=d.member, org_path=d.member.organization.path,
                 summary=f"Hủy quyết định kỷ luật {d.get_form_display().lower()} của {d.member.full_name}",
                 data={"discipline_id": d.pk, "annulled_on": on, "reason": d.annul_reason})
    return d
