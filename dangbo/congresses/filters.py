"""The conditions of the congresses' lists: the congresses (an organisation's subtree) and the meetings of a
year (an organisation's subtree; the current year unless one is asked)."""

import django_filters
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dangbo.core.filters import IntFilter, ScopedFilterSet
from dangbo.organizations.forms import OrgChoiceField
from dangbo.organizations.models import Organization

from .models import Congress, Meeting


class InScopeOrgField(OrgChoiceField):
    """An organisation of the user's scope; any other (a link made for the đảng bộ, followed by a chi bộ's
    secretary) means no condition: the list shows what the user may read."""

    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValidationError:
            return None


class SubtreeFilter(django_filters.ModelChoiceFilter):
    """An organisation in the user's scope; the rows filed under it or below it."""

    field_class = InScopeOrgField

    def __init__(self, **kwargs):
        super().__init__(label=_("Tổ chức"), queryset=Organization.objects.none(), empty_label=_("Tất cả"), **kwargs)

    def filter(self, qs, value):
        return qs.filter(org_path__startswith=value.path) if value else qs


class OrgScopedFilterSet(ScopedFilterSet):
    to_chuc = SubtreeFilter()

    def __init__(self, *args, scope, **kwargs):
        super().__init__(*args, scope=scope, **kwargs)
        self.filters["to_chuc"].queryset = scope.organizations(Organization.objects.all())

    @property
    def organization(self):
        return self.values.get("to_chuc")


class CongressFilterSet(OrgScopedFilterSet):
    class Meta(ScopedFilterSet.Meta):
        model = Congress


class MeetingFilterSet(OrgScopedFilterSet):
    nam = IntFilter(label=_("Năm"), field_name="held_on__year", min_value=1930, max_value=2100)

    class Meta(ScopedFilterSet.Meta):
        model = Meeting

    @property
    def year(self) -> int:
        return self.values.get("nam") or timezone.localdate().year

    def filter_queryset(self, queryset):
        return self.filters["to_chuc"].filter(queryset, self.organization).filter(held_on__year=self.year)
