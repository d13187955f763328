"""The reviews list's condition: the year (all years when none)."""

from django.utils.translation import gettext_lazy as _

from dangbo.core.filters import IntFilter, ScopedFilterSet

from .models import Review


class ReviewFilterSet(ScopedFilterSet):
    nam = IntFilter(label=_("Năm"), field_name="year", min_value=1930, max_value=2200)

    class Meta(ScopedFilterSet.Meta):
        model = Review
