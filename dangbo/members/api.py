"""REST API for members: the same scoped, filtered, keyset-paginated lists as the UI, and the member actions.

Sensitive fields (CCCD, religion) appear only on single-record responses to users whose scope allows them,
and each such response is logged with `log_sensitive_view`; lists never carry them.
"""

from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param
from rest_framework.views import APIView

from dangbo.core.api import (
    ModelSerializer,
    ScopedAPIMixin,
    Serializer,
    parse_date_param,
    parse_int_param,
)
from dangbo.core.models import AuditEvent
from dangbo.core.scopes import WRITE
from dangbo.organizations.models import Organization

from . import actions, queries
from .filters import MemberFilterSet
from .models import EventKind, Gender, Member, MemberEvent

SENSITIVE_FIELDS = ("citizen_id", "religion")
STATUS_FILTERS = [("active", _("Đang sinh hoạt (chính thức và dự bị)")), ("official", _("Chính thức")),
                  ("probationary", _("Dự bị")), ("ended", _("Đã ra khỏi danh sách hoặc chuyển đi")),
                  ("all", _("Tất cả"))]


# -- serializers --------------------------------------------------------------------------------------
class MemberListSerializer(ModelSerializer):
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    host_organization_name = serializers.CharField(source="host_organization.name", read_only=True,
                                                   default=None, allow_null=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    party_age = serializers.SerializerMethodField(help_text=_("Tuổi đảng hôm nay, ví dụ «12 năm 3 tháng»"))

    class Meta:
        model = Member
        fields = ["id", "full_name", "birth_date", "gender", "card_number", "status", "status_display",
                  "organization", "organization_name", "host_organization", "host_organization_name",
                  "temporary_until", "is_exempted", "is_suspended", "admission_decision_date",
                  "ceremony_date", "official_date", "party_age", "workplace", "job_title"]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_party_age(self, m):
        age = queries.party_age(m, timezone.localdate())
        return str(age) if age is not None else None


class MemberDetailSerializer(MemberListSerializer):
    # Stored blank when unknown, so not a valid address in every row: plain text in the answer.
    email = serializers.CharField(read_only=True, label=_("Thư điện tử"))

    class Meta(MemberListSerializer.Meta):
        fields = [*MemberListSerializer.Meta.fields, "ethnicity", "religion", "hometown", "residence",
                  "citizen_id", "education", "qualification", "political_theory", "phone", "email",
                  "admission_decision_number", "party_age_start", "left_on", "version", "created_at",
                  "updated_at"]
        read_only_fields = fields
        extra_kwargs = {f: {"help_text": _("Chỉ trả về cho người có quyền xem (mỗi lần xem được ghi lại)")}
                        for f in SENSITIVE_FIELDS}

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if not self.context.get("show_sensitive"):
            for f in SENSITIVE_FIELDS:
                data.pop(f, None)
        return data


class DossierSerializer(Serializer):
    full_name = serializers.CharField(max_length=120, label=_("Họ và tên"))
    birth_date = serializers.DateField(label=_("Ngày sinh"))
    gender = serializers.ChoiceField(choices=Gender.choices, label=_("Giới tính"))
    ethnicity = serializers.CharField(max_length=40, required=False)
    religion = serializers.CharField(max_length=60, required=False, allow_blank=True)
    hometown = serializers.CharField(max_length=255, required=False, allow_blank=True)
    residence = serializers.CharField(max_length=255, required=False, allow_blank=True)
    citizen_id = serializers.CharField(max_length=12, required=False, allow_blank=True, allow_null=True)
    card_number = serializers.CharField(max_length=20, required=False, allow_blank=True, allow_null=True)
    workplace = serializers.CharField(max_length=255, required=False, allow_blank=True)
    job_title = serializers.CharField(max_length=120, required=False, allow_blank=True)
    education = serializers.CharField(max_length=20, required=False, allow_blank=True)
    qualification = serializers.CharField(max_length=120, required=False, allow_blank=True)
    political_theory = serializers.ChoiceField(choices=Member._meta.get_field("political_theory").choices,
                                               required=False, allow_blank=True)
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True)
    email = serializers.EmailField(required=False, allow_blank=True)
    admission_decision_number = serializers.CharField(max_length=60, required=False, allow_blank=True)


