"""Every input of the dossier pages; each form gives its action's arguments with `action_kwargs()`."""

from django import forms
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dangbo.core.forms import StyledForm, VNDateField

from .actions import SUPPLEMENT_FIELDS
from .models import LoanKind, Series

PREFIX = "hs"


class Form(StyledForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix=PREFIX, **kwargs)

    def action_kwargs(self) -> dict:
        return dict(self.cleaned_data)


class CampaignForm(Form):
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    sent_on = VNDateField(label=_("Ngày phát phiếu"))
    due_on = VNDateField(label=_("Hạn nộp phiếu"))
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, organization=None, **kwargs):
        self.organization = organization
        today = timezone.localdate()
        kwargs.setdefault("initial", {"year": today.year - 1 if today.month <= 6 else today.year})
        super().__init__(*args, **kwargs)

    def action_kwargs(self):
        return {"organization": self.organization, **self.cleaned_data}


class ReturnForm(Form):
    returned_on = VNDateField(label=_("Ngày nộp phiếu"))
    note = forms.CharField(label=_("Nội dung khác (khen thưởng, kỷ luật, hoàn cảnh gia đình)"), required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, label in SUPPLEMENT_FIELDS.items():
            self.fields[key] = forms.CharField(label=format_lazy(_("{label} (mới, nếu thay đổi)"), label=_(label)),
                                               required=False, max_length=255)

    def action_kwargs(self):
        d = self.cleaned_data
        return {"returned_on": d["returned_on"], "note": d["note"], "version": d.get("version"),
                "changes": {k: d[k] for k in SUPPLEMENT_FIELDS if d.get(k)}}


class CheckForm(Form):
    checked_on = VNDateField(label=_("Ngày chi ủy kiểm tra"))


class ApplyForm(Form):
    applied_on = VNDateField(label=_("Ngày ghi bổ sung vào hồ sơ"))


class ReceiveForm(Form):
    received_on = VNDateField(label=_("Ngày nhận hồ sơ"))
    note = forms.CharField(label=_("Ghi chú"), required=False)


class SlipForm(Form):
    made_on = VNDateField(label=_("Ngày lập phiếu báo"))
    number = forms.CharField(label=pgettext_lazy("phiếu báo", "Số phiếu"), required=False, max_length=60)
    note = forms.CharField(label=_("Ghi chú"), required=False)


class SendForm(Form):
    sent_on = VNDateField(label=_("Ngày gửi phiếu báo cùng hồ sơ lên cấp trên"))


class LoanForm(Form):
    kind = forms.ChoiceField(label=_("Loại"), choices=LoanKind.choices)
    person = forms.CharField(label=_("Người mượn / người nhận"), max_length=200)
    purpose = forms.CharField(label=_("Mục đích"), required=False, max_length=255)
    lent_on = VNDateField(label=_("Ngày giao"))
    due_on = VNDateField(label=_("Hẹn trả"), required=False)


class ReturnLoanForm(Form):
    returned_on = VNDateField(label=_("Ngày trả hồ sơ"))


class CardForm(Form):
    series = forms.ChoiceField(label=_("Loại thẻ"), choices=Series.choices)
    number = forms.CharField(label=_("Số thẻ"), max_length=20)
    issued_on = VNDateField(label=_("Ngày phát thẻ"))
    decision_number = forms.CharField(label=_("Số quyết định"), required=False, max_length=60)


class ExchangeForm(Form):
    number = forms.CharField(label=_("Số thẻ mới (gắn chip)"), max_length=20)
    issued_on = VNDateField(label=_("Ngày phát thẻ mới"))
    decision_number = forms.CharField(label=_("Số quyết định"), required=False, max_length=60)


class LostForm(Form):
    lost_on = VNDateField(label=_("Ngày báo mất"))


class ReissueForm(Form):
    number = forms.CharField(label=_("Số thẻ cấp lại"), max_length=20)
    issued_on = VNDateField(label=_("Ngày phát thẻ"))
    decision_number = forms.CharField(label=_("Số quyết định"), required=False, max_length=60)


class UploadForm(Form):
    file = forms.FileField(label=_("Danh sách đảng viên của cấp trên (.xlsx, .xls, .ods hoặc .csv)"))
    done_on = VNDateField(label=_("Ngày đối chiếu"))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"done_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
