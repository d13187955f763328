"""The congresses resources of the REST API (registered by dangbo/config/api_urls.py): read-only, scoped.

Writes (ballots, signing, chuẩn y) go through the web pages, which take the double entry and audit trail; the
API serves the year-end report, exports and other systems.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets

from dangbo.core.api import CursorPagination, ModelSerializer, ScopedAPIMixin
from dangbo.core.generic import with_related

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
    select_related: tuple[str, ...] | None = None  # None: the row's organisation

    def get_queryset(self):
        return self.scope.by_org_path(with_related(self.queryset.model.objects.all(), self.select_related))


def read_only(model, serializer, listed: str, one: str) -> type[ScopedReadOnly]:
    """The read-only viewset of `model` in the user's scope; `listed` and `one` are the schema's summaries."""
    view = type(f"{model.__name__}ViewSet", (ScopedReadOnly,),
                {"queryset": model.objects.none(), "serializer_class": serializer})
    return extend_schema_view(list=extend_schema(summary=listed), retrieve=extend_schema(summary=one))(view)


CongressViewSet = read_only(Congress, CongressSerializer, _("Danh sách đại hội trong phạm vi (mới nhất trước)"),
                            _("Một đại hội: nhiệm kỳ, ngày khai mạc, bế mạc, quyết định chuẩn y"))
ElectionViewSet = read_only(Election, ElectionSerializer, _("Danh sách cuộc bầu cử trong phạm vi (mới nhất trước)"),
                            _("Một cuộc bầu cử và kết quả đã ký (phiên bản mới nhất)"))
MeetingViewSet = read_only(Meeting, MeetingSerializer,
                           _("Danh sách cuộc họp, sinh hoạt chi bộ trong phạm vi (mới nhất trước)"),
                           _("Một cuộc họp: nội dung, biên bản, số đảng viên có mặt"))


def register(router) -> list:
    """Register viewsets on the shared router; return extra `path()` entries for /api/."""
    router.register("congresses", CongressViewSet, basename="congress")
    router.register("elections", ElectionViewSet, basename="election")
    router.register("meetings", MeetingViewSet, basename="meeting")
    return []
