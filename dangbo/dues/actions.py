"""Every change to dues: check the actor's scope, validate with dangbo.rules.dues, write, one audit event.

A closed month (DuesMonth) locks the chi bộ's obligations and sổ entries booked in it; a payment is never
edited: a correction is a new entry booked in an open month.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.conf import settings as django_settings
from django.db import IntegrityError
from django.db.models import Max
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dangbo.core import audit
from dangbo.core.actions import atomic, audited_action, fail, writes
from dangbo.core.bulk import planner
from dangbo.core.scopes import WRITE, require
from dangbo.members.asof import members_as_of
from dangbo.members.models import Member
from dangbo.organizations.models import Organization
from dangbo.rules import dues as rules
from dangbo.rules.dues_params import CATEGORIES, DEFAULT_SETTINGS, REGIONS, DuesSettings
from dangbo.rules.text import format_date, format_number, nfc

from . import totals
from .models import (
    Channel,
    DuesMonth,
    DuesObligation,
    DuesPayment,
    DuesProfile,
    DuesRelief,
    Remittance,
    RemittanceCorrection,
    RemittanceSide,
)


def dues_settings() -> DuesSettings:
    """The deployment's settings for the unconfirmed rules (settings.DANGBO_DUES), else the defaults."""
    return DEFAULT_SETTINGS.with_(**getattr(django_settings, "DANGBO_DUES", {}))


def _month(d: date) -> date:
    return rules.month_start(d)


def is_closed(org: Organization, month: date) -> bool:
    return DuesMonth.objects.filter(organization=org, month=_month(month)).exists()


def _require_open(org: Organization, month: date, field_name: str = "month"):
    if is_closed(org, month):
        fail(field_name, _("Tháng %(month)s của «%(org)s» đã khóa sổ: không thể thay đổi. Khoản điều chỉnh ghi "
                           "vào tháng đang mở."), month=rules.month_label(month), org=org.name)


# -- scope checks of the registered actions (dangbo.core.actions.audited_action) ------------------------------
# They run before the body, in the reader's language: a denial formatted here reads in it.
def _on_member_denied(member: Member) -> str:
    return _("Bạn không có quyền thay đổi đảng phí của «%(name)s».") % {"name": member.full_name}


ON_MEMBER = writes(lambda member, **kw: member.organization, lambda member, **kw: _on_member_denied(member))


def _in_org(denied):
    """Write scope on `org`; `denied` is a gettext_lazy text with %(org)s."""
    return writes(lambda org, **kw: org, lambda org, **kw: denied % {"org": org.name})


def _collects(actor, member: Member, month: date, **kw):
    """The chi bộ that collects `month` (where the month's obligation is, else the member's own)."""
    require(actor, WRITE, _collecting_org(member, _month(month)),
            _("Bạn không có quyền thu đảng phí của «%(name)s».") % {"name": member.full_name})


