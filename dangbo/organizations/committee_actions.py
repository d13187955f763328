"""The bodies of a term, decided by the level above: appointed terms and the changes between congresses (issue 13.3,
13.4; rules-2025-2026.md §1.5, §2.7). Write scope on the parent organisation. `committee.committee_as_of` reads what
these actions write."""

from django.utils.translation import gettext_lazy as _

from dangbo.core import audit
from dangbo.core.actions import audited_action, fail, refuse_formula
from dangbo.core.i18n import lowered
from dangbo.core.scopes import WRITE, ScopeDenied, scope_for
from dangbo.rules.text import format_date

from .actions import org_today
from .models import Organization


def _upper_of(actor, org: Organization, **_arguments):
    """Scope check: a writer of the organisation above (an administrator for a top-level one)."""
    if actor is None:
        return
    scope = scope_for(actor)
    if scope.is_admin:
        return
    parent = org.parent
    if parent is None or not scope.can(WRITE, parent):
        raise ScopeDenied(_("Chỉ cấp ủy cấp trên trực tiếp (người có quyền cập nhật tổ chức cấp trên) mới quyết "
                            "định cấp ủy của «%(name)s».") % {"name": org.name})


def _check_body_decision(decision_number, decision_date, effective_date, field="decision_number"):
    if not (decision_number or "").strip():
        fail(field, _("Chưa nhập số quyết định (ví dụ 125-QĐ/ĐU)."))
    if effective_date is None:
        fail("effective_date", _("Chưa nhập ngày hiệu lực."))
    if effective_date > org_today():
        fail("effective_date", _("Ngày hiệu lực %(date)s ở tương lai: chỉ ghi khi quyết định đã có hiệu lực."),
             date=format_date(effective_date))
    if decision_date and decision_date > effective_date:
        fail("decision_date", _("Ngày quyết định %(date)s sau ngày hiệu lực %(effective)s."),
             date=format_date(decision_date), effective=format_date(effective_date))


def _membership(term, change, *, member_id, full_name, position, in_committee=None):
    from dangbo.rules.text import name_sort_key

    from .models import COMMITTEE_POSITIONS, POSITION_RANK, CommitteeMember

    return CommitteeMember.objects.create(
        term=term, member_id=member_id, full_name=full_name, sort_key=name_sort_key(full_name),
        position=position, rank=POSITION_RANK[position],
        in_committee=(position in COMMITTEE_POSITIONS) if in_committee is None else in_committee,
        person_key=change.person_key, start_date=change.effective_date, started_by=change)


def start_term_memberships(term, people: list[dict], *, kind: str, effective_date, decision_number, decision_date,
                           issuer, actor=None) -> list:
    """The first memberships of a term, one change each (elected and approved, or appointed). `people`: dicts with
    member_id, full_name, position, in_committee and, for an appointment by a separate decision, their own
    decision_number, decision_date (the effective date) and issuer. Used by appoint_term and by the congress's
    approval (congresses.actions.approve_congress)."""
    from .committee import person_key
    from .models import CommitteeChange, Position

    rows = []
    for p in people:
        on = p.get("decision_date") or effective_date
        change = CommitteeChange.objects.create(
            term=term, org_path=term.org_path, kind=kind, member_id=p.get("member_id"), full_name=p["full_name"],
            person_key=person_key(p.get("member_id"), p["full_name"]), position=Position(p["position"]),
            effective_date=on, decision_number=(p.get("decision_number") or decision_number).strip(),
            decision_date=p.get("decision_date") or decision_date, issuer=(p.get("issuer") or issuer).strip(),
            created_by=actor if getattr(actor, "pk", None) else None)
        rows.append(_membership(term, change, member_id=p.get("member_id"), full_name=p["full_name"],
                                position=p["position"], in_committee=p.get("in_committee")))
    return rows


