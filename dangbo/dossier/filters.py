"""The phiếu bổ sung list's conditions: the campaign's year and the state (by default: not returned)."""

import django_filters

from dangbo.core.filters import IntFilter, ScopedFilterSet

from .models import State, Supplement


class SupplementFilterSet(ScopedFilterSet):
    nam = IntFilter(label="Năm", field_name="campaign__year")
    tinh_trang = django_filters.ChoiceFilter(label="Tình trạng", field_name="state", choices=State.choices,
                                             empty_label="Mọi tình trạng")

    class Meta(ScopedFilterSet.Meta):
        model = Supplement
        fields: list = []
