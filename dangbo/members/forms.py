"""Forms for the register: the dossier, admission, lifecycle events, and the list filters."""

from django import forms
from django.utils.translation import gettext_lazy as _

from dangbo.core.forms import StyledForm, VNDateField, vn_formfield_callback
from dangbo.core.i18n import formatted
from dangbo.organizations.forms import OrgChoiceField
from dangbo.organizations.models import Organization

from .actions import DOSSIER_FIELDS
from .models import DECIDER_CHOICES, DisciplineForm, EventKind, Gender, Member

SENSITIVE_FIELDS = ("citizen_id", "religion")
# The decision number belongs to the admission block, not the personal record.
PERSONAL_FIELDS = [f for f in DOSSIER_FIELDS if f != "admission_decision_number"]

LABELS = {
    "full_name": _("Họ và tên"), "birth_date": _("Ngày sinh"), "gender": _("Giới tính"), "ethnicity": _("Dân tộc"),
    "religion": _("Tôn giáo"), "hometown": _("Quê quán"), "residence": _("Nơi thường trú"), "citizen_id": _("Số CCCD"),
    "card_number": _("Số thẻ đảng viên"), "workplace": _("Đơn vị công tác"), "job_title": _("Chức vụ"),
    "education": _("Trình độ giáo dục phổ thông"), "qualification": _("Trình độ chuyên môn"),
    "political_theory": _("Lý luận chính trị"), "phone": _("Điện thoại"), "email": _("Thư điện tử"),
    "admission_decision_number": _("Số quyết định kết nạp"),
}


def dossier_fields(names):
    fields = forms.fields_for_model(Member, fields=names, formfield_callback=vn_formfield_callback)
    for name, f in fields.items():
        f.label = LABELS.get(name, f.label)
    if "gender" in fields:
        fields["gender"].widget = forms.RadioSelect(choices=Gender.choices)
        fields["gender"].choices = Gender.choices
    if "citizen_id" in fields:
        fields["citizen_id"].widget.attrs.update({"inputmode": "numeric", "maxlength": 12})
        fields["citizen_id"].help_text = _("12 chữ số")
    return fields


def style_fields(fields):
    """Tabler classes for fields added after StyledForm.__init__ ran."""
    for field in fields.values():
        w = field.widget
        if isinstance(w, forms.RadioSelect | forms.HiddenInput | forms.CheckboxInput):
            continue
        css = "form-select" if isinstance(w, forms.Select) else "form-control"
        if css not in w.attrs.get("class", "").split():
            w.attrs["class"] = f"{w.attrs.get('class', '')} {css}".strip()


