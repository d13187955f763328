"""The resolution list's conditions (kind of resolution)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from dangbo.core.filters import ScopedFilterSet

from .models import Resolution, ResolutionKind


class ResolutionFilterSet(ScopedFilterSet):
    loai = django_filters.ChoiceFilter(label=_("Loại nghị quyết"), field_name="kind", choices=ResolutionKind.choices,
                                       empty_label=_("Tất cả"))

    class Meta(ScopedFilterSet.Meta):
        model = Resolution
