"""Shared pieces of the REST API: scoped base views, Vietnamese errors, token login, audit and offline docs.

Every API view derives from `ScopedAPIMixin`: its `scope` is `scope_for(request.user)`, the one filter of
ARCHITECTURE.md decision 7, and its exception handler turns the actions' Django `ValidationError` into
400 `{"field": ["Vietnamese message"]}`, `ConflictError` into 409 and `PermissionDenied` into 403.
"""

import html

from django.core.cache.backends.locmem import LocMemCache
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinLengthValidator, MinValueValidator
from django.http import Http404, HttpResponse, JsonResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView
from rest_framework.views import exception_handler as drf_exception_handler

from . import throttle
from .actions import ConflictError
from .api_params import (
    INT_MAX,
    INT_MIN,
    OUT_OF_RANGE,
    CursorPagination,
    parse_date_param,
    parse_int_param,
)
from .models import AuditEvent
from .scopes import Scope, scope_for

NON_FIELD = "non_field_errors"
NOT_FOUND = _("Không tìm thấy hoặc bạn không có quyền xem.")

# -- Vietnamese messages for DRF's own field errors (its bundled translation is incomplete) ---------------
VI_FIELD_MESSAGES = {
    "required": _("Trường này là bắt buộc."),
    "null": _("Trường này không được để trống."),
    "blank": _("Trường này không được để trống."),
    "max_length": _("Không được dài quá {max_length} ký tự."),
    "min_length": _("Phải có ít nhất {min_length} ký tự."),
    "min_value": _("Giá trị phải lớn hơn hoặc bằng {min_value}."),
    "max_value": _("Giá trị phải nhỏ hơn hoặc bằng {max_value}."),
    "max_string_length": _("Giá trị quá lớn."),
    "invalid_choice": _("«{input}» không phải là lựa chọn hợp lệ."),
    "not_a_list": _("Cần một danh sách, không phải «{input_type}»."),
    "empty": _("Danh sách không được để trống."),
    "does_not_exist": _("Không tìm thấy đối tượng mã {pk_value}."),
    "incorrect_type": _("Cần một mã số, không phải «{data_type}»."),
    "not_a_dict": _("Cần một đối tượng {{khóa: giá trị}}, không phải «{input_type}»."),
}
VI_INVALID = {
    serializers.DateField: _("Ngày không đúng định dạng; hãy dùng YYYY-MM-DD (ví dụ 2020-12-31)."),
    serializers.IntegerField: _("Cần một số nguyên."),
    serializers.BooleanField: _("Cần giá trị đúng/sai (true/false)."),
    serializers.EmailField: _("Địa chỉ thư điện tử không hợp lệ."),
    serializers.CharField: _("Cần một chuỗi ký tự."),
}


def _bound_integers(field: serializers.Field) -> None:
    if isinstance(field, serializers.IntegerField) and not getattr(field, "_dangbo_bounded", False):
        field._dangbo_bounded = True
        if field.max_value is None or field.max_value > INT_MAX:
            field.validators.append(MaxValueValidator(INT_MAX, message=OUT_OF_RANGE))
        if field.min_value is None or field.min_value < INT_MIN:
            field.validators.append(MinValueValidator(INT_MIN, message=OUT_OF_RANGE))


def vietnamese_messages(field: serializers.Field) -> serializers.Field:
    _bound_integers(field)
    for key, text in VI_FIELD_MESSAGES.items():
        if key in field.error_messages:
            field.error_messages[key] = text
    # A CharField built its length validators with the English message already: give them the Vietnamese one.
    for v in field.validators:
        for cls, key in ((MaxLengthValidator, "max_length"), (MinLengthValidator, "min_length")):
            if type(v) is cls and getattr(field, key, None) is not None:
                v.message = VI_FIELD_MESSAGES[key].format(**{key: getattr(field, key)})
    for cls, text in VI_INVALID.items():
        if isinstance(field, cls):
            field.error_messages["invalid"] = text
            if isinstance(field, serializers.DateField):
                field.error_messages["datetime"] = text
            break
    child = getattr(field, "child", None)
    if isinstance(child, serializers.Field):
        vietnamese_messages(child)
    child_relation = getattr(field, "child_relation", None)
    if isinstance(child_relation, serializers.Field):
        vietnamese_messages(child_relation)
    return field


class VietnameseErrorsMixin:
    """Serializer mixin: every field's validation messages in Vietnamese."""

    def get_fields(self):
        fields = super().get_fields()
        for f in fields.values():
            vietnamese_messages(f)
        return fields


class Serializer(VietnameseErrorsMixin, serializers.Serializer):
    pass


