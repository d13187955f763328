"""The pages of inspection and supervision: the list (filters, keyset paging, the year's figures, overdue
conclusions), an inspection's page with its conclusion, follow-up and disciplines, the year's programmes, the
complaints and denunciations; each change a form running one registered action."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dangbo.core.generic import ObjectFormPage, ScopedDetailView, ScopedObjectMixin
from dangbo.members.queries import discipline_settings
from dangbo.organizations.pickers import ChosenOrgFormPage, ChosenOrgListView
from dangbo.rules import discipline as rules
from dangbo.rules.text import format_date

from . import actions, forms, queries
from .filters import ComplaintFilterSet, InspectionFilterSet, ProgrammeFilterSet
from .models import Complaint, Inspection, Programme, ProgrammeItem
from .tables import ComplaintTable, InspectionTable, ProgrammeTable

# The register's own field names (a nested action's refusal) onto these forms'.
FIELD_MAP = {"annul_reason": "result", "annulled_on": "settled_on", "effective_date": "decided_on"}


def _year(request) -> int:
    raw = request.GET.get("nam", "")
    return int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else timezone.localdate().year


# -- lists ---------------------------------------------------------------------------------------------------
class OrgList(ChosenOrgListView):
    """A list of the chosen organisation's records; «add» for those who write there."""

    def get_context(self, filterset, table, page):
        can_add = self.org is not None and self.scope.can_write_path(self.org.path)
        return {**super().get_context(filterset, table, page), "can_add": can_add}


class InspectionList(OrgList):
    filterset_class = InspectionFilterSet
    table_class = InspectionTable
    template_name = "inspection/list.html"
    title = _("Kiểm tra, giám sát")

    def get_context(self, filterset, table, page):
        today = timezone.localdate()
        figures = overdue = None
        year = _year(self.request)
        if self.org is not None:
            figures = queries.figures(self.scope, self.org.path, year)
            overdue = list(queries.overdue_conclusions(self.scope, today, self.org.path))
        rows = [figures[rules.INSPECTION], figures[rules.SUPERVISION]] if figures else []
        return {**super().get_context(filterset, table, page), "figures": figures, "figure_rows": rows,
                "overdue": overdue, "year": year, "today": today}


inspection_list = InspectionList.as_view()


complaint_list = OrgList.as_view(filterset_class=ComplaintFilterSet, table_class=ComplaintTable,
                                 template_name="inspection/complaints.html", title=_("Khiếu nại, tố cáo"),
                                 select_related=("member", "subject_org", "discipline"))
programme_list = OrgList.as_view(filterset_class=ProgrammeFilterSet, table_class=ProgrammeTable,
                                 template_name="inspection/programmes.html",
                                 title=_("Chương trình kiểm tra, giám sát"), select_related=("organization",),
                                 prefetch_related=("items__inspections",))


# -- creating, from an organisation (?to_chuc=) ---------------------------------------------------------------------
class OrgActionView(ChosenOrgFormPage):
    writers_only = _("Bạn không có quyền ghi công tác kiểm tra, giám sát.")
    org_denied = _("Bạn không có quyền ghi công tác kiểm tra, giám sát của «%(org)s».")
    field_map = FIELD_MAP


class InspectionCreate(OrgActionView):
    form_class = forms.InspectionForm
    action = staticmethod(actions.open_inspection)
    success_message = _("Đã ghi quyết định {result.decision_number}.")
    result_url = "inspection:detail"
    title = _("Quyết định kiểm tra, giám sát")
    back = "inspection:list"

    def form_kwargs(self):
        """`?noi_dung=<item>`: the programme's line being carried out fills the form (an item of another
        organisation is not offered: the form's choices are this organisation's)."""
        kwargs = super().form_kwargs()
        raw = self.request.GET.get("noi_dung", "")
        item = (ProgrammeItem.objects.filter(pk=int(raw), programme__organization=self.org).select_related("programme")
                .first() if raw.isdigit() else None)
        if item is not None:
            kwargs["initial"] = {"body": item.programme.body, "kind": item.kind, "basis": item.basis,
                                 "programme_item": item.pk, "content": item.content}
        return kwargs


class ComplaintCreate(OrgActionView):
    form_class = forms.ComplaintForm
    action = staticmethod(actions.receive_complaint)
    result_url = "inspection:complaint"
    title = _("Nhận khiếu nại, tố cáo")
    back = "inspection:complaints"

    def get_success_message(self, result, form=None):
        done = _("Đã ghi %(kind)s nhận ngày %(date)s.") % {"kind": str(result.get_kind_display()).lower(),
                                                          "date": format_date(result.received_on)}
        late = _("Khiếu nại quá thời hạn: ghi nhận, đánh dấu quá hạn.")
        return done if result.in_time else f"{done} {late}"


inspection_create = InspectionCreate.as_view()
programme_create = OrgActionView.as_view(
    form_class=forms.ProgrammeForm, action=actions.create_programme, result_url="inspection:programme",
    success_message=_("Đã ghi chương trình kiểm tra, giám sát năm {result.year}."),
    title=_("Chương trình kiểm tra, giám sát năm"), back="inspection:programmes")
