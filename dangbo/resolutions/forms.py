from django import forms
from django.utils.translation import gettext_lazy as _

from dangbo.core.forms import QuickSelect, StyledForm, VNDateField
from dangbo.organizations.pickers import org_choices
from dangbo.rules import targets as target_rules

from .models import Level, Period, ResolutionKind, ReviewKind, TargetKind


class ResolutionParticulars(StyledForm):
    """What a resolution is, the same when it is entered and when it is corrected."""

    kind = forms.ChoiceField(label=_("Loại nghị quyết"), choices=ResolutionKind.choices)
    title = forms.CharField(label=_("Tên nghị quyết"), max_length=255)
    number = forms.CharField(label=_("Số, ký hiệu"), max_length=60, required=False)
    adopted_on = VNDateField(label=_("Ngày ban hành"))
    period_start = VNDateField(label=_("Thực hiện từ ngày"))
    period_end = VNDateField(label=_("Đến ngày"))


class ResolutionForm(ResolutionParticulars):
    organization = forms.ChoiceField(label=_("Tổ chức đảng"), widget=QuickSelect)
    field_order = ["organization"]

    def __init__(self, *args, scope=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].choices = org_choices(scope, writable=True)


class TargetForm(StyledForm):
    kind = forms.ChoiceField(label=_("Loại chỉ tiêu"), choices=TargetKind.choices)
    label = forms.CharField(label=_("Nội dung chỉ tiêu"), max_length=255)
    level = forms.ChoiceField(label=_("Mức xếp loại (với chỉ tiêu xếp loại)"), choices=[("", "—")] + Level.choices,
                              required=False)
    comparison = forms.ChoiceField(label=_("So sánh"), choices=[(k, _(v)) for k, v in target_rules.COMPARISONS.items()])
    value = forms.CharField(label=_("Giá trị chỉ tiêu"), max_length=40,
                            help_text=_("Một số (tỷ lệ tính bằng %), hoặc ghi như nghị quyết: «từ 5 đến 7», «từ 90% "
                                        "trở lên», «không quá 2»."))
    value_max = forms.CharField(label=_("Cận trên (với chỉ tiêu là một khoảng)"), max_length=20, required=False)
    per_unit = forms.BooleanField(label=_("Áp dụng cho từng đơn vị trực thuộc (đạt khi mọi đơn vị đạt)"),
                                  required=False)
    period = forms.ChoiceField(label=_("Kỳ tính"), choices=Period.choices)


class ReviewForm(StyledForm):
    kind = forms.ChoiceField(label=_("Kỳ"), choices=ReviewKind.choices)
    review_date = VNDateField(label=_("Tính đến ngày"))

    def __init__(self, *args, manual_targets=(), **kwargs):
        super().__init__(*args, **kwargs)
        for t in manual_targets:
            self.fields[f"thuc_hien_{t.pk}"] = forms.CharField(
                label=_("Thực hiện: %(label)s") % {"label": t.label}, required=False, max_length=20)
        for name, f in self.fields.items():
            if name.startswith("thuc_hien_"):
                f.widget.attrs["class"] = "form-control"


class AdmissionsFilter(forms.Form):
    to_chuc = forms.IntegerField()
    tu = VNDateField()
    den = VNDateField()


class ResolutionEditForm(ResolutionParticulars):
    version = forms.IntegerField(widget=forms.HiddenInput)
