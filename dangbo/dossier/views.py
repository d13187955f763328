"""The dossier pages: the overview of an organisation's open items and registers, the phiếu bổ sung (per chi bộ,
who has not returned it; each phiếu's steps), a member's dossier (cards, loans), the transfers in and the
slips, the 6-monthly reconciliation (upload, the differences, their .xlsx). Each change a form running one
registered action; every read through the user's scope."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dangbo.core.generic import XLSX, ObjectFormPage, ScopedDetailView, ScopedObjectMixin, ScopedView, attachment
from dangbo.core.scopes import READ, WRITE
from dangbo.exchange.parsing.errors import ExchangeError
from dangbo.members.models import Member, MemberEvent
from dangbo.organizations.pickers import ChosenOrgFormPage, ChosenOrgListView, chosen_org, org_choices
from dangbo.rules import dossier as rules
from dangbo.rules.sources import REGISTRY
from dangbo.rules.text import format_date

from . import actions, forms, queries, reconcile
from .actions import first_lower
from .filters import SupplementFilterSet
from .models import Campaign, CardState, Loan, PartyCard, Reconciliation, Slip, Supplement
from .tables import SupplementTable


def _rules(settings):
    """(source, what dangbo applies where no document says) of each rule the overview names."""
    applied = rules.applied_defaults(settings)
    return [(REGISTRY[k], applied.get(k, "")) for k in ("dossier.supplement_yearly", "dossier.transfer_in_late",
                                       "dossier.transfer_in_start", "dossier.slip_deadline", "dossier.slip_start",
                                       "dossier.watch_window",
                                       "dossier.reconciliation", "dossier.registers", "card.lost",
                                       "card.exchange_2025")]


# -- the overview ----------------------------------------------------------------------------------------------
class Index(ScopedView):
    def get(self, request):
        org = chosen_org(request)
        today = timezone.localdate()
        settings = queries.dossier_settings()
        ctx = {"org": org, "orgs": org_choices(self.scope), "today": today, "rules": _rules(settings),
               "settings": settings}
        if org is not None:
            items = queries.open_items(self.scope, org, today)
            ctx.update(
                items=items, labels=queries.KIND_LABELS,
                campaigns=Campaign.objects.scoped(self.scope, READ).filter(org_path__startswith=org.path)[:10],
                late=queries.late_by_quarter(self.scope, org.path, today),
                waiting=list(queries.transfers_in(self.scope, org.path, queries.watched_since(today))[:50]),
                slips=queries.slips_open(self.scope, org.path, today),
                left=queries.register_rows(self.scope, org.path, "left"),
                died=queries.register_rows(self.scope, org.path, "died"),
                loans=list(queries.loans(self.scope, org.path)[:50]),
                reconciliations=Reconciliation.objects.scoped(self.scope, READ).filter(organization=org)[:5],
                can_write=self.scope.can_write_path(org.path))
        return render(request, "dossier/index.html", ctx)


index = Index.as_view()


# Per chi bộ, the phiếu of a year and their state (by default: not returned).
supplement_list = ChosenOrgListView.as_view(
    filterset_class=SupplementFilterSet, table_class=SupplementTable, template_name="dossier/supplements.html",
    title=_("Phiếu bổ sung hồ sơ đảng viên"), select_related=("member", "organization", "campaign"))


class CampaignDetail(ScopedDetailView):
    model = Campaign
    template_name = "dossier/campaign.html"

    def get_context(self, obj):
        return {"c": obj, "per_org": queries.supplement_counts(obj)}


campaign_detail = CampaignDetail.as_view()


# -- forms of an organisation (?to_chuc=) -----------------------------------------------------------------------
class OrgActionView(ChosenOrgFormPage):
    writers_only = _("Bạn không có quyền ghi hồ sơ đảng viên.")
    org_denied = _("Bạn không có quyền ghi hồ sơ đảng viên của «%(org)s».")
    back = "dossier:index"


campaign_create = OrgActionView.as_view(
    form_class=forms.CampaignForm, action=actions.open_campaign, result_url="dossier:campaign",
    title=_("Phát phiếu bổ sung hồ sơ đảng viên hằng năm"),
    success_message=_("Đã phát phiếu bổ sung hồ sơ đảng viên năm {result.year}."))


class ReconciliationCreate(OrgActionView):
    template_name = "dossier/upload.html"
    form_class = forms.UploadForm
    title = _("Đối chiếu danh sách đảng viên với danh sách cấp trên")
    result_url = "dossier:reconciliation"
    success_message = _("Đã đối chiếu: {result.counts[missing_here]} người thiếu ở đây, "
                        "{result.counts[missing_there]} người thiếu ở cấp trên, {result.counts[differing]} người khác "
                        "thông tin, {result.counts[bad_rows]} dòng lỗi.")

    def form_kwargs(self):
        return {}

    def get_form(self, data=None):
        return self.form_class(data, self.request.FILES if data is not None else None)

    intro = _("Cột cần có: Họ và tên, Ngày sinh; nên có Số thẻ đảng viên, Số CCCD, Ngày vào Đảng, Ngày chính thức "
              "(docs/dossier-reconciliation.md). Việc đối chiếu không thay đổi sổ đảng viên.")

    def perform(self, form):
        upload = form.cleaned_data["file"]
        try:
            rows, errors = reconcile.read_upper_list(upload.read(), upload.name)
        except ExchangeError as exc:
            raise ValidationError({"file": [exc.message]}) from None
        sensitive = self.scope.can_see_sensitive_path(self.org.path)
        result = reconcile.compare(self.scope, self.org, rows, errors, sensitive=sensitive)
        return actions.record_reconciliation(self.request.user, organization=self.org,
                                             done_on=form.cleaned_data["done_on"], file_name=upload.name,
                                             result=result)


reconciliation_create = ReconciliationCreate.as_view()


class ReconciliationDetail(ScopedDetailView):
    model = Reconciliation
    template_name = "dossier/reconciliation.html"

    def get_context(self, obj):
        return {"r": obj, "result": reconcile.masked(obj.diff, self.scope.can_see_sensitive_path(obj.org_path)),
                "labels": reconcile.FIELDS}


reconciliation_detail = ReconciliationDetail.as_view()


class ReconciliationXlsx(ScopedDetailView):
    model = Reconciliation

    def get(self, request, *args, **kwargs):
        r = self.object
        result = reconcile.masked(r.diff, self.scope.can_see_sensitive_path(r.org_path))
        return attachment(reconcile.diff_xlsx(result, r.organization.name, r.done_on),
                          f"doi-chieu-{r.organization.code}-{r.done_on:%Y%m%d}.xlsx", XLSX)


reconciliation_xlsx = ReconciliationXlsx.as_view()


# -- a phiếu bổ sung --------------------------------------------------------------------------------------------
class SupplementMixin(ScopedObjectMixin):
    model = Supplement
    select_related = ("member", "campaign", "organization")
    denied = _("Bạn không có quyền ghi phiếu bổ sung hồ sơ của {obj.member.full_name}.")
    page_url = "dossier:supplement"


class SupplementDetail(SupplementMixin, ScopedDetailView):
    template_name = "dossier/supplement.html"

    def get_context(self, obj):
        offered = []
        if self.scope.can_write_path(obj.org_path):
            offered = [(t, reverse(n, args=[obj.pk])) for state, t, n in (
                ("da_phat", _("Ghi nhận phiếu đã nộp"), "dossier:supplement_return"),
                ("da_nop", _("Chi ủy kiểm tra phiếu"), "dossier:supplement_check"),
                ("da_kiem_tra", _("Ghi bổ sung vào hồ sơ đảng viên"), "dossier:supplement_apply"))
                if obj.state == state]
        changes = [(actions.SUPPLEMENT_FIELDS[k], getattr(obj.member, k), v) for k, v in obj.changes.items()
                   if k in actions.SUPPLEMENT_FIELDS]
        return {"s": obj, "offered": offered, "changes": changes}


supplement_detail = SupplementDetail.as_view()


class ObjectAction(ObjectFormPage):
    """A form page changing one object (write scope: 403 with `denied`), back to its page; each page below is
    one of these given its form, its action and its texts."""

    submit = _("Lưu")


class SupplementAction(SupplementMixin, ObjectAction):
    pass


supplement_return = SupplementAction.as_view(
    form_class=forms.ReturnForm, action=actions.return_supplement, title=_("Ghi nhận phiếu bổ sung hồ sơ đã nộp"),
    versioned=True, success_message=_("Đã ghi nhận phiếu của {result.member.full_name}."))
supplement_check = SupplementAction.as_view(
    form_class=forms.CheckForm, action=actions.check_supplement, title=_("Chi ủy kiểm tra phiếu bổ sung hồ sơ"),
    success_message=_("Đã ghi chi ủy kiểm tra phiếu của {result.member.full_name}."))
supplement_apply = SupplementAction.as_view(
    form_class=forms.ApplyForm, action=actions.apply_supplement, title=_("Ghi phiếu bổ sung vào hồ sơ đảng viên"),
    success_message=_("Đã ghi bổ sung vào hồ sơ của {result.member.full_name}."))


# -- a member's dossier: cards and loans -------------------------------------------------------------------------
class MemberMixin(ScopedObjectMixin):
    model = Member
    denied = _("Bạn không có quyền ghi hồ sơ của {obj.full_name}.")
    page_url = "dossier:member"


class MemberDossier(MemberMixin, ScopedDetailView):
    template_name = "dossier/member.html"

    def get_context(self, obj):
        cards = queries.card_history(obj)
        return {"m": obj, "cards": cards, "loans": Loan.objects.filter(member=obj).order_by("-lent_on", "-id"),
                "can_write": self.scope.can_write_path(obj.org_path), "LOST": CardState.LOST,
                "ACTIVE": CardState.ACTIVE}


member_dossier = MemberDossier.as_view()


class MemberAction(MemberMixin, ObjectAction):
    pass


card_issue = MemberAction.as_view(
    form_class=forms.CardForm, action=actions.issue_card, title=_("Ghi phát thẻ đảng viên"),
    success_message=_("Đã ghi thẻ số {result.number}."))
card_exchange = MemberAction.as_view(form_class=forms.ExchangeForm, action=actions.exchange_card,
                                     title=_("Ghi đổi thẻ đảng viên gắn chip (Chỉ thị 51-CT/TW)"),
                                     success_message=_("Đã ghi đổi thẻ, số mới {result.number}."))
loan_create = MemberAction.as_view(form_class=forms.LoanForm, action=actions.lend_dossier,
                                   title=_("Giao nhận, cho mượn hồ sơ đảng viên"),
                                   success_message=_("Đã ghi vào sổ giao nhận, mượn hồ sơ."))


class MemberRecordAction(ObjectAction):
    """A change of one of a member's records (a card, a loan, a slip): «Hủy» back to the member's dossier."""

    select_related = ("member",)
    denied = _("Bạn không có quyền ghi hồ sơ của {obj.member.full_name}.")

    def cancel_url(self):
        return reverse("dossier:member", args=[self.object.member_id])


class CardAction(MemberRecordAction):
    """Found through its member's scope and written with the member's write scope (the card's own path may be an
    old one)."""

    model = PartyCard
    denied = _("Bạn không có quyền ghi thẻ đảng viên của {obj.member.full_name}.")
    write = False  # the member's path is checked in check()

    def get_queryset(self):
        return PartyCard.objects.filter(member__in=self.scope.members(Member.objects.all())).select_related("member")

    def check(self):
        super().check()
        self.scope.require(WRITE, self.object.member.org_path, self.denied.format(obj=self.object))

    def pretitle(self):
        return _("Thẻ số %(number)s – %(name)s") % {"number": self.object.number, "name": self.object.member.full_name}


card_lost = CardAction.as_view(form_class=forms.LostForm, action=actions.report_card_lost,
                               title=_("Ghi báo mất thẻ đảng viên"),
                               success_message=_("Đã ghi báo mất thẻ số {result.number}."))
card_reissue = CardAction.as_view(form_class=forms.ReissueForm, action=actions.reissue_card,
                                  title=_("Ghi cấp lại thẻ đảng viên"),
                                  success_message=_("Đã ghi cấp lại thẻ, số mới {result.number}."))


class LoanAction(MemberRecordAction):
    model = Loan

    def pretitle(self):
        return f"{self.object.member.full_name} – {self.object.person}"


loan_return = LoanAction.as_view(form_class=forms.ReturnLoanForm, action=actions.return_dossier,
                                 title=_("Nhận lại hồ sơ cho mượn"), success_message=_("Đã ghi nhận lại hồ sơ."))


# -- transfers in and slips (the register's events) ---------------------------------------------------------------
class EventAction(ObjectAction):
    model = MemberEvent
    select_related = ("member", "org_after")
    denied = _("Bạn không có quyền ghi hồ sơ của {obj.member.full_name}.")

    def get_object(self):
        qs = self.scope.restrict(MemberEvent.objects.select_related(*self.select_related), READ, "org_after__path")
        obj = get_object_or_404(qs, pk=self.kwargs["event_pk"])
        self.scope.require(WRITE, obj.org_after.path, self.denied.format(obj=obj))
        return obj

    def cancel_url(self):
        return reverse("dossier:index") + f"?to_chuc={self.object.org_after_id}"

    def pretitle(self):
        e = self.object
        return _("%(name)s – %(kind)s ngày %(date)s") % {"name": e.member.full_name,
                                                         "kind": str(e.get_kind_display()).lower(),
                                                         "date": format_date(e.effective_date)}


class SlipCreate(EventAction):
    form_class = forms.SlipForm
    action = staticmethod(actions.make_slip)
    title = _("Lập phiếu báo")

    def get_success_message(self, result, form=None):
        return _("Đã lập %(slip)s cho %(name)s.") % {"slip": first_lower(str(result.get_kind_display())),
                                                      "name": result.member.full_name}


transfer_receive = EventAction.as_view(form_class=forms.ReceiveForm, action=actions.receive_transfer_dossier,
                                       title=_("Ghi nhận hồ sơ chuyển sinh hoạt đến"),
                                       success_message=_("Đã ghi nhận hồ sơ của {result.member.full_name}."))
slip_create = SlipCreate.as_view()


class SlipAction(MemberRecordAction):
    model = Slip

    def cancel_url(self):
        return reverse("dossier:index")

    def pretitle(self):
        return f"{self.object.get_kind_display()} – {self.object.member.full_name}"


slip_send = SlipAction.as_view(form_class=forms.SendForm, action=actions.send_slip,
                               title=_("Gửi phiếu báo cùng hồ sơ lên cấp ủy cấp trên"),
                               success_message=_("Đã ghi gửi phiếu báo."))
