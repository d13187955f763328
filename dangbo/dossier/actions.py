"""Every change of dossier upkeep: one registered action each (scope first, one audit event).

Applying a phiếu bổ sung writes the member's record through `members.actions.update_dossier` (its own
`member.update` event, inside this one), and so do the card actions for the card number: the register's
history records both.
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from dangbo.core import audit
from dangbo.core.actions import audited_action, check_version, date_text, fail, writes
from dangbo.core.i18n import lowered as _lowered
from dangbo.members import actions as member_actions
from dangbo.members.asof import members_as_of
from dangbo.members.models import ENDED_STATUSES, EventKind, Member, MemberEvent, Status
from dangbo.organizations.models import Organization
from dangbo.rules import dossier as rules
from dangbo.rules.membership import ERROR
from dangbo.rules.text import nfc

from .models import (
    Campaign,
    CardState,
    DossierReceipt,
    Loan,
    LoanKind,
    PartyCard,
    Reconciliation,
    Series,
    Slip,
    SlipKind,
    State,
    Supplement,
)

# What a phiếu bổ sung may change in the register (the rest of it, commendations, discipline, family, is
# kept as the phiếu's note: those have records of their own).
SUPPLEMENT_FIELDS = {  # labels marked for the catalogue, translated where shown (forms)
    "workplace": gettext_noop("Đơn vị công tác"), "job_title": gettext_noop("Chức vụ"),
    "education": gettext_noop("Giáo dục phổ thông"), "qualification": gettext_noop("Chuyên môn"),
    "political_theory": gettext_noop("Lý luận chính trị"), "residence": gettext_noop("Nơi thường trú"),
    "phone": gettext_noop("Điện thoại"), "email": gettext_noop("Thư điện tử"),
}
LEAVING = {EventKind.REMOVAL: SlipKind.LEFT, EventKind.EXPULSION: SlipKind.LEFT,
           EventKind.RESIGNATION: SlipKind.LEFT, EventKind.DEATH: SlipKind.DEATH}


def first_lower(text: str) -> str:
    """«Phiếu báo đảng viên ra khỏi Đảng» inside a sentence: only the first letter lowered (Đảng keeps its capital)."""
    return text[:1].lower() + text[1:]




def _path(target) -> str:
    return target if isinstance(target, str) else target.path


def _member_path(member: Member, **_) -> str:
    return Member.objects.filter(pk=member.pk).values_list("org_path", flat=True).get()


def _not_future(field: str, d: date | None, label):
    """`label`: the date's name, a gettext_lazy text («ngày nộp»)."""
    if d is None:
        fail(field, _("Chưa nhập %(what)s."), what=label)
    if d > timezone.localdate():
        fail(field, _("%(what)s %(date)s ở tương lai."), what=capfirst(label), date=date_text(d))


def _not_before(field: str, d: date, start: date, label, start_label):
    if d < start:
        fail(field, _("%(what)s %(date)s trước %(start_what)s %(start)s."), what=capfirst(label), date=date_text(d),
             start_what=start_label, start=date_text(start))


def _dated(field: str, d: date | None, label, since: tuple | None = None) -> None:
    """The date of a step: entered, not in the future and, with `since` = (start, start's label), not before it."""
    _not_future(field, d, label)
    if since is not None:
        _not_before(field, d, since[0], label, since[1])


def _saved(obj, **values):
    """Write `values` on `obj`'s row and read it again (what the audit row and the caller see)."""
    type(obj).objects.filter(pk=obj.pk).update(**values)
    obj.refresh_from_db()


def _dated_once(actor, obj, field: str, on: date, label, *, since: tuple, done, event: str, summary: str, data: dict):
    """Write the date `field` of a member's `obj` once (refused with `done` when it is set), audited as `event`."""
    if getattr(obj, field):
        fail(None, done, date=date_text(getattr(obj, field)))
    _dated(field, on, label, since=since)
    _saved(obj, **{field: on})
    audit.record(event, actor=actor, obj=obj.member, org_path=obj.org_path, summary=summary, data={**data, field: on})
    return obj


