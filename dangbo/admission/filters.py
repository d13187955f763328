"""The pipeline list's conditions: status and a name (diacritic- and case-insensitive)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from dangbo.core.filters import ScopedFilterSet
from dangbo.rules.text import search_key

from .models import Candidate, CandidateStatus


class CandidateFilterSet(ScopedFilterSet):
    trang_thai = django_filters.ChoiceFilter(label=_("Tình trạng"), field_name="status",
                                             choices=CandidateStatus.choices,
                                             empty_label=_("Mọi tình trạng"))
    ten = django_filters.CharFilter(label=_("Họ và tên"), method="by_name")

    class Meta(ScopedFilterSet.Meta):
        model = Candidate

    def by_name(self, qs, name, value):
        key = search_key(value)
        return qs.filter(search_name__contains=key) if key else qs
