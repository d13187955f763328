"""The reports resources of the REST API (registered by dangbo/config/api_urls.py)."""

from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from dangbo.core.api import ScopedAPIMixin, Serializer, parse_int_param
from dangbo.organizations.models import Organization


class YearEndReportView(ScopedAPIMixin, APIView):
    @extend_schema(summary=_("Số liệu báo cáo tổng kết năm của một tổ chức (mỗi số liệu kèm nguồn; thiếu thì ghi rõ)"),
                   parameters=[OpenApiParameter("organization", int, required=True),
                               OpenApiParameter("year", {"type": "integer", "minimum": 1930, "maximum": 2100},
                                                required=True)],
                   responses={200: OpenApiTypes.OBJECT})
    def get(self, request):
        from .actions import record_year_end
        from .data import build
        from .serialize import jsonable

        org_id = parse_int_param(request, "organization")
        year = parse_int_param(request, "year", minimum=1930, maximum=2100)
        if org_id is None or year is None:
            raise serializers.ValidationError({"organization": [_("Cần tham số organization và year.")]})
        org = self.scope.organizations(Organization.objects.filter(pk=org_id)).first()
        if org is None:
            raise serializers.ValidationError(
                {"organization": [_("Không có tổ chức mã số %(pk)s trong phạm vi của bạn.") % {"pk": org_id}]})
        data = jsonable(build(self.scope, org, year, made_on=timezone.localdate()))
        record_year_end(request.user, org, year, formats=["json"], via="api")
        return Response(data)


# -- the report documents written in dangbo (issue 12): list, one with its sections and figures, save a section ----
def _documents(scope):
    from dangbo.core.scopes import READ

    from .models import ReportDocument

    return ReportDocument.objects.scoped(scope, READ).select_related("organization")


def _summary(doc) -> dict:
    from . import narrative

    return {"id": doc.pk, "organization": {"id": doc.organization_id, "code": doc.organization.code,
                                           "name": doc.organization.name},
            "kind": doc.kind, "kind_label": narrative.kind_words(doc), "year": doc.year, "period": doc.period,
            "state": doc.state, "symbol": doc.symbol,
            "conference_on": doc.conference_on.isoformat() if doc.conference_on else None}


class ReportDocumentListView(ScopedAPIMixin, APIView):
    @extend_schema(operation_id="reports_documents_list",
                   summary=_("Các văn kiện báo cáo trong phạm vi (lọc theo tổ chức, loại, năm)"),
                   parameters=[OpenApiParameter("organization", int),
                               OpenApiParameter("kind", {"type": "string",
                                                         "enum": ["year_end", "mid_year", "political",
                                                                  "committee_review", "consolidated"]}),
                               OpenApiParameter("year", {"type": "integer", "minimum": 1930, "maximum": 2100})],
                   responses={200: OpenApiTypes.OBJECT})
    def get(self, request):
        from .models import Kind

        qs = _documents(self.scope)
        org_id = parse_int_param(request, "organization")
        year = parse_int_param(request, "year", minimum=1930, maximum=2100)
        kind = request.query_params.get("kind")
        if kind is not None and kind not in Kind.values:
            raise serializers.ValidationError(
                {"kind": [_("Loại báo cáo là một trong: %(kinds)s.") % {"kinds": ", ".join(Kind.values)}]})
        if org_id is not None:
            qs = qs.filter(organization_id=org_id)
        if year is not None:
            qs = qs.filter(year=year)
        if kind:
            qs = qs.filter(kind=kind)
        return Response({"results": [_summary(d) for d in qs.order_by("-year", "kind", "id")]})


