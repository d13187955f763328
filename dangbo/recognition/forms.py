from django import forms

from dangbo.core.forms import StyledForm, VNDateField

from .models import Basis, Form


class ProposeForm(StyledForm):
    form = forms.ChoiceField(label="Hình thức", choices=Form.choices)
    basis = forms.ChoiceField(label="Thành tích", choices=Basis.choices)
    member = forms.IntegerField(required=False, widget=forms.HiddenInput)
    recipient_org = forms.IntegerField(required=False, widget=forms.HiddenInput)


class DecideForm(StyledForm):
    decision_number = forms.CharField(label="Số quyết định", max_length=60)
    decision_date = VNDateField(label="Ngày quyết định")
    issuer = forms.CharField(label="Cấp quyết định", max_length=200, required=False)
    phien_ban = forms.IntegerField(required=False, widget=forms.HiddenInput)


class AwardForm(StyledForm):
    member = forms.IntegerField(widget=forms.HiddenInput)
    years = forms.IntegerField(widget=forms.HiddenInput)
    awarded_on = VNDateField(label="Ngày trao")
    decision_number = forms.CharField(label="Số quyết định", max_length=60, required=False)
