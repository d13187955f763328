"""Pages under /xuat/: what the user can export, the downloads, and the yearly statistics.

Every view is GET only, login_required, and reads through `scope_for(request.user)`; an organisation chosen
in the query string must be among the user's options (otherwise the form is invalid and nothing is sent).
"""

import tempfile

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from dangbo.core.forms import StyledForm
from dangbo.core.scopes import READ, ScopeDenied, scope_for
from dangbo.members.filters import MemberFilterSet, org_options
from dangbo.organizations import queries as org_queries
from dangbo.organizations.forms import OrgChoiceField
from dangbo.organizations.models import Organization

from .. import exports, jobs, statistics, templates_xlsx

FORMAT_PARAM = "dinh_dang"


class OrgExportForm(StyledForm):
    to_chuc = OrgChoiceField(label=_("Tổ chức"), queryset=Organization.objects.none(), required=False,
                             empty_label=_("Tất cả"))
    da_ket_thuc = forms.BooleanField(label=_("Gồm cả tổ chức đã kết thúc hoạt động"), required=False)

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_chuc"].queryset = organizations


class StatisticsForm(StyledForm):
    nam = forms.IntegerField(label=_("Năm"), min_value=1930, max_value=2100)
    to_chuc = OrgChoiceField(label=_("Tổ chức"), queryset=Organization.objects.none(), required=False,
                             empty_label=None)

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_chuc"].queryset = organizations
        self.fields["nam"].widget.attrs.update({"inputmode": "numeric"})


def _require_some_scope(scope):
    if scope.is_empty:
        raise ScopeDenied(_("Bạn chưa được phân quyền xem dữ liệu nào."))


def _format(request) -> str:
    fmt = request.GET.get(FORMAT_PARAM, exports.XLSX) or exports.XLSX
    return fmt if fmt in exports.FORMATS else ""


def _invalid(form=None, message="") -> HttpResponseBadRequest:
    errors = [str(e) for errs in (form.errors.values() if form else []) for e in errs]
    text = str(message) if message else gettext("Điều kiện lọc không hợp lệ: %(errors)s") % {"errors": " ".join(errors)}
    return HttpResponseBadRequest(text, content_type="text/plain; charset=utf-8")


def _send(fh, result: exports.ExportResult) -> FileResponse:
    fh.seek(0)
    return FileResponse(fh, as_attachment=True, filename=result.filename, content_type=result.content_type)


def _spool():
    # An anonymous temporary file: deleted when the response closes it, on every platform.
    return tempfile.TemporaryFile()


# -- the page -----------------------------------------------------------------------------------------------
@login_required
@require_GET
def index(request):
    scope = scope_for(request.user)
    _require_some_scope(scope)
    can_read_orgs = scope.can_read_any
    return render(request, "exchange/export_index.html", {
        "can_read_orgs": can_read_orgs,
        "can_write": scope.can_write_any,
        "sensitive": exports.may_export_sensitive(scope),
        "year": _default_year(),
    })


# -- lists ----------------------------------------------------------------------------------------------
@login_required
@require_GET
def members(request):
    scope = scope_for(request.user)
    _require_some_scope(scope)
    fmt = _format(request)
    filterset = MemberFilterSet(request.GET or None, scope=scope)  # the list page's own conditions
    if not fmt:
        return _invalid(message=_("Định dạng không hỗ trợ; chọn xlsx hoặc csv."))
    if filterset.is_bound and not filterset.is_valid():
        return _invalid(filterset.form)
    fh = _spool()
    result = exports.export_members(scope, filterset.member_filter(), fmt, fh, actor=request.user,
                                    today=timezone.localdate())
    return _send(fh, result)


def _org_filtered_export(request, write):
    """An export filtered by one organisation (to_chuc) in the user's scope: organisations and due work."""
    scope = scope_for(request.user)
    _require_some_scope(scope)
    fmt = _format(request)
    orgs = org_options(scope, request.GET.get("to_chuc", ""))
    form = OrgExportForm(request.GET, organizations=orgs)
    if not fmt:
        return _invalid(message=_("Định dạng không hỗ trợ; chọn xlsx hoặc csv."))
    if not form.is_valid():
        return _invalid(form)
    fh = _spool()
    return _send(fh, write(scope, fmt, fh, form.cleaned_data))


