"""The report documents on the web (issue 12): the organisation's documents, one document's page (each section
with its figures, edit and history; the transitions as forms and buttons), the .docx and PDF, the upload back."""

from __future__ import annotations

import os
import tempfile

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dangbo.core.generic import (
    ActionButtonView,
    ActionFormView,
    ObjectPage,
    PageFormView,
    ScopedDetailView,
    ScopedObjectMixin,
    ScopedView,
    attachment,
)
from dangbo.core.i18n import in_vietnamese
from dangbo.core.scopes import READ
from dangbo.organizations.pickers import chosen_org, writable_org

from . import actions, narrative, typed
from . import sections as S
from .models import ReportDocument, State
from .web import ApproveForm, DateForm, IssueForm, ReportDocumentForm, SectionForm, TypedFigureForm, UploadForm

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class DocumentList(ScopedView):
    """The report documents of one organisation (`?to_chuc=`, else the user's first), newest year first."""

    def get(self, request):
        self.scope.require(READ, message=_("Báo cáo chỉ dành cho cấp ủy, văn phòng và cấp trên."))
        org = chosen_org(request)
        docs = []
        if org is not None:
            docs = list(ReportDocument.objects.scoped(self.scope, READ).filter(organization=org)
                        .select_related("organization").order_by("-year", "id"))
        form = ReportDocumentForm(scope=self.scope, prefix="vk", initial={
            "organization": org.pk if org else None, "year": timezone.localdate().year})
        return render(request, "reports/documents/list.html", {
            "org": org, "docs": docs, "form": form,
            "can_write": org is not None and self.scope.can_write_path(org.path)})


document_list = DocumentList.as_view()


class DocumentCreate(ActionFormView):
    success_message, result_url = _("Đã lập dự thảo {result}."), "reports:document"
    template_name = "reports/documents/create.html"
    writers_only = _("Bạn không có quyền lập báo cáo.")
    field_map = {"organization": "organization", "year": "year", "conference_on": "conference_on", "kind": "kind"}

    def get_form(self, data=None):
        return ReportDocumentForm(data, scope=self.scope, prefix="vk",
                                  initial={"year": timezone.localdate().year})

    def perform(self, form):
        cd = form.cleaned_data
        org = writable_org(self.request, cd["organization"])
        return actions.create_document(self.request.user, organization=org, year=cd["year"], place=cd["place"],
                                       conference_on=cd["conference_on"], kind=cd["kind"])


document_create = DocumentCreate.as_view()


class DocumentMixin(ScopedObjectMixin):
    model = ReportDocument
    select_related = ("organization", "approved_by", "issued_by")
    denied = _("Bạn không có quyền sửa báo cáo của «{obj.organization.name}».")
    template_name = "reports/documents/detail.html"
    page_url = "reports:document"

    def page_context(self, **bound) -> dict:
        doc = self.object
        today = timezone.localdate()
        figures = narrative.figures_of(self.scope, doc, doc.conference_on or today)
        can_write = self.scope.can_write_path(doc.org_path)
        ctx = {"doc": doc, "rows": narrative.section_rows(doc, figures), "can_write": can_write,
               "draft": doc.state == State.DRAFT, "approved": doc.state == State.APPROVED,
               "issued": doc.state == State.ISSUED}
        if can_write and doc.state != State.ISSUED:
            ctx["date_form"] = bound.get("date_form") or DateForm(
                initial={"conference_on": doc.conference_on, "place": doc.place, "version": doc.version})
        if can_write and doc.state == State.DRAFT:
            ctx["approve_form"] = bound.get("approve_form") or ApproveForm(
                initial={"approved_on": today, "version": doc.version})
            ctx["upload_form"] = bound.get("upload_form") or UploadForm()
            start, end = typed.document_period(doc)
            ctx["figure_form"] = bound.get("figure_form") or TypedFigureForm(
                doc=doc, initial={"period_start": start, "period_end": end})
            ctx["suggestions"] = typed.SUGGESTIONS
        ctx["typed_count"] = doc.typed_figures.count()
        if can_write and doc.state == State.APPROVED:
            ctx["issue_form"] = bound.get("issue_form") or IssueForm(initial=self.issue_initial(doc, today))
        return ctx

    @staticmethod
    def issue_initial(doc, today) -> dict:
        """The signer offered: who was bí thư (else phó bí thư) on the document's date, from the committee."""
        from .heading import signer_as_of

        title, signer = signer_as_of(doc.organization, doc.conference_on or today)
        return {"issued_on": today, "version": doc.version, "signer_title": title, "signer": signer}


