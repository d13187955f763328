"""The forms of the congresses pages: every input a view reads comes through one of these.

The field names are the inputs' names on the pages (and in the tests); per-row inputs (ballot marks, attendance,
hand-counted totals) are fields built from the rows. An action's ValidationError goes back onto the bound form
(`core.forms.apply_validation_error`), so the page shows it beside the field and keeps what was typed.
"""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from dangbo.core.forms import StyledForm, VNDateField
from dangbo.rules import elections as rules
from dangbo.rules.meetings import Mode

from .models import MODE_CHOICES, Congress, CongressKind, MeetingKind

REQUIRED = _("Chưa nhập {field}.")
NUMBER = _("{field} phải là một số nguyên.")
_lower = lazy(lambda s: str(s).lower(), str)


def _int(label: str, required: bool = True, **kwargs) -> forms.IntegerField:
    return forms.IntegerField(label=label, required=required, error_messages={
        "required": format_lazy(REQUIRED, field=_lower(label)), "invalid": format_lazy(NUMBER, field=label),
        "min_value": format_lazy(_("{field} không được nhỏ hơn %(limit_value)s."), field=label)}, **kwargs)


def _date(label: str, required: bool = True) -> VNDateField:
    field = VNDateField(label=label, required=required)
    field.error_messages["required"] = format_lazy(REQUIRED, field=_lower(label))
    return field


def _text(label: str, required: bool = False, textarea: bool = False, max_length: int | None = None):
    return forms.CharField(label=label, required=required, max_length=max_length, strip=True,
                           widget=forms.Textarea if textarea else forms.TextInput,
                           error_messages={"required": format_lazy(REQUIRED, field=_lower(label)),
                                           "max_length": format_lazy(
                                               _("{field} dài quá %(limit_value)d ký tự."), field=label)})


def _org(label: str, what: str) -> forms.ModelChoiceField:
    """An organisation among those the user may write (the view sets the queryset): "Chưa chọn {what} …"."""
    missing = format_lazy(_("Chưa chọn {what} (hoặc bạn không có quyền)."), what=what)
    return forms.ModelChoiceField(label=label, queryset=None,
                                  error_messages={"required": missing, "invalid_choice": missing})


def _choice(label: str, choices, missing: str) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, choices=choices, error_messages={"required": missing})


def _flag(label: str) -> forms.BooleanField:
    """A checkbox posted as value="1"."""
    return forms.BooleanField(label=label, required=False)


# -- congresses ----------------------------------------------------------------------------------------------
class CongressForm(StyledForm):
    organization = _org(_("Tổ chức đảng"), _("tổ chức đảng"))
    kind = _choice(_("Hình thức"), CongressKind.choices, _("Chưa chọn hình thức đại hội."))
    ordinal = _int(_("Lần thứ"), min_value=1)
    term_start = _int(_("Nhiệm kỳ từ năm"))
    term_end = _int(_("Nhiệm kỳ đến năm"))
    opened_on = _date(_("Ngày khai mạc"))
    closed_on = _date(_("Ngày bế mạc"), required=False)
    quorum = forms.ChoiceField(label=_("Tỷ lệ có mặt tối thiểu"), required=False,
                               choices=Congress._meta.get_field("quorum").choices)
    tie_rule = forms.ChoiceField(label=_("Khi bằng phiếu ở suất cuối"), required=False,
                                 choices=Congress._meta.get_field("tie_rule").choices)
    place = _text(_("Địa điểm"), max_length=200)

    def __init__(self, *args, organizations, congress: Congress | None = None, **kwargs):
        if congress is not None and not kwargs.get("initial"):
            kwargs["initial"] = {f: getattr(congress, f) for f in self.base_fields} | {
                "organization": congress.organization_id}
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        if congress is not None:  # the organisation and the kind of a congress stay as they were created
            for name in ("organization", "kind"):
                self.fields[name].disabled = True
            self.fields["kind"].choices = [(congress.kind, congress.get_kind_display())]

    def action_kwargs(self) -> dict:
        d = dict(self.cleaned_data)
        d["tie_rule"] = d.get("tie_rule") or "next_round"
        return d


