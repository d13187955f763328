"""The 2025 meeting rules' pages (CT 50, HD 37, HD 03-HD/TW): a chi bộ's meeting day and tổ đảng, invitations
(plan, page, cancel, record the minutes of a planned meeting), a member's attendance for a year (the fragment the
member's record and rating page load), and the figures the meetings page adds (`meetings_page_extra`).

Built on the generic views like views.py; every input comes through forms.py; the actions check write scope again.
"""

from __future__ import annotations

from datetime import date

from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dangbo.core.generic import ActionFormView, ObjectPage, PageFormView, ScopedObjectMixin, ScopedView
from dangbo.core.scopes import ScopeDenied
from dangbo.members.models import Member
from dangbo.organizations.models import CELL_KINDS, Organization
from dangbo.rules import meetings as meeting_rules
from dangbo.rules.sources import REGISTRY

from . import actions, forms, queries
from .models import MODE_CHOICES, MeetingDay, MeetingKind, MeetingPlan, PlanStatus

RULE_KEYS = ("meetings.monthly_day", "meetings.thematic_quarterly", "meetings.mode_online",
             "meetings.mode_party_group")


def rule_sources() -> list:
    return [(k, REGISTRY[k]) for k in RULE_KEYS]


def _year(request) -> int:
    try:
        y = int(request.GET.get("nam", ""))
    except ValueError:
        return timezone.localdate().year
    return y if 1930 <= y <= 2100 else timezone.localdate().year


def meetings_page_extra(scope, org: Organization | None, year: int) -> dict:
    """What the meetings page shows beside the list: the per-chi bộ attendance table of the year (the same
    figures as the year-end report), the planned meetings of the scope, and the rules with their sources."""
    plans = (MeetingPlan.objects.scoped(scope, "read").filter(status=PlanStatus.PLANNED)
             .select_related("organization").order_by("planned_on", "pk"))
    if org is not None:
        plans = plans.filter(org_path__startswith=org.path)
    return {"attendance": queries.attendance_statistics(year, org=org) if org is not None else None,
            "plans": list(plans[:50]), "meeting_rules": rule_sources()}


# -- a chi bộ's meeting day ---------------------------------------------------------------------------------------
class MeetingDayView(ActionFormView):
    template_name = "congresses/meeting_day.html"
    success_message = _("Đã lưu ngày sinh hoạt của chi bộ.")

    @property
    def organization(self) -> Organization:
        if not hasattr(self, "_org"):
            qs = self.scope.organizations(Organization.objects.filter(kind__in=CELL_KINDS))
            self._org = get_object_or_404(qs, pk=self.kwargs["org_pk"])
        return self._org

    def check(self):
        self.scope.require("write", self.organization.path,
                           _("Bạn không có quyền thay đổi dữ liệu của «%(org)s».") % {"org": self.organization.name})

    def get_form(self, data=None):
        row = MeetingDay.objects.filter(organization=self.organization).first()
        initial = ({"day": row.day, "has_party_groups": row.has_party_groups, "note": row.note,
                    "version": row.version} if row else {"day": meeting_rules.DEFAULT_DAY})
        return forms.MeetingDayForm(data, initial=initial)

    def perform(self, form):
        return actions.set_meeting_day(self.request.user, organization=self.organization, **form.cleaned_data)

    def success_url(self, result) -> str:
        return queries.meetings_url(self.organization, timezone.localdate().year)

    def get_context(self, form) -> dict:
        return {"org": self.organization, "meeting_rules": rule_sources(),
                "settings": meeting_rules.DEFAULT_SETTINGS}


meeting_day = MeetingDayView.as_view()


# -- invitations --------------------------------------------------------------------------------------------------
def _writable_cells(scope):
    return scope.writable_organizations(Organization.objects.filter(status="active")).order_by("path")


def next_meeting_date(org: Organization | None, today: date) -> date:
    """The next regular meeting day of `org` (its own day or the 3rd) on or after today."""
    day = queries.meeting_day(org) if org is not None else meeting_rules.DEFAULT_DAY
    d = meeting_rules.monthly_date(today.year, today.month, day)
    if d < today:
        y, m = (today.year + 1, 1) if today.month == 12 else (today.year, today.month + 1)
        d = meeting_rules.monthly_date(y, m, day)
    return d


