"""Resolutions, their targets, the reviews (sơ kết, tổng kết) and the records behind each figure."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from dangbo.core.generic import ActionFormView, ObjectPage, PageFormView, ScopedListView, ScopedObjectMixin
from dangbo.core.scopes import WRITE, scope_for
from dangbo.rules import targets as target_rules
from dangbo.rules.text import Text

from . import actions, compute
from .filters import ResolutionFilterSet
from .forms import AdmissionsFilter, ResolutionEditForm, ResolutionForm, ReviewForm, TargetForm
from .models import Resolution, Review, Target, TargetKind
from .tables import ResolutionTable

FIELDS = ("kind", "title", "number", "adopted_on", "period_start", "period_end")


def _can_write(request, r) -> bool:
    return scope_for(request.user).can_write_path(r.org_path)


resolution_list = ScopedListView.as_view(filterset_class=ResolutionFilterSet, table_class=ResolutionTable,
                                         template_name="resolutions/list.html", select_related=("organization",))


class ResolutionMixin(ScopedObjectMixin):
    model = Resolution
    denied = _("Bạn không có quyền thay đổi nghị quyết của «{obj.organization.name}».")
    template_name = "resolutions/detail.html"
    page_url = "resolutions:detail"

    def page_context(self, target_form=None, review_form=None) -> dict:
        r = self.object
        targets = list(r.targets.all())
        return {"r": r, "targets": targets, "reviews": r.reviews.all(), "can_write": _can_write(self.request, r),
                "target_form": target_form or TargetForm(prefix="ct"),
                "review_form": review_form or ReviewForm(
                    prefix="dg", manual_targets=[t for t in targets if t.kind == TargetKind.MANUAL])}


class ResolutionCreate(ActionFormView):
    success_message, result_url = _("Đã thêm nghị quyết «{result.title}»."), "resolutions:detail"
    template_name = "reports/form.html"

    writers_only = _("Bạn không có quyền thêm nghị quyết.")

    def get_form(self, data=None):
        return ResolutionForm(data, scope=self.scope, prefix="nq")

    def perform(self, form):
        from dangbo.organizations.pickers import writable_org

        org = writable_org(self.request, form.cleaned_data["organization"])
        return actions.create_resolution(self.request.user, organization=org,
                                         **{k: form.cleaned_data[k] for k in FIELDS})

    def get_context(self, form):
        return {"title": _("Thêm nghị quyết"), "submit": _("Lưu nghị quyết"), "cancel": "resolutions:list"}


resolution_create = ResolutionCreate.as_view()


class ResolutionEdit(ResolutionMixin, ActionFormView):
    success_message = _("Đã lưu nghị quyết «{obj.title}».")
    write = True
    template_name = "reports/form.html"

    def get_form(self, data=None):
        r = self.object
        return ResolutionEditForm(data, prefix="nq", initial={**{k: getattr(r, k) for k in FIELDS},
                                                              "version": r.version})

    def perform(self, form):
        return actions.update_resolution(self.request.user, self.object, **{k: form.cleaned_data[k] for k in FIELDS},
                                         version=form.cleaned_data["version"])

    def get_context(self, form):
        return {"title": _("Sửa nghị quyết"), "submit": _("Lưu"), "cancel": "resolutions:list",
                "intro": _("Các kỳ đánh giá đã tính giữ nguyên số liệu đã báo cáo; nếu đổi thời gian thực hiện, "
                           "bấm «Tính lại» ở từng kỳ đánh giá.")}


resolution_edit = ResolutionEdit.as_view()


class ResolutionDetail(ResolutionMixin, ObjectPage):
    pass


resolution_detail = ResolutionDetail.as_view()


class DetailFormPost(ResolutionMixin, PageFormView):
    """A form posted from the resolution's page: on an error the page is shown again with it (400)."""

    write = True
    invalid_status = 400


class TargetAdd(DetailFormPost):
    slot = "target_form"
    success_message = _("Đã thêm chỉ tiêu.")
    action = staticmethod(actions.add_target)

    def get_form(self, data=None):
        return TargetForm(data, prefix="ct")


target_add = TargetAdd.as_view()


class ReviewRun(DetailFormPost):
    slot = "review_form"
    success_message, result_url = _("Đã tính kết quả {result}."), "resolutions:review"

    def manual(self):
        return [t for t in self.object.targets.all() if t.kind == TargetKind.MANUAL]

    def get_form(self, data=None):
        return ReviewForm(data, prefix="dg", manual_targets=self.manual())

    def perform(self, form):
        figures = {t.pk: form.cleaned_data.get(f"thuc_hien_{t.pk}") for t in self.manual()}
        try:
            return actions.run_review(self.request.user, self.object, kind=form.cleaned_data["kind"],
                                      review_date=form.cleaned_data["review_date"],
                                      manual={k: v for k, v in figures.items() if v})
        except ArithmeticError:
            raise ValidationError(_("Số liệu nhập tay phải là số.")) from None


review_run = ReviewRun.as_view()


def _review(request, pk) -> Review:
    return get_object_or_404(scope_for(request.user).by_org_path(
        Review.objects.select_related("resolution", "resolution__organization"), "resolution__org_path"), pk=pk)


@login_required
def review_detail(request, pk):
    review = _review(request, pk)
    rows = [{**x, "verdict_label": Text(target_rules.VERDICT_LABELS[x["verdict"]])} for x in review.results]
    from dangbo.reports.render import actual_text

    for x in rows:
        x["actual_text"] = actual_text(x)
        for u in x.get("units") or []:
            u["verdict_label"] = target_rules.VERDICT_LABELS[u["verdict"]]
    return render(request, "resolutions/review.html", {"review": review, "r": review.resolution, "rows": rows,
                                                       "can_write": _can_write(request, review.resolution)})


@login_required
@require_POST
def review_recompute(request, pk):
    review = _review(request, pk)
    scope_for(request.user).require(WRITE, review.resolution, _("Bạn không có quyền tính lại kỳ đánh giá này."))
    actions.run_review(request.user, review.resolution, kind=review.kind, review_date=review.review_date,
                       review=review)
    messages.success(request, _("Đã tính lại từ dữ liệu hiện có."))
    return redirect("resolutions:review", pk=review.pk)


@login_required
def admissions(request):
    """The members admitted into an organisation's subtree in a period: the records behind a target."""
    from dangbo.organizations.pickers import readable_org

    f = AdmissionsFilter(request.GET)
    if not f.is_valid():
        raise Http404(_("Thiếu tổ chức hoặc khoảng thời gian."))
    org = readable_org(request, f.cleaned_data["to_chuc"])
    start, end = f.cleaned_data["tu"], f.cleaned_data["den"]
    events = (compute.admissions_qs(org.path, start, end).select_related("member", "org_after")
              .order_by("effective_date", "id"))
    return render(request, "resolutions/admissions.html", {"org": org, "start": start, "end": end,
                                                           "events": list(events)})


@login_required
@require_POST
def target_remove(request, pk):
    target = get_object_or_404(scope_for(request.user).by_org_path(
        Target.objects.select_related("resolution", "resolution__organization"), "resolution__org_path"), pk=pk)
    scope_for(request.user).require(WRITE, target.resolution, _("Bạn không có quyền xóa chỉ tiêu này."))
    actions.remove_target(request.user, target)
    messages.success(request, _("Đã xóa chỉ tiêu «%(label)s».") % {"label": target.label})
    return redirect("resolutions:detail", pk=target.resolution_id)
