"""The base of every app's FilterSet (django-filter): one parser of a list's conditions for the page, the API
and the export (NetBox's pattern: one filterset behind the UI, the REST API and exports).

- Built with the user's scope (`scope=`): choices of organisations are cut to it, and `filter_queryset`
  may use it.
- Unbound (a page opened with no query string) it still filters with the fields' defaults, so a list's
  default ("members still in the register") is in one place.
- The API may name the same conditions in English (`api_names = {"status": "tinh_trang"}`): `for_api`
  renames the query parameters and gives back errors under the names the client sent.
"""

from datetime import datetime, time, timedelta

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .forms import StyledForm, VNDateField
from .models import AuditEvent
from .registry import audit_type_groups

INT_INVALID = _("Phải là số nguyên.")
BOOL_TRUE = ("1", "true", "yes", "on", "có")
BOOL_FALSE = ("0", "false", "no", "off", "không")


class IntField(forms.IntegerField):
    default_error_messages = {"invalid": INT_INVALID}


class IntFilter(django_filters.Filter):
    """A whole number (django-filter's NumberFilter is a Decimal)."""

    field_class = IntField


class YesNoField(forms.CharField):
    """Yes, no or not given (None), in Vietnamese or English."""

    def to_python(self, value):
        raw = (super().to_python(value) or "").strip().lower()
        if not raw:
            return None
        if raw in BOOL_TRUE:
            return True
        if raw in BOOL_FALSE:
            return False
        raise forms.ValidationError(_("«%(raw)s» không phải giá trị đúng/sai (có/không, true/false).") % {"raw": raw})


class YesNoFilter(django_filters.Filter):
    field_class = YesNoField


class VNDateFilter(django_filters.DateFilter):
    """A date typed dd/mm/yyyy."""

    field_class = VNDateField


class ScopedFilterSet(django_filters.FilterSet):
    """Subclass with `Meta.model`, the filters, and `filter_queryset` if the conditions interact."""

    api_names: dict[str, str] = {}

    def __init__(self, data=None, queryset=None, *, scope, request=None, prefix=None):
        self.scope = scope
        super().__init__(data, queryset=queryset, request=request, prefix=prefix)

    class Meta:
        form = StyledForm
        fields: list = []  # every filter is declared on the FilterSet; none is generated from the model's fields

    @classmethod
    def for_api(cls, params, *, queryset=None, scope):
        """A filterset bound to API query parameters, renamed from `api_names` (other names pass through)."""
        data = {cls.api_names.get(k, k): v for k, v in params.items()}
        return cls(data, queryset=queryset, scope=scope)

    def api_errors(self) -> dict[str, list[str]]:
        """The form's errors keyed by the API's parameter names."""
        back = {v: k for k, v in self.api_names.items()}
        return {back.get(name, name): [str(e) for e in errs] for name, errs in self.form.errors.items()}

    @property
    def values(self) -> dict:
        """The cleaned conditions; each filter's empty default when unbound (or invalid)."""
        if self.is_bound and self.form.is_valid():
            return self.form.cleaned_data
        return {name: None for name in self.filters}

    def filter_queryset(self, queryset):
        for name, value in self.values.items():
            queryset = self.filters[name].filter(queryset, value)
        return queryset

    @property
    def qs(self):
        """The filtered rows; none for invalid conditions (the form shows why)."""
        if not hasattr(self, "_qs"):
            invalid = self.is_bound and not self.form.is_valid()
            self._qs = self.queryset.none() if invalid else self.filter_queryset(self.queryset.all())
        return self._qs


# -- the audit log (/nhat-ky/) ------------------------------------------------------------------------------
class AuditFilterSet(ScopedFilterSet):
    hanh_dong = django_filters.ChoiceFilter(label=_("Thao tác"), field_name="action", empty_label=_("Tất cả"))
    nguoi_dung = django_filters.CharFilter(label=_("Người thực hiện"), field_name="username", lookup_expr="icontains",
                                           max_length=150)
    tu_ngay = VNDateFilter(label=_("Từ ngày"), method="from_day")
    den_ngay = VNDateFilter(label=_("Đến ngày"), method="to_day")

    class Meta(ScopedFilterSet.Meta):
        model = AuditEvent

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Every declared type, grouped by app, so no stored code is missing from the filter.
        self.filters["hanh_dong"].extra["choices"] = audit_type_groups()

    @staticmethod
    def _midnight(day):
        return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())

    def from_day(self, qs, name, value):
        return qs.filter(at__gte=self._midnight(value))

    def to_day(self, qs, name, value):
        return qs.filter(at__lt=self._midnight(value + timedelta(days=1)))