class AttendanceForm(StyledForm):
    """The convened list: present, absence approved and its reason, one row each."""

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = list(rows)
        for r in self.rows:
            self.fields[f"present_{r.pk}"] = _flag(_("Có mặt %(name)s") % {"name": r.full_name})
            self.fields[f"approved_{r.pk}"] = _flag(_("Vắng được chấp nhận %(name)s") % {"name": r.full_name})
            self.fields[f"reason_{r.pk}"] = _text(_("Lý do vắng %(name)s") % {"name": r.full_name}, max_length=200)

    def table(self) -> list[tuple]:
        """(row, present, approved, reason, errors) for the page: what was typed, else what is stored."""
        if not self.is_bound:
            return [(r, r.present, r.absence_approved, r.absence_reason, []) for r in self.rows]
        return [(r, self[f"present_{r.pk}"].value(), self[f"approved_{r.pk}"].value(),
                 self[f"reason_{r.pk}"].value() or "", self.row_errors(r.pk)) for r in self.rows]

    def row_errors(self, pk) -> list[str]:
        return [m for name, errs in self.errors.items() if name.rpartition("_")[2] == str(pk) for m in errs]

    def changes(self) -> dict:
        d = self.cleaned_data
        return {r.pk: {"present": d[f"present_{r.pk}"], "absence_approved": d[f"approved_{r.pk}"],
                       "absence_reason": d[f"reason_{r.pk}"]} for r in self.rows}

    def action_kwargs(self) -> dict:
        return {"changes": self.changes()}


class DelegatesForm(StyledForm):
    delegates = _text(_("Danh sách đại biểu"), textarea=True)

    def action_kwargs(self) -> dict:
        return {"text": self.cleaned_data["delegates"]}


class ContentsForm(StyledForm):
    """Which of the four contents the congress held (CT 45)."""

    contents = forms.MultipleChoiceField(label=_("Nội dung đại hội"), required=False,
                                         widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, **kwargs):
        from .models import CongressContent

        super().__init__(*args, **kwargs)
        self.fields["contents"].choices = CongressContent.choices


class UpperDelegatesForm(StyledForm):
    """Delegates to the upper congress not elected at this congress: appointed or ex officio (CT 45)."""

    upper_delegates = _text(_("Đại biểu dự đại hội cấp trên"), textarea=True)
    decision_number = _text(_("Số quyết định chỉ định"), max_length=60)
    decision_date = _date(_("Ngày quyết định"), required=False)
    issuer = _text(_("Cơ quan quyết định"), max_length=200)

    def action_kwargs(self) -> dict:
        cd = dict(self.cleaned_data)
        return {"text": cd.pop("upper_delegates"), **cd}


class ApprovalForm(StyledForm):
    decision_number = _text(_("Số quyết định"), required=True, max_length=50)
    decision_date = _date(_("Ngày quyết định"))
    issuer = _text(_("Cấp ủy chuẩn y"), max_length=200)


class PauseForm(StyledForm):
    reason = _text(_("Lý do tạm dừng"), required=True, max_length=500)


class ResumeForm(StyledForm):
    direction = _text(_("Ý kiến chỉ đạo của cấp trên"), required=True, max_length=500)


# -- elections -----------------------------------------------------------------------------------------------
class ElectionForm(StyledForm):
    body = _choice(_("Bầu"), list(rules.BODY_LABELS.items()), _("Chưa chọn cơ quan, chức danh cần bầu."))
    seats = _int(_("Số lượng cần bầu"), min_value=1)
    alternate_seats = _int(_("Trong đó dự khuyết"), required=False, min_value=0)
    candidates = _text(_("Danh sách bầu cử"), required=True, textarea=True)
    board = _text(_("Ban kiểm phiếu"), textarea=True)
    at_conference = _flag(_("Bầu tại hội nghị cấp ủy khóa mới"))
    conference_members = _int(_("Số cấp ủy viên được triệu tập"), required=False, min_value=0)
    conference_present = _int(_("Số cấp ủy viên có mặt"), required=False, min_value=0)
    conference_excluded = _text(_("Cấp ủy viên được trừ"), textarea=True)

    def action_kwargs(self) -> dict:
        return dict(self.cleaned_data, alternate_seats=self.cleaned_data["alternate_seats"] or 0)


class ElectionListForm(StyledForm):
    seats = _int(_("Số lượng cần bầu"), required=False, min_value=1)
    candidates = _text(_("Danh sách bầu cử"), required=True, textarea=True)
    board = _text(_("Ban kiểm phiếu"), textarea=True)


class StartCountingForm(StyledForm):
    issued = _int(_("Số phiếu phát ra"), min_value=0)
    by_totals = _flag(_("Ban kiểm phiếu kiểm bằng tay"))