# -- what a member owes ---------------------------------------------------------------------------------------
@audited_action("dues.profile.set", scope=ON_MEMBER)
def set_profile(actor, member: Member, *, from_month: date, category: str, base: int | None = None,
                region: int | None = None, voluntary_amount: int | None = None, note: str = "") -> DuesProfile:
    """Set (or replace, for the same month) the member's category and base from `from_month` on."""
    if category not in CATEGORIES:
        fail("category", _("Chọn đối tượng đóng đảng phí."))
    if category in ("bhxh", "sick_leave", "pensioner", "abroad") and base is None:
        fail("base", _("Nhập mức căn cứ (đồng) cho đối tượng «%(category)s»."), category=CATEGORIES[category])
    for name, value in (("base", base), ("voluntary_amount", voluntary_amount)):
        if value is not None and (not isinstance(value, int) or value < 0):
            fail(name, _("Số tiền phải là số đồng nguyên, không âm."))
    if region is not None and region not in REGIONS:
        fail("region", _("Vùng lương tối thiểu phải là 1, 2, 3 hoặc 4."))
    if category == "other" and region is None:
        fail("region", _("Đảng viên đóng theo lương tối thiểu vùng: chọn vùng nơi chi bộ sinh hoạt."))
    from_month = _month(from_month)
    _require_open(member.organization, from_month, "from_month")
    before = DuesProfile.objects.filter(member=member, from_month=from_month).values(
        "category", "base", "region", "voluntary_amount").first()
    profile, _created = DuesProfile.objects.update_or_create(
        member=member, from_month=from_month,
        defaults={"category": category, "base": base, "region": region, "voluntary_amount": voluntary_amount,
                  "note": nfc(note).strip()})
    audit.record("dues.profile.set", actor=actor, obj=profile, org_path=member.org_path,
                 summary=f"Mức đóng đảng phí của {member.full_name} từ {rules.month_label(from_month)}: "
                         f"{CATEGORIES[category]}" + (f", {format_number(base)} đồng" if base else ""),
                 data={"member": member.pk, "before": before, "after": {
                     "category": category, "base": base, "region": region,
                     "voluntary_amount": voluntary_amount}})
    return profile


@audited_action("dues.relief.grant", scope=ON_MEMBER)
def grant_relief(actor, member: Member, *, kind: str, percent: int, start: date, end: date,
                 document: str) -> DuesRelief:
    relief = rules.Relief(kind, 100 if kind == rules.EXEMPT else percent, _month(start), _month(end), nfc(document))
    existing = [rules.Relief(r.kind, r.percent, r.start, r.end, r.document) for r in member.dues_reliefs.all()]
    errors = [f for f in rules.check_reliefs([*existing, relief]) if f.is_error]
    if errors:
        fail(errors[0].field, errors[0].message)
    _require_open(member.organization, relief.start, "start")
    row = DuesRelief.objects.create(member=member, kind=relief.kind, percent=relief.percent, start=relief.start,
                                    end=relief.end, document=relief.document.strip())
    label = "Miễn" if kind == rules.EXEMPT else f"Giảm {relief.percent}%"
    audit.record("dues.relief.grant", actor=actor, obj=row, org_path=member.org_path,
                 summary=f"{label} đảng phí cho {member.full_name} từ {rules.month_label(relief.start)} đến "
                         f"{rules.month_label(relief.end)} ({relief.document})",
                 data={"member": member.pk, "kind": kind, "percent": relief.percent})
    return row


def profiles_for(member_ids) -> dict[int, rules.DuesProfile]:
    """The rules' view of each member: profile history, reliefs, birth date, gender, party age start."""
    bases: dict[int, list] = {}
    latest: dict[int, DuesProfile] = {}
    for p in DuesProfile.objects.filter(member_id__in=member_ids).order_by("member_id", "from_month"):
        bases.setdefault(p.member_id, []).append(p)
        latest[p.member_id] = p
    reliefs: dict[int, list] = {}
    for r in DuesRelief.objects.filter(member_id__in=member_ids):
        reliefs.setdefault(r.member_id, []).append(rules.Relief(r.kind, r.percent, r.start, r.end, r.document))
    out = {}
    for m in Member.objects.filter(pk__in=member_ids).only("birth_date", "gender", "admission_decision_date"):
        history = bases.get(m.pk, [])
        out[m.pk] = history, m, reliefs.get(m.pk, [])
    return out


def profile_on(history: list[DuesProfile], member: Member, reliefs, month: date) -> rules.DuesProfile | None:
    """The rules' profile for `month`: the category in force that month, the bases of the whole history."""
    current = None
    for p in history:
        if p.from_month <= month:
            current = p
    if current is None:
        return None
    bases = tuple((p.from_month, p.base) for p in history if p.base is not None)
    return rules.DuesProfile(category=current.category, bases=bases, region=current.region,
                             birth_date=member.birth_date, gender=member.gender,
                             admission_date=member.admission_decision_date,
                             voluntary_amount=current.voluntary_amount, reliefs=tuple(reliefs))