class ReportDocumentDetailView(ScopedAPIMixin, APIView):
    @extend_schema(summary=_("Một văn kiện báo cáo: các mục (nội dung, số liệu tự động) và số liệu kèm nguồn"),
                   responses={200: OpenApiTypes.OBJECT})
    def get(self, request, pk: int):
        from django.http import Http404

        from . import narrative
        from .actions import record_year_end

        doc = _documents(self.scope).filter(pk=pk).first()
        if doc is None:
            raise Http404
        on = doc.conference_on or timezone.localdate()
        data = narrative.build_data(self.scope, doc, on)
        body = narrative.document_json(doc, narrative.figures_of(self.scope, doc, on), data)
        record_year_end(request.user, doc.organization, doc.year, formats=["json"], via="api",
                        what=narrative.kind_words(doc), kind=doc.kind)
        return Response(body)


class SectionSaveSerializer(serializers.Serializer):
    text = serializers.CharField(allow_blank=True, trim_whitespace=False)
    version = serializers.IntegerField(min_value=1)


class ReportSectionView(ScopedAPIMixin, APIView):
    @extend_schema(summary=_("Lưu nội dung một mục của văn kiện (dự thảo; kèm số phiên bản đã đọc)"),
                   request=SectionSaveSerializer, responses={200: OpenApiTypes.OBJECT})
    def post(self, request, pk: int, key: str):
        from django.http import Http404

        from . import sections as S
        from .actions import save_section

        doc = _documents(self.scope).filter(pk=pk).first()
        if doc is None or key not in S.by_key(doc.kind):
            raise Http404
        ser = SectionSaveSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        section = doc.sections.get(key=key)
        save_section(request.user, section, text=ser.validated_data["text"], version=ser.validated_data["version"],
                     via="api")
        section.refresh_from_db()
        return Response({"key": section.key, "text": section.text, "version": section.version,
                         "versions": section.versions.count()})
# -- typed figures of a document (issue 12): entered, corrected and removed through the same actions as the form --
class TypedFigureSerializer(Serializer):
    """A typed figure as the API takes it. The value is given as written (12, 95.5, "95,5"); the action checks it
    (a share at most 100%, a whole count, the period inside the document's) with the form's Vietnamese messages."""

    section = serializers.CharField(max_length=40)
    label = serializers.CharField(max_length=255, allow_blank=True)
    value = serializers.CharField(max_length=20)
    unit = serializers.CharField(max_length=30)
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    source = serializers.CharField(max_length=255, allow_blank=True)


FIELDS = tuple(TypedFigureSerializer._declared_fields)


class TypedFigureMixin(ScopedAPIMixin):
    def document_for(self, pk: int, *, write: bool):
        """The document in the read scope (else 404); for a write, also in the write scope (else 403 with the
        organisation named), checked before the body is read."""
        from django.http import Http404

        from dangbo.core.scopes import WRITE

        from .actions import doc_denied

        doc = _documents(self.scope).filter(pk=pk).first()
        if doc is None:
            raise Http404
        if write:
            self.scope.require(WRITE, doc.org_path, doc_denied(doc))
        return doc

    def figure_for(self, doc, figure: int):
        from django.http import Http404

        f = doc.typed_figures.filter(pk=figure).first()
        if f is None:
            raise Http404
        return f

    @staticmethod
    def shown(figure) -> dict:
        from . import typed

        return typed.as_json(figure)


class TypedFigureListView(TypedFigureMixin, APIView):
    @extend_schema(operation_id="reports_documents_figures_list",
                   summary=_("Các số liệu nhập tay của một văn kiện báo cáo (kèm đơn vị, kỳ và nguồn)"),
                   responses={200: OpenApiTypes.OBJECT})
    def get(self, request, pk: int):
        doc = self.document_for(pk, write=False)
        return Response({"results": [self.shown(f) for f in doc.typed_figures.all()]})

    @extend_schema(summary=_("Nhập một số liệu của văn kiện (chỉ khi văn kiện là dự thảo)"),
                   request=TypedFigureSerializer, responses={201: OpenApiTypes.OBJECT})
    def post(self, request, pk: int):
        from .actions import save_figure

        doc = self.document_for(pk, write=True)
        ser = TypedFigureSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        figure = save_figure(request.user, doc, **ser.validated_data)
        figure.refresh_from_db()  # the value as stored (12.00), as every read shows it
        return Response(self.shown(figure), status=201)


