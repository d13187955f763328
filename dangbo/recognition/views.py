"""Commendations (proposals from the data, decisions) and the Huy hiệu Đảng list of an awarding occasion."""

from datetime import date

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dangbo.core.generic import PostedFormView, ScopedListView, ScopedObjectMixin
from dangbo.core.scopes import WRITE, scope_for
from dangbo.members.queries import scoped as scoped_members
from dangbo.organizations.models import Organization
from dangbo.organizations.pickers import ChosenOrgListMixin, chosen_org, org_choices, writable_org
from dangbo.reports import sources
from dangbo.rules import badges as badge_rules
from dangbo.rules.text import parse_date

from . import actions, queries
from .filters import CommendationFilterSet
from .forms import AwardForm, DecideForm, ProposeForm
from .models import Commendation
from .tables import CommendationTable


def _year(request) -> int:
    try:
        return int(request.GET.get("nam") or timezone.localdate().year)
    except ValueError:
        raise Http404(_("Năm không hợp lệ.")) from None


class CommendationList(ChosenOrgListMixin, ScopedListView):
    """One organisation's subtree (the user's first one by default) and one year: the commendations, and the
    proposals the data supports."""

    filterset_class = CommendationFilterSet
    table_class = CommendationTable
    template_name = "recognition/list.html"

    def get(self, request, *args, **kwargs):
        self.year = _year(request)
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return super().get_queryset().filter(year=self.year).select_related("member", "recipient_org")

    def get_context(self, filterset, table, page):
        org, scope = self.org, self.scope
        proposals = queries.proposals(org, self.year) if org is not None else {}
        return {
            "org": org, "year": self.year, "orgs": org_choices(scope),
            "can_write": org is not None and scope.can_write_path(org.path),
            "proposals": proposals, "missing": {k: v for k, v in proposals.items() if sources.is_missing(v)},
            "propose_form": ProposeForm(), "decide_form": DecideForm()}


commendation_list = CommendationList.as_view()


def _list_url(org, year):
    return f"{reverse('recognition:list')}?to_chuc={org.pk}&nam={year}"


class CommendationPropose(PostedFormView):
    """A proposal from the list's form: the organisation must be writable, its recipient a member or an
    organisation the user reads."""

    form_class = ProposeForm
    invalid_message = _("Thiếu hình thức hoặc thành tích khen thưởng.")

    def check(self):
        self.org = writable_org(self.request, self.kwargs["org_pk"])
        self.year = _year(self.request)

    def perform(self, form):
        cd, scope = form.cleaned_data, self.scope
        member = get_object_or_404(scoped_members(scope), pk=cd["member"]) if cd["member"] else None
        recipient = get_object_or_404(scope.organizations(Organization.objects.all()),
                                      pk=cd["recipient_org"]) if cd["recipient_org"] else None
        return actions.propose(self.request.user, organization=self.org, year=self.year, form=cd["form"],
                               basis=cd["basis"], member=member, recipient_org=recipient)

    def get_success_message(self, result, form=None) -> str:
        return _("Đã ghi đề nghị %(form)s cho %(name)s.") % {"form": result.get_form_display(),
                                                              "name": result.recipient_name}

    def back_url(self, form, result) -> str:
        return _list_url(self.org, self.year)


commendation_propose = CommendationPropose.as_view()


class CommendationDecide(ScopedObjectMixin, PostedFormView):
    model = Commendation
    write = True
    denied = _("Bạn không có quyền ghi quyết định khen thưởng này.")
    form_class = DecideForm
    invalid_message = _("Nhập số và ngày quyết định (ngày/tháng/năm).")
    success_message = _("Đã ghi quyết định khen thưởng cho {obj.recipient_name}.")

    def get_queryset(self):
        return self.scope.by_org_path(Commendation.objects.select_related("organization"))

    def perform(self, form):
        cd = form.cleaned_data
        return actions.decide(self.request.user, self.object, decision_number=cd["decision_number"],
                              decision_date=cd["decision_date"], issuer=cd["issuer"], version=cd["phien_ban"])

    def back_url(self, form, result) -> str:
        return _list_url(self.object.organization, self.object.year)


commendation_decide = CommendationDecide.as_view()


@login_required
def badges(request):
    scope = scope_for(request.user)
    org = chosen_org(request)
    today = timezone.localdate()
    try:
        occasion = parse_date(request.GET["dip"]) if request.GET.get("dip") else badge_rules.next_occasion(today)
    except ValueError:
        raise Http404(_("Ngày không hợp lệ.")) from None
    cases, waiting = [], []
    if org is not None:
        members = scoped_members(scope).filter(org_path__startswith=org.path)
        cases = queries.badge_list(members, occasion)
    occasions = badge_rules.occasions_between(date(occasion.year, 1, 1), date(occasion.year + 1, 12, 31))
    for w in badge_rules.discipline_waiting_on(occasion):
        waiting.append({"regime": w.regime, "readings": [
            _("%(form)s: chờ %(months)s tháng") % {"form": badge_rules.DISCIPLINE_LABELS[k], "months": v} if v
            else _("%(form)s: không chặn") % {"form": badge_rules.DISCIPLINE_LABELS[k]}
            for k, v in w.months.items()]})
    awarded = list(queries.awarded_in(scoped_members(scope).filter(org_path__startswith=org.path),
                                      date(occasion.year, 1, 1), date(occasion.year, 12, 31))) if org else []
    return render(request, "recognition/badges.html", {
        "org": org, "occasion": occasion, "occasions": occasions, "cases": cases, "waiting": waiting,
        "awarded": awarded, "orgs": org_choices(scope), "can_write": org is not None and scope.can_write_path(org.path),
        "award_form": AwardForm(initial={"awarded_on": occasion})})


class BadgeAward(PostedFormView):
    """A badge recorded from the occasion's list: the member must be one the user writes."""

    form_class = AwardForm
    invalid_message = _("Nhập ngày trao (ngày/tháng/năm).")
    member = None

    def perform(self, form):
        from dangbo.members.actions import award_badge

        cd = form.cleaned_data
        self.member = get_object_or_404(scoped_members(self.scope).select_related("organization"), pk=cd["member"])
        self.scope.require(WRITE, self.member, _("Bạn không có quyền ghi Huy hiệu Đảng cho %(name)s.") % {
            "name": self.member.full_name})
        return award_badge(self.request.user, self.member, cd["years"], awarded_on=cd["awarded_on"],
                           decision_number=cd["decision_number"])

    def get_success_message(self, result, form=None) -> str:
        return _("Đã ghi Huy hiệu %(years)s năm tuổi đảng cho %(name)s.") % {"years": form.cleaned_data["years"],
                                                                               "name": self.member.full_name}

    def back_url(self, form, result) -> str:
        if self.member is None:
            return reverse("recognition:badges")
        return (f"{reverse('recognition:badges')}?to_chuc={self.member.organization_id}"
                f"&dip={form.cleaned_data['awarded_on']:%d/%m/%Y}")


badge_award = BadgeAward.as_view()
