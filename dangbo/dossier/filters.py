"""The phiếu bổ sung list's conditions: the campaign's year and the state (by default: not returned)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from dangbo.core.filters import IntFilter, ScopedFilterSet

from .models import State, Supplement


class SupplementFilterSet(ScopedFilterSet):
    nam = IntFilter(label=_("Năm"), field_name="campaign__year")
    tinh_trang = django_filters.ChoiceFilter(label=_("Tình trạng"), field_name="state", choices=State.choices,
                                             empty_label=_("Mọi tình trạng"))

    class Meta(ScopedFilterSet.Meta):
        model = Supplement