class DossierForm(StyledForm):
    """Edit the lý lịch. Sensitive fields are left out for users who may not see them."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, show_sensitive=True, **kwargs):
        super().__init__(*args, **kwargs)
        names = [f for f in DOSSIER_FIELDS if show_sensitive or f not in SENSITIVE_FIELDS]
        fields = dossier_fields(names)
        for name, f in fields.items():
            self.fields[name] = f
        style_fields(self.fields)

    def changes(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k in DOSSIER_FIELDS}


class AdmitForm(StyledForm):
    organization = OrgChoiceField(label=_("Chi bộ kết nạp"), queryset=Organization.objects.none())
    decision_number = forms.CharField(label=_("Số quyết định kết nạp"), max_length=60, required=False)
    decision_date = VNDateField(label=_("Ngày quyết định kết nạp"))
    issuer = forms.CharField(label=_("Cơ quan ra quyết định"), max_length=200, required=False)
    ceremony_date = VNDateField(label=_("Ngày lễ kết nạp"), required=False,
                                help_text=_("Để trống nếu chưa tổ chức lễ kết nạp."))
    recognized = forms.BooleanField(label=_("Đã được công nhận đảng viên chính thức (nhập hồ sơ cũ)"),
                                    required=False)
    recognition_decision_number = forms.CharField(label=_("Số quyết định công nhận chính thức"), max_length=60,
                                                  required=False)
    recognition_decision_date = VNDateField(label=_("Ngày quyết định công nhận chính thức"), required=False)

    ADMISSION_FIELDS = ["organization", "decision_number", "decision_date", "issuer", "ceremony_date",
                        "recognized", "recognition_decision_number", "recognition_decision_date"]

    def __init__(self, *args, organizations, show_sensitive=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        names = [f for f in PERSONAL_FIELDS if show_sensitive or f not in SENSITIVE_FIELDS]
        for name, f in dossier_fields(names).items():
            self.fields[name] = f
        style_fields(self.fields)

    def personal(self):
        return [self[n] for n in self.fields if n not in self.ADMISSION_FIELDS]

    def admission(self):
        return [self[n] for n in self.ADMISSION_FIELDS]


# Events entered on this form; admission has its own form, reorganisation comes from merge/split.
EVENT_CHOICES = [(k.value, k.label) for k in EventKind
                 if k not in (EventKind.ADMISSION, EventKind.REORGANIZATION)]
DESTINATION_KINDS = {EventKind.TRANSFER, EventKind.TEMPORARY, EventKind.READMISSION, EventKind.TRANSFER_IN}


class EventForm(StyledForm):
    kind = forms.ChoiceField(label=_("Sự kiện"), choices=[("", _("— chọn sự kiện —"))] + EVENT_CHOICES)
    effective_date = VNDateField(
        label=_("Ngày hiệu lực"), required=False,
        help_text=_("Bắt buộc, trừ công nhận chính thức: ngày hết 12 tháng dự bị (tự tính nếu để trống)."))
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=60, required=False)
    decision_date = VNDateField(label=_("Ngày quyết định"), required=False)
    issuer = forms.CharField(label=_("Cơ quan ban hành"), max_length=200, required=False)
    to_organization = OrgChoiceField(label=_("Tổ chức đảng nơi đến"), queryset=Organization.objects.none(),
                                     required=False, empty_label=_("— chọn chi bộ —"),
                                     help_text=_("Cho chuyển sinh hoạt, sinh hoạt tạm thời, kết nạp lại."))
    # Shown when the list above is cut to the member's part of the tree (views.RecordEvent, DESTINATIONS_LISTED).
    to_organization_code = forms.CharField(
        label=_("Hoặc mã tổ chức đảng nơi đến"), max_length=40, required=False,
        help_text=_("Chi bộ không có trong danh sách trên: gõ mã tổ chức (xem ở trang Tổ chức đảng)."))
    end_date = VNDateField(label=_("Sinh hoạt tạm thời đến ngày"), required=False)
    external_place = forms.CharField(label=_("Nơi chuyển đến (ngoài hệ thống)"), max_length=255, required=False)
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(widget=forms.HiddenInput)

    # Required for the kinds that show them (members.actions.record_event refuses them blank): marked with the
    # asterisk like the form's required fields (includes/field.html reads `marked_required`).
    MARKED_REQUIRED = ("effective_date", "to_organization", "end_date", "external_place")

    def __init__(self, *args, destinations, hide_destination=None, listed=None, listed_under=None, **kwargs):
        """`destinations`: every chi bộ the event may go to; `listed`: the part of them the list offers (all when
        None), the others being reached by their code (`listed_under`: the organisation the list is cut to)."""
        super().__init__(*args, **kwargs)
        self.destinations = destinations
        field = self.fields["to_organization"]
        field.queryset = destinations if listed is None else listed
        if listed is None:
            del self.fields["to_organization_code"]
        elif listed_under is not None:
            field.help_text = formatted(_("Danh sách: các chi bộ thuộc %(org)s; chi bộ khác: gõ mã ở ô dưới."),
                                        org=listed_under.name)
        if hide_destination is not None:
            # Not offered, still accepted: a posted own chi bộ gets the action's own message («trùng với nơi …»).
            field.widget.choices = [c for c in field.choices if getattr(c[0], "value", c[0]) != hide_destination]
        for name in self.MARKED_REQUIRED:
            self.fields[name].marked_required = True

    def clean(self):
        cleaned = super().clean()
        code = (cleaned.get("to_organization_code") or "").strip()
        if not code:
            return cleaned
        found = self.destinations.filter(code__iexact=code).first()
        if found is None:
            self.add_error("to_organization_code", formatted(
                _("Không có chi bộ đang hoạt động mã «%(code)s» trong phạm vi của đồng chí."), code=code))
        elif cleaned.get("to_organization") not in (None, found):
            self.add_error("to_organization_code",
                           _("Chọn chi bộ trong danh sách hoặc gõ mã, không chọn cả hai nơi khác nhau."))
        else:
            cleaned["to_organization"] = found
        return cleaned


class DueFilterForm(StyledForm):
    to_chuc = OrgChoiceField(label=_("Tổ chức"), queryset=Organization.objects.none(), required=False,
                             empty_label=_("Tất cả"))

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_chuc"].queryset = organizations


class DisciplineRecordForm(StyledForm):
    form = forms.ChoiceField(label=_("Hình thức kỷ luật"), choices=[("",
                                                                     _("— chọn hình thức —"))] + DisciplineForm.choices,
                             help_text=_("Khai trừ ghi bằng sự kiện «Khai trừ» (kết thúc sinh hoạt đảng)."))
    decided_on = VNDateField(label=_("Ngày quyết định"))
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=60, required=False)
    issuer = forms.CharField(label=_("Cấp quyết định"), max_length=200, required=False)
    decider = forms.ChoiceField(label=_("Thẩm quyền quyết định"), required=False,
                                choices=[("", _("— không ghi (quyết định cũ) —")), *DECIDER_CHOICES],
                                help_text=_("Chi bộ quyết định khiển trách, cảnh cáo (Quy định 296-QĐ/TW)."))
    announced_on = VNDateField(label=_("Ngày chi bộ công bố kết quả biểu quyết"), required=False,
                               help_text=_("Quyết định của chi bộ có hiệu lực từ ngày này."))
    violation = forms.CharField(label=_("Nội dung vi phạm"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    self_detected = forms.BooleanField(
        label=_("Vi phạm do đảng viên tự phát hiện, tự báo cáo và đã chủ động khắc phục"), required=False,
        help_text=_("Từ năm 2023 (QĐ 124) trường hợp này không bị xếp loại «Không hoàn thành nhiệm vụ»."))


class DisciplineAnnulForm(StyledForm):
    discipline = forms.IntegerField(widget=forms.HiddenInput)
    annulled_on = VNDateField(label=_("Ngày hủy"))
    annul_reason = forms.CharField(label=_("Lý do hủy"), max_length=500)


class ClosePeriodForm(StyledForm):
    """Chốt số liệu: the date whose figures are closed (the closing page, members/closing_views.py)."""

    on = VNDateField(label=_("Ngày chốt số liệu"),
                     help_text=_("Thường là ngày 31/12 của năm đã qua; chốt lại một ngày đã chốt thì tính lại."))
