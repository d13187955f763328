"""The document register: list with counts per year (and the change on the year before), and registering."""

from django.contrib.auth.decorators import login_required
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from dangbo.core.generic import ActionFormView, ScopedDetailView, ScopedListView, ScopedObjectMixin
from dangbo.core.scopes import scope_for
from dangbo.organizations.pickers import ChosenOrgListMixin, org_choices, readable_org, writable_org
from dangbo.rules import documents as doc_rules

from . import actions, queries
from .filters import DocumentFilterSet
from .forms import DocumentEditForm, DocumentForm
from .models import Direction, Document
from .tables import DocumentTable


class DocumentList(ChosenOrgListMixin, ScopedListView):
    """One organisation's subtree (the user's first one by default): the register and the counts per year."""

    filterset_class = DocumentFilterSet
    table_class = DocumentTable
    template_name = "documents/list.html"

    def get_context(self, filterset, table, page):
        years = []
        if self.org is not None:
            counts = queries.counts_by_year(queries.scoped(self.scope), self.org.path)
            prev = None
            for y in sorted(counts):
                total = counts[y]["out"] + counts[y]["in"]
                years.append({"year": y, "out": counts[y]["out"], "in": counts[y]["in"], "total": total,
                              "change": doc_rules.change_percent(total, prev) if prev is not None else None})
                prev = total
        return {"org": self.org, "years": years, "orgs": org_choices(self.scope)}


document_list = DocumentList.as_view()


class DocumentCreate(ActionFormView):
    success_message, result_url = _("Đã vào sổ văn bản {result.symbol}."), "documents:detail"
    template_name = "documents/form.html"

    writers_only = _("Bạn không có quyền ghi sổ văn bản.")

    def get_form(self, data=None):
        return DocumentForm(data, scope=self.scope, initial={"direction": Direction.OUT}, prefix="vb")

    def perform(self, form):
        org = writable_org(self.request, form.cleaned_data["organization"])
        data = {k: v for k, v in form.cleaned_data.items() if k != "organization"}
        return actions.register_document(self.request.user, organization=org, **data)

    def get_context(self, form):
        return {"title": _("Vào sổ văn bản"), "submit": _("Vào sổ"), "cancel": "documents:list",
                "intro": _("Văn bản đi được đánh số liên tục từ 01 cho mỗi tên loại văn bản trong một nhiệm kỳ cấp "
                           "ủy (HD 36-HD/VPTW, điểm 1.3.1); để trống ô «Số» để lấy số tiếp theo.")}


document_create = DocumentCreate.as_view()


class DocumentMixin(ScopedObjectMixin):
    model = Document
    denied = _("Bạn không có quyền sửa sổ văn bản của «{obj.organization.name}».")
    page_url = "documents:detail"


class DocumentDetail(DocumentMixin, ScopedDetailView):
    template_name = "documents/detail.html"

    def get_context(self, doc):
        return {"doc": doc, "can_edit": self.scope.can_write_path(doc.org_path)}


document_detail = DocumentDetail.as_view()


class DocumentEdit(DocumentMixin, ActionFormView):
    success_message = _("Đã sửa văn bản {obj.symbol}.")
    write = True
    template_name = "documents/edit.html"

    @property
    def outgoing(self):
        return self.object.direction == Direction.OUT

    def get_form(self, data=None):
        doc = self.object
        return DocumentEditForm(data, outgoing=self.outgoing, initial={
            "issued_on": doc.issued_on, "summary": doc.summary, "symbol": doc.symbol, "signer": doc.signer,
            "counterpart": doc.counterpart, "version": doc.version})

    def perform(self, form):
        cd = form.cleaned_data
        return actions.correct_document(self.request.user, self.object, issued_on=cd["issued_on"],
                                        summary=cd["summary"], signer=cd["signer"], counterpart=cd["counterpart"],
                                        symbol=cd.get("symbol", ""), version=cd["version"])

    def get_context(self, form):
        return {"doc": self.object, "outgoing": self.outgoing}


document_edit = DocumentEdit.as_view()


def suggested(request):
    """htmx: the next number of a type for an organisation (shown beside the form)."""
    from django.http import HttpResponse

    org = writable_org(request, request.GET.get("vb-organization"))
    doc_type = request.GET.get("vb-doc_type", "")
    if doc_type not in doc_rules.TYPES:
        return HttpResponse("")
    from dangbo.rules.text import parse_date

    try:
        on = parse_date(request.GET.get("vb-issued_on", ""))
    except ValueError:
        from django.utils import timezone

        on = timezone.localdate()
    term = actions.current_term_start(org, on)
    if term is None:
        return HttpResponse(str(_("Nhập ngày bắt đầu nhiệm kỳ cấp ủy để phần mềm cấp số.")))
    n = actions.suggest_number(org, doc_type, term)
    symbol = doc_rules.symbol(n, doc_type, actions.issuer_abbreviation(org))
    return HttpResponse(_("Số tiếp theo của văn bản đi: %(symbol)s (nhiệm kỳ từ %(date)s)") % {
        "symbol": symbol, "date": f"{term:%d/%m/%Y}"})


document_suggested = login_required(suggested)


@login_required
@require_GET
def document_export(request):
    import tempfile

    from django.http import FileResponse

    org = readable_org(request, request.GET.get("to_chuc"))
    # The list's own conditions; a year that is not one exports every year, as the link without one does.
    year = DocumentFilterSet(request.GET, scope=scope_for(request.user)).values.get("nam")
    fh = tempfile.TemporaryFile()
    queries.export_xlsx(scope_for(request.user), org, fh, actor=request.user, year=year)
    fh.seek(0)
    return FileResponse(fh, as_attachment=True, filename=f"so-van-ban-{org.code}{'-' + str(year) if year else ''}.xlsx",
                        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
