"""Upper level consolidation on the web (issue 12): the page of an organisation and a year (who of its
organisations has and has not submitted, accept and return; its own submission to the level above), the
consolidated report as .docx, PDF, news text and the bảng tổng hợp .xlsx."""

from __future__ import annotations

import os
import tempfile

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from dangbo.core.forms import StyledForm
from dangbo.core.generic import ActionButtonView, PostedFormView, ScopedObjectMixin, attachment
from dangbo.core.i18n import in_vietnamese
from dangbo.core.scopes import READ, scope_for
from dangbo.organizations.pickers import default_org, readable_org, writable_org

from . import consolidated, submissions
from .models import Kind, Submission, SubmissionState
from .web import OrgYearForm

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class ConsolidationForm(OrgYearForm):
    co_so = forms.ChoiceField(label=_("Số liệu tổng hợp từ"), required=False, choices=[
        ("accepted", _("các báo cáo cấp trên đã nhận")), ("submitted", _("mọi báo cáo đã nộp"))])


class SubmitForm(StyledForm):
    organization = forms.IntegerField(widget=forms.HiddenInput)
    year = forms.IntegerField(widget=forms.HiddenInput, min_value=1930, max_value=2100)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ReturnForm(StyledForm):
    comment = forms.CharField(label=_("Ý kiến trả lại (cần sửa gì)"), max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


def _chosen(request):
    scope = scope_for(request.user)
    scope.require(READ, message=_("Báo cáo chỉ dành cho cấp ủy, văn phòng và cấp trên."))
    today = timezone.localdate()
    org = default_org(request)
    params = {"to_chuc": request.GET.get("to_chuc") or (org.pk if org else ""),
              "nam": request.GET.get("nam") or (today.year if today.month == 12 else today.year - 1),
              "co_so": request.GET.get("co_so") or "accepted"}
    form = ConsolidationForm(params, scope=scope)
    if not form.is_valid():
        return form, None, None, "accepted"
    return (form, readable_org(request, form.cleaned_data["to_chuc"]), form.cleaned_data["nam"],
            form.cleaned_data["co_so"] or "accepted")


def page_url(org, year, basis="accepted") -> str:
    q = {"to_chuc": org.pk, "nam": year}
    if basis != "accepted":
        q["co_so"] = basis
    return reverse("reports:consolidation") + "?" + urlencode(q)


@login_required
@require_GET
def consolidation(request):
    form, org, year, basis = _chosen(request)
    ctx = {"form": form, "org": org, "year": year, "basis": basis}
    if org is not None:
        scope = scope_for(request.user)
        data = consolidated.build(scope, org, year, basis=basis, made_on=timezone.localdate())
        subs = {s.pk: s for s in Submission.objects.scoped(scope, READ).filter(
            pk__in=[r["submission"] for r in data["rows"] if r["submission"]])}
        for r in data["rows"]:
            r["sub"] = subs.get(r["submission"])
        own = None
        if org.parent_id:
            own = Submission.objects.filter(organization=org, kind=Kind.YEAR_END, year=year).first()
        query = urlencode({"to_chuc": org.pk, "nam": year, "co_so": basis})
        ctx.update(data=data, lines=consolidated.lines(data), query=query,
                   can_decide=scope.can_write_path(org.path),
                   own=own, can_submit=org.parent_id is not None and scope.can_write_path(org.path)
                   and (own is None or own.state in (SubmissionState.DRAFT, SubmissionState.RETURNED)),
                   submit_form=SubmitForm(initial={"organization": org.pk, "year": year,
                                                   "version": own.version if own else None}),
                   return_form=ReturnForm())
    return render(request, "reports/consolidation.html", ctx)


class SubmitView(PostedFormView):
    """The chosen organisation submits its year to the level above (a button on the page)."""

    form_class = SubmitForm
    invalid_message = _("Thiếu tổ chức hoặc năm nộp.")
    writers_only = _("Bạn không có quyền nộp báo cáo.")

    def check(self):
        self.scope.require("write", message=self.writers_only)

    def perform(self, form):
        cd = form.cleaned_data
        org = writable_org(self.request, cd["organization"])
        return submissions.submit(self.request.user, organization=org, year=cd["year"], version=cd["version"])

    def get_success_message(self, result, form=None) -> str:
        return str(_("Đã nộp báo cáo năm %(year)s lên %(upper)s.") % {"year": result.year,
                                                                       "upper": result.upper.name})

    def back_url(self, form, result) -> str:
        cd = getattr(form, "cleaned_data", {}) or {}
        if cd.get("organization") and cd.get("year"):
            return reverse("reports:consolidation") + "?" + urlencode({"to_chuc": cd["organization"],
                                                                        "nam": cd["year"]})
        return reverse("reports:consolidation")


submit = SubmitView.as_view()


class SubmissionMixin(ScopedObjectMixin):
    model = Submission
    select_related = ("organization", "upper")
    denied = _("Bạn không có quyền xem báo cáo của «{obj.organization.name}».")

    def success_url(self, result):
        sub = self.object
        return page_url(sub.upper, sub.year)


class AcceptView(SubmissionMixin, ActionButtonView):
    def perform(self):
        return submissions.accept(self.request.user, self.object,
                                  version=_int(self.request.POST.get("version")))

    def get_success_message(self, result) -> str:
        return str(_("Đã nhận báo cáo của %(org)s.") % {"org": result.organization.name})


accept = AcceptView.as_view()


class ReturnView(SubmissionMixin, PostedFormView):
    form_class = ReturnForm
    invalid_message = _("Ghi ý kiến khi trả lại báo cáo (cần sửa gì).")

    def perform(self, form):
        return submissions.return_(self.request.user, self.object, comment=form.cleaned_data["comment"],
                                   version=form.cleaned_data["version"])

    def get_success_message(self, result, form=None) -> str:
        return str(_("Đã trả lại báo cáo của %(org)s.") % {"org": result.organization.name})

    def back_url(self, form, result) -> str:
        return self.success_url(result)


return_submission = ReturnView.as_view()


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _data(request):
    _form, org, year, basis = _chosen(request)
    if org is None:
        raise Http404(_("Chọn tổ chức đảng và năm."))
    return org, consolidated.build(scope_for(request.user), org, year, basis=basis, made_on=timezone.localdate())


@login_required
@require_GET
@in_vietnamese  # a Party document: Vietnamese whatever the page's language
def download_docx(request):
    org, data = _data(request)
    body = consolidated.render_docx(data, timezone.localdate())
    submissions.record_consolidated(request.user, org, data["year"], formats=["docx"], via="web",
                                    coverage=data["coverage"])
    return attachment(body, consolidated.filename(data, "docx"), DOCX)


@login_required
@require_GET
@in_vietnamese
def download_xlsx(request):
    org, data = _data(request)
    body = consolidated.render_xlsx(data)
    submissions.record_consolidated(request.user, org, data["year"], formats=["xlsx"], via="web",
                                    coverage=data["coverage"])
    return attachment(body, consolidated.filename(data, "xlsx").replace("bao-cao", "bang"), XLSX)


@login_required
@require_GET
@in_vietnamese
def download_pdf(request):
    from . import render as renderers

    org, data = _data(request)
    if renderers.soffice() is None:
        return HttpResponse("Máy chủ chưa cài LibreOffice nên chưa xuất được PDF; hãy tải tệp .docx.",
                            status=503, content_type="text/plain; charset=utf-8")
    with tempfile.TemporaryDirectory(prefix="dangbo-tonghop-") as work:
        docx = os.path.join(work, consolidated.filename(data, "docx"))
        with open(docx, "wb") as fh:
            fh.write(consolidated.render_docx(data, timezone.localdate()))
        pdf = os.path.join(work, consolidated.filename(data, "pdf"))
        renderers.docx_to_pdf(docx, pdf)
        with open(pdf, "rb") as fh:
            body = fh.read()
    submissions.record_consolidated(request.user, org, data["year"], formats=["pdf"], via="web",
                                    coverage=data["coverage"])
    return attachment(body, consolidated.filename(data, "pdf"), "application/pdf")


@login_required
@require_GET
@in_vietnamese
def news_txt(request):
    _org, data = _data(request)
    return HttpResponse(consolidated.news_text(data), content_type="text/plain; charset=utf-8")
