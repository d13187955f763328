"""The congresses resources of the REST API (registered by dangbo/config/api_urls.py): read-only, scoped.

Writes (ballots, signing, chuẩn y) go through the web pages, which take the double entry and audit trail; the
API serves the year-end report, exports and other systems.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets

from dangbo.core.api import CursorPagination, ModelSerializer, ScopedAPIMixin

from .models import Congress, Election, Meeting


class CongressSerializer(ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    term_label = serializers.CharField(read_only=True)
    title = serializers.CharField(read_only=True)
    committee_size = serializers.IntegerField(read_only=True, allow_null=True,
                                              help_text=_("Số cấp ủy viên khóa mới (khi đã chuẩn y)"))
    elections = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Congress
        fields = ["id", "organization", "title", "kind", "kind_display", "ordinal", "term_start", "term_end",
                  "term_label", "opened_on", "closed_on", "place", "status", "status_display", "approval_number",
                  "approval_date", "approval_issuer", "quorum", "tie_rule", "committee_size", "elections"]
        read_only_fields = fields


class ElectionSerializer(ModelSerializer):
    title = serializers.CharField(read_only=True)
    result = serializers.SerializerMethodField(help_text=_("Kết quả đã ký, phiên bản mới nhất (null khi chưa ký)"))
    result_version = serializers.SerializerMethodField()

    class Meta:
        model = Election
        fields = ["id", "congress", "title", "body", "seats", "alternate_seats", "round", "previous", "status",
                  "by_totals", "issued", "result_version", "result"]
        read_only_fields = fields

    def get_result(self, e) -> dict | None:
        rv = e.current_result()
        return rv.data if rv else None

    def get_result_version(self, e) -> int | None:
        rv = e.current_result()
        return rv.number if rv else None


class MeetingSerializer(ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    present = serializers.SerializerMethodField()
    total = serializers.SerializerMethodField()

    class Meta:
        model = Meeting
        fields = ["id", "organization", "kind", "kind_display", "mode", "held_on", "title", "agenda", "guests",
                  "minutes", "resolutions", "present", "total"]
        read_only_fields = fields

    def get_present(self, m) -> int:
        return m.attendance.filter(present=True).count()

    def get_total(self, m) -> int:
        return m.attendance.count()


class NewestFirst(CursorPagination):
    ordering = "-id"


class ScopedReadOnly(ScopedAPIMixin, viewsets.ReadOnlyModelViewSet):
    """The rows of `queryset`'s model in the user's scope (by their org_path), newest first, read only.
    `queryset` is the model's empty queryset, for the schema; get_queryset() scopes every request."""

    pagination_class = NewestFirst
    select_related: tuple[str, ...] = ()

    def get_queryset(self):
        qs = self.queryset.model.objects.all()
        return self.scope.by_org_path(qs.select_related(*self.select_related) if self.select_related else qs)


@extend_schema_view(
    list=extend_schema(summary=_("Danh sách đại hội trong phạm vi (mới nhất trước)")),
    retrieve=extend_schema(summary=_("Một đại hội: nhiệm kỳ, ngày khai mạc, bế mạc, quyết định chuẩn y")),
)
class CongressViewSet(ScopedReadOnly):
    queryset = Congress.objects.none()
    serializer_class = CongressSerializer
    select_related = ("organization",)


@extend_schema_view(
    list=extend_schema(summary=_("Danh sách cuộc bầu cử trong phạm vi (mới nhất trước)")),
    retrieve=extend_schema(summary=_("Một cuộc bầu cử và kết quả đã ký (phiên bản mới nhất)")),
)
class ElectionViewSet(ScopedReadOnly):
    queryset = Election.objects.none()
    serializer_class = ElectionSerializer


@extend_schema_view(
    list=extend_schema(summary=_("Danh sách cuộc họp, sinh hoạt chi bộ trong phạm vi (mới nhất trước)")),
    retrieve=extend_schema(summary=_("Một cuộc họp: nội dung, biên bản, số đảng viên có mặt")),
)
class MeetingViewSet(ScopedReadOnly):
    queryset = Meeting.objects.none()
    serializer_class = MeetingSerializer
    select_related = ("organization",)


def register(router) -> list:
    """Register viewsets on the shared router; return extra `path()` entries for /api/."""
    router.register("congresses", CongressViewSet, basename="congress")
    router.register("elections", ElectionViewSet, basename="election")
    router.register("meetings", MeetingViewSet, basename="meeting")
    return []