complaint_create = ComplaintCreate.as_view()


# -- an inspection ---------------------------------------------------------------------------------------------
class InspectionMixin(ScopedObjectMixin):
    model = Inspection
    select_related = ("organization", "subject_org", "subject_member__organization", "programme_item__programme")
    denied = _("Bạn không có quyền ghi cuộc kiểm tra, giám sát «{obj}».")
    page_url = "inspection:detail"


class InspectionDetail(InspectionMixin, ScopedDetailView):
    template_name = "inspection/detail.html"

    def get_context(self, i):
        can_write = self.scope.can_write_path(i.org_path)
        links = list(i.disciplines.select_related("member", "discipline", "expulsion"))
        offered = []
        if can_write and i.is_open:
            offered.append((_("Kết luận"), reverse("inspection:conclude", args=[i.pk])))
        if can_write and not i.is_open and i.follow_up and i.follow_up_done_on is None:
            offered.append((_("Ghi kết quả khắc phục"), reverse("inspection:follow_up", args=[i.pk])))
        if can_write and i.violation_found:
            offered.append((_("Thi hành kỷ luật theo kết luận"), reverse("inspection:discipline", args=[i.pk])))
        cfg = discipline_settings()
        windows = [(link, rules.complaint_deadline(link.effective_on, cfg)) for link in links]
        return {"i": i, "links": windows, "offered": offered, "today": timezone.localdate(),
                "overdue": i.is_open and i.period_to < timezone.localdate(),
                "settings_rows": queries.settings_rows()}


inspection_detail = InspectionDetail.as_view()


class InspectionStep(InspectionMixin, ObjectFormPage):
    field_map = FIELD_MAP


class Disciplines(InspectionStep):
    form_class = forms.DisciplineForm
    action = staticmethod(actions.discipline_after)
    title = _("Thi hành kỷ luật theo kết luận")

    def form_kwargs(self):
        return {"inspection": self.object}

    def get_success_message(self, result, form=None):
        return _("Đã ghi kỷ luật %(form)s đảng viên %(name)s.") % {"form": str(result.get_form_display()).lower(),
                                                                   "name": result.member.full_name}


conclude = InspectionStep.as_view(form_class=forms.ConcludeForm, action=actions.conclude_inspection, versioned=True,
                                  title=_("Kết luận kiểm tra, giám sát"), success_message=_("Đã ghi kết luận."))
follow_up = InspectionStep.as_view(form_class=forms.FollowUpForm, action=actions.record_follow_up,
                                   title=_("Kết quả khắc phục"), success_message=_("Đã ghi kết quả khắc phục."))
discipline = Disciplines.as_view()


# -- a programme ------------------------------------------------------------------------------------------------
class ProgrammeMixin(ScopedObjectMixin):
    model = Programme
    denied = _("Bạn không có quyền thay đổi chương trình kiểm tra, giám sát này.")
    page_url = "inspection:programme"


class ProgrammeDetail(ProgrammeMixin, ScopedDetailView):
    template_name = "inspection/programme.html"

    def get_context(self, p):
        items = list(p.items.prefetch_related("inspections"))
        return {"p": p, "items": items, "can_write": self.scope.can_write_path(p.org_path),
                "done": sum(1 for it in items if it.inspections.all())}


class ProgrammeFormPage(ProgrammeMixin, ObjectFormPage):
    pass


programme_detail = ProgrammeDetail.as_view()
programme_item = ProgrammeFormPage.as_view(
    form_class=forms.ProgrammeItemForm, action=actions.add_programme_item, title=_("Thêm nội dung chương trình"),
    submit=_("Thêm"), success_message=_("Đã thêm nội dung vào chương trình."))


# -- a complaint ------------------------------------------------------------------------------------------------
class ComplaintMixin(ScopedObjectMixin):
    model = Complaint
    select_related = ("organization", "member__organization", "subject_org", "discipline")
    denied = _("Bạn không có quyền giải quyết khiếu nại, tố cáo này.")
    page_url = "inspection:complaint"


class ComplaintDetail(ComplaintMixin, ScopedDetailView):
    template_name = "inspection/complaint.html"

    def get_context(self, c):
        window = None
        if c.discipline_id:
            window = rules.complaint_deadline(c.discipline.takes_effect_on, discipline_settings())
        return {"c": c, "window": window, "can_write": self.scope.can_write_path(c.org_path) and c.is_pending}


class ComplaintFormPage(ComplaintMixin, ObjectFormPage):
    field_map = FIELD_MAP


complaint_detail = ComplaintDetail.as_view()
settle = ComplaintFormPage.as_view(form_class=forms.SettleForm, action=actions.settle_complaint,
                                   title=_("Giải quyết khiếu nại, tố cáo"),
                                   success_message=_("Đã ghi kết quả giải quyết."))
