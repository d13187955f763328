"""The evaluations resources of the REST API (registered by dangbo/config/api_urls.py).

    GET /api/ratings/results/?org=<id>&year=2020   the results of a year for a subtree (same JSON as the page)
    GET /api/ratings/members/?org=<id>&year=2020   the member ratings behind it (scoped)
"""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from dangbo.core.api import ScopedAPIMixin, Serializer, parse_int_param

YEAR_MIN, YEAR_MAX = 1930, 2100


def _params(view, request):
    from dangbo.organizations.models import Organization

    org_id = parse_int_param(request, "org")
    year = parse_int_param(request, "year", minimum=YEAR_MIN, maximum=YEAR_MAX)
    missing = {name: [_("Thiếu tham số này.")] for name, value in (("org", org_id), ("year", year)) if value is None}
    if missing:
        raise serializers.ValidationError(missing)
    org = view.scope.organizations(Organization.objects.filter(pk=org_id)).first()
    if org is None:
        raise serializers.ValidationError(
            {"org": [_("Không có tổ chức mã số %(id)s trong phạm vi của bạn.") % {"id": org_id}]})
    return org, year


PARAMS = [OpenApiParameter("org", int, required=True, description=_("Mã số tổ chức (cả cây bên dưới)")),
          OpenApiParameter("year", {"type": "integer", "minimum": YEAR_MIN, "maximum": YEAR_MAX}, required=True,
                           description=_("Năm xếp loại"))]


class MemberRatingRowSerializer(Serializer):
    member = serializers.IntegerField()
    full_name = serializers.CharField()
    organization = serializers.CharField(help_text=_("Mã tổ chức nơi được xếp loại"))
    rated = serializers.BooleanField()
    status = serializers.CharField()
    level = serializers.CharField(allow_null=True, help_text="excellent, good, complete, not_complete")
    not_rated_reason = serializers.CharField()
    decision_number = serializers.CharField()
    decision_date = serializers.DateField(allow_null=True)


class ResultsView(ScopedAPIMixin, APIView):
    @extend_schema(summary=_("Kết quả đánh giá, xếp loại chất lượng của một năm"), parameters=PARAMS,
                   responses={200: OpenApiTypes.OBJECT})
    def get(self, request):
        from . import exports, queries

        org, year = _params(self, request)
        return Response({**exports.results_data(org, year, queries.results_summary(org, year),
                                                queries.results_summary(org, year - 1)),
                         "findings": queries.year_findings(org, year)})


class MemberRatingsView(ScopedAPIMixin, APIView):
    @extend_schema(summary=_("Kết quả xếp loại từng đảng viên của một năm"), parameters=PARAMS,
                   responses={200: MemberRatingRowSerializer(many=True)})
    def get(self, request):
        from .models import LEVEL_KEYS
        from .queries import member_records

        org, year = _params(self, request)
        rows = self.scope.by_org_path(member_records(org, year))[:5000]
        return Response([{"member": r.member_id, "full_name": r.member.full_name, "organization": r.organization.code,
                          "rated": r.rated, "status": r.status, "level": LEVEL_KEYS.get(r.level),
                          "not_rated_reason": r.not_rated_reason, "decision_number": r.decision_number,
                          "decision_date": r.decision_date} for r in rows])


def register(router) -> list:
    """Register viewsets on the shared router; return extra `path()` entries for /api/."""
    return [path("ratings/results/", ResultsView.as_view(), name="ratings-results"),
            path("ratings/members/", MemberRatingsView.as_view(), name="ratings-members")]
