"""Query parameters of the API: integers and dates read with a Vietnamese 400 naming the parameter, and cursor pages.

Kept apart from dangbo.core.api because DRF imports the default pagination class while it loads its generic
views, which dangbo.core.api itself imports.
"""

from datetime import date

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, pagination

# Every integer the API reads must fit the database's 64-bit columns: a larger one is a 400 naming the field
# (SQLite cannot even bind it, which used to surface as a 500).
INT_MIN, INT_MAX = -(2**63), 2**63 - 1
OUT_OF_RANGE = _("Số quá lớn (phải nằm trong khoảng ±9.223.372.036.854.775.807).")


BLANK = _("Tham số có mặt nhưng để trống: bỏ hẳn tham số đi hoặc nhập giá trị.")


def raw_param(request, name: str) -> str | None:
    """The parameter's text, None when absent. Present but blank is a 400: the schema promises a value, and
    a blank that silently meant "no filter" would hide a client's mistake."""
    if name not in request.query_params:
        return None
    raw = request.query_params.get(name, "").strip()
    if not raw:
        raise exceptions.ValidationError({name: [BLANK]})
    return raw


def parse_date_param(request, name: str, *, required: bool = False) -> date | None:
    raw = raw_param(request, name)
    if raw is None:
        if required:
            raise exceptions.ValidationError({name: [_("Chưa nhập ngày (YYYY-MM-DD).")]})
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise exceptions.ValidationError(
            {name: [_("Ngày «%(value)s» không đúng định dạng YYYY-MM-DD.") % {"value": raw}]})


def parse_int_param(request, name: str, *, minimum: int | None = None, maximum: int | None = None):
    raw = raw_param(request, name)
    if raw is None:
        return None
    try:
        value = int(raw)
    except ValueError:
        raise exceptions.ValidationError({name: [_("«%(value)s» không phải là số nguyên.") % {"value": raw}]})
    if not INT_MIN <= value <= INT_MAX:
        raise exceptions.ValidationError({name: [OUT_OF_RANGE]})
    if minimum is not None and value < minimum:
        raise exceptions.ValidationError(
            {name: [_("Giá trị phải lớn hơn hoặc bằng %(minimum)s.") % {"minimum": minimum}]})
    if maximum is not None and value > maximum:
        raise exceptions.ValidationError(
            {name: [_("Giá trị phải nhỏ hơn hoặc bằng %(maximum)s.") % {"maximum": maximum}]})
    return value


class CursorPagination(pagination.CursorPagination):
    """DRF's cursor pages with Vietnamese errors; a bad `page_size` is a 400, not silently the default."""

    invalid_cursor_message = _("Con trỏ trang (cursor) không hợp lệ.")

    def get_page_size(self, request):
        if self.page_size_query_param:
            size = parse_int_param(request, self.page_size_query_param, minimum=1, maximum=self.max_page_size)
            if size is not None:
                return size
        return self.page_size

    def get_schema_operation_parameters(self, view):
        params = super().get_schema_operation_parameters(view)
        for p in params:
            if p["name"] == self.page_size_query_param:
                p["schema"].update({"minimum": 1, "maximum": self.max_page_size or self.page_size})
        return params
