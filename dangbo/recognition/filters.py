"""The commendation list's conditions (form and status); the organisation and the year choose the list."""

import django_filters

from dangbo.core.filters import ScopedFilterSet

from .models import Commendation, Form, Status


class CommendationFilterSet(ScopedFilterSet):
    hinh_thuc = django_filters.ChoiceFilter(label="Hình thức", field_name="form", choices=Form.choices,
                                            empty_label="Tất cả")
    trang_thai = django_filters.ChoiceFilter(label="Trạng thái", field_name="status", choices=Status.choices,
                                             empty_label="Tất cả")

    class Meta(ScopedFilterSet.Meta):
        model = Commendation
        fields: list = []
