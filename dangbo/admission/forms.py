from django import forms
from django.utils.translation import gettext_lazy as _

from dangbo.core.forms import QuickSelect, StyledForm, VNDateField
from dangbo.members.models import Member, Status
from dangbo.organizations.pickers import org_choices
from dangbo.rules.admission import EducationException

PREFIX = "kn"


class CandidateForm(StyledForm):
    organization = forms.ChoiceField(label=_("Chi bộ"), widget=QuickSelect)
    full_name = forms.CharField(label=_("Họ và tên"), max_length=120)
    birth_date = VNDateField(label=_("Ngày sinh"))
    gender = forms.ChoiceField(label=_("Giới tính"), choices=[("M", _("Nam")), ("F", _("Nữ"))])
    citizen_id = forms.CharField(label=_("Số CCCD"), max_length=14, required=False)
    education_grade = forms.IntegerField(label=_("Lớp phổ thông đã hoàn thành (hệ 12 năm)"), min_value=0, max_value=12)
    education_exception = forms.ChoiceField(label=_("Trường hợp đặc biệt về học vấn"),
                                            choices=EducationException.CHOICES,
                                            required=False)
    workplace = forms.CharField(label=_("Nơi công tác, học tập"), max_length=255, required=False)
    residence = forms.CharField(label=_("Nơi cư trú"), max_length=255, required=False)
    proposed_by = forms.CharField(label=_("Đoàn thể hoặc chi bộ giới thiệu"), max_length=255)
    proposed_on = VNDateField(label=_("Ngày giới thiệu"))

    def __init__(self, *args, scope=None, **kwargs):
        super().__init__(*args, prefix=PREFIX, **kwargs)
        self.fields["organization"].choices = org_choices(scope, writable=True)


class MemberChoice(forms.ModelChoiceField):
    def label_from_instance(self, m):
        return f"{m.full_name} ({m.organization.name})"


# field name -> how it is asked
FIELDS = {
    "on": lambda label: VNDateField(label=label),
    "document": lambda label: forms.CharField(label=label, max_length=120, required=False),
    "issuer": lambda label: forms.CharField(label=label, max_length=255, required=False),
    "months_known": lambda label: forms.IntegerField(label=label, min_value=0, max_value=1200),
    "waived": lambda label: forms.BooleanField(label=label, required=False),
    "votes_for": lambda label: forms.IntegerField(label=label, min_value=0, max_value=10000),
    "official_members": lambda label: forms.IntegerField(label=label, min_value=1, max_value=10000),
    "extended": lambda label: forms.BooleanField(label=label, required=False),
    "note": lambda label: forms.CharField(label=label, max_length=500, required=False),
}


class StepForm(StyledForm):
    """The fields of one step (`spec.fields`: name -> label); `member` picks among official members the user reads
    in the candidate's đảng bộ cơ sở (an introducer, or the relative that makes verification unnecessary)."""

    def __init__(self, *args, spec, members=None, **kwargs):
        super().__init__(*args, prefix=PREFIX, **kwargs)
        for name, label in spec.fields.items():
            if name == "member":
                self.fields[name] = MemberChoice(
                    label=label, required=spec.key != "tham-tra",
                    queryset=(members if members is not None else Member.objects.none()).filter(
                        status__in=[Status.OFFICIAL, Status.PROBATIONARY]).select_related("organization")
                    .order_by("sort_key", "id"),
                    error_messages={"invalid_choice": _("Chọn một đảng viên trong danh sách.")})
            else:
                self.fields[name] = FIELDS[name](label)