class TypedFigureDetailView(TypedFigureMixin, APIView):
    @extend_schema(operation_id="reports_documents_figures_retrieve",
                   summary=_("Một số liệu nhập tay của văn kiện"), responses={200: OpenApiTypes.OBJECT})
    def get(self, request, pk: int, figure: int):
        return Response(self.shown(self.figure_for(self.document_for(pk, write=False), figure)))

    @extend_schema(summary=_("Sửa một số liệu nhập tay (chỉ gửi các trường cần sửa; chỉ khi văn kiện là dự thảo)"),
                   request=TypedFigureSerializer(partial=True), responses={200: OpenApiTypes.OBJECT})
    def patch(self, request, pk: int, figure: int):
        from .actions import save_figure

        f = self.figure_for(self.document_for(pk, write=True), figure)
        ser = TypedFigureSerializer(data=request.data, partial=True)
        ser.is_valid(raise_exception=True)
        fields = {k: ser.validated_data.get(k, getattr(f, k)) for k in FIELDS}
        save_figure(request.user, figure=f, **fields)
        f.refresh_from_db()
        return Response(self.shown(f))

    @extend_schema(summary=_("Xóa một số liệu nhập tay (chỉ khi văn kiện là dự thảo)"), responses={204: None})
    def delete(self, request, pk: int, figure: int):
        from .actions import remove_figure

        remove_figure(request.user, self.figure_for(self.document_for(pk, write=True), figure))
        return Response(status=204)


class ConsolidatedReportView(ScopedAPIMixin, APIView):
    @extend_schema(summary=_("Số liệu báo cáo tổng hợp của cấp trên từ các báo cáo cấp dưới đã nộp (ghi rõ số tổ "
                             "chức đã nộp và tên tổ chức chưa tính)"),
                   parameters=[OpenApiParameter("organization", int, required=True),
                               OpenApiParameter("year", {"type": "integer", "minimum": 1930, "maximum": 2100},
                                                required=True),
                               OpenApiParameter("basis", {"type": "string", "enum": ["accepted", "submitted"]},
                                                required=False)],
                   responses={200: OpenApiTypes.OBJECT})
    def get(self, request):
        from .consolidated import BASES, build
        from .serialize import jsonable
        from .submissions import record_consolidated

        org_id = parse_int_param(request, "organization")
        year = parse_int_param(request, "year", minimum=1930, maximum=2100)
        basis = request.query_params.get("basis") or "accepted"
        if org_id is None or year is None:
            raise serializers.ValidationError({"organization": [_("Cần tham số organization và year.")]})
        if basis not in BASES:
            raise serializers.ValidationError({"basis": [_("basis là «accepted» hoặc «submitted».")]})
        org = self.scope.organizations(Organization.objects.filter(pk=org_id)).first()
        if org is None:
            raise serializers.ValidationError(
                {"organization": [_("Không có tổ chức mã số %(pk)s trong phạm vi của bạn.") % {"pk": org_id}]})
        data = build(self.scope, org, year, basis=basis, made_on=timezone.localdate())
        record_consolidated(request.user, org, year, formats=["json"], via="api", coverage=data["coverage"])
        return Response(jsonable(data))


def register(router) -> list:
    """Register viewsets on the shared router; return extra `path()` entries for /api/."""
    return [path("reports/year-end/", YearEndReportView.as_view(), name="report-year-end"),
            path("reports/documents/", ReportDocumentListView.as_view(), name="report-documents"),
            path("reports/documents/<int:pk>/", ReportDocumentDetailView.as_view(), name="report-document"),
            path("reports/documents/<int:pk>/sections/<slug:key>/", ReportSectionView.as_view(),
                 name="report-document-section"),
            path("reports/documents/<int:pk>/figures/", TypedFigureListView.as_view(), name="report-document-figures"),
            path("reports/documents/<int:pk>/figures/<int:figure>/", TypedFigureDetailView.as_view(),
                 name="report-document-figure"),
            path("reports/consolidated/", ConsolidatedReportView.as_view(), name="report-consolidated")]