class ModelSerializer(VietnameseErrorsMixin, serializers.ModelSerializer):
    pass


# -- errors -------------------------------------------------------------------------------------------
def validation_payload(exc: DjangoValidationError) -> dict:
    if hasattr(exc, "error_dict"):
        out: dict[str, list[str]] = {}
        for key, messages in exc.message_dict.items():
            name = NON_FIELD if key in (None, NON_FIELD_ERRORS, "None") else key
            out.setdefault(name, []).extend(messages)
        return out
    return {NON_FIELD: list(exc.messages)}


def api_exception_handler(exc, context):
    from .busy import MESSAGE, RETRY_AFTER, is_busy

    if is_busy(exc):  # SQLite's lock held past the busy timeout (a long import): "try again", not a 500
        return Response({"detail": gettext(MESSAGE), "code": "busy"}, status=status.HTTP_503_SERVICE_UNAVAILABLE,
                        headers={"Retry-After": RETRY_AFTER})
    if isinstance(exc, OverflowError):  # a number too large for the database that no check caught: still a 400
        return Response({NON_FIELD: [OUT_OF_RANGE]}, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, ConflictError):
        message = " ".join(exc.messages)
        return Response({"detail": message, "code": "conflict"}, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, DjangoValidationError):
        return Response(validation_payload(exc), status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(NOT_FOUND)
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or gettext("Bạn không có quyền thực hiện thao tác này."))
    elif isinstance(exc, exceptions.NotAuthenticated):
        exc = exceptions.NotAuthenticated(gettext("Chưa đăng nhập: hãy gửi mã truy cập (Authorization: Token …)."))
    elif isinstance(exc, exceptions.AuthenticationFailed):
        exc = exceptions.AuthenticationFailed(gettext("Mã truy cập không hợp lệ hoặc tài khoản đã bị khóa."))
    elif isinstance(exc, exceptions.Throttled) and not isinstance(exc, LoginRefused):
        exc = exceptions.Throttled(exc.wait, (
            gettext("Quá nhiều yêu cầu; hãy thử lại sau %(seconds)s giây.") % {"seconds": int(exc.wait) + 1}
            if exc.wait is not None else gettext("Quá nhiều yêu cầu; hãy thử lại sau.")))
    elif isinstance(exc, exceptions.MethodNotAllowed):
        exc = exceptions.MethodNotAllowed(context["request"].method, gettext(
            "Không hỗ trợ phương thức %(method)s.") % {"method": context["request"].method})
    elif isinstance(exc, exceptions.ParseError):
        exc = exceptions.ParseError(gettext("Dữ liệu gửi lên không đọc được (JSON không hợp lệ)."))
    return drf_exception_handler(exc, context)


class ScopedAPIMixin:
    """Base of every API view: the user's scope, and Vietnamese errors from the actions."""

    permission_classes = [IsAuthenticated]

    @property
    def scope(self) -> Scope:
        return scope_for(self.request.user)

    def get_exception_handler(self):
        return api_exception_handler

    def require_write_path(self, path: str, what: str = _("tổ chức này")):
        self.scope.require_write_path(path, what)  # ScopeDenied: 403 {"detail": …} by api_exception_handler


# -- token login --------------------------------------------------------------------------------------
# Throttle counters live in this process's memory: the API token endpoint needs no cache table, and a
# single-office install runs one process. (The web login is throttled separately, per username.)
THROTTLE_CACHE = LocMemCache("dangbo-api-throttle", {"OPTIONS": {"MAX_ENTRIES": 10000}})


class TokenLoginThrottle(AnonRateThrottle):
    scope = "api_token"
    rate = "10/min"
    cache = THROTTLE_CACHE

    def get_cache_key(self, request, view):
        # Every attempt counts, logged in or not.
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class LoginRefused(exceptions.Throttled):
    """429 from the shared login throttle (with Retry-After); its Vietnamese message is kept as it is."""

    def __init__(self, wait: int, message: str):
        super().__init__(wait)
        self.detail = exceptions.ErrorDetail(message, code=self.default_code)


class TokenRequestSerializer(Serializer):
    username = serializers.CharField(label=_("Tên đăng nhập"))
    password = serializers.CharField(label=_("Mật khẩu"), style={"input_type": "password"},
                                     trim_whitespace=False)
    otp = serializers.CharField(
        label=_("Mã xác thực hai bước"), required=False, allow_blank=True, max_length=32,
        help_text=_("Bắt buộc với tài khoản đã bật xác thực hai bước: 6 chữ số trong ứng dụng xác thực, "
                    "hoặc một mã dự phòng (mỗi mã dùng một lần). Mã truy cập đã cấp trước vẫn dùng được."))


class TokenResponseSerializer(Serializer):
    token = serializers.CharField()


