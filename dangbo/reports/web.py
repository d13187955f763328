"""The organisation-and-year form of the report pages (picking an organisation: dangbo.organizations.pickers)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from dangbo.core.forms import StyledForm
from dangbo.organizations.pickers import org_choices


class OrgYearForm(StyledForm):
    to_chuc = forms.ChoiceField(label=_("Tổ chức đảng"))
    nam = forms.IntegerField(label=_("Năm"), min_value=1930, max_value=2100)

    def __init__(self, *args, scope=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_chuc"].choices = org_choices(scope)
