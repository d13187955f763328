from django import forms
from django.utils.translation import gettext_lazy as _

from dangbo.core.forms import QuickSelect, StyledForm, VNDateField
from dangbo.organizations.pickers import org_choices
from dangbo.rules import documents as doc_rules

from .models import Direction


class DocumentForm(StyledForm):
    organization = forms.ChoiceField(label=_("Cấp ủy, chi bộ"), widget=QuickSelect)
    direction = forms.ChoiceField(label=_("Sổ"), choices=Direction.choices)
    doc_type = forms.ChoiceField(label=_("Tên loại văn bản"), choices=doc_rules.CHOICES)
    issued_on = VNDateField(label=_("Ngày văn bản"))
    summary = forms.CharField(label=_("Trích yếu"), max_length=500)
    number = forms.IntegerField(label=_("Số (văn bản đi: để trống để lấy số tiếp theo)"), min_value=1, required=False)
    symbol = forms.CharField(label=_("Số, ký hiệu (văn bản đến)"), max_length=60, required=False)
    term_start = VNDateField(label=_("Nhiệm kỳ cấp ủy bắt đầu từ ngày (văn bản đi)"), required=False)
    signer = forms.CharField(label=_("Người ký"), max_length=120, required=False)
    counterpart = forms.CharField(label=_("Nơi nhận / nơi gửi"), max_length=500, required=False)

    def __init__(self, *args, scope=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].choices = org_choices(scope, writable=True)


class DocumentEditForm(StyledForm):
    issued_on = VNDateField(label=_("Ngày văn bản"))
    summary = forms.CharField(label=_("Trích yếu"), max_length=500)
    symbol = forms.CharField(label=_("Số, ký hiệu (văn bản đến)"), max_length=60, required=False)
    signer = forms.CharField(label=_("Người ký"), max_length=120, required=False)
    counterpart = forms.CharField(label=_("Nơi nhận / nơi gửi"), max_length=500, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, outgoing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if outgoing:  # an outgoing document's number and symbol are its place in the series
            del self.fields["symbol"]
