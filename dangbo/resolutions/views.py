"""Resolutions, their targets, the reviews (sơ kết, tổng kết) and the records behind each figure."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from dangbo.core.forms import apply_validation_error
from dangbo.core.scopes import scope_for
from dangbo.rules import targets as target_rules

from . import actions, compute
from .forms import AdmissionsFilter, ResolutionForm, ReviewForm, TargetForm
from .models import Resolution, Review, Target, TargetKind


def _scoped(request):
    return scope_for(request.user).by_org_path(Resolution.objects.select_related("organization"))


def _resolution(request, pk) -> Resolution:
    return get_object_or_404(_scoped(request), pk=pk)


def _can_write(request, r) -> bool:
    return scope_for(request.user).can_write_path(r.org_path)


@login_required
def resolution_list(request):
    scope = scope_for(request.user)
    rows = list(_scoped(request).order_by("-adopted_on")[:200])
    can_add = bool(scope.is_admin or scope.write_paths)
    return render(request, "resolutions/list.html", {"rows": rows, "can_add": can_add})


@login_required
def resolution_create(request):
    scope = scope_for(request.user)
    if not (scope.is_admin or scope.write_paths):
        raise PermissionDenied("Bạn không có quyền thêm nghị quyết.")
    form = ResolutionForm(request.POST or None, scope=scope, prefix="nq")
    if request.method == "POST" and form.is_valid():
        from dangbo.reports.web import writable_org

        org = writable_org(request, form.cleaned_data["organization"])
        try:
            r = actions.create_resolution(request.user, organization=org, **{
                k: form.cleaned_data[k] for k in ("kind", "title", "number", "adopted_on", "period_start",
                                                  "period_end")})
        except ValidationError as e:
            apply_validation_error(form, e)
        else:
            messages.success(request, f"Đã thêm nghị quyết «{r.title}».")
            return redirect("resolutions:detail", pk=r.pk)
    return render(request, "reports/form.html", {"form": form, "title": "Thêm nghị quyết",
                                                 "submit": "Lưu nghị quyết", "cancel": "resolutions:list"})


@login_required
def resolution_edit(request, pk):
    from dangbo.core.actions import ConflictError

    from .forms import ResolutionEditForm

    r = _resolution(request, pk)
    if not _can_write(request, r):
        raise PermissionDenied(f"Bạn không có quyền thay đổi nghị quyết của «{r.organization.name}».")
    fields = ("kind", "title", "number", "adopted_on", "period_start", "period_end")
    form = ResolutionEditForm(request.POST or None, prefix="nq",
                              initial={**{k: getattr(r, k) for k in fields}, "version": r.version})
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_resolution(request.user, r, **{k: form.cleaned_data[k] for k in fields},
                                      version=form.cleaned_data["version"])
        except ConflictError as e:
            form.add_error(None, e.messages[0])
        except ValidationError as e:
            apply_validation_error(form, e)
        else:
            messages.success(request, f"Đã lưu nghị quyết «{r.title}».")
            return redirect("resolutions:detail", pk=r.pk)
    return render(request, "reports/form.html", {
        "form": form, "title": "Sửa nghị quyết", "submit": "Lưu", "cancel": "resolutions:list",
        "intro": "Các kỳ đánh giá đã tính giữ nguyên số liệu đã báo cáo; nếu đổi thời gian thực hiện, bấm «Tính lại» "
                 "ở từng kỳ đánh giá."})


@login_required
def resolution_detail(request, pk):
    r = _resolution(request, pk)
    targets = list(r.targets.all())
    return render(request, "resolutions/detail.html", {
        "r": r, "targets": targets, "reviews": r.reviews.all(), "can_write": _can_write(request, r),
        "target_form": TargetForm(prefix="ct"),
        "review_form": ReviewForm(prefix="dg", manual_targets=[t for t in targets if t.kind == TargetKind.MANUAL]),
    })


@login_required
@require_POST
def target_add(request, pk):
    r = _resolution(request, pk)
    if not _can_write(request, r):
        raise PermissionDenied(f"Bạn không có quyền thay đổi nghị quyết của «{r.organization.name}».")
    form = TargetForm(request.POST, prefix="ct")
    if form.is_valid():
        try:
            actions.add_target(request.user, r, **form.cleaned_data)
        except ValidationError as e:
            apply_validation_error(form, e)
        else:
            messages.success(request, "Đã thêm chỉ tiêu.")
            return redirect("resolutions:detail", pk=r.pk)
    targets = list(r.targets.all())
    return render(request, "resolutions/detail.html", {
        "r": r, "targets": targets, "reviews": r.reviews.all(), "can_write": True, "target_form": form,
        "review_form": ReviewForm(prefix="dg", manual_targets=[t for t in targets if t.kind == TargetKind.MANUAL]),
    }, status=400)


@login_required
@require_POST
def review_run(request, pk):
    r = _resolution(request, pk)
    if not _can_write(request, r):
        raise PermissionDenied(f"Bạn không có quyền thay đổi nghị quyết của «{r.organization.name}».")
    targets = list(r.targets.all())
    manual = [t for t in targets if t.kind == TargetKind.MANUAL]
    form = ReviewForm(request.POST, prefix="dg", manual_targets=manual)
    if form.is_valid():
        figures = {t.pk: form.cleaned_data.get(f"thuc_hien_{t.pk}") for t in manual}
        try:
            review = actions.run_review(request.user, r, kind=form.cleaned_data["kind"],
                                        review_date=form.cleaned_data["review_date"],
                                        manual={k: v for k, v in figures.items() if v})
        except (ValidationError, ArithmeticError) as e:
            apply_validation_error(form, e if isinstance(e, ValidationError) else
                                   ValidationError("Số liệu nhập tay phải là số."))
        else:
            messages.success(request, f"Đã tính kết quả {review}.")
            return redirect("resolutions:review", pk=review.pk)
    return render(request, "resolutions/detail.html", {
        "r": r, "targets": targets, "reviews": r.reviews.all(), "can_write": True,
        "target_form": TargetForm(prefix="ct"), "review_form": form}, status=400)


def _review(request, pk) -> Review:
    return get_object_or_404(scope_for(request.user).by_org_path(
        Review.objects.select_related("resolution", "resolution__organization"), "resolution__org_path"), pk=pk)


@login_required
def review_detail(request, pk):
    review = _review(request, pk)
    rows = [{**x, "verdict_label": target_rules.VERDICT_LABELS[x["verdict"]]} for x in review.results]
    from dangbo.reports.render import actual_text

    for x in rows:
        x["actual_text"] = actual_text(x)
    return render(request, "resolutions/review.html", {"review": review, "r": review.resolution, "rows": rows,
                                                       "can_write": _can_write(request, review.resolution)})


@login_required
@require_POST
def review_recompute(request, pk):
    review = _review(request, pk)
    if not _can_write(request, review.resolution):
        raise PermissionDenied("Bạn không có quyền tính lại kỳ đánh giá này.")
    actions.run_review(request.user, review.resolution, kind=review.kind, review_date=review.review_date,
                       review=review)
    messages.success(request, "Đã tính lại từ dữ liệu hiện có.")
    return redirect("resolutions:review", pk=review.pk)


@login_required
def admissions(request):
    """The members admitted into an organisation's subtree in a period: the records behind a target."""
    from dangbo.reports.web import readable_org

    f = AdmissionsFilter(request.GET)
    if not f.is_valid():
        raise Http404("Thiếu tổ chức hoặc khoảng thời gian.")
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
    if not _can_write(request, target.resolution):
        raise PermissionDenied("Bạn không có quyền xóa chỉ tiêu này.")
    actions.remove_target(request.user, target)
    messages.success(request, f"Đã xóa chỉ tiêu «{target.label}».")
    return redirect("resolutions:detail", pk=target.resolution_id)
