"""Every input of the inspection pages; each form gives its action's arguments with `action_kwargs()`."""

from django import forms
from django.utils.translation import gettext_lazy as _

from dangbo.core.forms import StyledForm, VNDateField
from dangbo.members.models import ACTIVE_STATUSES, Discipline, Member
from dangbo.organizations.models import Organization
from dangbo.rules import discipline as rules

from .models import Basis, Body, ComplaintKind, Kind, Outcome, ProgrammeItem

PREFIX = "kt"
TEXT = forms.Textarea(attrs={"rows": 3})


class MemberChoice(forms.ModelChoiceField):
    def label_from_instance(self, m):
        return f"{m.full_name} ({m.organization.name})"


class OrgChoice(forms.ModelChoiceField):
    def label_from_instance(self, o):
        return o.name


def members_under(org: Organization):
    return (Member.objects.filter(org_path__startswith=org.path, status__in=ACTIVE_STATUSES)
            .select_related("organization").order_by("sort_key", "id"))


def orgs_under(org: Organization):
    return Organization.objects.filter(path__startswith=org.path, status="active").exclude(pk=org.pk).order_by("path")


class Form(StyledForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix=PREFIX, **kwargs)

    def action_kwargs(self) -> dict:
        return dict(self.cleaned_data)


def body_choices(org: Organization):
    return [(Body.BRANCH.value, Body.BRANCH.label)] if org.is_cell else [
        (Body.COMMISSION.value, Body.COMMISSION.label), (Body.COMMITTEE.value, Body.COMMITTEE.label)]


class BodyForm(Form):
    """A record one of `organization`'s bodies makes (the `body` field): the members and organisations it may
    name are those under it; the action is given the organisation."""

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.organization = organization
        self.fields["body"].choices = body_choices(organization)
        for field in self.fields.values():
            if isinstance(field, MemberChoice):
                field.queryset = members_under(organization)
            elif isinstance(field, OrgChoice):
                field.queryset = orgs_under(organization)

    def action_kwargs(self):
        return {"organization": self.organization, **self.cleaned_data}


class ProgrammeForm(BodyForm):
    body = forms.ChoiceField(label=_("Cơ quan thực hiện"))
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    document = forms.CharField(label=_("Số, ký hiệu chương trình"), max_length=60, required=False)
    adopted_on = VNDateField(label=_("Ngày ban hành"))
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=TEXT)


class ProgrammeItemForm(Form):
    kind = forms.ChoiceField(label=_("Loại"), choices=Kind.choices)
    basis = forms.ChoiceField(label=_("Hình thức"), choices=[(Basis.REGULAR.value, Basis.REGULAR.label),
                                                         (Basis.THEMATIC.value, Basis.THEMATIC.label)])
    subject = forms.CharField(label=_("Đối tượng"), max_length=255)
    content = forms.CharField(label=_("Nội dung"), widget=TEXT)
    quarter = forms.IntegerField(label=_("Quý (để trống nếu cả năm)"), min_value=1, max_value=4, required=False)


class InspectionForm(BodyForm):
    body = forms.ChoiceField(label=_("Cơ quan tiến hành"))
    kind = forms.ChoiceField(label=_("Loại"), choices=Kind.choices)
    basis = forms.ChoiceField(label=_("Hình thức"), choices=Basis.choices)
    programme_item = forms.ModelChoiceField(label=_("Theo chương trình"), required=False,
                                            queryset=ProgrammeItem.objects.none(),
                                            empty_label=_("— ngoài chương trình —"))
    subject_org = OrgChoice(label=_("Tổ chức đảng được kiểm tra, giám sát"), required=False,
                            queryset=Organization.objects.none())
    subject_member = MemberChoice(label=_("hoặc đảng viên được kiểm tra, giám sát"), required=False,
                                  queryset=Member.objects.none())
    content = forms.CharField(label=_("Nội dung"), widget=TEXT)
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=60)
    decision_date = VNDateField(label=_("Ngày quyết định"))
    signer = forms.CharField(label=_("Người ký"), max_length=120)
    team_leader = forms.CharField(label=_("Trưởng đoàn"), max_length=120)
    team = forms.CharField(label=_("Thành viên đoàn"), required=False, widget=TEXT)
    period_from = VNDateField(label=_("Tiến hành từ ngày"))
    period_to = VNDateField(label=_("Đến ngày"))

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, organization=organization, **kwargs)
        self.fields["programme_item"].queryset = (ProgrammeItem.objects.filter(programme__organization=organization)
                                                  .select_related("programme").order_by("-programme__year", "id"))
        self.fields["programme_item"].label_from_instance = lambda i: _("Năm %(year)s: %(item)s") % {
            "year": i.programme.year, "item": i}