# -- the yearly phiếu bổ sung hồ sơ đảng viên -----------------------------------------------------------------------
@audited_action("dossier.campaign", scope=writes(
    lambda organization, **kw: organization.path, _("Bạn không có quyền ghi phiếu bổ sung hồ sơ của tổ chức này.")))
def open_campaign(actor, *, organization: Organization, year: int, sent_on: date, due_on: date,
                  note: str = "") -> Campaign:
    """Send the year's phiếu to every member on the list (home organisation in the subtree) on `sent_on`."""
    _not_future("sent_on", sent_on, _("ngày phát phiếu"))
    if not (2000 <= year <= sent_on.year + 1):
        fail("year", _("Năm %(year)s không hợp lệ."), year=year)
    if due_on < sent_on:
        fail("due_on", _("Hạn nộp phiếu %(due)s trước ngày phát phiếu %(sent)s."), due=date_text(due_on),
             sent=date_text(sent_on))
    if Campaign.objects.filter(organization=organization, year=year).exists():
        fail("year", _("%(org)s đã phát phiếu bổ sung hồ sơ đảng viên năm %(year)s."), org=organization.name,
             year=year)
    c = Campaign.objects.create(organization=organization, org_path=organization.path, year=year, sent_on=sent_on,
                                due_on=due_on, note=nfc(note))
    rows = list(members_as_of(sent_on, organization.path))
    Supplement.objects.bulk_create([Supplement(campaign=c, member_id=r["member_id"], organization_id=r["org_id"],
                                               org_path=r["org_path"]) for r in rows])
    audit.record("dossier.campaign", actor=actor, obj=c, org_path=organization.path,
                 summary=f"Phát phiếu bổ sung hồ sơ đảng viên năm {year} ({len(rows)} đảng viên)",
                 data={"year": year, "members": len(rows), "due_on": due_on})
    return c


ON_SUPPLEMENT = writes(lambda supplement, **kw: supplement.org_path,
                       lambda supplement, **kw: _("Bạn không có quyền ghi phiếu bổ sung hồ sơ của %(name)s.") % {
                           "name": supplement.member.full_name})


def clean_changes(changes: dict) -> dict:
    out = {}
    for k, v in (changes or {}).items():
        if k not in SUPPLEMENT_FIELDS:
            fail(None, _("Phiếu bổ sung không ghi được mục «%(item)s»."), item=k)
        v = nfc(str(v or "")).strip()
        if v:
            out[k] = v
    return out


@audited_action("dossier.supplement_return", scope=ON_SUPPLEMENT)
def return_supplement(actor, supplement: Supplement, *, returned_on: date, changes: dict | None = None,
                      note: str = "", version: int | None = None) -> Supplement:
    s = Supplement.objects.select_related("campaign", "member").get(pk=supplement.pk)
    if s.state != State.SENT:
        fail(None, _("Phiếu của %(name)s đã nộp ngày %(date)s."), name=s.member.full_name,
             date=date_text(s.returned_on))
    _dated("returned_on", returned_on, _("ngày nộp"), since=(s.campaign.sent_on, _("ngày phát phiếu")))
    data = clean_changes(changes or {})
    check_version(Supplement, s.pk, version, f"Phiếu bổ sung của {s.member.full_name}")
    Supplement.objects.filter(pk=s.pk).update(state=State.RETURNED, returned_on=returned_on, changes=data,
                                              note=nfc(note))
    s.refresh_from_db()
    audit.record("dossier.supplement_return", actor=actor, obj=s, org_path=s.org_path,
                 summary=f"Nhận phiếu bổ sung hồ sơ năm {s.campaign.year} của {s.member.full_name}",
                 data={"returned_on": returned_on, "fields": sorted(data)})
    return s