@audited_action("committee.appoint", scope=_upper_of)
def appoint_term(actor, org: Organization, *, ordinal: int, start_year: int, end_year: int, decision_number: str,
                 decision_date, issuer: str = "", people: list[dict], length_months: int | None = None,
                 congress_id: int | None = None):
    """The upper level appoints the term's bodies (CT 45: a congress with 2 or 3 contents elected no committee):
    cấp ủy, ban thường vụ, bí thư, phó bí thư, ủy ban kiểm tra and chủ nhiệm, each person possibly by a separate
    decision (its own number, date, issuer). The term is in force from `decision_date`."""
    from .committee import person_key
    from .models import CommitteeChange, Position, Term, TermOrigin

    _check_body_decision(decision_number, decision_date, decision_date)
    if not ordinal or ordinal < 1:
        fail("ordinal", _("Số thứ tự đại hội (khóa) phải là số nguyên dương."))
    if not start_year or not end_year or end_year <= start_year:
        fail("end_year", _("Nhiệm kỳ phải kết thúc sau năm bắt đầu (%(start)s–%(end)s)."), start=start_year,
             end=end_year)
    if length_months is not None and not (1 <= length_months <= 120):
        fail("length_months", _("Thời gian nhiệm kỳ %(n)s tháng không hợp lệ (ví dụ 30 hoặc 60)."), n=length_months)
    if org.founded_on and decision_date < org.founded_on:
        fail("decision_date", _("Ngày quyết định %(date)s trước ngày thành lập «%(name)s» (%(founded)s)."),
             date=format_date(decision_date), name=org.name, founded=format_date(org.founded_on))
    later = Term.objects.filter(organization=org, approval_date__gte=decision_date).order_by("approval_date").first()
    if later:
        fail("decision_date", _("«%(name)s» đã có nhiệm kỳ %(label)s từ ngày %(date)s: nhiệm kỳ mới phải bắt đầu "
                                "sau ngày đó."), name=org.name, label=later.label,
             date=format_date(later.approval_date))
    if not people:
        fail("people", _("Chưa có danh sách cấp ủy được chỉ định."))
    seen, secretaries = {}, 0
    for i, p in enumerate(people, 1):
        name = " ".join((p.get("full_name") or "").split())
        if not name:
            fail("people", _("Dòng %(row)s: thiếu họ và tên."), row=i)
        refuse_formula("people", name, _("Họ và tên"))
        if p.get("position") not in Position.values:
            fail("people", _("Dòng %(row)s: chức vụ không hợp lệ."), row=i)
        key = person_key(p.get("member_id"), name)
        if key in seen:
            fail("people", _("Dòng %(row)s: đồng chí %(name)s đã có ở dòng %(first)s."), row=i, name=name,
                 first=seen[key])
        seen[key] = i
        secretaries += p["position"] == Position.SECRETARY
        own = p.get("decision_date")
        if own and own < decision_date:
            fail("people", _("Dòng %(row)s: ngày quyết định %(date)s trước ngày quyết định chỉ định cấp ủy %(term)s."),
                 row=i, date=format_date(own), term=format_date(decision_date))
        if own and own > org_today():
            fail("people", _("Dòng %(row)s: ngày quyết định %(date)s ở tương lai."), row=i, date=format_date(own))
        p["full_name"] = name
    if secretaries > 1:
        fail("people", _("Danh sách có %(n)s bí thư: mỗi cấp ủy chỉ có một bí thư."), n=secretaries)
    Term.objects.filter(organization=org, is_current=True).update(is_current=False)
    term = Term.objects.create(organization=org, org_path=org.path, ordinal=ordinal, start_year=start_year,
                               end_year=end_year, congress_id=congress_id, approval_number=decision_number.strip(),
                               approval_date=decision_date, approval_issuer=(issuer or "").strip(),
                               length_months=length_months, origin=TermOrigin.APPOINTED, is_current=True)
    rows = start_term_memberships(term, people, kind=CommitteeChange.Kind.APPOINTED, effective_date=decision_date,
                                  decision_number=decision_number, decision_date=decision_date, issuer=issuer or "",
                                  actor=actor)
    audit.record("committee.appoint", actor=actor, obj=term, org_path=org.path,
                 summary=f"Chỉ định cấp ủy {org.name} nhiệm kỳ {term.label}: Quyết định {term.approval_number} "
                         f"ngày {format_date(decision_date)}",
                 data={"term": term.pk, "decision_number": term.approval_number, "decision_date": decision_date,
                       "issuer": term.approval_issuer,
                       "people": [{"name": r.full_name, "position": r.position} for r in rows]})
    return term


