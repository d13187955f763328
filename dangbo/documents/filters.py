"""The document register's conditions: which book (đi / đến) and which year, for the page and the export."""

import django_filters
from django.utils.translation import gettext_lazy as _

from dangbo.core.filters import IntFilter, ScopedFilterSet

from .models import Direction, Document


class DocumentFilterSet(ScopedFilterSet):
    so = django_filters.ChoiceFilter(label=_("Sổ"), field_name="direction", choices=Direction.choices,
                                     empty_label=_("Cả hai sổ"))
    nam = IntFilter(label=_("Năm"), field_name="issued_on__year", min_value=1930, max_value=2100)

    class Meta(ScopedFilterSet.Meta):
        model = Document
