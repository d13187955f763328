"""The dossier resource of the REST API (registered through the app registry): the open items of dossier upkeep
under an organisation, the contract of `dangbo dossier check --json`."""

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


class OpenItemsView(ScopedAPIMixin, APIView):
    @extend_schema(summary=_("Các việc còn mở về hồ sơ đảng viên của một tổ chức và cấp dưới (phiếu bổ sung chưa "
                             "nộp, hồ sơ chuyển đến chưa nhận, phiếu báo, hồ sơ cho mượn, thẻ báo mất, đối chiếu 6 "
                             "tháng)"),
                   parameters=[OpenApiParameter("organization", int, required=True)],
                   responses={200: OpenApiTypes.OBJECT})
    def get(self, request):
        from .queries import check_report

        org_id = parse_int_param(request, "organization")
        if org_id is None:
            raise serializers.ValidationError({"organization": [_("Cần tham số organization.")]})
        org = self.scope.organizations(Organization.objects.filter(pk=org_id)).first()
        if org is None:
            raise serializers.ValidationError({"organization": [
                _("Không có tổ chức mã số %(id)s trong phạm vi của bạn.") % {"id": org_id}]})
        return Response(check_report(self.scope, org, timezone.localdate()))


def register(router) -> list:
    return [path("dossier/open-items/", OpenItemsView.as_view(), name="dossier-open-items")]