@dataclass
class Generated:
    month: date
    count: int = 0
    total: int = 0
    problems: list[str] = field(default_factory=list)


@audited_action("dues.month.generate", scope=_in_org(_("Bạn không có quyền lập sổ đảng phí của «%(org)s».")))
def generate_month(actor, org: Organization, month: date, *, set_based: bool = True) -> Generated:
    """Compute the month's obligations of every member on the list of `org`'s subtree at the month's end,
    replacing those of open months (a closed month of a chi bộ is kept as it was). The members whose amount is a
    percentage of a stored base are written by one INSERT ... SELECT per category (setgen.py, the same rows as
    the rules in Python give); `set_based=False` computes everyone in Python."""
    from . import setgen

    month = _month(month)
    settings = dues_settings()
    closed = set(DuesMonth.objects.filter(org_path__startswith=org.path, month=month)
                 .values_list("organization_id", flat=True))
    # The list (members_as_of: an anti-join over the event history; unordered) is read once into a temporary
    # table: the delete, the set-based INSERTs and the rest all read it (no million ids in Python or in an IN
    # list); a closed chi bộ keeps its rows.
    listed = members_as_of(rules.month_end(month), org.path).exclude(org_after_id__in=closed).order_by()
    with planner(jit="off"), setgen.listed_table(listed) as table:  # statements over a million rows: no JIT
        result = _generate(actor, org, month, settings, closed, table, set_based)
    audit.record("dues.month.generate", actor=actor, obj=org, org_path=org.path,
                 summary=f"Lập sổ đảng phí tháng {rules.month_label(month)} của {org.name}: {result.count} "
                         f"đảng viên, {format_number(result.total)} đồng",
                 data={"month": month.isoformat(), "count": result.count, "total": result.total,
                       "problems": len(result.problems)})
    return result


def _generate(actor, org: Organization, month: date, settings: DuesSettings, closed, table: str,
              set_based: bool) -> Generated:
    from . import setgen

    result = Generated(month)
    listed_ids = RawSQL(f"SELECT member_id FROM {table}", [])
    kept_reasons = dict(DuesObligation.objects.filter(member_id__in=listed_ids, month=month).exclude(reason="")
                        .values_list("member_id", "reason"))
    # A member listed here whose month was filed elsewhere (moved in after that level drew the month up): that
    # organisation's total is recomputed too.
    elsewhere = set(DuesObligation.objects.filter(member_id__in=listed_ids, month=month)
                    .exclude(org_path__startswith=org.path).values_list("org_path", flat=True).distinct())
    DuesObligation.objects.filter(member_id__in=listed_ids, month=month).delete()
    done: dict[int, int] = {}
    if set_based:
        done = setgen.insert(month, f"SELECT member_id, org_id, org_path FROM {table}", [], closed, settings)
        for member_id, reason in kept_reasons.items():
            if member_id in done:
                DuesObligation.objects.filter(member_id=member_id, month=month).update(reason=reason)
        result.total += sum(done.values())
    # Everyone the SQL did not write (their rows are the only ones of the month among the listed).
    rest = setgen.unwritten(table, month)
    objs = []
    profiles = profiles_for([r["member_id"] for r in rest])
    for r in rest:
        history, member, reliefs = profiles[r["member_id"]]
        profile = profile_on(history, member, reliefs, month)
        obj = DuesObligation(member_id=r["member_id"], organization_id=r["org_id"], org_path=r["org_path"],
                             month=month, amount=0, regime=rules.regime_of(month),
                             reason=kept_reasons.get(r["member_id"], ""))
        if profile is None:
            obj.problem = "Chưa có mức đóng đảng phí"
        else:
            res = rules.monthly_dues(profile, month, settings)
            errors = [f.message for f in res.findings if f.is_error]
            obj.category, obj.rule_key, obj.rule = profile.category, res.rule_key, res.rule[:500]
            obj.base, obj.exempt, obj.unconfirmed = res.base, res.exempt, res.unconfirmed
            if errors:
                obj.problem = errors[0][:255]
            else:
                obj.amount = res.amount
        if obj.problem:
            result.problems.append(f"{member.full_name}: {obj.problem}")
        result.total += obj.amount
        objs.append(obj)
    DuesObligation.objects.bulk_create(objs, batch_size=2000)
    for path in sorted({org.path} | elsewhere):
        totals.set_owed(path, month)
    result.count = len(objs) + len(done)
    return result


