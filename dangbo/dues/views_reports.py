"""Dues reports and imports on pages: the sổ thu nộp (page and .xlsx), arrears, the subtree summary, the portal
payments import and the payroll import of dues bases (upload, preview, commit)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from dangbo.core import audit
from dangbo.core.generic import XLSX, attachment
from dangbo.core.i18n import in_vietnamese
from dangbo.core.scopes import READ, WRITE, scope_for
from dangbo.organizations.models import Organization
from dangbo.organizations.pickers import org_choices
from dangbo.rules import dues as rules
from dangbo.rules.dues_params import CATEGORIES
from dangbo.rules.text import format_number

from . import payroll, portal, queries
from . import report as report_builder
from .exports import book_xlsx, summary_xlsx
from .forms import PayrollForm, PortalForm
from .views import pick_org, unconfirmed_rules


def _year(request) -> int:
    try:
        year = int(request.GET.get("nam") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    return year if 2011 <= year <= 2100 else timezone.localdate().year


def _readable_org_page(request):
    scope = scope_for(request.user)
    scope.require(READ, message=_("Bạn không có quyền xem sổ đảng phí của tổ chức nào."))
    return scope, pick_org(request)


@login_required
@require_GET
def book(request):
    """Sổ thu nộp đảng phí: paid per member and month, owed for the year, remittances."""
    scope, org = _readable_org_page(request)
    year = _year(request)
    data = queries.book(org, year) if org else None
    writable = set(scope.writable_organizations(Organization.objects.all()).values_list("pk", flat=True))
    return render(request, "dues/book.html", {"org": org, "year": year, "data": data, "orgs": org_choices(scope),
                                              "months": range(1, 13), "writable": writable})


@in_vietnamese  # a filed book: Vietnamese whatever the page's language
def _xlsx_export(request, build, to_xlsx, what, file_name: str):
    """The chosen organisation's `build(org, year)` as an .xlsx download named `file_name`-CODE-YEAR, recorded as
    «Xuất `what(data, year)` của …»: a plain record, not a registered action (an export changes no data; the event
    only says who took what)."""
    org = _readable_org_page(request)[1]
    if org is None:
        raise Http404(_("Chọn tổ chức đảng."))
    year = _year(request)
    data = build(org, year)
    audit.record("export.dues", actor=request.user, obj=org, org_path=org.path,
                 summary=f"Xuất {what(data, year)} của {org.name}")
    return attachment(to_xlsx(data), f"{file_name}-{org.code}-{year}.xlsx", XLSX)


@login_required
@require_GET
def book_export(request):
    return _xlsx_export(request, queries.book, book_xlsx, lambda data, year: f"sổ thu nộp đảng phí năm {year}",
                        "so-dang-phi")


@login_required
@require_GET
def arrears(request):
    """Who owes which months of the year (months already over), and who is 3 months unpaid: a finding."""
    scope, org = _readable_org_page(request)
    year = _year(request)
    today = timezone.localdate()
    until = rules.add_months(rules.month_start(today), -1) if year == today.year else rules.month_start(
        today.replace(year=year, month=12, day=1))
    rows = queries.arrears(org.path, year, until) if org else []
    return render(request, "dues/arrears.html", {"org": org, "year": year, "rows": rows, "orgs": org_choices(scope),
                                                 "until": rules.month_label(until)})


def _bounded(request, name: str, top: int) -> int | None:
    raw = request.GET.get(name)
    return int(raw) if raw and raw.isdigit() and 1 <= int(raw) <= top else None


@login_required
@require_GET
def summary(request):
    """Owed, collected, remitted and kept of a subtree for a month, a quarter or the year, with the top-down
    reconciliation (what each level says it received against what its children say they remitted)."""
    scope, org = _readable_org_page(request)
    year = _year(request)
    month, quarter = _bounded(request, "thang_so", 12), _bounded(request, "quy", 4)
    data = report_builder.build(org, year, month, quarter) if org else None
    writable = set(scope.writable_organizations(Organization.objects.all()).values_list("pk", flat=True))
    return render(request, "dues/summary.html", {
        "org": org, "year": year, "month": month, "quarter": quarter, "data": data, "orgs": org_choices(scope),
        "unconfirmed": unconfirmed_rules(), "months": range(1, 13), "quarters": range(1, 5),
        "to_confirm": [r for r in queries.unconfirmed_remittances(org, year, month, quarter)
                       if r.to_organization_id in writable] if data else []})


@login_required
@require_GET
def summary_export(request):
    month, quarter = _bounded(request, "thang_so", 12), _bounded(request, "quy", 4)
    return _xlsx_export(request, lambda org, year: report_builder.build(org, year, month, quarter), summary_xlsx,
                        lambda data, year: f"báo cáo đảng phí {data['period']}", "bao-cao-dang-phi")


def _upload_dir() -> Path:
    return Path(settings.DATA_DIR) / "imports" / "dues"


def _two_steps(request, importer, form_class, *, page, template, denied, committed, shown, after=None):
    """Upload a file → preview (nothing written) → commit: `importer.preview` / `importer.commit(actor, path)`.
    The preview names the kept file (`tep`) that the commit reads again; `committed(result)` is the message after
    the commit (then to `after`, else the page again), `shown(result)` what the page shows of a preview. A refused
    commit is an error message on the page again."""
    scope_for(request.user).require(WRITE, message=denied)
    form = form_class(request.POST or None, request.FILES or None)
    preview = None
    if request.method == "POST" and request.POST.get("tep"):
        path = _upload_dir() / Path(request.POST["tep"]).name  # never a path from the user
        if not path.exists():
            messages.error(request, _("Tệp xem trước không còn; hãy tải lên lại."))
            return redirect(page)
        try:
            result = importer.commit(request.user, path)
        except ValidationError as e:
            messages.error(request, " ".join(e.messages))
            return redirect(page)
        messages.success(request, committed(result))
        return redirect(after or page)
    if request.method == "POST" and form.is_valid():
        path = _saved_upload(form)
        if path is not None:
            try:
                result = importer.preview(request.user, path)
            except ValidationError as e:
                form.add_error("file", " ".join(e.messages))
            else:
                preview = {"tep": path.name, **shown(result)}
    return render(request, template, {"form": form, "preview": preview})


@login_required
def portal_import(request):
    """Upload the portal's export → preview (nothing written) → commit every good line or none."""
    return _two_steps(
        request, portal, PortalForm, page="dues:portal", template="dues/portal.html", after="dues:sheet",
        denied=_("Bạn không có quyền nhập đảng phí."),
        committed=lambda r: _("Đã nhập %(good)s khoản nộp, %(total)s đồng; %(unmatched)s dòng không khớp, %(errors)s "
                              "dòng lỗi.") % {"good": format_number(len(r.good)), "total": format_number(r.total),
                                             "unmatched": format_number(len(r.unmatched)),
                                             "errors": format_number(len(r.errors))},
        shown=lambda r: {"data": r.as_dict()})