class ConcludeForm(Form):
    concluded_on = VNDateField(label=_("Ngày kết luận"))
    conclusion_number = forms.CharField(label=_("Số thông báo kết luận"), max_length=60, required=False)
    conclusion = forms.CharField(label=_("Kết luận"), widget=TEXT)
    violation_found = forms.BooleanField(label=_("Có vi phạm"), required=False)
    violations = forms.CharField(label=_("Vi phạm, khuyết điểm"), required=False, widget=TEXT)
    discipline_required = forms.BooleanField(label=_("Đến mức phải thi hành kỷ luật"), required=False)
    follow_up = forms.CharField(label=_("Yêu cầu, kiến nghị khắc phục"), required=False, widget=TEXT)
    follow_up_due = VNDateField(label=_("Hạn khắc phục"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class FollowUpForm(Form):
    done_on = VNDateField(label=_("Ngày báo cáo khắc phục xong"))
    report = forms.CharField(label=_("Kết quả khắc phục"), widget=TEXT)


class DisciplineForm(Form):
    member = MemberChoice(label=_("Đảng viên"), queryset=Member.objects.none(),
                          error_messages={"invalid_choice": _("Chọn một đảng viên trong danh sách.")})
    form = forms.ChoiceField(label=_("Hình thức kỷ luật"), choices=[(f, rules.FORM_LABELS[f]) for f in rules.FORMS])
    decider = forms.ChoiceField(label=_("Cấp quyết định"), choices=rules.Decider.CHOICES)
    decided_on = VNDateField(label=_("Ngày quyết định"))
    announced_on = VNDateField(label=_("Ngày chi bộ công bố kết quả biểu quyết (khi chi bộ quyết định)"),
                               required=False)
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=60)
    issuer = forms.CharField(label=_("Cơ quan ban hành"), max_length=200, required=False)
    violation = forms.CharField(label=_("Nội dung vi phạm (để trống: theo kết luận)"), required=False, widget=TEXT)

    def __init__(self, *args, inspection, **kwargs):
        super().__init__(*args, **kwargs)
        if inspection.subject_member_id:
            qs = Member.objects.filter(pk=inspection.subject_member_id).select_related("organization")
        else:
            qs = members_under(inspection.subject_org)
        self.fields["member"].queryset = qs


class ComplaintForm(BodyForm):
    body = forms.ChoiceField(label=_("Cơ quan giải quyết"))
    kind = forms.ChoiceField(label=_("Loại"), choices=ComplaintKind.choices)
    received_on = VNDateField(label=_("Ngày nhận"))
    sender = forms.CharField(label=_("Người gửi"), max_length=255)
    discipline = forms.ModelChoiceField(label=_("Quyết định kỷ luật bị khiếu nại"), required=False,
                                        queryset=Discipline.objects.none())
    member = MemberChoice(label=_("Đảng viên bị tố cáo"), required=False, queryset=Member.objects.none())
    subject_org = OrgChoice(label=_("hoặc tổ chức đảng bị tố cáo"), required=False,
                            queryset=Organization.objects.none())
    content = forms.CharField(label=_("Nội dung"), widget=TEXT)

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, organization=organization, **kwargs)
        self.fields["discipline"].queryset = (
            Discipline.objects.filter(member__org_path__startswith=organization.path, annulled_on__isnull=True)
            .select_related("member").order_by("-decided_on", "id"))
        self.fields["discipline"].label_from_instance = (
            lambda d: _("%(name)s: %(form)s ngày %(date)s") % {
                "name": d.member.full_name, "form": d.get_form_display().lower(), "date": f"{d.decided_on:%d/%m/%Y}"})

    def action_kwargs(self):
        data = super().action_kwargs()
        if data["kind"] == ComplaintKind.COMPLAINT:
            data["member"] = data["subject_org"] = None
        return data


class SettleForm(Form):
    settled_on = VNDateField(label=_("Ngày giải quyết xong"))
    outcome = forms.ChoiceField(label=_("Kết quả"), choices=Outcome.choices)
    result = forms.CharField(label=_("Nội dung giải quyết"), widget=TEXT)