class TokenView(ScopedAPIMixin, APIView):
    """POST username and password; get the token to send as `Authorization: Token <token>`.

    An account with two-factor authentication must also send `otp` (the current code or a recovery code):
    without it, or with a wrong one, the answer is 400 naming `otp`; wrong codes count in the login throttle.
    """

    permission_classes = []
    authentication_classes = []
    throttle_classes = [TokenLoginThrottle]

    @extend_schema(request=TokenRequestSerializer, auth=[], responses={
        200: TokenResponseSerializer,
        400: OpenApiResponse(description=_("Sai tên đăng nhập, mật khẩu, hoặc thiếu/sai mã xác thực hai bước "
                                         "(trường otp, với tài khoản đã bật xác thực hai bước).")),
        429: OpenApiResponse(description=_("Đăng nhập sai quá nhiều lần: tài khoản tạm khóa hoặc phải đợi.")),
    },
                   summary=_("Lấy mã truy cập (token)"), tags=["token"],
                   description=_("Gửi tên đăng nhập và mật khẩu; nhận mã truy cập để gửi kèm mỗi yêu cầu dưới dạng "
                               "`Authorization: Token <mã>`. Tài khoản đã bật xác thực hai bước phải gửi thêm `otp` "
                               "(mã hiện tại trong ứng dụng xác thực hoặc một mã dự phòng): thiếu hoặc sai thì trả "
                               "400 nêu trường `otp`; mã sai được tính vào giới hạn số lần đăng nhập sai."))
    def post(self, request):
        params = TokenRequestSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        username, ip = params.validated_data["username"].strip(), throttle.client_ip(request)
        # The same throttle as the web and admin logins: a locked account gets no token, even with the
        # right password, and every failure here counts there.
        refusal = throttle.check(username, ip)
        if refusal:
            throttle.failed(username, ip, throttle.API, refused=True)
            raise LoginRefused(refusal.seconds, refusal.message)
        ser = AuthTokenSerializer(data=params.validated_data, context={"request": request})
        if not ser.is_valid():
            throttle.failed(username, ip, throttle.API)
            raise exceptions.ValidationError(
                {NON_FIELD: [_("Tên đăng nhập hoặc mật khẩu không đúng.")]})
        throttle.succeeded(username)
        user = ser.validated_data["user"]
        self._second_step(user, params.validated_data.get("otp", ""), username, ip)
        token, _created = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})

    @staticmethod
    def _second_step(user, code: str, username: str, ip: str) -> None:
        """A user with two-factor authentication gets a token only with a right code (the same throttle)."""
        from dangbo.twofactor.actions import check_code
        from dangbo.twofactor.policy import device_for

        if device_for(user) is None:
            return
        if not code.strip():
            raise exceptions.ValidationError(
                {"otp": [_("Tài khoản đã bật xác thực hai bước: gửi kèm mã xác thực trong trường otp.")]})
        if check_code(user, code, via="api") is None:
            throttle.failed(username, ip, throttle.OTP)
            raise exceptions.ValidationError({"otp": [_("Mã xác thực không đúng (hoặc mã dự phòng đã dùng).")]})
        throttle.succeeded(username, second_step=True)


# -- audit trail --------------------------------------------------------------------------------------
class AuditEventSerializer(ModelSerializer):
    class Meta:
        model = AuditEvent
        fields = ["seq", "at", "username", "request_id", "action", "object_type", "object_id", "org_path",
                  "summary", "data", "hash"]


class AuditPagination(CursorPagination):
    ordering = "-seq"
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


@extend_schema_view(
    list=extend_schema(summary=_("Nhật ký thao tác (trong phạm vi của người dùng)"), parameters=[
        OpenApiParameter("action", str, description=_("Loại thao tác, ví dụ member.transfer")),
        OpenApiParameter("object_type", str, description=_("Ví dụ members.member")),
        OpenApiParameter("object_id", str),
        OpenApiParameter("under", int, description=_("Mã tổ chức: chỉ thao tác trong cây của tổ chức này")),
        OpenApiParameter("since", OpenApiTypes.DATE),
        OpenApiParameter("until", OpenApiTypes.DATE),
    ]),
    retrieve=extend_schema(summary=_("Một bản ghi nhật ký")),
)
class AuditEventViewSet(ScopedAPIMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                        viewsets.GenericViewSet):
    serializer_class = AuditEventSerializer
    pagination_class = AuditPagination
    filter_backends: list = []
    lookup_field = "seq"
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        qs = self.scope.by_org_path(AuditEvent.objects.all())
        if self.action != "list":
            return qs
        p = self.request.query_params
        for name in ("action", "object_type", "object_id"):
            if p.get(name):
                qs = qs.filter(**{name: p[name]})
        under = parse_int_param(self.request, "under")
        if under is not None:
            from dangbo.organizations.models import Organization

            org = self.scope.organizations(Organization.objects.filter(pk=under)).first()
            qs = qs.filter(org_path__startswith=org.path) if org else qs.none()
        since = parse_date_param(self.request, "since")
        until = parse_date_param(self.request, "until")
        if since:
            qs = qs.filter(at__date__gte=since)
        if until:
            qs = qs.filter(at__date__lte=until)
        return qs