@audited_action("dues.reason.set", scope=writes(lambda obligation, **kw: obligation,
                                                 _("Bạn không có quyền ghi lý do chưa đóng đảng phí của chi bộ này.")))
def set_reason(actor, obligation: DuesObligation, reason: str) -> DuesObligation:
    """Record why a month is not paid (temporary exemption, approved deferral): it is then not an arrear."""
    _require_open(obligation.organization, obligation.month)
    before = obligation.reason
    obligation.reason = nfc(reason).strip()[:255]
    obligation.save(update_fields=["reason"])
    audit.record("dues.reason.set", actor=actor, obj=obligation, org_path=obligation.org_path,
                 summary=f"Lý do chưa đóng đảng phí tháng {rules.month_label(obligation.month)} của "
                         f"{obligation.member.full_name}: {obligation.reason or '(bỏ)'}",
                 data={"before": before, "after": obligation.reason})
    return obligation


# -- the sổ thu -------------------------------------------------------------------------------------------------
def _next_receipt(org: Organization, year: int) -> int:
    last = DuesPayment.objects.filter(organization=org, receipt_year=year).aggregate(n=Max("receipt_number"))["n"]
    return (last or 0) + 1


def existed_in(org: Organization, month: date) -> bool:
    """Whether the organisation existed at some time in the month (founded by its end, not ended before)."""
    return (org.founded_on is None or org.founded_on <= rules.month_end(month)) and (
        org.ended_on is None or org.ended_on > _month(month))


def _not_after_today(on: date, field_name: str):
    if on > timezone.localdate():
        fail(field_name, _("Ngày điều chỉnh không được sau hôm nay."))


def _collecting_org(member: Member, month: date) -> Organization:
    ob = DuesObligation.objects.filter(member=member, month=month).select_related("organization").first()
    return ob.organization if ob else member.organization


@audited_action("dues.payment.record", scope=_collects)
def record_payment(actor, member: Member, *, month: date, amount: int, paid_on: date,
                   channel: str = Channel.CASH, note: str = "", portal_ref: str = "", source: str = "") -> DuesPayment:
    """A payment for `month` (past: late; future: in advance), booked in the month of `paid_on`; cash gets
    the chi bộ's next receipt number of the year."""
    month = _month(month)
    org = _collecting_org(member, month)
    if not isinstance(amount, int) or amount <= 0:
        fail("amount", _("Số tiền phải là số đồng nguyên lớn hơn 0."))
    if channel not in (Channel.CASH, Channel.PORTAL):
        fail("channel", _("Chọn hình thức nộp: tiền mặt hoặc Cổng Dịch vụ công."))
    if paid_on > timezone.localdate():
        fail("paid_on", _("Ngày nộp không được sau hôm nay."))
    _require_open(org, paid_on, "paid_on")
    for attempt in range(2):
        number = _next_receipt(org, paid_on.year) if channel == Channel.CASH else None
        try:
            with atomic():
                payment = DuesPayment.objects.create(
                    member=member, organization=org, org_path=org.path, month=month, book_month=_month(paid_on),
                    amount=amount, channel=channel, paid_on=paid_on, receipt_number=number,
                    receipt_year=paid_on.year if number else None, note=nfc(note).strip()[:255],
                    portal_ref=portal_ref, source=source, recorded_by=actor if getattr(actor, "pk", None)
                    else None)
                totals.add_collected([payment])
            break
        except IntegrityError:
            if portal_ref and DuesPayment.objects.filter(portal_ref=portal_ref).exists():
                fail("portal_ref", _("Giao dịch %(ref)s đã được nhập."), ref=portal_ref)
            if attempt:
                raise
    audit.record("dues.payment.record", actor=actor, obj=payment, org_path=org.path,
                 summary=f"Thu đảng phí tháng {rules.month_label(month)} của {member.full_name}: "
                         f"{format_number(amount)} đồng"
                         + (f", phiếu thu số {payment.receipt_label}" if number else ""),
                 data={"member": member.pk, "month": month.isoformat(), "amount": amount,
                       "channel": channel, "receipt": payment.receipt_label})
    return payment