class DocumentPage(DocumentMixin, ObjectPage):
    pass


document_page = DocumentPage.as_view()


class OnDocument(DocumentMixin, PageFormView):
    """A form posted on the document's page (write scope)."""

    write = True


document_approve = OnDocument.as_view(
    form_class=ApproveForm, action=actions.approve_document, slot="approve_form",
    field_map={"sections": None, "state": None}, success_message=_("Đã ghi cấp ủy thông qua báo cáo."))
document_issue = OnDocument.as_view(
    form_class=IssueForm, action=actions.issue_document, slot="issue_form", field_map={"state": None, "number": None},
    success_message=_("Đã ban hành báo cáo, số {result.symbol}."))


document_date = OnDocument.as_view(
    form_class=DateForm, action=actions.set_document_date, slot="date_form", field_map={"state": None},
    success_message=_("Đã sửa ngày văn bản."))


class DocumentUpload(OnDocument):
    """An edited .docx read back into new versions of its sections (all or nothing)."""

    slot = "upload_form"

    def get_form(self, data=None):
        return UploadForm(data, self.request.FILES or None)

    def perform(self, form):
        return actions.upload_docx(self.request.user, self.object, blob=form.cleaned_data["file"].read())

    def get_success_message(self, result, form=None) -> str:
        if not result:
            return str(_("Tệp tải lên không thay đổi mục nào."))
        return str(_("Đã cập nhật từ tệp: %(sections)s.") % {"sections": ", ".join(f"«{x}»" for x in result)})


document_upload = DocumentUpload.as_view()


class FigureAdd(DocumentMixin, PageFormView):
    """A typed figure entered on the document's page (a draft): refusals shown on the form, naming the field."""

    write = True
    slot = "figure_form"
    success_message = _("Đã nhập số liệu «{result.label}».")
    field_map = {"state": None}

    def get_form(self, data=None):
        return TypedFigureForm(data, doc=self.object)

    def perform(self, form):
        cd = form.cleaned_data
        return actions.save_figure(self.request.user, self.object, section=cd["section"], label=cd["label"],
                                   value=cd["value"], unit=cd["unit"], period_start=cd["period_start"],
                                   period_end=cd["period_end"], source=cd["source"])


figure_add = FigureAdd.as_view()


class FigureRemove(DocumentMixin, ActionButtonView):
    write = True
    success_message = _("Đã xóa số liệu nhập.")

    def perform(self):
        figure = get_object_or_404(self.object.typed_figures, pk=self.kwargs["figure"])
        return actions.remove_figure(self.request.user, figure)


figure_remove = FigureRemove.as_view()


class DocumentButton(DocumentMixin, ActionButtonView):
    write = True


document_reopen = DocumentButton.as_view(action=actions.reopen_document,
                                         success_message=_("Đã trả báo cáo về dự thảo."))


class SectionMixin(DocumentMixin):
    @property
    def section(self):
        if self.kwargs["section"] not in S.by_key(self.object.kind):
            raise Http404(_("Không có mục này trong báo cáo."))
        return get_object_or_404(self.object.sections, key=self.kwargs["section"])

    @property
    def heading(self):
        return S.by_key(self.object.kind)[self.kwargs["section"]]


class SectionEdit(SectionMixin, ActionFormView):
    """One section's text. `?nam_truoc=1` fills the editor with the same section of last year's document."""

    write = True
    template_name = "reports/documents/section.html"
    success_message = _("Đã lưu mục «{result.label}».")

    def get_form(self, data=None):
        s = self.section
        text = s.text
        if data is None and self.request.GET.get("nam_truoc"):
            text = narrative.previous_text(s) or text
        return SectionForm(data, initial={"text": text, "version": s.version})

    def perform(self, form):
        s = actions.save_section(self.request.user, self.section, text=form.cleaned_data["text"],
                                 version=form.cleaned_data["version"])
        s.label = S.label(self.heading, self.object.year)
        return s

    def get_context(self, form):
        doc, s = self.object, self.section
        return {"doc": doc, "section": s, "label": S.label(self.heading, doc.year), "hint": self.heading.hint,
                "heading": S.section_heading(self.heading, doc.year),
                "figures": narrative.figures_of(self.scope, doc, doc.conference_on or timezone.localdate())
                .get(s.key, []),
                "has_previous": narrative.previous_text(s) is not None, "editable": doc.state == State.DRAFT}