@audited_action("dossier.supplement_check", scope=ON_SUPPLEMENT)
def check_supplement(actor, supplement: Supplement, *, checked_on: date) -> Supplement:
    s = Supplement.objects.select_related("campaign", "member").get(pk=supplement.pk)
    if s.state != State.RETURNED:
        fail(None, _("Phiếu của %(name)s không ở bước chờ kiểm tra (%(state)s)."), name=s.member.full_name,
             state=_lowered(State(s.state).label))
    _dated("checked_on", checked_on, _("ngày kiểm tra"), since=(s.returned_on, _("ngày nộp")))
    _saved(s, state=State.CHECKED, checked_on=checked_on)
    audit.record("dossier.supplement_check", actor=actor, obj=s, org_path=s.org_path,
                 summary=f"Chi ủy kiểm tra phiếu bổ sung hồ sơ của {s.member.full_name}",
                 data={"checked_on": checked_on})
    return s


@audited_action("dossier.supplement_apply", scope=ON_SUPPLEMENT)
def apply_supplement(actor, supplement: Supplement, *, applied_on: date) -> Supplement:
    """Write the phiếu's changes to the member's record (members.actions.update_dossier: the register's history
    keeps them), then mark it applied."""
    s = Supplement.objects.select_related("campaign", "member").get(pk=supplement.pk)
    if s.state != State.CHECKED:
        fail(None, _("Phiếu của %(name)s chưa được chi ủy kiểm tra (%(state)s)."), name=s.member.full_name,
             state=_lowered(State(s.state).label))
    _dated("applied_on", applied_on, _("ngày ghi vào hồ sơ"), since=(s.checked_on, _("ngày kiểm tra")))
    if s.changes:
        member_actions.update_dossier(actor, s.member, dict(s.changes))
    _saved(s, state=State.APPLIED, applied_on=applied_on)
    audit.record("dossier.supplement_apply", actor=actor, obj=s, org_path=s.org_path,
                 summary=f"Ghi phiếu bổ sung năm {s.campaign.year} vào hồ sơ {s.member.full_name}",
                 data={"applied_on": applied_on, "fields": sorted(s.changes)})
    return s


# -- transfers in, slips, loans --------------------------------------------------------------------------------
def _event_path(event: MemberEvent, **_) -> str:
    return Organization.objects.filter(pk=event.org_after_id).values_list("path", flat=True).get()


def _record_denied(member: Member) -> str:
    return _("Bạn không có quyền ghi hồ sơ của %(name)s.") % {"name": member.full_name}


ON_EVENT = writes(_event_path, lambda event, **kw: _record_denied(event.member))


@audited_action("dossier.transfer_received", scope=ON_EVENT)
def receive_transfer_dossier(actor, event: MemberEvent, *, received_on: date, note: str = "") -> DossierReceipt:
    """The dossier of a member transferred in (the register's chuyển sinh hoạt đến) has arrived."""
    if event.kind != EventKind.TRANSFER_IN:
        fail(None, _("Chỉ ghi nhận hồ sơ cho sự kiện chuyển sinh hoạt đến."))
    if DossierReceipt.objects.filter(event=event).exists():
        fail(None, _("Đã ghi nhận hồ sơ của %(name)s."), name=event.member.full_name)
    _dated("received_on", received_on, _("ngày nhận hồ sơ"), since=(event.effective_date, _("ngày chuyển đến")))
    path = _event_path(event)
    r = DossierReceipt.objects.create(event=event, member=event.member, org_path=path, received_on=received_on,
                                      note=nfc(note))
    late = rules.transfer_dossier_late(event.effective_date, received_on, received_on)
    audit.record("dossier.transfer_received", actor=actor, obj=event.member, org_path=path,
                 summary=f"Nhận hồ sơ chuyển sinh hoạt đến của {event.member.full_name} ({date_text(received_on)})",
                 data={"event_id": event.pk, "received_on": received_on, "late": late})
    return r