class AdmitSerializer(DossierSerializer):
    organization = serializers.IntegerField(label=_("Chi bộ"), help_text=_("Mã số chi bộ kết nạp"))
    admission_decision_date = serializers.DateField(label=_("Ngày quyết định kết nạp"))
    issuer = serializers.CharField(required=False, allow_blank=True, default="")
    ceremony_date = serializers.DateField(required=False, allow_null=True, default=None)
    official_date = serializers.DateField(required=False, allow_null=True, default=None,
                                          help_text=_("Chỉ khi nhập hồ sơ cũ: đã được công nhận chính thức"))
    recognition_decision_number = serializers.CharField(required=False, allow_blank=True, default="")
    recognition_decision_date = serializers.DateField(required=False, allow_null=True, default=None)


class DossierUpdateSerializer(DossierSerializer):
    version = serializers.IntegerField(help_text=_("Bắt buộc: phiên bản đã đọc; nếu hồ sơ đã bị người khác sửa "
                                                   "thì trả 409"))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("partial", True)
        super().__init__(*args, **kwargs)

    def validate(self, attrs):
        # `partial` lets every other field be left out, but never the version: without it a PATCH would
        # silently overwrite someone else's edit.
        if attrs.get("version") is None:
            raise serializers.ValidationError({"version": [_("Thiếu phiên bản hồ sơ (version) đã đọc: hãy đọc "
                                                             "lại hồ sơ rồi gửi kèm phiên bản của nó.")]})
        return attrs


