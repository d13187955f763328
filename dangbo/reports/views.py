"""The year-end report on the web: the dashboard (HTML, charts in CSS/SVG), .docx and PDF downloads, news text."""

import os
import tempfile

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from dangbo.core import cached
from dangbo.core.generic import attachment
from dangbo.core.i18n import in_vietnamese
from dangbo.core.scopes import READ, scope_for
from dangbo.organizations.pickers import default_org, readable_org

from . import actions, news
from . import data as report_data
from . import jobs as report_jobs
from . import render as renderers
from .web import OrgYearForm


def _chosen(request):
    """(form, org, year) from ?to_chuc=&nam= (defaults: the user's organisation, last year)."""
    scope = scope_for(request.user)
    scope.require(READ, message=gettext_lazy("Báo cáo chỉ dành cho cấp ủy, văn phòng và cấp trên."))
    today = timezone.localdate()
    year_default = today.year if today.month == 12 else today.year - 1
    org = default_org(request)
    params = {"to_chuc": request.GET.get("to_chuc") or (org.pk if org else ""),
              "nam": request.GET.get("nam") or year_default}
    form = OrgYearForm(params, scope=scope)
    if not form.is_valid():
        return form, None, None
    return form, readable_org(request, form.cleaned_data["to_chuc"]), form.cleaned_data["nam"]


def _chosen_or_404(request):
    """(org, year) of a download: both must be chosen."""
    _, org, year = _chosen(request)
    if org is None:
        raise Http404(gettext_lazy("Chọn tổ chức đảng và năm."))
    return org, year


def _build(request, org, year):
    return report_data.build(scope_for(request.user), org, year, made_on=timezone.localdate(),
                             place=request.GET.get("dia_danh", ""))


def _page_report(request, org, year):
    """The report as the dashboard keeps it in the cache: without the list of every organisation of the subtree,
    which only the report's checks read (295.000 at the national root: most of the value unpickled each request)."""
    data = _build(request, org, year)
    if isinstance(data.get("members"), dict):
        data["members"] = {k: v for k, v in data["members"].items() if k != "sub_orgs"}
    return data


@login_required
@require_GET
def dashboard(request):
    form, org, year = _chosen(request)
    ctx = {"form": form, "org": org, "year": year}
    if org is not None:
        # The page's report is cached until the next write (core/cached.py); the downloads build their own.
        report = cached.counted("report-dashboard", (repr(scope_for(request.user)), org.pk, org.path, year,
                                                     timezone.localdate(), request.GET.get("dia_danh", ""),
                                                     translation.get_language()),
                                lambda: _page_report(request, org, year), paths=[org.path])
        data = report.value
        ctx.update(data=data, counted_at=cached.lagging(report), ctx=renderers.context(data, timezone.localdate()),
                   trend_max=max((t["total"] or 0 for t in data["trend"]), default=0) or 1,
                   news=in_vietnamese(news.news_text)(data))  # text to publish, like the .docx
    return render(request, "reports/dashboard.html", ctx)


def _filename(org, year, ext):
    return f"bao-cao-tong-ket-{year}-{org.code}.{ext}"


@login_required
@require_GET
@in_vietnamese  # the report is a Party document: Vietnamese whatever the page's language
def download_docx(request):
    org, year = _chosen_or_404(request)
    data = _build(request, org, year)
    fh = tempfile.TemporaryFile()
    renderers.render_docx(data, fh, made_on=timezone.localdate())
    fh.seek(0)
    actions.record_year_end(request.user, org, year, formats=["docx"], via="web")
    return FileResponse(fh, as_attachment=True, filename=_filename(org, year, "docx"),
                        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document")


@login_required
@require_GET
@in_vietnamese  # the report is a Party document: Vietnamese whatever the page's language
def download_pdf(request):
    org, year = _chosen_or_404(request)
    if renderers.soffice() is None:
        return HttpResponse("Máy chủ chưa cài LibreOffice nên chưa xuất được PDF; hãy tải tệp .docx.",
                            status=503, content_type="text/plain; charset=utf-8")
    data = _build(request, org, year)
    with tempfile.TemporaryDirectory(prefix="dangbo-report-") as work:
        docx = os.path.join(work, _filename(org, year, "docx"))
        with open(docx, "wb") as fh:
            renderers.render_docx(data, fh, made_on=timezone.localdate())
        pdf = os.path.join(work, _filename(org, year, "pdf"))
        renderers.docx_to_pdf(docx, pdf)
        with open(pdf, "rb") as fh:
            body = fh.read()
    actions.record_year_end(request.user, org, year, formats=["pdf"], via="web")
    return attachment(body, _filename(org, year, "pdf"), "application/pdf")


@login_required
@require_GET
@in_vietnamese  # the report is a Party document: Vietnamese whatever the page's language
def news_txt(request):
    org, year = _chosen_or_404(request)
    return HttpResponse(news.news_text(_build(request, org, year)), content_type="text/plain; charset=utf-8")


@login_required
@require_POST
def year_end_background(request):
    """The .docx of a large organisation built by the worker (reports/jobs.py); the job's page shows the progress."""
    scope = scope_for(request.user)
    scope.require(READ, message=gettext_lazy("Báo cáo chỉ dành cho cấp ủy, văn phòng và cấp trên."))
    form = OrgYearForm(request.POST, scope=scope)
    if not form.is_valid():
        raise Http404(gettext_lazy("Chọn tổ chức đảng và năm."))
    org = readable_org(request, form.cleaned_data["to_chuc"])
    job = report_jobs.enqueue_year_end(request.user, org, form.cleaned_data["nam"])
    return redirect(reverse("core:job", args=[job.pk]))
