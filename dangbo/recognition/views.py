"""Commendations (proposals from the data, decisions) and the Huy hiệu Đảng list of an awarding occasion."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from dangbo.core.generic import ScopedListView
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
        raise Http404("Năm không hợp lệ.") from None


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


@login_required
@require_POST
def commendation_propose(request, org_pk):
    org = writable_org(request, org_pk)
    year = _year(request)
    form = ProposeForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Thiếu hình thức hoặc thành tích khen thưởng.")
        return redirect(_list_url(org, year))
    member = recipient = None
    scope = scope_for(request.user)
    if form.cleaned_data["member"]:
        member = get_object_or_404(scoped_members(scope), pk=form.cleaned_data["member"])
    if form.cleaned_data["recipient_org"]:
        recipient = get_object_or_404(scope.organizations(Organization.objects.all()),
                                      pk=form.cleaned_data["recipient_org"])
    try:
        c = actions.propose(request.user, organization=org, year=year, form=form.cleaned_data["form"],
                            basis=form.cleaned_data["basis"], member=member, recipient_org=recipient)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(request, f"Đã ghi đề nghị {c.get_form_display()} cho {c.recipient_name}.")
    return redirect(_list_url(org, year))


def _list_url(org, year):
    from django.urls import reverse

    return f"{reverse('recognition:list')}?to_chuc={org.pk}&nam={year}"


@login_required
@require_POST
def commendation_decide(request, pk):
    scope = scope_for(request.user)
    c = get_object_or_404(scope.by_org_path(Commendation.objects.select_related("organization")), pk=pk)
    scope.require(WRITE, c.org_path, "Bạn không có quyền ghi quyết định khen thưởng này.")
    form = DecideForm(request.POST)
    if form.is_valid():
        try:
            actions.decide(request.user, c, decision_number=form.cleaned_data["decision_number"],
                           decision_date=form.cleaned_data["decision_date"], issuer=form.cleaned_data["issuer"],
                           version=form.cleaned_data["phien_ban"])
        except ValidationError as e:
            messages.error(request, " ".join(e.messages))
        else:
            messages.success(request, f"Đã ghi quyết định khen thưởng cho {c.recipient_name}.")
    else:
        messages.error(request, "Nhập số và ngày quyết định (ngày/tháng/năm).")
    return redirect(_list_url(c.organization, c.year))


@login_required
def badges(request):
    scope = scope_for(request.user)
    org = chosen_org(request)
    today = timezone.localdate()
    try:
        occasion = parse_date(request.GET["dip"]) if request.GET.get("dip") else badge_rules.next_occasion(today)
    except ValueError:
        raise Http404("Ngày không hợp lệ.") from None
    cases, waiting = [], []
    if org is not None:
        members = scoped_members(scope).filter(org_path__startswith=org.path)
        cases = queries.badge_list(members, occasion)
    occasions = badge_rules.occasions_between(date(occasion.year, 1, 1), date(occasion.year + 1, 12, 31))
    for w in badge_rules.discipline_waiting_on(occasion):
        waiting.append({"regime": w.regime, "readings": [
            f"{badge_rules.DISCIPLINE_LABELS[k]}: " + (f"chờ {v} tháng" if v else "không chặn")
            for k, v in w.months.items()]})
    awarded = list(queries.awarded_in(scoped_members(scope).filter(org_path__startswith=org.path),
                                      date(occasion.year, 1, 1), date(occasion.year, 12, 31))) if org else []
    return render(request, "recognition/badges.html", {
        "org": org, "occasion": occasion, "occasions": occasions, "cases": cases, "waiting": waiting,
        "awarded": awarded, "orgs": org_choices(scope), "can_write": org is not None and scope.can_write_path(org.path),
        "award_form": AwardForm(initial={"awarded_on": occasion})})


@login_required
@require_POST
def badge_award(request):
    from dangbo.members.actions import award_badge

    scope = scope_for(request.user)
    form = AwardForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Nhập ngày trao (ngày/tháng/năm).")
        return redirect("recognition:badges")
    member = get_object_or_404(scoped_members(scope).select_related("organization"), pk=form.cleaned_data["member"])
    scope.require(WRITE, member, f"Bạn không có quyền ghi Huy hiệu Đảng cho {member.full_name}.")
    try:
        award_badge(request.user, member, form.cleaned_data["years"], awarded_on=form.cleaned_data["awarded_on"],
                    decision_number=form.cleaned_data["decision_number"])
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(request, f"Đã ghi Huy hiệu {form.cleaned_data['years']} năm tuổi đảng cho "
                                  f"{member.full_name}.")
    from django.urls import reverse

    return redirect(f"{reverse('recognition:badges')}?to_chuc={member.organization_id}"
                    f"&dip={form.cleaned_data['awarded_on']:%d/%m/%Y}")

