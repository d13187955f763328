"""Dues pages for the office and the chi bộ secretary: the month's sheet, cash payments with a printable
numbered receipt, corrections, profiles and reliefs, reasons, closing a month, remitting upward.
Plain function views over the scoped queries and the actions (reports and imports in views_reports.py)."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from dangbo.core import printing
from dangbo.core.forms import VNDateField, apply_validation_error
from dangbo.core.scopes import WRITE, scope_for
from dangbo.members.models import Member
from dangbo.organizations.models import Organization
from dangbo.organizations.pickers import default_org, org_choices, readable_org, writable_org
from dangbo.rules import dues as rules
from dangbo.rules.sources import CONFIDENCE_LABELS, REGISTRY
from dangbo.rules.text import amount_in_words, format_date, format_number

from . import actions, queries
from . import jobs as dues_jobs
from .forms import (
    CorrectionForm,
    MonthField,
    PaymentForm,
    ProfileForm,
    ReasonForm,
    ReliefForm,
    RemittanceCorrectionForm,
)
from .models import Remittance, RemittanceSide


def pick_month(request, default: date | None = None) -> date:
    text = request.GET.get("thang") or request.POST.get("thang")
    if text:
        try:
            return MonthField().clean(text)
        except ValidationError:
            messages.error(request, _("Tháng không đúng dạng tháng/năm (ví dụ 02/2026); đang xem tháng hiện tại."))
    return rules.month_start(default or timezone.localdate())


def pick_org(request):
    pk = request.GET.get("to_chuc") or request.POST.get("to_chuc")
    return readable_org(request, pk) if pk else default_org(request)


def unconfirmed_rules() -> list[dict]:
    """The dues rules that are settings because no text fixes them, shown on the pages as such."""
    return [{"key": k, "document": s.document, "clause": s.clause, "note": s.note,
             "confidence": CONFIDENCE_LABELS[s.confidence]}
            for k, s in sorted(REGISTRY.items()) if k.startswith("dues.") and not s.confirmed]


def back_to_sheet(org, month) -> str:
    return f"{reverse('dues:sheet')}?to_chuc={org.pk}&thang={month.month:02d}/{month.year}"


def form_page(request, form, action, *args, done, message="", **page):
    """A page of one form (form_page.html: title, submit, intro, cancel in `page`) whose valid POST is one action,
    `action(request.user, *args, **form.cleaned_data)`: then `message` (a text, or a function of the result) and a
    redirect to `done` (a URL, or a function of the result); a refusal lands on the form's fields with what was
    typed."""
    if request.method == "POST" and form.is_valid():
        try:
            result = action(request.user, *args, **form.cleaned_data)
        except ValidationError as e:
            apply_validation_error(form, e)
        else:
            if message:
                messages.success(request, message(result) if callable(message) else message)
            return redirect(done(result) if callable(done) else done)
    return render(request, "form_page.html", {"form": form, **page})


@login_required
@require_GET
def sheet(request):
    """Bảng đảng phí tháng: who owes what, who paid, with the regime and rule of each amount."""
    scope = scope_for(request.user)
    if not scope.can_read_any:
        return redirect("dues:mine")
    org, month = pick_org(request), pick_month(request)
    rows = queries.month_sheet(org, month) if org else []
    return render(request, "dues/sheet.html", {
        "org": org, "month": month, "month_label": rules.month_label(month), "rows": rows,
        "orgs": org_choices(scope), "can_write": bool(org) and scope.can(WRITE, org),
        "closed": bool(org) and actions.is_closed(org, month),
        "regime": rules.regime_of(month) if month >= date(2011, 4, 1) else "",
        "totals": {"due": sum(r.due for r in rows), "paid": sum(r.paid for r in rows),
                   "owing": sum(r.owing for r in rows)},
        # What the sổ booked this month (late and advance payments, corrections included): the report's and the
        # remittance's «collected», shown next to the paid-for-this-month total so the two are not confused.
        "booked": queries.summary(org, month.year, month.month)[0]["collected"] if org else 0,
        "unconfirmed": unconfirmed_rules()})


@login_required
@require_GET
def sheet_pdf(request):
    """The month's dues sheet (same organisation, month and scope as the page) as a filed list (core.printing)."""
    org, month = pick_org(request), pick_month(request)
    if org is None:  # a member without a role on any organisation: their own dues are on «Đảng phí của tôi»
        raise Http404
    def build():  # in Vietnamese (core.printing.pdf_response)
        rows = queries.month_sheet(org, month)
        lines = [[n, r.member.full_name, format_number(r.due), format_number(r.paid), format_number(r.owing),
                  ", ".join(r.receipts)] for n, r in enumerate(rows, 1)]
        if lines:
            lines.append(["", "Cộng", format_number(sum(r.due for r in rows)),
                          format_number(sum(r.paid for r in rows)), format_number(sum(r.owing for r in rows)), ""])
        label = rules.month_label(month)
        head = printing.head_for(org, f"Danh sách thu đảng phí tháng {label}",
                                 f"Tổ chức: {org.name}; Tháng: {label} (đơn vị: đồng)", timezone.localdate())
        return head, [
            printing.Col("STT", 1.1, "center"), printing.Col("Đảng viên", 5.0),
            printing.Col("Phải đóng", 2.5, "right"), printing.Col("Đã đóng", 2.5, "right"),
            printing.Col("Còn nợ", 2.4, "right"), printing.Col("Phiếu thu", 4.0)], lines
    return printing.pdf_response(request, f"dang-phi-{org.code}-{month:%Y-%m}.pdf", build,
                                 empty="Chưa lập sổ đảng phí tháng này.")