@audited_action("dossier.slip", scope=ON_EVENT)
def make_slip(actor, event: MemberEvent, *, made_on: date, number: str = "", note: str = "") -> Slip:
    """Phiếu báo đảng viên đã từ trần / ra khỏi Đảng for the register's death or leaving event."""
    kind = LEAVING.get(event.kind)
    if kind is None:
        fail(None, _("Chỉ lập phiếu báo cho đảng viên từ trần, xin ra, xóa tên hoặc khai trừ."))
    if Slip.objects.filter(event=event).exists():
        fail(None, _("Đã lập phiếu báo cho %(name)s."), name=event.member.full_name)
    _dated("made_on", made_on, _("ngày lập phiếu báo"), since=(event.effective_date, _("ngày hiệu lực")))
    path = _event_path(event)
    s = Slip.objects.create(event=event, member=event.member, org_path=path, kind=kind, number=nfc(number),
                            made_on=made_on, note=nfc(note))
    audit.record("dossier.slip", actor=actor, obj=event.member, org_path=path,
                 summary=f"{s.get_kind_display()} {event.member.full_name} ({date_text(made_on)})",
                 data={"event_id": event.pk, "made_on": made_on, "number": s.number})
    return s


@audited_action("dossier.slip_sent", scope=writes(lambda slip, **_: slip.org_path))
def send_slip(actor, slip: Slip, *, sent_on: date) -> Slip:
    return _dated_once(actor, slip, "sent_on", sent_on, _("ngày gửi"), since=(slip.made_on, _("ngày lập phiếu báo")),
                       done=_("Phiếu báo đã gửi ngày %(date)s."), event="dossier.slip_sent",
                       summary=f"Gửi {first_lower(slip.get_kind_display())} {slip.member.full_name} cùng hồ sơ lên "
                               "cấp trên", data={"slip_id": slip.pk})


ON_MEMBER = writes(_member_path, lambda member, **kw: _record_denied(member))


@audited_action("dossier.loan", scope=ON_MEMBER)
def lend_dossier(actor, member: Member, *, kind: str, person: str, lent_on: date, purpose: str = "",
                 due_on: date | None = None) -> Loan:
    if kind not in LoanKind.values:
        fail("kind", _("Loại giao nhận không hợp lệ."))
    person = nfc(person or "").strip()
    if not person:
        fail("person", _("Chưa nhập người mượn hoặc người nhận hồ sơ."))
    _not_future("lent_on", lent_on, _("ngày giao"))
    if due_on and due_on < lent_on:
        fail("due_on", _("Hẹn trả %(due)s trước ngày giao %(lent)s."), due=date_text(due_on), lent=date_text(lent_on))
    if kind == LoanKind.LOAN and Loan.objects.filter(member=member, kind=LoanKind.LOAN,
                                                     returned_on__isnull=True).exists():
        fail(None, _("Hồ sơ của %(name)s đang được mượn, chưa trả."), name=member.full_name)
    path = _member_path(member)
    loan = Loan.objects.create(member=member, org_path=path, kind=kind, person=person, purpose=nfc(purpose),
                               lent_on=lent_on, due_on=due_on)
    audit.record("dossier.loan", actor=actor, obj=member, org_path=path,
                 summary=f"{loan.get_kind_display()} {member.full_name}: {person}",
                 data={"loan_id": loan.pk, "kind": kind, "lent_on": lent_on, "due_on": due_on})
    return loan


@audited_action("dossier.loan_return", scope=writes(lambda loan, **_: loan.org_path))
def return_dossier(actor, loan: Loan, *, returned_on: date) -> Loan:
    if loan.kind != LoanKind.LOAN:
        fail(None, _("Hồ sơ đã giao nhận, không phải cho mượn."))
    return _dated_once(actor, loan, "returned_on", returned_on, _("ngày trả"), since=(loan.lent_on, _("ngày giao")),
                       done=_("Hồ sơ đã trả ngày %(date)s."), event="dossier.loan_return",
                       summary=f"Nhận lại hồ sơ {loan.member.full_name} từ {loan.person}", data={"loan_id": loan.pk})


