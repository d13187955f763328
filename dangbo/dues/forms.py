"""Forms of the dues pages (Vietnamese labels; money in whole đồng; months typed 02/2026)."""

from __future__ import annotations

import re
from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from dangbo.core.forms import StyledForm, VNDateField
from dangbo.rules.dues_params import CATEGORIES

from .models import DuesRelief, RemittanceSide

_MONTH = re.compile(r"\s*(\d{1,2})\s*/\s*(\d{4})\s*")


class MonthField(forms.CharField):
    """A month typed as 02/2026; cleaned to its first day."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs={"placeholder": "mm/yyyy", "inputmode": "numeric"}))
        super().__init__(*args, **kwargs)

    def prepare_value(self, value):
        return f"{value.month:02d}/{value.year}" if isinstance(value, date) else value

    def to_python(self, value):
        text = super().to_python(value)
        if not text:
            return None
        m = _MONTH.fullmatch(text)
        if not m or not 1 <= int(m[1]) <= 12:
            raise forms.ValidationError(_("Tháng không đúng dạng tháng/năm (ví dụ 02/2026)."))
        return date(int(m[2]), int(m[1]), 1)


class MoneyField(forms.IntegerField):
    """Whole đồng; "8.500.000" is accepted."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.replace(".", "").replace(" ", "")
        return super().to_python(value)

    default_error_messages = {"invalid": _("Nhập số đồng nguyên (ví dụ 8.500.000).")}


class PaymentForm(StyledForm):
    month = MonthField(label=_("Đóng cho tháng"))
    amount = MoneyField(label=_("Số tiền (đồng)"), min_value=1)
    paid_on = VNDateField(label=_("Ngày nộp"))
    note = forms.CharField(label=_("Ghi chú"), required=False, max_length=255)


class ProfileForm(StyledForm):
    from_month = MonthField(label=_("Áp dụng từ tháng"))
    category = forms.ChoiceField(label=_("Đối tượng"), choices=[(k, _(v)) for k, v in CATEGORIES.items()])
    base = MoneyField(label=_("Mức căn cứ (đồng)"), required=False, min_value=0,
                      help_text=_("Tiền lương tính đóng BHXH, trợ cấp, lương hưu; với đảng viên ở nước ngoài: "
                                  "mức đóng đã quyết định."))
    region = forms.TypedChoiceField(label=_("Vùng lương tối thiểu"), required=False, coerce=int, empty_value=None,
                                    choices=[("", "—"), (1, _("Vùng I")), (2, _("Vùng II")), (3, _("Vùng III")),
                                             (4, _("Vùng IV"))])
    voluntary_amount = MoneyField(label=_("Mức tự nguyện đóng cao hơn (đồng)"), required=False, min_value=0)
    note = forms.CharField(label=_("Ghi chú"), required=False, max_length=255)


class ReliefForm(StyledForm):
    kind = forms.ChoiceField(label=_("Loại"), choices=DuesRelief.KIND_CHOICES)
    percent = forms.TypedChoiceField(label=_("Mức giảm"), coerce=int, choices=[(30, "30%"), (50, "50%"), (70, "70%"),
                                                                            (100, _("Miễn 100%"))])
    start = MonthField(label=_("Từ tháng"))
    end = MonthField(label=_("Đến tháng"))
    document = forms.CharField(label=_("Văn bản quyết định"), max_length=255)


class ReasonForm(StyledForm):
    reason = forms.CharField(label=_("Lý do chưa đóng"), required=False, max_length=255)


class CorrectionForm(StyledForm):
    amount = forms.IntegerField(label=_("Số tiền điều chỉnh (đồng, số âm để giảm)"))
    reason = forms.CharField(label=_("Lý do"), max_length=255)
    on = VNDateField(label=_("Ngày điều chỉnh"))


class PortalForm(StyledForm):
    file = forms.FileField(label=_("Tệp xuất từ Cổng Dịch vụ công (.xlsx, .csv)"))


class PayrollForm(StyledForm):
    file = forms.FileField(label=_("Bảng lương hoặc danh sách mức đóng (.xlsx, .csv)"))


class RemittanceCorrectionForm(StyledForm):
    side = forms.ChoiceField(label=_("Điều chỉnh số"), choices=RemittanceSide.choices)
    amount = forms.IntegerField(label=_("Số tiền điều chỉnh (đồng, số âm để giảm)"))
    reason = forms.CharField(label=_("Lý do"), max_length=255)
    on = VNDateField(label=_("Ngày điều chỉnh"))

    def __init__(self, *args, sides=None, **kwargs):
        super().__init__(*args, **kwargs)
        if sides is not None:
            self.fields["side"].choices = [c for c in RemittanceSide.choices if c[0] in sides]
