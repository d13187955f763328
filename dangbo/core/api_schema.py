"""The OpenAPI schema tells the truth about every answer: one AutoSchema adds the error answers to each operation.

Every API view shares `api_exception_handler` (dangbo.core.api), so its error answers have the same shapes
everywhere, and which of them an operation can give follows from what it reads and how it is protected:

- 400 `{"field": ["Vietnamese message"]}` (`non_field_errors` for the whole request, `{"detail": …}` for a
  body that is not JSON) whenever the operation reads a parameter or a body;
- 401 when it needs a login, 403 (scope, two-factor enrolment, CSRF on a session) likewise;
- 404 for a path argument outside the user's scope, and for a `cursor` that is not one;
- 409 when the body carries the `version` the client read (optimistic locking);
- 429 when the view is throttled, with `Retry-After`;
- 503 when SQLite stays locked past the busy timeout (a long import), with `Retry-After`.

Integer parameters get the bounds the server enforces (64-bit, `dangbo.core.api.INT_MIN/INT_MAX`) unless the
view declared narrower ones, so a value the schema allows is never refused as too large.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import ResolvedComponent

from .api_params import INT_MAX, INT_MIN

_DETAIL = {
    "type": "object",
    "description": _("Lỗi: `detail` là thông báo tiếng Việt; `code` là mã máy đọc (ví dụ busy, conflict)."),
    "properties": {"detail": {"type": "string"}, "code": {"type": "string"}},
    "required": ["detail"],
}
_MESSAGES = {"type": "array", "items": {"anyOf": [{"type": "string"}, {"type": "object"}]}}
_VALIDATION = {
    "type": "object",
    "description": _("Dữ liệu không hợp lệ: mỗi trường sai kèm danh sách thông báo tiếng Việt "
                   "(`non_field_errors` cho cả yêu cầu; lỗi trong danh sách hoặc đối tượng lồng nhau được "
                   "lồng theo vị trí). Thân yêu cầu không đọc được (JSON hỏng): `detail`."),
    "properties": {"detail": {"type": "string"}, "non_field_errors": {"type": "array", "items": {"type": "string"}}},
    "additionalProperties": {"anyOf": [_MESSAGES, {"type": "object"}]},
}
_RETRY_AFTER = {"Retry-After": {"description": _("Số giây nên đợi trước khi thử lại"),
                                "schema": {"type": "string"}}}
_WWW_AUTHENTICATE = {"WWW-Authenticate": {"description": _("Cách xác thực: Token"), "schema": {"type": "string"}}}

ERRORS = {
    "400": ("ValidationError", _VALIDATION, None,
            _("Tham số hoặc dữ liệu gửi lên không hợp lệ (thông báo tiếng Việt theo từng trường).")),
    "401": ("Error", _DETAIL, _WWW_AUTHENTICATE,
            _("Chưa đăng nhập hoặc mã truy cập không hợp lệ (Authorization: Token …).")),
    "403": ("Error", _DETAIL, None,
            _("Không có quyền: ngoài phạm vi của người dùng, hoặc chưa xác thực hai bước.")),
    "404": ("Error", _DETAIL, None,
            _("Không tìm thấy hoặc ngoài phạm vi của người dùng (cả khi con trỏ trang không hợp lệ).")),
    "409": ("Error", _DETAIL, None,
            _("Xung đột: hồ sơ đã bị người khác sửa sau phiên bản (version) đã đọc; hãy đọc lại.")),
    "429": ("Error", _DETAIL, _RETRY_AFTER, _("Quá nhiều yêu cầu hoặc tài khoản tạm khóa: đợi rồi thử lại.")),
    "503": ("Error", _DETAIL, _RETRY_AFTER,
            _("Cơ sở dữ liệu đang bận (code busy): thử lại sau vài giây.")),
}


class DangboAutoSchema(AutoSchema):
    def get_description(self) -> str:
        """Docstrings are notes for developers (in English) and never reach the schema: an operation describes
        itself to API users with extend_schema(summary=…, description=…), in Vietnamese, translated through the
        catalogue (the schema in English: ?lang=en)."""
        return ""

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        for code in self._error_codes():
            responses.setdefault(code, self._error_response(code))
        return dict(sorted(responses.items()))

    def _error_codes(self) -> list[str]:
        params = self._get_parameters()
        names = {(p["in"], p["name"]) for p in params}
        reads_input = bool(self._request_fields()) or any((place, name) != ("query", "cursor") for place, name in names)
        needs_login = bool(self.view.get_authenticators()) and bool(self.view.get_permissions())
        codes = []
        if reads_input:
            codes.append("400")
        if needs_login:
            codes += ["401", "403"]
        if any(place == "path" for place, _name in names) or ("query", "cursor") in names:
            codes.append("404")
        if "version" in self._request_fields():
            codes.append("409")
        if self.view.get_throttles():
            codes.append("429")
        codes.append("503")
        return codes

    def _request_fields(self) -> set[str]:
        if self.method not in ("POST", "PUT", "PATCH"):
            return set()
        serializer = self.get_request_serializer()
        if isinstance(serializer, type):
            serializer = serializer()
        return set(getattr(serializer, "fields", None) or ())

    def _error_response(self, code: str) -> dict:
        name, schema, headers, description = ERRORS[code]
        component = ResolvedComponent(name=name, type=ResolvedComponent.SCHEMA, object=name, schema=schema)
        self.registry.register_on_missing(component)
        out = {"description": description, "content": {"application/json": {"schema": component.ref}}}
        if headers:
            out["headers"] = headers
        return out

    def _get_parameters(self):
        params = super()._get_parameters()
        for p in params:
            schema = p.get("schema", {})
            if schema.get("type") == "integer":
                schema.setdefault("minimum", INT_MIN)
                schema.setdefault("maximum", INT_MAX)
                schema.setdefault("format", "int64")
        return params