# -- party cards ---------------------------------------------------------------------------------------------
def _current_card(member: Member) -> PartyCard | None:
    return PartyCard.objects.filter(member=member, state=CardState.ACTIVE).order_by("-issued_on", "-id").first()


def _new_card(actor, member: Member, *, series: str, number: str, issued_on: date, decision_number: str,
              replaces: PartyCard | None = None) -> PartyCard:
    if series not in Series.values:
        fail("series", _("Loại thẻ không hợp lệ."))
    number = nfc(number or "").replace(" ", "")
    if not number:
        fail("number", _("Chưa nhập số thẻ."))
    _not_future("issued_on", issued_on, _("ngày phát thẻ"))
    if replaces is not None:
        _not_before("issued_on", issued_on, replaces.lost_on or replaces.issued_on, _("ngày phát thẻ"),
                    _("ngày của thẻ cũ"))
    if PartyCard.objects.filter(number=number).exclude(member=member).exists():
        fail("number", _("Số thẻ %(number)s đã ghi cho đảng viên khác."), number=number)
    card = PartyCard.objects.create(member=member, org_path=_member_path(member), series=series, number=number,
                                    issued_on=issued_on, decision_number=nfc(decision_number), replaces=replaces)
    if member.card_number != number:
        member_actions.update_dossier(actor, member, {"card_number": number})
    return card


def _check_member(member: Member):
    if member.status in ENDED_STATUSES or member.status == Status.TRANSFERRED_OUT:
        fail(None, _("Đảng viên %(name)s %(status)s."), name=member.full_name,
             status=_lowered(Status(member.status).label))


@audited_action("dossier.card_issue", scope=ON_MEMBER)
def issue_card(actor, member: Member, *, series: str, number: str, issued_on: date,
               decision_number: str = "") -> PartyCard:
    """Phát thẻ: a card to an official member without one (QĐ 294 point 6.1: official members only)."""
    member = Member.objects.get(pk=member.pk)
    _check_member(member)
    if member.status != Status.OFFICIAL:
        fail(None, _("Chỉ phát thẻ cho đảng viên chính thức; %(name)s đang là đảng viên dự bị."),
             name=member.full_name)
    if _current_card(member):
        fail(None, _("%(name)s đang có thẻ số %(number)s: hãy ghi đổi thẻ hoặc báo mất."), name=member.full_name,
             number=_current_card(member).number)
    card = _new_card(actor, member, series=series, number=number, issued_on=issued_on,
                     decision_number=decision_number)
    audit.record("dossier.card_issue", actor=actor, obj=member, org_path=card.org_path,
                 summary=f"Phát thẻ đảng viên số {card.number} cho {member.full_name}",
                 data={"card_id": card.pk, "series": series, "issued_on": issued_on})
    return card