# -- offline docs -------------------------------------------------------------------------------------
_DOCS_CSS = """
body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
h1{color:#b00}h2{border-bottom:1px solid #ccc;margin-top:2rem}code{background:#f4f4f4;padding:0 .25rem}
.op{margin:.75rem 0;padding:.5rem .75rem;border-left:4px solid #b00;background:#fafafa}
.m{display:inline-block;min-width:4.5rem;font-weight:bold}table{border-collapse:collapse;margin:.25rem 0}
td,th{border:1px solid #ddd;padding:.15rem .5rem;text-align:left;font-size:13px}"""


@extend_schema(exclude=True)
class ApiDocsView(ScopedAPIMixin, APIView):
    """A plain HTML reference generated from the OpenAPI schema: no CDN, no script, works offline."""

    def handle_exception(self, exc):
        # A page for people: a visitor who has not logged in is sent to the login page and back (issue 17), not
        # answered 401; a client that sent wrong credentials still gets its 401.
        if isinstance(exc, exceptions.NotAuthenticated):
            from django.contrib.auth.views import redirect_to_login

            return redirect_to_login(self.request.get_full_path())
        return super().handle_exception(exc)

    def get(self, request):
        from drf_spectacular.generators import SchemaGenerator

        schema = SchemaGenerator().get_schema(request=None, public=True)
        esc = html.escape
        title = esc(schema["info"]["title"])
        out = [f"<!doctype html><html lang='vi'><head><meta charset='utf-8'><title>{title}"
               f"</title><style>{_DOCS_CSS}</style></head><body>",
               f"<h1>{esc(schema['info']['title'])} {esc(schema['info']['version'])}</h1>",
               f"<p>{esc(schema['info'].get('description', ''))}</p>",
               "<p>Xác thực: gửi <code>POST /api/token/</code> với <code>username</code> và "
               "<code>password</code>, "
               "rồi thêm tiêu đề <code>Authorization: Token &lt;mã&gt;</code> vào mọi yêu cầu. "
               "Lược đồ OpenAPI 3: <a href='../schema/'>/api/schema/</a>; "
               "giao diện duyệt API của DRF: <a href='../'>/api/</a>.</p>"]
        by_tag: dict[str, list] = {}
        for p, ops in schema.get("paths", {}).items():
            for method, op in ops.items():
                if method in ("get", "post", "put", "patch", "delete"):
                    by_tag.setdefault((op.get("tags") or ["khác"])[0], []).append((p, method, op))
        for tag, ops in sorted(by_tag.items()):
            out.append(f"<h2>{esc(tag)}</h2>")
            for p, method, op in ops:
                out.append(f"<div class='op'><span class='m'>{method.upper()}</span><code>{esc(p)}</code>")
                if op.get("summary"):
                    out.append(f" — {esc(op['summary'])}")
                if op.get("description"):
                    out.append(f"<p>{esc(op['description'])}</p>")
                params = op.get("parameters") or []
                if params:
                    out.append("<table><tr><th>tham số</th><th>ở</th><th>kiểu</th><th>mô tả</th></tr>")
                    for prm in params:
                        typ = (prm.get("schema") or {}).get("type", "")
                        out.append(f"<tr><td><code>{esc(prm['name'])}</code></td><td>{esc(prm['in'])}</td>"
                                   f"<td>{esc(str(typ))}</td><td>{esc(prm.get('description', ''))}</td></tr>")
                    out.append("</table>")
                out.append("</div>")
        out.append("</body></html>")
        return HttpResponse("".join(out), content_type="text/html; charset=utf-8")


@csrf_exempt  # it changes nothing; a POST must get the 404, not Django's HTML CSRF page
def not_found(request, *args, **kwargs):
    """/api/… that no route matches (a path argument of the wrong shape): a JSON 404 like every API error."""

    return JsonResponse({"detail": NOT_FOUND}, status=404, json_dumps_params={"ensure_ascii": False})


def register(router) -> list:
    """Register viewsets on the shared router; return extra `path()` entries for /api/."""
    router.register("audit", AuditEventViewSet, basename="audit")
    return []