class BallotForm(StyledForm):
    """One ballot as read: with a surplus, the names kept (`c<pk>` = keep); without, đồng ý / không đồng ý."""

    number = _int(_("Số phiếu"), min_value=1)
    not_issued = _flag(_("Phiếu không do ban kiểm phiếu phát ra"))
    invalid_reason = _text(_("Lý do không hợp lệ"), max_length=200)

    def __init__(self, *args, candidates, seats: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = list(candidates)
        self.candidate_ids = [c.pk for c in self.candidates]
        self.with_surplus = rules.with_surplus(len(self.candidate_ids), seats)
        for c in candidates:
            if self.with_surplus:
                self.fields[f"c{c.pk}"] = _flag(c.full_name)
            else:
                self.fields[f"c{c.pk}"] = forms.ChoiceField(
                    label=c.full_name, required=False,
                    choices=[("agree", _("Đồng ý")), ("disagree", _("Không đồng ý")),
                             ("both", _("Cả hai")), ("none", _("Không đánh dấu"))])

    def marks(self) -> list[tuple]:
        """(candidate, its mark) for the page: what was typed, or the blank ballot (every name kept / đồng ý)."""
        out = []
        for c in self.candidates:
            name = f"c{c.pk}"
            if not self.is_bound:
                mark = True if self.with_surplus else "agree"
            elif self.with_surplus:
                mark = self.data.get(name) not in (None, "")
            else:
                mark = self.data.get(name) or "none"
            out.append((c, mark))
        return out

    extra: tuple[str, ...] = ()  # the form's own fields the action takes besides the number and the reading

    def action_kwargs(self) -> dict:
        cd = self.cleaned_data
        return {"number": cd["number"], **{k: cd[k] for k in self.extra}, **self.reading()}

    def reading(self) -> dict:
        d, ids = self.cleaned_data, self.candidate_ids
        if self.with_surplus:
            out = {"kept": [pk for pk in ids if d.get(f"c{pk}")]}
        else:
            out = {"agree": [pk for pk in ids if d.get(f"c{pk}") in ("agree", "both")],
                   "disagree": [pk for pk in ids if d.get(f"c{pk}") in ("disagree", "both")]}
        out["issued_by_board"] = not d["not_issued"]
        out["invalid_reason"] = d["invalid_reason"]
        return out


class BallotEntryForm(BallotForm):
    extra = ("counter",)
    counter = forms.TypedChoiceField(label=_("Người nhập"), coerce=int,
                                     choices=[(1, _("Thứ nhất")), (2, _("Thứ hai"))],
                                     error_messages={"required": _("Chưa chọn người nhập thứ nhất hay thứ hai."),
                                                     "invalid_choice": _("Người nhập phải là thứ nhất hoặc thứ hai.")})


class ResolveForm(BallotForm):
    extra = ("note",)
    note = _text(_("Ghi chú"), max_length=200)


class CorrectBallotForm(BallotForm):
    extra = ("reason",)
    reason = _text(_("Lý do điều chỉnh"), required=True, max_length=500)


class TotalsForm(StyledForm):
    """Hand-counted totals, one number a candidate (`t<pk>`); after signing, a correction with its reason."""

    valid = _int(_("Phiếu hợp lệ"), min_value=0)
    invalid = _int(_("Phiếu không hợp lệ"), min_value=0)
    reason = _text(_("Lý do điều chỉnh"), max_length=500)

    def __init__(self, *args, candidates, correction: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = list(candidates)
        self.candidate_ids = [c.pk for c in self.candidates]
        for c in self.candidates:
            self.fields[f"t{c.pk}"] = _int(_("Số phiếu của %(name)s") % {"name": c.full_name}, required=False,
                                       min_value=0)
        self.fields["reason"].required = correction

    def rows(self) -> list[tuple]:
        """(candidate, the number typed, its errors) for the page."""
        return [(c, self[f"t{c.pk}"].value(), self.errors.get(f"t{c.pk}", []) if self.is_bound else [])
                for c in self.candidates]

    def totals(self) -> dict:
        return {str(pk): self.cleaned_data[f"t{pk}"] or 0 for pk in self.candidate_ids}


# -- meetings ------------------------------------------------------------------------------------------------
class MeetingTextForm(StyledForm):
    title = _text(_("Tiêu đề"), max_length=200)
    agenda = _text(_("Nội dung, chương trình"), textarea=True)
    guests = _text(_("Khách mời"), max_length=500)
    minutes = _text(_("Diễn biến (biên bản)"), textarea=True)
    resolutions = _text(_("Nghị quyết, kết luận được thông qua"), textarea=True)


class AbsencesMixin:
    """Absent members (`absent_<id>`) and their reasons (`reason_<id>`), one row a member."""

    def add_absences(self, rows: list[tuple]):
        """rows: (member id, name, the row shown, absent as stored, reason as stored)."""
        self.absence_rows = rows
        for pk, name, *_rest in rows:
            self.fields[f"absent_{pk}"] = _flag(_("Vắng %(name)s") % {"name": name})
            self.fields[f"reason_{pk}"] = _text(_("Lý do vắng %(name)s") % {"name": name}, max_length=200)

    def table(self) -> list[tuple]:
        """(row, absent, reason, errors) for the page: what was typed, else what is stored."""
        if not self.is_bound:
            return [(row, absent, reason, []) for _, _, row, absent, reason in self.absence_rows]
        return [(row, self[f"absent_{pk}"].value(), self[f"reason_{pk}"].value() or "",
                 self.errors.get(f"absent_{pk}", []) + self.errors.get(f"reason_{pk}", []))
                for pk, _, row, _, _ in self.absence_rows]

    def absences(self) -> dict:
        d = self.cleaned_data
        return {pk: d[f"reason_{pk}"] for pk, *_ in self.absence_rows if d[f"absent_{pk}"]}


class MeetingForm(AbsencesMixin, MeetingTextForm):
    organization = _org(_("Chi bộ (tổ chức)"), _("chi bộ"))
    kind = _choice(_("Loại"), MeetingKind.choices, _("Chưa chọn loại cuộc họp."))
    held_on = _date(_("Ngày họp"))
    mode = forms.ChoiceField(label=_("Hình thức"), choices=MODE_CHOICES, required=False,
                             error_messages={"invalid_choice": _("Hình thức sinh hoạt không hợp lệ.")})

    def clean_mode(self):
        return self.cleaned_data.get("mode") or Mode.IN_PERSON

    def __init__(self, *args, organizations, roster, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        self.add_absences([(r["member_id"], r.get("member__full_name", ""), r, False, "") for r in roster])


class MeetingStepForm(StyledForm):
    """The first step of a meeting's minutes: the chi bộ and the day whose roster they list. Read from the link
    (?to_chuc=&ngay=) or, once the minutes are posted, from their own fields (the link's chi bộ first)."""

    to_chuc = forms.ModelChoiceField(queryset=None, required=False)
    ngay = VNDateField(required=False)

    def __init__(self, query, posted=None, *, organizations):
        posted = posted or {}
        super().__init__({"to_chuc": query.get("to_chuc") or posted.get("organization", ""),
                          "ngay": posted.get("held_on") or query.get("ngay", "")})
        self.fields["to_chuc"].queryset = organizations

    def chosen(self):
        """(the organisation or None, the day: today when none or not a date)."""
        self.is_valid()
        return self.cleaned_data.get("to_chuc"), self.cleaned_data.get("ngay") or timezone.localdate()


class MeetingAttendanceForm(AbsencesMixin, StyledForm):
    version = _int(_("Phiên bản"), required=False)

    def __init__(self, *args, attendance, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_absences([(a.member_id, a.member.full_name, a, not a.present, a.reason) for a in attendance])

    def action_kwargs(self) -> dict:
        return {"absences": self.absences(), "version": self.cleaned_data["version"]}


class MeetingEditForm(MeetingTextForm):
    version = _int(_("Phiên bản"), required=False)


# -- the 2025 meeting rules: the chi bộ's day, invitations -------------------------------------------------------
class MeetingDayForm(StyledForm):
    day = _int(_("Ngày sinh hoạt thường kỳ"), min_value=1, max_value=31)
    has_party_groups = _flag(_("Chi bộ có tổ đảng"))
    note = _text(_("Ghi chú (căn cứ)"), max_length=300)
    version = _int(_("Phiên bản"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["day"].error_messages["max_value"] = _("Ngày sinh hoạt thường kỳ không được lớn hơn 31.")


class MeetingPlanForm(StyledForm):
    organization = _org(_("Chi bộ (tổ chức)"), _("chi bộ"))
    kind = _choice(_("Loại"), MeetingKind.choices, _("Chưa chọn loại cuộc họp."))
    mode = _choice(_("Hình thức"), MODE_CHOICES, _("Chưa chọn hình thức sinh hoạt."))
    planned_on = _date(_("Ngày họp dự kiến"))
    time_place = _text(_("Giờ, địa điểm (hoặc đường dẫn họp trực tuyến)"), max_length=300)
    title = _text(_("Tiêu đề"), max_length=200)
    agenda = _text(_("Nội dung, chương trình"), required=True, textarea=True)
    documents = _text(_("Tài liệu gửi kèm (mỗi dòng một tài liệu: tên hoặc đường dẫn)"), textarea=True)

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations


class PlanCancelForm(StyledForm):
    reason = _text(_("Lý do hủy"), required=True, max_length=300)
    version = _int(_("Phiên bản"), required=False)
