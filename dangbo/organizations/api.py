"""REST API for the organisation tree: scoped reads with subtree totals, and the organisation actions."""

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from dangbo.core.api import (
    INT_MAX,
    INT_MIN,
    OUT_OF_RANGE,
    CursorPagination,
    ModelSerializer,
    ScopedAPIMixin,
    Serializer,
    parse_date_param,
)
from dangbo.core.api_params import BLANK
from dangbo.core.scopes import WRITE, ScopeDenied, scope_for

from . import actions, queries
from .models import Organization, OrgEvent, OrgKind, OrgStatus


# -- serializers --------------------------------------------------------------------------------------
class TotalsSerializer(Serializer):
    official = serializers.IntegerField(help_text=_("Đảng viên chính thức trong cả cây tổ chức"))
    probationary = serializers.IntegerField(help_text=_("Đảng viên dự bị trong cả cây tổ chức"))
    total = serializers.IntegerField()


class OrganizationSerializer(ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    kind_label = serializers.CharField(read_only=True, help_text=_("Loại hình theo cách gọi hiện nay (cấp của đảng bộ "
                                                                   "cấp trên cơ sở khi có)"))
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    totals = serializers.SerializerMethodField(
        help_text=_("Số đảng viên của cả cây (mỗi người chỉ tính ở nơi sinh hoạt chính thức)"))

    class Meta:
        model = Organization
        fields = ["id", "code", "name", "kind", "kind_display", "level", "kind_label", "parent", "path", "depth",
                  "status", "status_display", "founded_on", "ended_on", "successor", "address", "official_count",
                  "probationary_count", "totals", "version"]
        read_only_fields = fields

    @extend_schema_field(TotalsSerializer)
    def get_totals(self, org):
        totals = self.context.get("totals", {})
        t = totals.get(org.pk) if org.pk in totals else queries.subtree_totals(org)
        return {"official": t.official, "probationary": t.probationary, "total": t.total}


class OrgEventSerializer(ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = OrgEvent
        fields = ["id", "organization", "kind", "kind_display", "effective_date", "decision_number",
                  "decision_date", "issuer", "related", "data", "note", "created_at"]
        read_only_fields = fields


class DecisionSerializer(Serializer):
    effective_date = serializers.DateField(label=_("Ngày hiệu lực"))
    decision_number = serializers.CharField(label=_("Số quyết định"), required=False, allow_blank=True,
                                            default="")
    decision_date = serializers.DateField(label=_("Ngày quyết định"), required=False, allow_null=True,
                                          default=None)
    issuer = serializers.CharField(label=_("Cơ quan ban hành"), required=False, allow_blank=True, default="")


class FoundSerializer(Serializer):
    code = serializers.CharField(max_length=40, label=_("Mã"))
    name = serializers.CharField(max_length=255, label=_("Tên tổ chức"))
    kind = serializers.ChoiceField(choices=OrgKind.choices, label=_("Loại hình"))
    parent = serializers.IntegerField(required=False, allow_null=True, default=None, label=_("Tổ chức cấp trên"))
    founded_on = serializers.DateField(required=False, allow_null=True, default=None, label=_("Ngày thành lập"))
    decision_number = serializers.CharField(required=False, allow_blank=True, default="")
    decision_date = serializers.DateField(required=False, allow_null=True, default=None)
    issuer = serializers.CharField(required=False, allow_blank=True, default="")
    address = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")


class RenameSerializer(DecisionSerializer):
    name = serializers.CharField(max_length=255, label=_("Tên mới"))
    version = serializers.IntegerField(required=False, allow_null=True, default=None,
                                       help_text=_("Phiên bản đã đọc; khác phiên bản hiện tại thì trả 409"))


class MergeSerializer(DecisionSerializer):
    sources = serializers.ListField(child=serializers.IntegerField(), allow_empty=False,
                                    help_text=_("Các tổ chức được hợp nhất vào tổ chức này"))


class MoveSerializer(DecisionSerializer):
    to = serializers.IntegerField(help_text=_("Tổ chức cấp trên mới"))
    record = serializers.CharField(label=_("Biên bản bàn giao"), required=False, allow_blank=True, default="")


class SplitAssignmentSerializer(Serializer):
    member = serializers.IntegerField()
    organization = serializers.IntegerField()


class SplitSerializer(DecisionSerializer):
    assignments = SplitAssignmentSerializer(many=True, help_text=_("Mỗi đảng viên của tổ chức bị chia tách "
                                                                    "và tổ chức mới của họ"))


class AsOfRowSerializer(Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    official = serializers.IntegerField()
    probationary = serializers.IntegerField()
    total = serializers.IntegerField()


class AsOfSerializer(Serializer):
    date = serializers.DateField()
    organization = AsOfRowSerializer()
    children = AsOfRowSerializer(many=True)


# -- filters ------------------------------------------------------------------------------------------
class CommitteeRowSerializer(Serializer):
    full_name = serializers.CharField()
    member = serializers.IntegerField(allow_null=True)
    position = serializers.CharField()
    position_label = serializers.CharField()
    in_committee = serializers.BooleanField()
    to = serializers.DateField(allow_null=True)
    decision_number = serializers.CharField()
    decision_date = serializers.DateField(allow_null=True)
    issuer = serializers.CharField()
    change = serializers.CharField(allow_null=True)

    def get_fields(self):
        fields = super().get_fields()
        fields["from"] = serializers.DateField()
        return fields


class CommitteeSerializer(Serializer):
    organization = serializers.CharField()
    as_of = serializers.DateField()
    term = serializers.DictField(allow_null=True)
    committee_size = serializers.IntegerField()
    members = CommitteeRowSerializer(many=True)


@extend_schema_field({"type": "integer", "format": "int64", "minimum": INT_MIN, "maximum": INT_MAX})
class IdFilter(django_filters.NumberFilter):
    """A filter on an id: a whole number that fits the database, else a 400 naming the parameter."""


def _id_filter(**kwargs):
    messages = {"max_value": OUT_OF_RANGE, "min_value": OUT_OF_RANGE, "invalid": _("Cần một số nguyên.")}
    return IdFilter(min_value=INT_MIN, max_value=INT_MAX, decimal_places=0, error_messages=messages, **kwargs)


class OrganizationFilter(django_filters.FilterSet):
    parent = _id_filter(field_name="parent_id", label=_("Tổ chức cấp trên (mã số)"))
    kind = django_filters.ChoiceFilter(choices=OrgKind.choices, label=_("Loại hình"))
    status = django_filters.ChoiceFilter(choices=OrgStatus.choices, label=_("Trạng thái"))
    under = _id_filter(method="filter_under", label=_("Cả cây dưới tổ chức (mã số, kể cả nó)"))
    q = django_filters.CharFilter(method="filter_q", label=_("Tìm theo tên hoặc mã"))

    class Meta:
        model = Organization
        fields = ["parent", "kind", "status", "under", "q"]

    def is_valid(self):
        # django-filter reads a blank value as "no filter"; the API refuses it as parse_int_param does, so a
        # client's empty `parent=` is not silently the whole list.
        valid = super().is_valid()
        for name in ("parent", "kind", "status", "under"):
            if name in self.data and not str(self.data.get(name, "")).strip():
                self.form.add_error(name, BLANK)
                valid = False
        return valid

    def filter_under(self, qs, name, value):
        scope = scope_for(self.request.user)
        org = scope.organizations(Organization.objects.filter(pk=value)).first()
        return qs.filter(path__startswith=org.path) if org else qs.none()

    def filter_q(self, qs, name, value):
        value = value.strip()
        return qs.filter(Q(name__icontains=value) | Q(code__iexact=value)) if value else qs


class PathPagination(CursorPagination):
    ordering = "path"
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 1000


def org_row(org, t):
    return {"id": org.pk, "code": org.code, "name": org.name, "official": t.official,
            "probationary": t.probationary, "total": t.total}


# -- the viewset --------------------------------------------------------------------------------------
@extend_schema_view(
    list=extend_schema(summary=_("Danh sách tổ chức đảng trong phạm vi, kèm tổng số đảng viên của cả cây")),
    retrieve=extend_schema(summary=_("Một tổ chức đảng")),
    create=extend_schema(summary=_("Thành lập tổ chức đảng"), request=FoundSerializer,
                         responses={201: OrganizationSerializer}),
)
class OrganizationViewSet(ScopedAPIMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                          viewsets.GenericViewSet):
    serializer_class = OrganizationSerializer
    filterset_class = OrganizationFilter
    pagination_class = PathPagination

    def get_queryset(self):
        return self.scope.organizations(Organization.objects.all())

    def list(self, request, *args, **kwargs):
        qs = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(qs)
        totals = dict((o.pk, t) for o, t in queries.children_with_totals(None, orgs=list(page)))
        data = OrganizationSerializer(page, many=True, context={**self.get_serializer_context(),
                                                                  "totals": totals}).data
        return self.get_paginated_response(data)

    # -- writes -----------------------------------------------------------------------------------------
    def _writable(self, pk, field: str) -> Organization:
        """An organisation named in the request body: must exist, and the user must be able to write it."""
        org = Organization.objects.filter(pk=pk).first()
        if org is None:
            raise serializers.ValidationError({field: [_("Không có tổ chức đảng mã số %(pk)s.") % {"pk": pk}]})
        self.scope.require(WRITE, org.path, _("Bạn không có quyền thay đổi dữ liệu của «%(name)s».") % {
            "name": org.name})
        return org

    def _object_for_write(self) -> Organization:
        org = self.get_object()  # outside the read scope: 404
        self.scope.require(WRITE, org.path, _("Bạn không có quyền thay đổi dữ liệu của «%(name)s».") % {
            "name": org.name})
        return org

    def _params(self, serializer_class):
        ser = serializer_class(data=self.request.data)
        ser.is_valid(raise_exception=True)
        return dict(ser.validated_data)

    def _respond(self, org, code=status.HTTP_200_OK):
        org.refresh_from_db()
        return Response(OrganizationSerializer(org, context=self.get_serializer_context()).data, status=code)

    def create(self, request, *args, **kwargs):
        d = self._params(FoundSerializer)
        parent = None
        if d["parent"] is not None:
            parent = self._writable(d["parent"], "parent")
        elif not self.scope.is_admin:
            raise ScopeDenied(_("Chỉ quản trị hệ thống được tạo tổ chức cấp cao nhất."))
        d["parent"] = parent
        org = actions.found_organization(request.user, **d)
        return self._respond(org, status.HTTP_201_CREATED)

    @extend_schema(summary=_("Đổi tên"), request=RenameSerializer, responses={200: OrganizationSerializer})
    @action(detail=True, methods=["post"])
    def rename(self, request, pk=None):
        return self._change(RenameSerializer, actions.rename_organization)

    @extend_schema(summary=_("Hợp nhất, sáp nhập các tổ chức khác vào tổ chức này"), request=MergeSerializer,
                   responses={200: OrganizationSerializer})
    @action(detail=True, methods=["post"])
    def merge(self, request, pk=None):
        target = self._object_for_write()
        d = self._params(MergeSerializer)
        sources = [self._writable(pk, "sources") for pk in dict.fromkeys(d.pop("sources"))]
        actions.merge_organizations(request.user, sources, target, **d)
        return self._respond(target)

    @extend_schema(summary=_("Chuyển tổ chức này (cùng tổ chức trực thuộc và đảng viên) về tổ chức cấp trên mới "
                             "theo quyết định"), request=MoveSerializer, responses={200: OrganizationSerializer})
    @action(detail=True, methods=["post"])
    def move(self, request, pk=None):
        org = self._object_for_write()
        d = self._params(MoveSerializer)
        to = self._writable(d.pop("to"), "to")
        actions.move_organization(request.user, org, to, **d)
        return self._respond(org)

    @extend_schema(summary=_("Chia tách tổ chức này"), request=SplitSerializer,
                   responses={200: OrganizationSerializer(many=True)}, filters=False)
    @action(detail=True, methods=["post"], pagination_class=None, filter_backends=[])
    def split(self, request, pk=None):
        from dangbo.members.models import Member

        source = self._object_for_write()
        d = self._params(SplitSerializer)
        rows = d.pop("assignments")
        members = {m.pk: m for m in Member.objects.filter(pk__in=[r["member"] for r in rows],
                                                           organization=source)}
        assignments, targets = {}, {}
        for r in rows:
            if r["member"] not in members:
                raise serializers.ValidationError(
                    {"assignments": [_("Đảng viên mã số %(pk)s không sinh hoạt tại «%(org)s».") % {
                        "pk": r["member"], "org": source.name}]})
            if r["organization"] not in targets:
                targets[r["organization"]] = self._writable(r["organization"], "assignments")
            assignments[r["member"]] = targets[r["organization"]]
        new = actions.split_organization(request.user, source, assignments, **d)
        return Response(OrganizationSerializer(new, many=True, context=self.get_serializer_context()).data)

    @extend_schema(summary=_("Giải thể"), request=DecisionSerializer, responses={200: OrganizationSerializer})
    @action(detail=True, methods=["post"])
    def dissolve(self, request, pk=None):
        return self._change(DecisionSerializer, actions.dissolve_organization)

    def _change(self, serializer, action):
        """The organisation of the URL (write scope), changed by `action` with the body's parameters."""
        org = self._object_for_write()
        action(self.request.user, org, **self._params(serializer))
        return self._respond(org)

    # -- reads --------------------------------------------------------------------------------------------
    @extend_schema(summary=_("Các sự kiện của tổ chức (thành lập, đổi tên, hợp nhất, chia tách, giải thể)"),
                   responses={200: OrgEventSerializer(many=True)}, filters=False)
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def events(self, request, pk=None):
        org = self.get_object()
        qs = (OrgEvent.objects.filter(Q(organization=org) | Q(related=org)).distinct()
              .prefetch_related("related"))
        return Response(OrgEventSerializer(qs.order_by("effective_date", "id"), many=True).data)

    @extend_schema(summary=_("Đảng số của tổ chức và các tổ chức trực thuộc tại một ngày, tính từ lịch sử"),
                   parameters=[OpenApiParameter("date", OpenApiTypes.DATE, required=True,
                                                description=_("Ví dụ 2020-12-31"))],
                   responses={200: AsOfSerializer}, filters=False)
    @action(detail=True, methods=["get"], url_path="as-of", pagination_class=None, filter_backends=[])
    def as_of(self, request, pk=None):
        org = self.get_object()
        on = parse_date_param(request, "date", required=True)
        children = list(org.children.filter(Q(founded_on__isnull=True) | Q(founded_on__lte=on))
                        .exclude(ended_on__lt=on).order_by("path"))
        counts = queries.counts_as_of([org, *children], on)
        return Response({"date": on, "organization": org_row(org, counts[org.pk]),
                         "children": [org_row(c, counts[c.pk]) for c in children]})

    @extend_schema(summary=_("Cấp ủy của tổ chức tại một ngày (người, chức vụ, từ ngày, quyết định)"),
                   parameters=[OpenApiParameter("as_of", OpenApiTypes.DATE, required=False,
                                                description=_("Ví dụ 2021-07-08; mặc định hôm nay"))],
                   responses={200: CommitteeSerializer}, filters=False)
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def committee(self, request, pk=None):
        from .committee import committee_as_of

        org = self.get_object()
        on = parse_date_param(request, "as_of") or timezone.localdate()
        return Response(committee_as_of(org, on).as_dict())


def register(router) -> list:
    """Register viewsets on the shared router; return extra `path()` entries for /api/."""
    router.register("organizations", OrganizationViewSet, basename="organization")
    return []