@login_required
@require_POST
def generate(request):
    org, month = writable_org(request, request.POST.get("to_chuc")), pick_month(request)
    if request.POST.get("nen") or org.member_count > dues_jobs.inline_members():
        # A large organisation's month is drawn up by the worker (core/jobs.py); its page shows the progress.
        if actions.is_closed(org, month):
            messages.error(request, _("Sổ đảng phí tháng %(month)s đã khóa.") % {"month": rules.month_label(month)})
            return redirect(back_to_sheet(org, month))
        job = dues_jobs.enqueue_month(request.user, org, month)
        return redirect(reverse("core:job", args=[job.pk]))
    try:
        res = actions.generate_month(request.user, org, month)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(request, _("Đã lập sổ đảng phí tháng %(month)s: %(count)s đảng viên, %(total)s đồng.") % {
            "month": rules.month_label(month), "count": format_number(res.count), "total": format_number(res.total)})
        for p in res.problems[:20]:
            messages.warning(request, _("Chưa tính được: %(problem)s") % {"problem": p})
    return redirect(back_to_sheet(org, month))


@login_required
@require_POST
def close(request):
    org, month = writable_org(request, request.POST.get("to_chuc")), pick_month(request)
    try:
        actions.close_month(request.user, org, month)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(request, _("Đã khóa sổ đảng phí tháng %(month)s.") % {"month": rules.month_label(month)})
    return redirect(back_to_sheet(org, month))


def readable_member(request, member_pk) -> Member:
    scope = scope_for(request.user)
    return get_object_or_404(Member.objects.scoped(scope).select_related("organization"), pk=member_pk)


@login_required
def pay(request, member_pk):
    """Thu đảng phí tiền mặt: the payment gets the chi bộ's next receipt number; then the receipt opens."""
    member = readable_member(request, member_pk)
    scope = scope_for(request.user)
    scope.require(WRITE, member.organization,
                  _("Bạn không có quyền thu đảng phí của «%(name)s».") % {"name": member.full_name})
    month = pick_month(request)
    due = queries.month_sheet(member.organization, month, member_q=Q(member=member))
    due_row = due[0] if due else None
    form = PaymentForm(request.POST or None, initial={
        "month": month, "paid_on": timezone.localdate(), "amount": due_row.owing if due_row else None})
    return form_page(
        request, form, actions.record_payment, member, done=lambda payment: reverse("dues:receipt", args=[payment.pk]),
        message=lambda p: _("Đã thu %(amount)s đồng, phiếu thu số %(receipt)s.") % {
            "amount": format_number(p.amount), "receipt": p.receipt_label},
        title=_("Thu đảng phí: %(name)s") % {"name": member.full_name}, submit=_("Ghi và in phiếu thu"),
        intro=_("Tháng %(month)s: phải đóng %(due)s đồng (%(rule)s)") % {
            "month": rules.month_label(month), "due": format_number(due_row.due), "rule": due_row.obligation.rule_shown}
        if due_row else _("Chưa lập sổ tháng này: ghi nộp trước hoặc nộp muộn vẫn được."),
        cancel=back_to_sheet(member.organization, month))