@login_required
@require_GET
def organizations(request):
    return _org_filtered_export(request, lambda scope, fmt, fh, cd: exports.export_organizations(
        scope, fmt, fh, actor=request.user, org=cd["to_chuc"], include_ended=cd["da_ket_thuc"]))


@login_required
@require_GET
def due(request):
    return _org_filtered_export(request, lambda scope, fmt, fh, cd: exports.export_due(
        scope, fmt, fh, actor=request.user, today=timezone.localdate(), org=cd["to_chuc"]))


# -- templates --------------------------------------------------------------------------------------------
def _template(request, kind: str):
    scope = scope_for(request.user)
    _require_some_scope(scope)
    fh = _spool()
    name = templates_xlsx.build_template(kind, scope, fh)
    fh.seek(0)
    return FileResponse(fh, as_attachment=True, filename=name, content_type=exports.CONTENT_TYPES["xlsx"])


@login_required
@require_GET
def template_members(request):
    return _template(request, "member")


@login_required
@require_GET
def template_organizations(request):
    return _template(request, "organization")


# -- statistics ---------------------------------------------------------------------------------------------
def _default_year() -> int:
    today = timezone.localdate()
    return today.year if today.month == 12 else today.year - 1


def _statistics_scope(request):
    """(the user's scope, refused to those who read no organisation; its roots, the first the default)."""
    scope = scope_for(request.user)
    scope.require(READ, message=_("Thống kê dành cho người được phân quyền xem một tổ chức đảng."))
    return scope, list(org_queries.roots(scope).order_by("path"))


def _statistics_org(form, scope, roots):
    """(the organisation of the statistics: the one chosen, else the user's first, None (all) for an administrator
    only; the answer refusing them when there is none)."""
    org = form.cleaned_data["to_chuc"] or (roots[0] if roots else None)
    if org is None and not scope.is_admin:
        return None, _invalid(message=_("Chưa chọn tổ chức đảng."))
    return org, None


@login_required
@require_GET
def statistics_view(request):
    scope, roots = _statistics_scope(request)
    options = org_options(scope, request.GET.get("to_chuc", ""))
    data = request.GET.copy() if "nam" in request.GET else None
    form = StatisticsForm(data, organizations=options,
                          initial={"nam": _default_year(),
                                   "to_chuc": request.GET.get("to_chuc") or (roots[0].pk if roots else None)})
    stats = None
    if form.is_bound and form.is_valid():
        org, refused = _statistics_org(form, scope, roots)
        if refused is not None:
            return refused
        if request.GET.get(FORMAT_PARAM) == exports.XLSX:
            fh = _spool()
            prepared_by = request.user.get_full_name() or request.user.get_username()
            stats = statistics.export_statistics(scope, form.cleaned_data["nam"], org, fh, actor=request.user,
                                                 prepared_by=prepared_by)
            fh.seek(0)
            name = f"thong-ke-{stats.organization_code or 'tat-ca'}-{stats.year}.xlsx"
            return FileResponse(fh, as_attachment=True, filename=name,
                                content_type=exports.CONTENT_TYPES["xlsx"])
        stats = statistics.year_statistics(scope, form.cleaned_data["nam"], org)
    elif form.is_bound:
        return render(request, "exchange/export_statistics.html", {"form": form, "stats": None}, status=400)
    return render(request, "exchange/export_statistics.html", {
        "form": form, "stats": stats, "query": request.GET.urlencode(),
        "reorganization_as_transfers": org_queries.reorganization_settings().count_as_transfers})


@login_required
@require_POST
def statistics_background(request):
    """The statistics workbook made by the worker (jobs.run_statistics); the job's page shows the progress."""
    scope, roots = _statistics_scope(request)
    form = StatisticsForm(request.POST, organizations=org_options(scope, request.POST.get("to_chuc", "")))
    if not form.is_valid():
        return _invalid(form)
    org, refused = _statistics_org(form, scope, roots)
    if refused is not None:
        return refused
    if org is not None:
        scope.require(READ, org)
    job = jobs.enqueue_statistics(request.user, form.cleaned_data["nam"], org)
    return redirect(reverse("core:job", args=[job.pk]))
