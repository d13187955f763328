"""The resolution list's conditions (kind of resolution)."""

import django_filters

from dangbo.core.filters import ScopedFilterSet

from .models import Resolution, ResolutionKind


class ResolutionFilterSet(ScopedFilterSet):
    loai = django_filters.ChoiceFilter(label="Loại nghị quyết", field_name="kind", choices=ResolutionKind.choices,
                                       empty_label="Tất cả")

    class Meta(ScopedFilterSet.Meta):
        model = Resolution
        fields: list = []
