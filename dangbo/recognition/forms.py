from django import forms
from django.utils.translation import gettext_lazy as _

from dangbo.core.forms import StyledForm, VNDateField

from .models import Basis, Form


class ProposeForm(StyledForm):
    form = forms.ChoiceField(label=_("Hình thức"), choices=Form.choices)
    basis = forms.ChoiceField(label=_("Thành tích"), choices=Basis.choices)
    member = forms.IntegerField(required=False, widget=forms.HiddenInput)
    recipient_org = forms.IntegerField(required=False, widget=forms.HiddenInput)


class DecideForm(StyledForm):
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=60)
    decision_date = VNDateField(label=_("Ngày quyết định"))
    issuer = forms.CharField(label=_("Cấp quyết định"), max_length=200, required=False)
    phien_ban = forms.IntegerField(required=False, widget=forms.HiddenInput)


class AwardForm(StyledForm):
    member = forms.IntegerField(widget=forms.HiddenInput)
    years = forms.IntegerField(widget=forms.HiddenInput)
    awarded_on = VNDateField(label=_("Ngày trao"))
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=60, required=False)
