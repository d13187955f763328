"""The findings list's one condition: the kind of finding (every kind when none is chosen)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from dangbo.core.filters import ScopedFilterSet
from dangbo.members.models import Member
from dangbo.rules.quality import KINDS


class FindingFilterSet(ScopedFilterSet):
    loai = django_filters.ChoiceFilter(label=_("Loại phát hiện"), choices=[(k.code, k.label) for k in KINDS],
                                       empty_label=_("Mọi loại phát hiện"), method="by_kind")

    class Meta(ScopedFilterSet.Meta):
        model = Member

    def by_kind(self, qs, name, value):
        return qs  # the kinds are applied by quality.queries.fetch, kind by kind

    def codes(self) -> list[str] | None:
        """The kinds to list, or None when the condition is invalid (the form says why)."""
        if not self.is_bound:
            return [k.code for k in KINDS]
        if not self.form.is_valid():
            return None
        chosen = self.form.cleaned_data.get("loai")
        return [chosen] if chosen else [k.code for k in KINDS]