section_edit = SectionEdit.as_view()


class SectionHistory(SectionMixin, ScopedDetailView):
    template_name = "reports/documents/history.html"

    def get_context(self, doc):
        s = self.section
        return {"doc": doc, "section": s, "label": S.label(self.heading, doc.year),
                "versions": s.versions.select_related("saved_by").order_by("-number")}


section_history = SectionHistory.as_view()


class DocumentDocx(DocumentMixin, ScopedDetailView):
    """The .docx: built now (draft «DỰ THẢO», approved without a number) or the one stored when issued."""

    def get(self, request, *args, **kwargs):
        doc = self.object
        body = in_vietnamese(lambda: narrative.docx_bytes(self.scope, doc, timezone.localdate()))()
        actions.record_year_end(request.user, doc.organization, doc.year,
                                formats=[f"docx, {narrative.STATE_WORDS[doc.state]}"], via="web",
                                what=narrative.kind_words(doc), kind=doc.kind)
        return attachment(body, narrative.filename(doc, "docx"), DOCX)


document_docx = DocumentDocx.as_view()


class DocumentPdf(DocumentMixin, ScopedDetailView):
    def get(self, request, *args, **kwargs):
        from . import render as renderers

        doc = self.object
        if renderers.soffice() is None:
            return HttpResponse("Máy chủ chưa cài LibreOffice nên chưa xuất được PDF; hãy tải tệp .docx.",
                                status=503, content_type="text/plain; charset=utf-8")
        body = in_vietnamese(lambda: narrative.docx_bytes(self.scope, doc, timezone.localdate()))()
        with tempfile.TemporaryDirectory(prefix="dangbo-vankien-") as work:
            docx = os.path.join(work, narrative.filename(doc, "docx"))
            with open(docx, "wb") as fh:
                fh.write(body)
            pdf = os.path.join(work, narrative.filename(doc, "pdf"))
            renderers.docx_to_pdf(docx, pdf)
            with open(pdf, "rb") as fh:
                out = fh.read()
        actions.record_year_end(request.user, doc.organization, doc.year,
                                formats=[f"PDF, {narrative.STATE_WORDS[doc.state]}"], via="web",
                                what=narrative.kind_words(doc), kind=doc.kind)
        return attachment(out, narrative.filename(doc, "pdf"), "application/pdf")


document_pdf = DocumentPdf.as_view()


class DocumentNews(DocumentMixin, ScopedDetailView):
    """The news text of the document for the portal (its figures, its directions)."""

    def get(self, request, *args, **kwargs):
        doc = self.object
        today = timezone.localdate()
        text = in_vietnamese(lambda: narrative.news_text(
            doc, narrative.figures_of(self.scope, doc, doc.conference_on or today), today))()
        actions.record_year_end(request.user, doc.organization, doc.year, formats=["tin bài"], via="web",
                                what=narrative.kind_words(doc), kind=doc.kind)
        return attachment(text.encode("utf-8"), narrative.filename(doc, "txt"), "text/plain; charset=utf-8")


document_news = DocumentNews.as_view()


class DocumentJson(DocumentMixin, ScopedDetailView):
    """The document as JSON: its sections with their figures and the data the figures come from."""

    def get(self, request, *args, **kwargs):
        import json

        from django.core.serializers.json import DjangoJSONEncoder

        doc = self.object
        today = timezone.localdate()
        on = doc.conference_on or today

        def build():
            data = narrative.build_data(self.scope, doc, on)
            figures = narrative.figures_of(self.scope, doc, on)
            return narrative.document_json(doc, figures, data)

        body = in_vietnamese(build)()
        actions.record_year_end(request.user, doc.organization, doc.year, formats=["json"], via="web",
                                what=narrative.kind_words(doc), kind=doc.kind)
        return attachment(json.dumps(body, ensure_ascii=False, indent=2, cls=DjangoJSONEncoder).encode("utf-8"),
                          narrative.filename(doc, "json"), "application/json")


document_json = DocumentJson.as_view()
