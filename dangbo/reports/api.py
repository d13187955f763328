"""The reports resources of the REST API (registered by dangbo/config/api_urls.py)."""

from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from dangbo.core.api import ScopedAPIMixin, parse_int_param
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
            path("reports/consolidated/", ConsolidatedReportView.as_view(), name="report-consolidated")]