@audited_action("dues.payment.correct", scope=writes(
    lambda payment, **kw: payment, _("Bạn không có quyền điều chỉnh sổ thu đảng phí của chi bộ này.")))
def correct_payment(actor, payment: DuesPayment, *, amount: int, reason: str, on: date) -> DuesPayment:
    """A new entry booked in the open month of `on` that adds `amount` (negative to take back) to `payment`."""
    if payment.channel == Channel.CORRECTION:
        fail("amount", _("Đây là một khoản điều chỉnh: hãy điều chỉnh khoản thu gốc."))
    if not isinstance(amount, int) or amount == 0:
        fail("amount", _("Số tiền điều chỉnh phải là số đồng nguyên khác 0."))
    if payment.amount + sum(c.amount for c in payment.corrections.all()) + amount < 0:
        fail("amount", _("Điều chỉnh làm số đã thu nhỏ hơn 0."))
    if not nfc(reason).strip():
        fail("reason", _("Nhập lý do điều chỉnh."))
    _not_after_today(on, "on")
    if on < payment.paid_on:
        fail("on", _("Ngày điều chỉnh không được trước ngày nộp của khoản thu (%(date)s)."),
             date=format_date(payment.paid_on))
    _require_open(payment.organization, on, "on")
    entry = DuesPayment.objects.create(
        member=payment.member, organization=payment.organization, org_path=payment.org_path,
        month=payment.month, book_month=_month(on), amount=amount, channel=Channel.CORRECTION, paid_on=on,
        corrects=payment, note=nfc(reason).strip()[:255], recorded_by=actor if getattr(actor, "pk", None) else None)
    totals.add_collected([entry])
    audit.record("dues.payment.correct", actor=actor, obj=entry, org_path=payment.org_path,
                 summary=f"Điều chỉnh khoản thu đảng phí tháng {rules.month_label(payment.month)} của "
                         f"{payment.member.full_name}: {format_number(amount)} đồng ({entry.note})",
                 data={"corrects": payment.pk, "amount": amount})
    return entry


@audited_action("dues.month.close", scope=_in_org(_("Bạn không có quyền khóa sổ đảng phí của «%(org)s».")))
def close_month(actor, org: Organization, month: date) -> DuesMonth:
    month = _month(month)
    _require_open(org, month)
    row = DuesMonth.objects.create(organization=org, org_path=org.path, month=month, closed_at=timezone.now(),
                                   closed_by=actor if getattr(actor, "pk", None) else None)
    audit.record("dues.month.close", actor=actor, obj=row, org_path=org.path,
                 summary=f"Khóa sổ đảng phí tháng {rules.month_label(month)} của {org.name}")
    return row


