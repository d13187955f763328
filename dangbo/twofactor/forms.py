from django import forms
from django.utils.translation import gettext_lazy as _

from dangbo.core.forms import StyledForm


class CodeForm(StyledForm):
    code = forms.CharField(
        label=_("Mã xác thực"), max_length=32,
        help_text=_("6 chữ số trong ứng dụng xác thực, hoặc một mã dự phòng."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}))


class EnrolForm(StyledForm):
    code = forms.CharField(
        label=_("Mã xác thực đầu tiên"), max_length=16,
        help_text=_("6 chữ số ứng dụng hiện ra sau khi quét mã QR."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}))