@login_required
@require_GET
def receipt(request, pk):
    scope = scope_for(request.user)
    payment = get_object_or_404(queries.payments(scope).select_related("member", "organization"), pk=pk)
    if not payment.receipt_number:
        raise Http404(_("Khoản nộp này không có phiếu thu (nộp qua Cổng hoặc điều chỉnh)."))
    return render(request, "dues/receipt.html", {"p": payment, "month_label": rules.month_label(payment.month),
                                                 "amount_words": amount_in_words(payment.amount)})


@login_required
def correct(request, pk):
    scope = scope_for(request.user)
    payment = get_object_or_404(queries.payments(scope).select_related("member", "organization"), pk=pk)
    scope.require(WRITE, payment, _("Bạn không có quyền điều chỉnh sổ thu đảng phí của chi bộ này."))
    form = CorrectionForm(request.POST or None, initial={"on": timezone.localdate()})
    back = back_to_sheet(payment.organization, payment.month)
    return form_page(
        request, form, actions.correct_payment, payment, done=back,
        message=_("Đã ghi khoản điều chỉnh (khoản thu cũ giữ nguyên)."),
        title=_("Điều chỉnh khoản thu của %(name)s") % {"name": payment.member.full_name}, submit=_("Ghi điều chỉnh"),
        intro=_("Khoản thu %(amount)s đồng tháng %(month)s. Khoản điều chỉnh là một dòng mới trong tháng đang mở; "
                "sổ của tháng đã khóa không bị sửa.") % {"amount": format_number(payment.amount),
                                                        "month": rules.month_label(payment.month)},
        cancel=back)


@login_required
def profile(request, member_pk):
    """Mức đóng của một đảng viên: category and base history, reliefs, and the last months computed."""
    member = readable_member(request, member_pk)
    scope = scope_for(request.user)
    can_write = scope.can(WRITE, member.organization)
    form = ProfileForm(request.POST or None, prefix="md", initial={"from_month": rules.month_start(
        timezone.localdate())})
    relief_form = ReliefForm(request.POST or None, prefix="mg")
    if request.method == "POST":
        scope.require(WRITE, member.organization,
                      _("Bạn không có quyền đặt mức đóng của «%(name)s».") % {"name": member.full_name})
        chosen = relief_form if "mg-kind" in request.POST else form
        if chosen.is_valid():
            try:
                if chosen is form:
                    actions.set_profile(request.user, member, **form.cleaned_data)
                else:
                    actions.grant_relief(request.user, member, **relief_form.cleaned_data)
            except ValidationError as e:
                apply_validation_error(chosen, e)
            else:
                messages.success(request, _("Đã lưu."))
                return redirect("dues:profile", member_pk=member.pk)
    return render(request, "dues/profile.html", {
        "member": member, "form": form, "relief_form": relief_form, "can_write": can_write,
        "profiles": member.dues_profiles.all(), "reliefs": member.dues_reliefs.all(),
        "obligations": member.dues_obligations.order_by("-month")[:24]})


@login_required
def reason(request, pk):
    scope = scope_for(request.user)
    ob = get_object_or_404(queries.obligations(scope).select_related("member", "organization"), pk=pk)
    scope.require(WRITE, ob, _("Bạn không có quyền ghi lý do chưa đóng đảng phí của chi bộ này."))
    form = ReasonForm(request.POST or None, initial={"reason": ob.reason})
    back = back_to_sheet(ob.organization, ob.month)
    return form_page(
        request, form, actions.set_reason, ob, done=back,
        title=_("Lý do chưa đóng tháng %(month)s: %(name)s") % {"month": rules.month_label(ob.month),
                                                                 "name": ob.member.full_name}, submit=_("Lưu"),
        intro=_("Tháng có lý do (miễn sinh hoạt tạm thời, được hoãn đóng…) không tính là nợ."), cancel=back)


@login_required
@require_POST
def remit(request):
    org, month = writable_org(request, request.POST.get("to_chuc")), pick_month(request)
    field = VNDateField()
    try:
        on = field.clean(request.POST.get("remitted_on") or timezone.localdate().strftime("%d/%m/%Y"))
        row = actions.record_remittance(request.user, org, month, remitted_on=on,
                                        document=request.POST.get("document", ""))
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(request, _("Đã ghi nộp lên %(amount)s đồng (để lại %(percent)s%% = %(kept)s đồng).") % {
            "amount": format_number(row.amount), "percent": format_number(row.percent_kept),
            "kept": format_number(row.kept)})
    return redirect(back_to_sheet(org, month))