@audited_action("dues.remittance.record", scope=_in_org(_("Bạn không có quyền ghi nộp đảng phí của «%(org)s».")))
def record_remittance(actor, org: Organization, month: date, *, remitted_on: date, document: str = "",
                      commune: bool = False) -> Remittance:
    """Pass up the month's share: collected = the chi bộ's own sổ for the month plus what its direct children
    remitted; the kept percent comes from the regime of the month (2026 split: a setting, unconfirmed)."""
    from .queries import collected_for_remittance

    month = _month(month)
    if not existed_in(org, month) and org.ended_on:
        fail("month", _("«%(org)s» không hoạt động trong tháng %(month)s (kết thúc ngày %(ended)s): không có gì "
                        "để nộp."), org=org.name, month=rules.month_label(month), ended=format_date(org.ended_on))
    if not existed_in(org, month):
        fail("month", _("«%(org)s» không hoạt động trong tháng %(month)s: không có gì để nộp."), org=org.name,
             month=rules.month_label(month))
    if Remittance.objects.filter(organization=org, month=month).exists():
        fail("month", _("«%(org)s» đã ghi nộp đảng phí tháng %(month)s."), org=org.name,
             month=rules.month_label(month))
    if remitted_on > timezone.localdate():
        fail("remitted_on", _("Ngày nộp không được sau hôm nay."))
    _require_open(org, remitted_on, "remitted_on")  # booked, like a payment, in the month it is made
    collected = collected_for_remittance(org, month)
    percent, rule_key = rules.kept_percent(month, org.kind, dues_settings(), commune=commune)
    kept, amount = rules.split(collected, percent)
    row = Remittance.objects.create(organization=org, org_path=org.path, to_organization=org.parent,
                                    month=month, collected=collected, percent_kept=percent, kept=kept,
                                    amount=amount, rule_key=rule_key, remitted_on=remitted_on,
                                    document=nfc(document).strip()[:255])
    audit.record("dues.remittance.record", actor=actor, obj=row, org_path=org.path,
                 summary=f"{org.name} nộp đảng phí tháng {rules.month_label(month)}: thu "
                         f"{format_number(collected)}, để lại {percent}% = {format_number(kept)}, nộp lên "
                         f"{format_number(amount)} đồng",
                 data={"collected": collected, "kept": kept, "amount": amount, "rule": rule_key})
    return row


def _receive_denied(remittance: Remittance) -> str:
    if remittance.to_organization is None:
        return _("Bạn không có quyền xác nhận khoản nộp đảng phí này.")
    return _("Bạn không có quyền xác nhận đảng phí «%(org)s» nhận.") % {"org": remittance.to_organization.name}


@audited_action("dues.remittance.receive", scope=writes(
    lambda remittance, **kw: remittance.to_organization or remittance.organization,
    lambda remittance, **kw: _receive_denied(remittance)))
def confirm_received(actor, remittance: Remittance, *, amount: int, received_on: date) -> Remittance:
    """The receiving level states what it received of a child's remittance (reconciliation top-down: a
    difference with what the child says it remitted is shown on the reports, never corrected silently)."""
    parent = remittance.to_organization
    if parent is None:
        fail("received", _("Khoản nộp này không có cấp trên nhận."))
    # (the scope check required writing in `parent`, with its message)
    if remittance.received is not None:
        fail("received", _("«%(parent)s» đã xác nhận nhận khoản nộp tháng %(month)s của «%(org)s»."),
             parent=parent.name, month=rules.month_label(remittance.month), org=remittance.organization.name)
    if amount < 0:
        fail("received", _("Số tiền nhận không được âm."))
    if not isinstance(amount, int):
        fail("received", _("Số tiền nhận phải là số nguyên đồng."))
    if received_on < remittance.remitted_on:
        fail("received_on", _("Ngày nhận không được trước ngày nộp (%(date)s)."),
             date=format_date(remittance.remitted_on))
    if received_on > timezone.localdate():
        fail("received_on", _("Ngày nhận không được sau hôm nay."))
    _require_open(parent, received_on, "received_on")
    remittance.received = amount
    remittance.received_on = received_on
    remittance.save(update_fields=["received", "received_on"])
    passed_up = remittance.amount + sum(remittance.corrections.filter(side=RemittanceSide.REMITTED)
                                        .values_list("amount", flat=True))
    diff = passed_up - amount
    audit.record("dues.remittance.receive", actor=actor, obj=remittance, org_path=parent.path,
                 summary=f"{parent.name} nhận đảng phí tháng {rules.month_label(remittance.month)} của "
                         f"{remittance.organization.name}: {format_number(amount)} đồng"
                         + (f" (chênh {format_number(diff)} đồng so với số nộp)" if diff else ""),
                 data={"remitted": passed_up, "received": amount, "difference": diff})
    return remittance


