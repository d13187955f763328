"""The data-quality page (counts by kind, the findings paged by keyset, filtered by kind) and the export of a
subtree's members in the CSDL đảng viên's column layout."""

from __future__ import annotations

import io

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy

from dangbo.core.generic import XLSX, ScopedListView, ScopedView, attachment
from dangbo.core.paging import page_of
from dangbo.organizations.pickers import ChosenOrgListMixin, chosen_org, org_choices
from dangbo.rules.quality import KINDS

from . import exports, queries
from .filters import FindingFilterSet
from .tables import FindingTable


class FindingList(ChosenOrgListMixin, ScopedListView):
    filterset_class = FindingFilterSet
    table_class = FindingTable
    template_name = "quality/list.html"
    title = gettext_lazy("Chất lượng dữ liệu đảng viên")

    def get_page(self, filterset, table):
        self.counts = None
        if self.org is None:
            return page_of(self.request, lambda cursor, size: ([], ""))
        ctx = queries.Context(self.org.path, timezone.localdate())
        codes = filterset.codes()
        if not codes:  # an invalid condition: the form says why, no row; the counts still show
            self.counts = queries.counts(ctx)
            return page_of(self.request, lambda cursor, size: ([], ""))
        fetch = queries.fetch(ctx, self.scope, codes)  # one pass: the counts and this page's rows
        page = page_of(self.request, fetch, size=self.page_size)
        self.counts = fetch.counts
        return page

    def get_context(self, filterset, table, page):
        counts = None
        if self.counts is not None:
            counts = [(k, self.counts[k.code]) for k in KINDS]
        return {"org": self.org, "orgs": org_choices(self.scope), "counts": counts,
                "total": sum(c for _, c in counts) if counts else 0,
                "chosen": self.request.GET.get("loai", "")}


finding_list = FindingList.as_view()


class CsdlExport(ScopedView):
    """GET ?to_chuc=<id>: the .xlsx of the organisation's members (404 outside the read scope), audited."""

    def get(self, request):
        org = chosen_org(request)
        if org is None:
            raise Http404(gettext_lazy("Không có tổ chức đảng nào trong phạm vi của bạn."))
        out = io.BytesIO()
        result = exports.export_csdl(self.scope, org, out, actor=request.user)
        return attachment(out.getvalue(), result.filename, XLSX)


csdl_export = CsdlExport.as_view()