@audited_action("dossier.card_exchange", scope=ON_MEMBER)
def exchange_card(actor, member: Member, *, number: str, issued_on: date, decision_number: str = "") -> PartyCard:
    """Đổi thẻ gắn chip 2025 (Chỉ thị 51-CT/TW): only an official member holding a card."""
    member = Member.objects.get(pk=member.pk)
    _check_member(member)
    old = _current_card(member)
    has_card = old is not None or bool(member.card_number)
    errors = [f for f in rules.check_exchange(official=member.status == Status.OFFICIAL, has_card=has_card,
                                              on=issued_on) if f.severity == ERROR]
    if errors:
        fail(errors[0].field or None, errors[0].message)
    if old is not None and old.series == Series.CHIP_2025:
        fail(None, _("%(name)s đã có thẻ gắn chip số %(number)s."), name=member.full_name, number=old.number)
    if old is None:  # a card known only by the number on the record: its row, so the history shows it
        old = PartyCard.objects.create(member=member, org_path=_member_path(member), series=Series.OLD,
                                       number=member.card_number, issued_on=member.official_date or issued_on)
    PartyCard.objects.filter(pk=old.pk).update(state=CardState.EXCHANGED, ended_on=issued_on)
    card = _new_card(actor, member, series=Series.CHIP_2025, number=number, issued_on=issued_on,
                     decision_number=decision_number, replaces=old)
    audit.record("dossier.card_exchange", actor=actor, obj=member, org_path=card.org_path,
                 summary=f"Đổi thẻ đảng viên {member.full_name}: số {old.number} → {card.number}",
                 data={"card_id": card.pk, "old": old.number, "issued_on": issued_on})
    return card


@audited_action("dossier.card_lost", scope=writes(lambda card, **_: _member_path(card.member)))
def report_card_lost(actor, card: PartyCard, *, lost_on: date) -> PartyCard:
    if card.state != CardState.ACTIVE:
        fail(None, _("Thẻ số %(number)s không còn sử dụng (%(state)s)."), number=card.number,
             state=_lowered(CardState(card.state).label))
    _dated("lost_on", lost_on, _("ngày báo mất"), since=(card.issued_on, _("ngày phát thẻ")))
    _saved(card, state=CardState.LOST, lost_on=lost_on, ended_on=lost_on)
    audit.record("dossier.card_lost", actor=actor, obj=card.member, org_path=card.org_path,
                 summary=f"Báo mất thẻ đảng viên số {card.number} của {card.member.full_name}",
                 data={"card_id": card.pk, "lost_on": lost_on})
    return card


@audited_action("dossier.card_reissue", scope=writes(lambda card, **_: _member_path(card.member)))
def reissue_card(actor, card: PartyCard, *, number: str, issued_on: date, decision_number: str = "") -> PartyCard:
    """Cấp lại: a new card for one reported lost (same series unless the old one predates the chip card)."""
    if card.state != CardState.LOST:
        fail(None, _("Thẻ số %(number)s chưa được báo mất."), number=card.number)
    member = Member.objects.get(pk=card.member_id)
    _check_member(member)
    series = Series.CHIP_2025 if issued_on >= rules.CT51_DATE else card.series
    PartyCard.objects.filter(pk=card.pk).update(state=CardState.REPLACED)
    new = _new_card(actor, member, series=series, number=number, issued_on=issued_on,
                    decision_number=decision_number, replaces=card)
    audit.record("dossier.card_reissue", actor=actor, obj=member, org_path=new.org_path,
                 summary=f"Cấp lại thẻ đảng viên {member.full_name}: số {new.number} (thay thẻ {card.number})",
                 data={"card_id": new.pk, "old": card.number, "issued_on": issued_on})
    return new


# -- the 6-monthly reconciliation -------------------------------------------------------------------------------
@audited_action("dossier.reconcile", scope=writes(
    lambda organization, **kw: organization.path, _("Bạn không có quyền ghi đối chiếu danh sách của tổ chức này.")))
def record_reconciliation(actor, *, organization: Organization, done_on: date, file_name: str,
                          result: dict) -> Reconciliation:
    """Keep what a reconciliation found (its figures and differences); the register is not touched."""
    _not_future("done_on", done_on, _("ngày đối chiếu"))
    r = Reconciliation.objects.create(organization=organization, org_path=organization.path, done_on=done_on,
                                      file_name=nfc(file_name)[:255], counts=result["counts"], diff=result)
    audit.record("dossier.reconcile", actor=actor, obj=r, org_path=organization.path,
                 summary=f"Đối chiếu danh sách đảng viên {organization.name} với danh sách cấp trên",
                 data={"file": r.file_name, **result["counts"]})
    return r