def _saved_upload(form) -> Path | None:
    """The uploaded file kept under the data directory by its content's hash (the commit step names it)."""
    upload = form.cleaned_data["file"]
    data = upload.read()
    suffix = Path(upload.name).suffix.lower()
    if suffix not in (".xlsx", ".xls", ".csv", ".ods"):
        form.add_error("file", _("Tệp phải là .xlsx, .xls, .ods hoặc .csv."))
        return None
    _upload_dir().mkdir(parents=True, exist_ok=True)
    path = _upload_dir() / f"{hashlib.sha256(data).hexdigest()[:24]}{suffix}"
    path.write_bytes(data)
    return path


@login_required
def payroll_import(request):
    """Mức đóng from a payroll file: upload → preview of every row (nothing written) → commit all rows, only when
    no row is faulty (all or nothing)."""
    return _two_steps(
        request, payroll, PayrollForm, page="dues:payroll", template="dues/payroll.html",
        denied=_("Bạn không có quyền đặt mức đóng đảng phí."),
        committed=lambda r: _("Đã nhập mức đóng đảng phí của %(count)s đảng viên.") % {
            "count": format_number(len(r.rows))},
        shown=lambda r: {"errors": r.errors, "rows": [
            {"row": x.row, "name": x.member.full_name, "category": _(CATEGORIES[x.category]), "base": x.base,
             "region": x.region, "from_month": rules.month_label(x.from_month)} for x in r.rows]})