@login_required
@require_GET
def mine(request):
    """A member's own dues: what they owe each month, what they paid, their receipts."""
    scope = scope_for(request.user)
    if not scope.own_member_id:
        return render(request, "dues/mine.html", {"member": None})
    member = get_object_or_404(Member, pk=scope.own_member_id)
    return render(request, "dues/mine.html", {
        "member": member, "obligations": member.dues_obligations.order_by("-month")[:36],
        "payments": member.dues_payments.order_by("-paid_on", "-id")[:60]})


@login_required
@require_POST
def confirm_received(request, pk):
    """The receiving level states what it received of a child's remittance (reconciliation top-down)."""
    scope = scope_for(request.user)
    writable = scope.writable_organizations(Organization.objects.all())
    row = get_object_or_404(Remittance.objects.select_related("organization", "to_organization"), pk=pk,
                            to_organization__in=writable)
    back = request.POST.get("next") or ""
    try:
        on = VNDateField().clean(request.POST.get("received_on") or timezone.localdate().strftime("%d/%m/%Y"))
        raw = (request.POST.get("received") or "").replace(".", "").strip()
        if not raw.isdigit():
            raise ValidationError(_("Số tiền nhận phải là số nguyên đồng, ví dụ 150.000."))
        actions.confirm_received(request.user, row, amount=int(raw), received_on=on)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(request, _("Đã xác nhận nhận %(amount)s đồng của «%(org)s» tháng %(month)s.") % {
            "amount": format_number(row.received), "org": row.organization.name,
            "month": rules.month_label(row.month)})
    if not back.startswith("/dang-phi/"):
        back = reverse("dues:summary") + f"?to_chuc={row.to_organization_id}&nam={row.month.year}"
    return redirect(back)


@login_required
def correct_remittance(request, pk):
    """A correction of a remittance as a new entry: the remitting level corrects what it passed up, the receiving
    level what it received (after confirming). Only the sides the user may write are offered."""
    scope = scope_for(request.user)
    writable = scope.writable_organizations(Organization.objects.all())
    row = get_object_or_404(Remittance.objects.select_related("organization", "to_organization").filter(
        Q(organization__in=writable) | Q(to_organization__in=writable)), pk=pk)
    ids = set(writable.filter(pk__in=[row.organization_id, row.to_organization_id]).values_list("pk", flat=True))
    sides = [s for s, org_id in ((RemittanceSide.REMITTED, row.organization_id),
                                 (RemittanceSide.RECEIVED, row.to_organization_id))
             if org_id in ids and (s == RemittanceSide.REMITTED or row.received is not None)]
    back = f"{reverse('dues:book')}?to_chuc={row.organization_id}&nam={row.month.year}"
    if not sides:
        messages.error(request, _("«%(org)s» chưa xác nhận khoản nộp này: hãy xác nhận số đã nhận trước.") % {
            "org": row.to_organization.name})
        return redirect(back)
    form = RemittanceCorrectionForm(request.POST or None, sides=sides,
                                    initial={"on": timezone.localdate(), "side": sides[0]})
    corrections = "; ".join(_("%(side)s %(amount)s ngày %(date)s") % {
        "side": str(c.get_side_display()).lower(), "amount": format_number(c.amount), "date": format_date(c.on)}
        for c in row.corrections.all())
    figures = {"amount": format_number(row.amount), "date": format_date(row.remitted_on),
               "received": format_number(row.received or 0)}
    intro = [_("Cấp dưới nộp %(amount)s đồng ngày %(date)s; cấp trên nhận %(received)s đồng") % figures
             if row.received is not None else _("Cấp dưới nộp %(amount)s đồng ngày %(date)s; cấp trên chưa xác nhận")
             % figures]
    if corrections:
        intro.append(_("Đã điều chỉnh: %(corrections)s") % {"corrections": corrections})
    intro.append(_("Khoản điều chỉnh là một dòng mới trong tháng đang mở của sổ cấp đó; khoản nộp đã ghi không bị "
                   "sửa."))
    return form_page(
        request, form, actions.correct_remittance, row, done=back,
        message=_("Đã ghi khoản điều chỉnh (khoản nộp cũ giữ nguyên)."),
        title=_("Điều chỉnh khoản nộp đảng phí tháng %(month)s của %(org)s") % {
            "month": rules.month_label(row.month), "org": row.organization.name},
        submit=_("Ghi điều chỉnh"), intro=". ".join(str(part) for part in intro),
        cancel=back)
