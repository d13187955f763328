"""The organisation-and-year form of the report pages (picking an organisation: dangbo.organizations.pickers)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from dangbo.core.forms import QuickSelect, StyledForm, VNDateField
from dangbo.organizations.pickers import org_choices


class OrgYearForm(StyledForm):
    to_chuc = forms.ChoiceField(label=_("Tổ chức đảng"), widget=QuickSelect)
    nam = forms.IntegerField(label=_("Năm"), min_value=1930, max_value=2100)

    def __init__(self, *args, scope=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_chuc"].choices = org_choices(scope)


# -- the report documents written in dangbo (issue 12) ----------------------------------------------------------
class ReportDocumentForm(StyledForm):
    organization = forms.ChoiceField(label=_("Tổ chức đảng"), widget=QuickSelect)
    kind = forms.ChoiceField(label=_("Loại báo cáo"), required=False)
    year = forms.IntegerField(label=_("Năm tổng kết"), min_value=1930, max_value=2100,
                              help_text=_("Báo cáo sơ kết: năm sơ kết; báo cáo trình đại hội: năm đại hội (nhiệm kỳ "
                                          "được kiểm điểm là 5 năm trước đó)."))
    place = forms.CharField(label=_("Địa danh (ghi ở dòng ngày tháng)"), max_length=80, required=False)
    conference_on = VNDateField(label=_("Ngày hội nghị tổng kết (ngày văn bản)"), required=False)

    def __init__(self, *args, scope=None, **kwargs):
        from .models import Kind

        super().__init__(*args, **kwargs)
        self.fields["organization"].choices = org_choices(scope, writable=True)
        self.fields["kind"].choices = Kind.choices

    def clean_kind(self):
        return self.cleaned_data.get("kind") or "year_end"


class SectionForm(StyledForm):
    text = forms.CharField(label=_("Nội dung"), required=False, widget=forms.Textarea(attrs={"rows": 16}),
                           help_text=_("Mỗi dòng là một đoạn; dòng bắt đầu bằng «-» là một ý gạch đầu dòng. Một "
                                       "dòng chỉ có «[số liệu]» là chỗ đặt số liệu tự động (không có thì số liệu "
                                       "đứng đầu mục)."))
    version = forms.IntegerField(widget=forms.HiddenInput)


class DateForm(StyledForm):
    conference_on = VNDateField(label=_("Ngày hội nghị (ngày văn bản)"),
                                help_text=_("Ngày ghi ở dòng địa danh, ngày tháng; người ký là bí thư tại ngày này."))
    place = forms.CharField(label=_("Địa danh (ghi ở dòng ngày tháng)"), max_length=80, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)


class ApproveForm(StyledForm):
    approved_on = VNDateField(label=_("Ngày cấp ủy thông qua"))
    version = forms.IntegerField(widget=forms.HiddenInput)


class IssueForm(StyledForm):
    issued_on = VNDateField(label=_("Ngày ban hành"))
    signer_title = forms.ChoiceField(label=_("Chức vụ người ký"),
                                     choices=[("BÍ THƯ", _("Bí thư")), ("PHÓ BÍ THƯ", _("Phó Bí thư"))])
    signer = forms.CharField(label=_("Họ tên người ký"), max_length=120)
    term_start = VNDateField(label=_("Nhiệm kỳ cấp ủy bắt đầu từ ngày (để trống: theo đại hội gần nhất)"),
                             required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)


class UploadForm(StyledForm):
    file = forms.FileField(label=_("Tệp .docx đã sửa"),
                           help_text=_("Tệp tải về từ trang này, sửa trong Word; giữ nguyên các đề mục."))

    MAX_BYTES = 10 * 1024 * 1024

    def clean_file(self):
        f = self.cleaned_data["file"]
        if f.size > self.MAX_BYTES:
            raise forms.ValidationError(_("Tệp lớn quá 10 MB."))
        return f


class TypedFigureForm(StyledForm):
    """A figure the office enters for a document (reports/typed.py): label, value, unit, period, source."""

    section = forms.ChoiceField(label=_("Mục"))
    label = forms.CharField(label=_("Nội dung số liệu"), max_length=255,
                            widget=forms.TextInput(attrs={"list": "goi-y-so-lieu"}))
    value = forms.CharField(label=_("Giá trị"), max_length=20, help_text=_("Số; tỷ lệ tính bằng % (0 đến 100)."))
    unit = forms.ChoiceField(label=_("Đơn vị tính"))
    period_start = VNDateField(label=_("Kỳ số liệu từ ngày"))
    period_end = VNDateField(label=_("Đến ngày"))
    source = forms.CharField(label=_("Nguồn số liệu"), max_length=255,
                             help_text=_("Sổ, văn bản hoặc đơn vị báo cáo số liệu này."))

    def __init__(self, *args, doc=None, **kwargs):
        from . import sections as S
        from . import typed

        super().__init__(*args, **kwargs)
        if doc is not None:
            self.fields["section"].choices = [(h.key, S.label(h, doc.year)) for h in S.headings(doc.kind)]
        self.fields["unit"].choices = [(u, u) for u in typed.UNITS]