def _remittance_book(remittance: Remittance, side: str) -> Organization | None:
    """Whose book a correction of `side` is: the remitting level's, or the receiving level's."""
    return remittance.organization if side == RemittanceSide.REMITTED else remittance.to_organization


def _corrects_remittance(actor, remittance: Remittance, side: str = "", **kw):
    book = _remittance_book(remittance, side)
    if book is None:  # the side is checked in the body; a missing receiving level too
        book = remittance.organization
    require(actor, WRITE, book, _("Bạn không có quyền điều chỉnh sổ đảng phí của «%(org)s».") % {"org": book.name})


@audited_action("dues.remittance.correct", scope=_corrects_remittance)
def correct_remittance(actor, remittance: Remittance, *, side: str, amount: int, reason: str,
                       on: date) -> RemittanceCorrection:
    """A correction of a remittance as a new entry, booked in the open month of `on` of the level whose book it
    is: the remitting level corrects what it passed up (`side` "remitted"), the receiving level what it received
    ("received", only after it confirmed). The remittance row stays as recorded; every report shows the month's
    figures with their corrections and lists them. Passing up X more means keeping X less: the level's collected
    for the month stays kept + remitted."""
    if side not in RemittanceSide.values:
        fail("side", _("Chọn số cần điều chỉnh: số cấp dưới nộp lên hoặc số cấp trên đã nhận."))
    book = _remittance_book(remittance, side)
    if book is None:
        fail("side", _("Khoản nộp này không có cấp trên nhận."))
    if not isinstance(amount, int) or amount == 0:
        fail("amount", _("Số tiền điều chỉnh phải là số đồng nguyên khác 0."))
    reason = nfc(reason or "").strip()
    if not reason:
        fail("reason", _("Nhập lý do điều chỉnh."))
    before = sum(c.amount for c in remittance.corrections.filter(side=side))
    if side == RemittanceSide.RECEIVED:
        if remittance.received is None:
            fail("side", _("«%(org)s» chưa xác nhận nhận khoản nộp tháng %(month)s: hãy xác nhận số đã nhận thay vì "
                           "điều chỉnh."), org=book.name, month=rules.month_label(remittance.month))
        current = remittance.received + before
        start = remittance.received_on
    else:
        current = remittance.amount + before
        start = remittance.remitted_on
    received = side == RemittanceSide.RECEIVED
    if current + amount < 0:
        fail("amount", _("Điều chỉnh làm số đã nhận nhỏ hơn 0 (hiện là %(current)s đồng).") if received
             else _("Điều chỉnh làm số nộp lên nhỏ hơn 0 (hiện là %(current)s đồng)."), current=format_number(current))
    _not_after_today(on, "on")
    if on < start:
        fail("on", _("Ngày điều chỉnh không được trước ngày nhận (%(date)s).") if received
             else _("Ngày điều chỉnh không được trước ngày nộp (%(date)s)."), date=format_date(start))
    _require_open(book, on, "on")
    entry = RemittanceCorrection.objects.create(
        remittance=remittance, side=side, organization=book, org_path=book.path, amount=amount, on=on,
        book_month=_month(on), reason=reason[:255], recorded_by=actor if getattr(actor, "pk", None) else None)
    what = "số nộp lên" if side == RemittanceSide.REMITTED else "số đã nhận"
    audit.record("dues.remittance.correct", actor=actor, obj=entry, org_path=book.path,
                 summary=f"{book.name} điều chỉnh {what} tháng {rules.month_label(remittance.month)} "
                         f"({remittance.organization.name}): {format_number(amount)} đồng ({entry.reason})",
                 data={"remittance": remittance.pk, "side": side, "amount": amount, "before": current,
                       "after": current + amount})
    return entry
