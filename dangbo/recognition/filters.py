"""The commendation list's conditions (form and status); the organisation and the year choose the list."""

import django_filters
from django.utils.translation import gettext_lazy as _

from dangbo.core.filters import ScopedFilterSet

from .models import Commendation, Form, Status


class CommendationFilterSet(ScopedFilterSet):
    hinh_thuc = django_filters.ChoiceFilter(label=_("Hình thức"), field_name="form", choices=Form.choices,
                                            empty_label=_("Tất cả"))
    trang_thai = django_filters.ChoiceFilter(label=_("Trạng thái"), field_name="status", choices=Status.choices,
                                             empty_label=_("Tất cả"))

    class Meta(ScopedFilterSet.Meta):
        model = Commendation