def _on_temporary_transfer(member, on) -> bool:
    from dangbo.members.models import EventKind, MemberEvent

    last = (MemberEvent.objects.filter(member=member, effective_date__lte=on,
                                       kind__in=[EventKind.TEMPORARY, EventKind.TEMPORARY_END, EventKind.TRANSFER,
                                                 EventKind.TRANSFER_OUT])
            .order_by("-effective_date", "-id").first())
    return last is not None and last.kind == EventKind.TEMPORARY


@audited_action("committee.change", scope=_upper_of)
def change_committee(actor, org: Organization, *, kind: str, effective_date, decision_number: str = "",
                     decision_date=None, issuer: str = "", full_name: str = "", member=None, position: str = "",
                     in_committee: bool | None = None, note: str = "", settings=None):
    """A decided change to the committee between congresses (rules-2025-2026.md §2.7): chuẩn y or appointment of a
    bí thư, phó bí thư or member (a position change ends the old membership and starts the new one that day),
    an addition (bổ sung), a resignation (thôi) or a transfer out; each with its decision."""
    from dangbo.rules.committees import DEFAULT_SETTINGS

    from .committee import active_q, person_key, term_in_force
    from .models import CommitteeChange, CommitteeMember, Position

    settings = settings or DEFAULT_SETTINGS
    kinds = CommitteeChange.Kind
    if kind not in kinds.values or kind == kinds.ELECTED:
        fail("kind", _("Loại thay đổi không hợp lệ."))
    _check_body_decision(decision_number, decision_date, effective_date)
    name = " ".join((member.full_name if member is not None else full_name or "").split())
    if not name:
        fail("full_name", _("Chưa nhập họ và tên."))
    refuse_formula("full_name", name, _("Họ và tên"))
    term = term_in_force(org, effective_date)
    if term is None:
        first = org.terms.order_by("approval_date").first()
        if first:
            fail("effective_date", _("Ngày %(date)s trước nhiệm kỳ đầu tiên đã ghi của «%(name)s» (từ %(start)s)."),
                 date=format_date(effective_date), name=org.name, start=format_date(first.approval_date))
        fail("effective_date", _("«%(name)s» chưa có nhiệm kỳ nào được chuẩn y hoặc chỉ định."), name=org.name)
    key = person_key(member.pk if member is not None else None, name)
    if member is None:
        # A name typed on the form names the person already on the term under that exact name (their member
        # record's key when they have one); two people of the same name need the member record.
        keys = set(CommitteeMember.objects.filter(term=term, full_name=name).values_list("person_key", flat=True))
        if len(keys) > 1:
            fail("full_name", _("Có %(n)s người tên %(name)s trong nhiệm kỳ: hãy chọn đúng đảng viên."), n=len(keys),
                 name=name)
        key = keys.pop() if keys else key
    rows = CommitteeMember.objects.filter(term=term, person_key=key)
    active = rows.filter(active_q(effective_date)).first()
    later = rows.filter(_after(effective_date)).exclude(pk=active.pk if active else None).first() or \
        (active if active and active.end_date else None)
    if later:
        fail("effective_date", _("Đồng chí %(name)s đã có thay đổi từ ngày %(date)s: hãy ghi các thay đổi theo thứ "
                                 "tự thời gian."), name=name, date=format_date(later.end_date or later.start_date))
    starts = kind not in (kinds.RESIGNED, kinds.TRANSFERRED)
    if starts:
        if position not in Position.values:
            fail("position", _("Chưa chọn chức vụ."))
        if active and kind == kinds.ADDED:
            fail("full_name", _("Đồng chí %(name)s đã là %(position)s từ ngày %(date)s: không bổ sung lại."),
                 name=name, position=lowered(active.get_position_display()), date=format_date(active.start_date))
        if active and active.position == position:
            fail("position", _("Đồng chí %(name)s đã là %(position)s từ ngày %(date)s."), name=name,
                 position=lowered(active.get_position_display()), date=format_date(active.start_date))
        if position == Position.SECRETARY:
            other = (CommitteeMember.objects.filter(term=term, position=Position.SECRETARY)
                     .exclude(person_key=key).filter(_open_on(effective_date)).first())
            if other:
                fail("position", _("Ngày %(date)s «%(name)s» đã có bí thư (đồng chí %(other)s): hãy ghi việc đồng "
                                   "chí %(other)s thôi giữ chức trước, cùng ngày hoặc sớm hơn."),
                     date=format_date(effective_date), name=org.name, other=other.full_name)
    else:
        if active is None:
            fail("full_name", _("Ngày %(date)s đồng chí %(name)s không có tên trong cấp ủy."),
                 date=format_date(effective_date), name=name)
        if effective_date <= active.start_date:
            fail("effective_date", _("Ngày thôi %(date)s phải sau ngày bắt đầu %(start)s."),
                 date=format_date(effective_date), start=format_date(active.start_date))
        if (kind == kinds.TRANSFERRED and settings.temporary_transfer_keeps_seat and active.member_id
                and _on_temporary_transfer(active.member, effective_date)):
            fail("kind", _("Đồng chí %(name)s đang sinh hoạt tạm thời nơi khác: vẫn là cấp ủy viên nơi sinh hoạt "
                           "đảng chính thức (Quy định 294-QĐ/TW điểm 6.3.2.c)."), name=name)
    if active and starts and effective_date <= active.start_date:
        fail("effective_date", _("Ngày %(date)s phải sau ngày bắt đầu %(start)s của chức vụ hiện tại."),
             date=format_date(effective_date), start=format_date(active.start_date))
    change = CommitteeChange.objects.create(
        term=term, org_path=term.org_path, kind=kind, member=member if member is not None else
        (active.member if active else None), full_name=name, person_key=key,
        position=position if starts else active.position, effective_date=effective_date,
        decision_number=decision_number.strip(), decision_date=decision_date, issuer=(issuer or "").strip(),
        note=(note or "").strip(), created_by=actor if getattr(actor, "pk", None) else None)
    if active:
        CommitteeMember.objects.filter(pk=active.pk).update(end_date=effective_date, ended_by=change)
    if starts:
        _membership(term, change, member_id=change.member_id, full_name=name, position=position,
                    in_committee=in_committee)
    audit.record("committee.change", actor=actor, obj=change, org_path=org.path,
                 summary=f"{change.get_kind_display()}: {name}"
                         f"{' – ' + str(change.get_position_display()) if change.position else ''}, {org.name}, "
                         f"Quyết định {change.decision_number} ngày hiệu lực {format_date(effective_date)}",
                 data={"term": term.pk, "kind": kind, "name": name, "position": change.position,
                       "effective_date": effective_date, "decision_number": change.decision_number})
    return change


def _after(on):
    """Memberships that start after `on` (a later change already recorded)."""
    from django.db.models import Q

    return Q(start_date__gt=on)


def _open_on(on):
    """Memberships that last on `on` or begin after it (anything that would overlap a new one from `on`)."""
    from django.db.models import Q

    return Q(end_date__isnull=True) | Q(end_date__gt=on)
