"""The dues resources of the REST API (registered by dangbo/config/api_urls.py): the report of a subtree, the
month's obligations and the payments, each cut to the caller's scope (a member: their own rows)."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from dangbo.core.api import ScopedAPIMixin, parse_int_param
from dangbo.core.api_params import INT_MAX
from dangbo.organizations.models import Organization
from dangbo.rules import dues as rules

from . import queries
from . import report as report_builder

LIMIT = 5000


# The bounds the server checks, stated in the schema so that every schema-valid request is accepted.
YEAR_MIN, YEAR_MAX = 2011, 2100  # dues start with Quyết định 342-QĐ/TW (04/2011); months before it are empty
ORG_PARAM = {"type": "integer", "minimum": 1, "maximum": INT_MAX}
YEAR_PARAM = {"type": "integer", "minimum": YEAR_MIN, "maximum": YEAR_MAX}
MONTH_PARAM = {"type": "integer", "minimum": 1, "maximum": 12}
QUARTER_PARAM = {"type": "integer", "minimum": 1, "maximum": 4}


def _org(scope, request, required=True):
    """The organisation named by `organization`; one outside the caller's scope (or that does not exist: the
    answer does not tell which) is a 403."""
    org_id = parse_int_param(request, "organization", minimum=1)
    if org_id is None:
        if required:
            raise serializers.ValidationError({"organization": [_("Cần tham số organization (mã số tổ chức).")]})
        return None
    org = scope.organizations(Organization.objects.filter(pk=org_id)).first()
    if org is None:
        raise PermissionDenied(_("Tổ chức mã số %(id)s không thuộc phạm vi của bạn.") % {"id": org_id})
    return org


class DuesReportView(ScopedAPIMixin, APIView):
    @extend_schema(summary=_("Đảng phí của một tổ chức và cấp dưới: phải thu, đã thu, nộp lên, để lại"),
                   parameters=[OpenApiParameter("organization", ORG_PARAM, required=True),
                               OpenApiParameter("year", YEAR_PARAM, required=True),
                               OpenApiParameter("month", MONTH_PARAM),
                               OpenApiParameter("quarter", QUARTER_PARAM, description=_("Quý (bỏ qua khi có month)"))],
                   responses={200: OpenApiTypes.OBJECT})
    def get(self, request):
        org = _org(self.scope, request)
        year = parse_int_param(request, "year", minimum=YEAR_MIN, maximum=YEAR_MAX)
        month = parse_int_param(request, "month", minimum=1, maximum=12)
        quarter = parse_int_param(request, "quarter", minimum=1, maximum=4)
        if year is None:
            raise serializers.ValidationError({"year": [_("Cần tham số year.")]})
        return Response(report_builder.build(org, year, month, quarter))


class DuesEntriesView(ScopedAPIMixin, APIView):
    kind = "obligations"

    @extend_schema(summary=_("Các dòng đảng phí (phải đóng hoặc đã nộp) trong phạm vi của bạn"),
                   description=_("Phải đóng: lọc theo tháng đảng phí; đã nộp: lọc theo tháng vào sổ (như số «đã thu» "
                               "của báo cáo và các cột tháng của sổ thu nộp)."),
                   parameters=[OpenApiParameter("organization", ORG_PARAM), OpenApiParameter("year", YEAR_PARAM),
                               OpenApiParameter("month", MONTH_PARAM)],
                   responses={200: OpenApiTypes.OBJECT})
    def get(self, request):
        qs = queries.obligations(self.scope) if self.kind == "obligations" else queries.payments(self.scope)
        org = _org(self.scope, request, required=False)
        if org is not None:
            qs = qs.filter(org_path__startswith=org.path)
        year = parse_int_param(request, "year", minimum=YEAR_MIN, maximum=YEAR_MAX)
        month = parse_int_param(request, "month", minimum=1, maximum=12)
        # Obligations by the month they are for (the report's «owed»); payments by the month they were booked in
        # (the report's «collected», the sổ's columns): the rows of a period add up to the report's figures.
        when = "month" if self.kind == "obligations" else "book_month"
        if year:
            qs = qs.filter(**{f"{when}__year": year})
        if month:
            qs = qs.filter(**{f"{when}__month": month})
        rows = []
        for r in qs.select_related("member").order_by("month", "id")[:LIMIT]:
            row = {"id": r.pk, "member": r.member_id, "member_name": r.member.full_name,
                   "month": rules.month_label(r.month), "amount": r.amount}
            if self.kind == "obligations":
                row.update(regime=r.regime, rule=r.rule, rule_key=r.rule_key, exempt=r.exempt,
                           unconfirmed=r.unconfirmed, problem=r.problem, reason=r.reason)
            else:
                row.update(book_month=rules.month_label(r.book_month), channel=r.channel,
                           paid_on=r.paid_on.strftime("%d/%m/%Y"), receipt=r.receipt_label,
                           portal_ref=r.portal_ref, corrects=r.corrects_id)
            rows.append(row)
        return Response({"count": len(rows), "limit": LIMIT, "results": rows})


def register(router) -> list:
    return [
        path("dues/report/", DuesReportView.as_view(), name="dues-report"),
        path("dues/obligations/", DuesEntriesView.as_view(kind="obligations"), name="dues-obligations"),
        path("dues/payments/", DuesEntriesView.as_view(kind="payments"), name="dues-payments"),
    ]
