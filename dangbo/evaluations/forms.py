"""Forms of the review pages (fields named in Vietnamese-free ASCII; labels in Vietnamese)."""

from datetime import date

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from dangbo.core.forms import StyledForm, VNDateField
from dangbo.rules.rating_scales import FIRST_YEAR as FIRST_SCALE_YEAR

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


def published_year_choices():
    """Published results load from 2008 (HD 20-HD/BTCTW, rules.rating_scales) to this year."""
    return [(y, str(y)) for y in range(date.today().year, FIRST_SCALE_YEAR - 1, -1)]


# The labels of the pre-2018 grades (rules.rating_scales), for the catalogue: read in the page's language.
GRADE_LABELS = [gettext_noop("Trong sạch, vững mạnh tiêu biểu"), gettext_noop("Trong sạch, vững mạnh"),
                gettext_noop("Yếu kém"), gettext_noop("Đủ tư cách, hoàn thành xuất sắc nhiệm vụ"),
                gettext_noop("Đủ tư cách, hoàn thành tốt nhiệm vụ"),
                gettext_noop("Đủ tư cách, hoàn thành nhiệm vụ nhưng còn hạn chế"),
                gettext_noop("Đủ tư cách, hoàn thành nhiệm vụ"),
                gettext_noop("Vi phạm tư cách hoặc không hoàn thành nhiệm vụ"),
                gettext_noop("Đủ tư cách, hoàn thành tốt nhiệm vụ trở lên"),
                gettext_noop("Hoàn thành tốt nhiệm vụ trở lên")]
CURRENT_LABELS = {
    "members": {"excellent": _("Đảng viên HTXSNV"), "good": _("Đảng viên HTTNV"), "completed": _("Đảng viên HTNV"),
                "not_completed": _("Đảng viên KHTNV")},
    "organizations": {"excellent": _("Tổ chức HTXSNV"), "good": _("Tổ chức HTTNV"), "completed": _("Tổ chức HTNV"),
                      "not_completed": _("Tổ chức KHTNV")},
}


class PublishedForm(StyledForm):
    """A past year's published results, with the fields of that year's own scale (`published_form`): counts, or
    shares (%) when «chỉ công bố tỷ lệ» is ticked; a grade left blank was not published."""

    scale = None

    published_year = forms.TypedChoiceField(label=_("Năm"), coerce=int, choices=published_year_choices)
    source_document = forms.CharField(label=_("Văn bản nguồn (báo cáo, thông báo kết quả)"), max_length=255)
    as_shares = forms.BooleanField(label=_("Chỉ công bố tỷ lệ (%), không có số lượng"), required=False)
    members_base = forms.IntegerField(label=_("Tổng số đảng viên được đánh giá (nếu biết)"), min_value=0,
                                      required=False)
    orgs_base = forms.IntegerField(label=_("Tổng số tổ chức được đánh giá (nếu biết)"), min_value=0, required=False)
    members_not_rated = forms.IntegerField(label=_("Đảng viên không xếp loại"), min_value=0, initial=0)

    def clean(self):
        data = super().clean()
        if self.scale.current and not data.get("as_shares"):
            for name in self.fields:
                if name.startswith(("members_", "orgs_")) and name not in ("members_base", "orgs_base",
                                                                           "members_not_rated") \
                        and not name.endswith("good_or_better"):
                    value = (data.get(name) or "").strip()
                    if not value.isdigit():
                        self.add_error(name, _("Nhập số nguyên (0 nếu không có)."))
        return data

    def grades(self, prefix: str) -> dict:
        cd = self.cleaned_data
        part = "members" if prefix == "members" else "organizations"
        return {g.key: cd.get(f"{prefix}_{g.key}") for g in self.scale.grades(part)
                if not (self.scale.current and not cd.get("as_shares") and g.aggregate)}


def published_form(scale) -> type[PublishedForm]:
    """The form of `scale` (rules.rating_scales.scale_for(year)): one field per grade of members and organisations."""
    fields: dict = {"scale": scale}
    # Only the years of this scale: another scale has other fields (the page links to it).
    last = scale.last_year or date.today().year
    fields["published_year"] = forms.TypedChoiceField(label=_("Năm"), coerce=int, choices=[
        (y, str(y)) for y, _label in published_year_choices() if scale.first_year <= y <= last])
    for part, prefix in (("members", "members"), ("organizations", "orgs")):
        for g in scale.grades(part):
            if scale.current and not g.aggregate:
                label = CURRENT_LABELS[part][g.key]
            else:
                label = format_lazy("{}: {}", _("Đảng viên") if part == "members" else _("Tổ chức"), _(g.label))
            fields[f"{prefix}_{g.key}"] = forms.CharField(label=label, required=False, max_length=12,
                                                          initial="" if g.aggregate else 0)
    if not scale.current:
        fields["exemplary_within"] = forms.BooleanField(
            label=_("Số «tiêu biểu» nằm trong số «trong sạch, vững mạnh» (bỏ chọn nếu báo cáo tính riêng)"),
            required=False, initial=True)
        choices = [("", _("— chọn mức —"))] + [(g.key, _(g.label)) for g in scale.organizations]
    else:
        choices = LEVELS
    fields["self_level"] = forms.ChoiceField(label=_("Xếp loại của chính tổ chức"), choices=choices, required=False)
    return type("PublishedForm", (PublishedForm,), fields)