class MemberEventSerializer(ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    from_organization_name = serializers.CharField(source="from_organization.name", read_only=True,
                                                   default=None, allow_null=True)
    to_organization_name = serializers.CharField(source="to_organization.name", read_only=True,
                                                 default=None, allow_null=True)

    class Meta:
        model = MemberEvent
        fields = ["id", "member", "kind", "kind_display", "effective_date", "decision_number",
                  "decision_date", "issuer", "from_organization", "from_organization_name", "to_organization",
                  "to_organization_name", "external_place", "end_date", "note", "source", "org_after",
                  "host_after", "status_after", "exempted_after", "suspended_after", "created_at"]
        read_only_fields = fields


class RecordEventSerializer(Serializer):
    kind = serializers.ChoiceField(choices=EventKind.choices, label=_("Sự kiện"),
                                   help_text=_("Mọi sự kiện trừ kết nạp (kết nạp: POST /api/members/)"))
    effective_date = serializers.DateField(required=False, allow_null=True, default=None,
                                           label=_("Ngày hiệu lực"))
    decision_number = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
    decision_date = serializers.DateField(required=False, allow_null=True, default=None)
    issuer = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    to_organization = serializers.IntegerField(required=False, allow_null=True, default=None,
                                               help_text=_("Mã số tổ chức nơi đến (chuyển sinh hoạt)"))
    end_date = serializers.DateField(required=False, allow_null=True, default=None)
    external_place = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
    note = serializers.CharField(required=False, allow_blank=True, default="")
    version = serializers.IntegerField(required=False, allow_null=True, default=None)

    def validate_kind(self, value):
        if value == EventKind.ADMISSION:
            raise serializers.ValidationError(
                _("Kết nạp đảng viên mới dùng POST /api/members/, không ghi ở đây."))
        return value


class FieldChangeSerializer(Serializer):
    field = serializers.CharField()
    label = serializers.CharField()
    old = serializers.CharField(allow_null=True)
    new = serializers.CharField(allow_null=True)


class HistoryEntrySerializer(Serializer):
    at = serializers.DateTimeField()
    user = serializers.CharField(allow_null=True)
    type = serializers.CharField()
    changes = FieldChangeSerializer(many=True)


class AuditRowSerializer(ModelSerializer):
    class Meta:
        model = AuditEvent
        fields = ["seq", "at", "username", "action", "summary", "data"]


class MemberHistorySerializer(Serializer):
    fields = HistoryEntrySerializer(many=True, help_text=_("Lịch sử từng trường của hồ sơ"))
    events = MemberEventSerializer(many=True)
    audit = AuditRowSerializer(many=True)


class DueItemSerializer(Serializer):
    member = serializers.IntegerField(source="member_pk", allow_null=True,
                                      help_text=_("Đảng viên; trống khi là người chưa vào Đảng (xem link)"))
    link = serializers.CharField(help_text=_("Trang hồ sơ của người chưa vào Đảng (quần chúng ưu tú)"))
    full_name = serializers.CharField(source="member.full_name")
    organization = serializers.IntegerField(source="member.organization_id")
    organization_name = serializers.CharField(source="member.organization.name")
    kind = serializers.CharField()
    label = serializers.CharField()
    due = serializers.DateField()
    overdue = serializers.BooleanField()
    detail = serializers.CharField()


def _name_search(request) -> str:
    q = request.query_params.get("q", "")
    return q if queries.is_name_search(q) else ""


# -- keyset pagination on (sort_key, id) ----------------------------------------------------------------
class KeysetPagination(BasePagination):
    """Delegates to members.queries.page(): a deep page costs the same as the first."""

    page_size = queries.PAGE_SIZE
    max_page_size = 500

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        size = parse_int_param(request, "page_size", minimum=1, maximum=self.max_page_size) or self.page_size
        searching = _name_search(request)
        share = view.member_filter().share(view.scope) if searching and hasattr(view, "member_filter") else 1.0
        rows, self.next_cursor = queries.page(queryset, request.query_params.get("cursor", ""), size,
                                             searching=searching, share=share)
        return rows

    def get_paginated_response(self, data):
        url = self.request.build_absolute_uri()
        nxt = replace_query_param(url, "cursor", self.next_cursor) if self.next_cursor else None
        return Response({"next": nxt, "next_cursor": self.next_cursor or None, "results": data,
                         "first": remove_query_param(url, "cursor")})

    def get_paginated_response_schema(self, schema):
        return {"type": "object", "required": ["results"], "properties": {
            "next": {"type": "string", "nullable": True, "format": "uri"},
            "next_cursor": {"type": "string", "nullable": True},
            "first": {"type": "string", "format": "uri"},
            "results": schema}}

    def get_schema_operation_parameters(self, view):
        return [
            {"name": "cursor", "required": False, "in": "query", "schema": {"type": "string"},
             "description": _("Con trỏ trang kế tiếp (next_cursor của trang trước)")},
            {"name": "page_size", "required": False, "in": "query", "schema": {"type": "integer"},
             "description": _("Số dòng một trang (mặc định %(default)s, tối đa %(most)s)") % {
                 "default": queries.PAGE_SIZE, "most": self.max_page_size}},
        ]


MEMBER_FILTER_PARAMETERS = [
    OpenApiParameter("q", str, description=_("Họ tên (gõ không dấu được; d khớp đ), số thẻ đảng hoặc số CCCD")),
    OpenApiParameter("under", int, description=_("Mã số tổ chức: đảng viên trong cả cây của tổ chức này")),
    OpenApiParameter("status", str, enum=[s for s, _label in STATUS_FILTERS],
                     description=_("Mặc định active (chính thức và dự bị)")),
    OpenApiParameter("gender", str, enum=[g for g, _label in Gender.choices]),
    *[OpenApiParameter(name, {"type": "integer", "minimum": 0, "maximum": 150}, description=_("Số năm"))
      for name in ("age_min", "age_max", "party_age_min", "party_age_max")],
    OpenApiParameter("admission_year", {"type": "integer", "minimum": 1900, "maximum": 2200}),
    OpenApiParameter("exempted", bool), OpenApiParameter("temporary", bool,
                                                         description=_("Đang sinh hoạt tạm thời nơi khác")),
]


# -- the viewset --------------------------------------------------------------------------------------
@extend_schema_view(
    list=extend_schema(summary=_("Danh sách đảng viên trong phạm vi (lọc như giao diện; sắp theo tên)"),
                       parameters=MEMBER_FILTER_PARAMETERS, responses={200: MemberListSerializer(many=True)}),
    retrieve=extend_schema(summary=_("Hồ sơ một đảng viên"), responses={200: MemberDetailSerializer}),
    create=extend_schema(summary=_("Kết nạp đảng viên"), request=AdmitSerializer,
                         responses={201: MemberDetailSerializer}),
    partial_update=extend_schema(summary=_("Sửa lý lịch (khóa lạc quan bằng version; xung đột trả 409)"),
                                 request=DossierUpdateSerializer, responses={200: MemberDetailSerializer}),
)
class MemberViewSet(ScopedAPIMixin, viewsets.GenericViewSet):
    serializer_class = MemberDetailSerializer
    pagination_class = KeysetPagination
    filter_backends: list = []
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return self.scope.members(Member.objects.select_related("organization", "host_organization"))

    def get_serializer_class(self):
        return MemberListSerializer if self.action == "list" else MemberDetailSerializer

    # -- helpers ------------------------------------------------------------------------------------
    def member_filter(self) -> queries.MemberFilter:
        """The list's conditions, parsed by the page's own FilterSet under the API's parameter names."""
        if not hasattr(self, "_member_filter"):
            fs = MemberFilterSet.for_api(self.request.query_params, scope=self.scope)
            if fs.is_bound and not fs.is_valid():
                raise serializers.ValidationError(fs.api_errors())
            self._member_filter = fs.member_filter()
        return self._member_filter

    def detail_response(self, member, code=status.HTTP_200_OK):
        member = Member.objects.select_related("organization", "host_organization").get(pk=member.pk)
        show = self.scope.can_see_sensitive(member)
        if show:
            actions.log_sensitive_view(self.request.user, member)
        context = {**self.get_serializer_context(), "show_sensitive": show}
        data = MemberDetailSerializer(member, context=context).data
        return Response(data, status=code)

    def object_for_write(self) -> Member:
        member = self.get_object()  # outside the read scope: 404
        self.scope.require(WRITE, member, _("Bạn không có quyền thay đổi dữ liệu của đảng viên %(name)s.") % {
            "name": member.full_name})
        return member

    # -- endpoints ----------------------------------------------------------------------------------
    def list(self, request):
        qs = self.member_filter().apply(self.get_queryset(), timezone.localdate(), self.scope)
        rows = self.paginate_queryset(qs)
        return self.get_paginated_response(MemberListSerializer(rows, many=True).data)

    def retrieve(self, request, pk=None):
        return self.detail_response(self.get_object())

    def create(self, request):
        ser = AdmitSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        d = dict(ser.validated_data)
        org = Organization.objects.filter(pk=d.pop("organization")).first()
        if org is None:
            raise serializers.ValidationError({"organization": [_("Không có tổ chức đảng này.")]})
        self.scope.require(WRITE, org.path, _("Bạn không có quyền kết nạp đảng viên vào «%(org)s».") % {
            "org": org.name})
        kw = {k: d.pop(k) for k in ("issuer", "ceremony_date", "official_date", "recognition_decision_number",
                                    "recognition_decision_date")}
        decision_date = d.pop("admission_decision_date")
        member = actions.admit_member(request.user, organization=org, dossier=d, decision_date=decision_date,
                                      decision_number=d.get("admission_decision_number", ""), **kw)
        return self.detail_response(member, status.HTTP_201_CREATED)

    def partial_update(self, request, pk=None):
        member = self.object_for_write()
        ser = DossierUpdateSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        d = dict(ser.validated_data)
        version = d.pop("version", None)
        actions.update_dossier(request.user, member, d, version=version)
        return self.detail_response(member)

    @extend_schema(methods=["GET"], summary=_("Các sự kiện sinh hoạt đảng của đảng viên"),
                   responses={200: MemberEventSerializer(many=True)})
    @extend_schema(methods=["POST"], summary=_("Ghi một sự kiện (công nhận chính thức, chuyển sinh hoạt, ...)"),
                   request=RecordEventSerializer, responses={201: MemberEventSerializer})
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def events(self, request, pk=None):
        if request.method == "GET":
            member = self.get_object()
            qs = member.events.select_related("from_organization", "to_organization").order_by(
                "effective_date", "id")
            return Response(MemberEventSerializer(qs, many=True).data)
        member = self.object_for_write()
        ser = RecordEventSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        d = dict(ser.validated_data)
        kind = d.pop("kind")
        to_pk = d.pop("to_organization")
        to_org = None
        if to_pk is not None:
            # A transfer may go to any organisation in the register, also outside the user's scope.
            to_org = Organization.objects.filter(pk=to_pk).first()
            if to_org is None:
                raise serializers.ValidationError(
                    {"to_organization": [_("Không có tổ chức đảng mã số %(pk)s.") % {"pk": to_pk}]})
        ev = actions.record_event(request.user, member, kind, to_organization=to_org, **d)
        return Response(MemberEventSerializer(ev).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary=_("Lịch sử hồ sơ: thay đổi từng trường, sự kiện và nhật ký thao tác"),
                   responses={200: MemberHistorySerializer})
    @action(detail=True, methods=["get"], pagination_class=None)
    def history(self, request, pk=None):
        member = self.get_object()
        show = self.scope.can_see_sensitive(member)
        entries, shown_sensitive = [], False
        prev = None
        for rec in member.history.order_by("history_date", "history_id").select_related("history_user"):
            changes = []
            if prev is not None:
                for ch in rec.diff_against(prev).changes:
                    if ch.field in SENSITIVE_FIELDS and not show:
                        changes.append({"field": ch.field, "label": _label(ch.field), "old": None,
                                        "new": None})
                        continue
                    shown_sensitive |= ch.field in SENSITIVE_FIELDS
                    changes.append({"field": ch.field, "label": _label(ch.field), "old": _text(ch.old),
                                    "new": _text(ch.new)})
            user = rec.history_user.username if rec.history_user else None
            entries.append({"at": rec.history_date, "user": user,
                            "type": rec.get_history_type_display(), "changes": changes})
            prev = rec
        if shown_sensitive:
            actions.log_sensitive_view(request.user, member)
        events = member.events.select_related("from_organization", "to_organization").order_by(
            "effective_date", "id")
        # The member's own audit trail is part of their record: readable with the record.
        audit_rows = AuditEvent.objects.filter(object_type="members.member",
                                               object_id=str(member.pk)).order_by("seq")
        return Response({"fields": entries, "events": MemberEventSerializer(events, many=True).data,
                         "audit": AuditRowSerializer(audit_rows, many=True).data})


def _label(field):
    try:
        return str(Member._meta.get_field(field).verbose_name)
    except Exception:
        return field


def _text(v):
    return None if v is None else str(v)


class DueWorkView(ScopedAPIMixin, APIView):
    @extend_schema(summary=_("Việc đến hạn: lễ kết nạp, hết dự bị, công nhận chính thức, sinh hoạt tạm thời, "
                           "huy hiệu"), parameters=[
                               OpenApiParameter("under", int, description=_("Chỉ trong cây của tổ chức này")),
                               OpenApiParameter("horizon", {"type": "integer", "minimum": 0, "maximum": 3660},
                                                description=_("Số ngày tới (mặc định 60)")),
                               OpenApiParameter("today", OpenApiTypes.DATE, description=_("Mặc định hôm nay"))],
                   responses={200: DueItemSerializer(many=True)})
    def get(self, request):
        today = parse_date_param(request, "today") or timezone.localdate()
        horizon = parse_int_param(request, "horizon", minimum=0, maximum=3660)
        org_path = ""
        under = parse_int_param(request, "under")
        if under is not None:
            org = self.scope.organizations(Organization.objects.filter(pk=under)).first()
            if org is None:
                raise serializers.ValidationError(
                    {"under": [_("Không có tổ chức mã số %(pk)s trong phạm vi của bạn.") % {"pk": under}]})
            org_path = org.path
        items = queries.due_work(self.scope, today, 60 if horizon is None else horizon, org_path=org_path)
        return Response(DueItemSerializer(items, many=True).data)



def register(router) -> list:
    """Register viewsets on the shared router; return extra `path()` entries for /api/."""
    router.register("members", MemberViewSet, basename="member")
    return [path("due/", DueWorkView.as_view(), name="due")]