class PlanCreate(ActionFormView):
    template_name = "congresses/meeting_plan_form.html"
    writers_only = _("Bạn không có quyền gửi giấy mời sinh hoạt của tổ chức nào.")
    success_message, result_url = _("Đã gửi giấy mời đến {result.invitations.count} đảng viên."), "congresses:plan"

    def get_form(self, data=None):
        orgs = _writable_cells(self.scope)
        org = orgs.filter(pk=self.request.GET.get("to_chuc") or 0).first() if not data else None
        initial = {"organization": org, "planned_on": next_meeting_date(org, timezone.localdate()),
                   "kind": MeetingKind.MONTHLY, "mode": meeting_rules.Mode.IN_PERSON}
        return forms.MeetingPlanForm(data, organizations=orgs, initial=initial)

    def perform(self, form):
        return actions.plan_meeting(self.request.user, **form.cleaned_data)

    def get_context(self, form) -> dict:
        return {"email_configured": actions.email_configured(), "meeting_rules": rule_sources()}


plan_create = PlanCreate.as_view()


class PlanMixin(ScopedObjectMixin):
    model = MeetingPlan
    select_related = ("organization", "meeting")
    template_name = "congresses/meeting_plan.html"
    page_url = "congresses:plan"

    def page_context(self, **bound) -> dict:
        p = self.object
        invitations = list(p.invitations.select_related("member"))
        return {"p": p, "invitations": invitations, "emailed": sum(1 for i in invitations if i.emailed_to),
                "can_write": self.scope.can_write_path(p.org_path), "email_configured": actions.email_configured(),
                "cancel_form": bound.get("cancel_form") or forms.PlanCancelForm(initial={"version": p.version})}


class PlanDetail(PlanMixin, ObjectPage):
    pass


plan = PlanDetail.as_view()


class PlanCancel(PlanMixin, PageFormView):
    slot = "cancel_form"
    form_class = forms.PlanCancelForm
    action = staticmethod(actions.cancel_plan)
    success_message = _("Đã hủy cuộc họp; giấy mời không còn hiện với đảng viên.")


plan_cancel = PlanCancel.as_view()


class PlanRecord(PlanMixin, ActionFormView):
    """The minutes of a planned meeting: the chi bộ, kind, mode and agenda come from the invitation; the roster is
    the chi bộ's members on the day typed (the planned day unless changed)."""

    template_name = "congresses/meeting_form.html"
    write = True
    success_message, result_url = _("Đã lưu biên bản cuộc họp."), "congresses:meeting"

    def check(self):
        super().check()
        if self.object.status != PlanStatus.PLANNED:
            raise ScopeDenied(_("Cuộc họp này đã ghi biên bản hoặc đã hủy."))

    def get_form(self, data=None):
        p = self.object
        orgs = Organization.objects.filter(pk=p.organization_id)
        held_on = p.planned_on
        if data is not None:
            step = forms.MeetingStepForm({}, data, organizations=orgs)
            held_on = step.chosen()[1]
        roster = actions.members_as_of(p.organization, held_on, statuses=("official", "probationary"),
                                       subtree=not p.organization.is_cell)
        self.step = {"orgs": orgs, "org": p.organization, "roster": roster, "held_on": held_on, "plan": p,
                     "kinds": MeetingKind.choices, "modes": MODE_CHOICES}
        return forms.MeetingForm(data, organizations=orgs, roster=roster, initial={
            "organization": p.organization, "held_on": held_on, "kind": p.kind, "mode": p.mode, "title": p.title,
            "agenda": p.agenda})

    def perform(self, form):
        return actions.record_meeting(
            self.request.user, absences=form.absences(), plan=self.object,
            **{k: form.cleaned_data[k] for k in ("organization", "kind", "held_on", "title", "agenda", "guests",
                                                 "minutes", "resolutions", "mode")})

    def get_context(self, form) -> dict:
        return self.step


plan_record = PlanRecord.as_view()


# -- a member's attendance ----------------------------------------------------------------------------------------
class MemberAttendance(ScopedView):
    """A member's attendance at chi bộ meetings in a year (?nam=), and their pending invitations: the fragment the
    member's record and the yearly rating page load (also a page of its own)."""

    def get(self, request, member_pk: int):
        member = get_object_or_404(Member.objects.scoped(self.scope, "read").select_related("organization"),
                                   pk=member_pk)
        year = _year(request)
        stats = queries.attendance_statistics(year, member=member)
        invitations = list(queries.invitations_for(member, timezone.localdate()))
        fragment = request.headers.get("HX-Request") == "true"
        template = "congresses/_member_attendance.html" if fragment else "congresses/member_attendance.html"
        return render(request, template,
                      {"member": member, "year": year, "stats": stats["totals"], "invitations": invitations})


member_attendance = MemberAttendance.as_view()
