"""Forms of the review pages (fields named in Vietnamese-free ASCII; labels in Vietnamese)."""

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from dangbo.core.forms import StyledForm, VNDateField

from .models import LEVEL_CHOICES, Period

LEVELS = [("", _("— chọn mức —"))] + [(str(v), label) for v, label in LEVEL_CHOICES]


def year_choices():
    this = date.today().year
    return [(y, str(y)) for y in range(this, 2017, -1)]


class OpenReviewForm(StyledForm):
    year = forms.TypedChoiceField(label=_("Năm"), coerce=int, choices=year_choices)
    period = forms.ChoiceField(label=_("Kỳ đánh giá"), choices=Period.choices, initial=Period.YEAR)
    quarter = forms.TypedChoiceField(label=_("Quý (nếu đánh giá theo quý)"), coerce=int, required=False,
                                     empty_value=None, choices=[("", "—"), (1, "1"), (2, "2"), (3, "3"), (4, "4")])
    review_date = VNDateField(label=_("Ngày xếp loại (mốc tính 6 tháng)"))
    organization = forms.CharField(required=False)  # one of `organizations`, those the user may open a review for

    def __init__(self, *args, organizations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.organizations = organizations

    def clean(self):
        cd = super().clean()
        org = next((o for o in self.organizations if str(o.pk) == cd.get("organization", "")), None)
        if org is None:
            raise forms.ValidationError(_("Chọn tổ chức đảng mở đợt kiểm điểm."))
        cd["organization"] = org
        return cd


class SelfAssessForm(StyledForm):
    self_level = forms.ChoiceField(label=_("Tự xếp loại"), choices=LEVELS)
    self_points = forms.IntegerField(label=_("Tự chấm điểm (thang 100, từ năm 2025)"), required=False,
                                     min_value=0, max_value=100)
    self_comment = forms.CharField(label=_("Tự nhận xét"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ProposeForm(StyledForm):
    proposed_level = forms.ChoiceField(label=_("Chi bộ đề xuất mức"), choices=LEVELS)
    proposal_comment = forms.CharField(label=_("Nhận xét của chi bộ"), required=False,
                                       widget=forms.Textarea(attrs={"rows": 2}))
    self_level = forms.ChoiceField(label=_("Mức đảng viên tự xếp loại (theo bản kiểm điểm)"), choices=LEVELS,
                                   required=False)
    disciplined = forms.BooleanField(label=_("Bị kỷ luật trong năm"), required=False)
    discipline_self_detected = forms.BooleanField(label=_("Vi phạm tự phát hiện, đã khắc phục hậu quả"),
                                                  required=False)
    sick_leave_months = forms.DecimalField(label=_("Số tháng nghỉ ốm trong năm"), required=False, min_value=0,
                                           max_value=12, decimal_places=1)
    host_comment = forms.CharField(label=_("Nhận xét của chi bộ nơi sinh hoạt tạm thời"), required=False,
                                   widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class QuickProposeForm(StyledForm):
    """One row of the chi bộ's list: the level only (and the self level when the member wrote it on paper)."""

    proposed_level = forms.ChoiceField(label=_("Đề xuất"), choices=LEVELS)
    self_level = forms.ChoiceField(label=_("Tự xếp loại (theo bản kiểm điểm)"), choices=LEVELS, required=False)
    points = forms.IntegerField(label=_("Điểm (thang 100, từ năm 2025)"), required=False, min_value=0, max_value=100)


class DecideForm(StyledForm):
    decision_number = forms.CharField(label=_("Số quyết định, thông báo"), max_length=60)
    decision_date = VNDateField(label=_("Ngày quyết định"))
    override_reason = forms.CharField(
        label=_("Lý do quyết định vượt cảnh báo (chỉ khi cấp có thẩm quyền quyết định giữ nguyên)"), required=False,
        widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class HostCommentForm(StyledForm):
    host_comment = forms.CharField(label=_("Ý kiến nhận xét"), required=False, strip=False,
                                   widget=forms.Textarea(attrs={"rows": 3}))


class RevokeForm(StyledForm):
    reason = forms.CharField(label=_("Lý do hủy kết quả, yêu cầu làm lại"), widget=forms.Textarea(attrs={"rows": 2}))


class CommitmentForm(StyledForm):
    commitment_year = forms.TypedChoiceField(label=_("Năm"), coerce=int, choices=year_choices)
    content = forms.CharField(label=_("Nội dung cam kết tu dưỡng, rèn luyện, phấn đấu"),
                              widget=forms.Textarea(attrs={"rows": 5}))
    signed_on = VNDateField(label=_("Ngày ký"))


class PublishedForm(StyledForm):
    published_year = forms.TypedChoiceField(label=_("Năm"), coerce=int, choices=year_choices)
    source_document = forms.CharField(label=_("Văn bản nguồn (báo cáo, thông báo kết quả)"), max_length=255)
    members_excellent = forms.IntegerField(label=_("Đảng viên HTXSNV"), min_value=0, initial=0)
    members_good = forms.IntegerField(label=_("Đảng viên HTTNV"), min_value=0, initial=0)
    members_completed = forms.IntegerField(label=_("Đảng viên HTNV"), min_value=0, initial=0)
    members_not_completed = forms.IntegerField(label=_("Đảng viên KHTNV"), min_value=0, initial=0)
    members_not_rated = forms.IntegerField(label=_("Đảng viên không xếp loại"), min_value=0, initial=0)
    orgs_excellent = forms.IntegerField(label=_("Tổ chức HTXSNV"), min_value=0, initial=0)
    orgs_good = forms.IntegerField(label=_("Tổ chức HTTNV"), min_value=0, initial=0)
    orgs_completed = forms.IntegerField(label=_("Tổ chức HTNV"), min_value=0, initial=0)
    orgs_not_completed = forms.IntegerField(label=_("Tổ chức KHTNV"), min_value=0, initial=0)
    self_level = forms.ChoiceField(label=_("Xếp loại của chính tổ chức"), choices=LEVELS, required=False)
