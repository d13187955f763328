"""Forms for the organisation tree: each one feeds one function of organizations.actions."""

from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext_lazy as _

from dangbo.core.forms import QuickSelect, StyledForm, VNDateField
from dangbo.rules import reorganization as level_rules

from .models import ALLOWED_CHILDREN, CELL_KINDS, Organization, OrgKind, OrgLevel, OrgStatus, allowed_children


def _indented(name: str, depth: int) -> str:
    return "\u2003" * max(0, depth - 1) + name


class OrgChoices(ModelChoiceIterator):
    """The options as (id, indented name), read as values: building a model instance for each of the thousands
    of organisations a province or the nation chooses from cost more than the rest of the page."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for pk, name, depth in self.queryset.values_list("pk", "name", "depth"):
            yield pk, _indented(name, depth)


class OrgChoiceField(forms.ModelChoiceField):
    widget = QuickSelect  # hundreds of organisations to choose from
    iterator = OrgChoices

    def label_from_instance(self, obj):
        return _indented(obj.name, obj.depth)


class OrgMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.kind_label.lower()})"


class DecisionFields(StyledForm):
    """Decision number, date and issuing body: every organisational change has one."""

    decision_number = forms.CharField(label=_("Số quyết định"), max_length=60, required=False)
    decision_date = VNDateField(label=_("Ngày quyết định"), required=False)
    issuer = forms.CharField(label=_("Cơ quan ban hành"), max_length=200, required=False)


class FoundForm(DecisionFields):
    code = forms.CharField(label=_("Mã tổ chức"), max_length=40)
    name = forms.CharField(label=_("Tên tổ chức"), max_length=255)
    kind = forms.ChoiceField(label=_("Loại hình"))
    level = forms.ChoiceField(label=_("Cấp (đảng bộ cấp trên cơ sở)"), required=False, choices=OrgLevel.choices,
                              help_text=_("Từ 01/7/2025 không còn cấp huyện; đảng ủy xã, phường, đặc khu là cấp trên "
                                          "trực tiếp của tổ chức cơ sở đảng."))
    founded_on = VNDateField(label=_("Ngày thành lập"), required=False)
    address = forms.CharField(label=_("Địa chỉ"), max_length=255, required=False)

    field_order = ["code", "name", "kind", "level", "founded_on", "address", "decision_number", "decision_date",
                   "issuer"]

    def __init__(self, *args, parent: Organization | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = allowed_children(parent)
        self.fields["kind"].choices = [(k.value, k.label) for k in OrgKind if k in allowed]
        if OrgKind.UPPER not in allowed:
            del self.fields["level"]


class RenameForm(DecisionFields):
    name = forms.CharField(label=_("Tên mới"), max_length=255)
    effective_date = VNDateField(label=_("Ngày hiệu lực"))
    version = forms.IntegerField(widget=forms.HiddenInput)

    field_order = ["name", "effective_date", "decision_number", "decision_date", "issuer"]


class MergeForm(DecisionFields):
    sources = OrgMultipleChoiceField(label=_("Tổ chức được hợp nhất, sáp nhập vào tổ chức này"),
                                     queryset=Organization.objects.none(),
                                     widget=forms.CheckboxSelectMultiple)
    effective_date = VNDateField(label=_("Ngày hiệu lực"))

    field_order = ["sources", "effective_date", "decision_number", "decision_date", "issuer"]

    def __init__(self, *args, target: Organization, writable, **kwargs):
        super().__init__(*args, **kwargs)
        qs = writable.filter(status=OrgStatus.ACTIVE).exclude(pk=target.pk)
        qs = qs.exclude(path__in=[target.path[:i] for i in range(4, len(target.path) + 1, 4)])
        if target.is_cell:
            qs = qs.filter(kind__in=[k.value for k in CELL_KINDS])
        else:
            qs = qs.filter(kind=target.kind)
        self.fields["sources"].queryset = qs.order_by("path")
        self.fields["decision_number"].required = True  # merge_organizations refuses without one: marked here
        self.fields["decision_number"].error_messages["required"] = _("Chưa nhập số quyết định (ví dụ 1788-QĐ/TU).")


class SplitForm(DecisionFields):
    effective_date = VNDateField(label=_("Ngày hiệu lực"))

    field_order = ["effective_date", "decision_number", "decision_date", "issuer"]

    def __init__(self, *args, members, targets, **kwargs):
        super().__init__(*args, **kwargs)
        self.members = list(members)
        for m in self.members:
            self.fields[f"m_{m.pk}"] = OrgChoiceField(label=m.full_name, queryset=targets,
                                                      empty_label=_("— chọn tổ chức mới —"))

    def member_fields(self):
        return [(m, self[f"m_{m.pk}"]) for m in self.members]

    def assignments(self) -> dict:
        return {m.pk: self.cleaned_data[f"m_{m.pk}"] for m in self.members}


class MoveForm(DecisionFields):
    """Chuyển tổ chức theo quyết định: the new parent, the effective date, the decision and the handover record."""

    to = OrgChoiceField(label=_("Tổ chức cấp trên mới"), queryset=Organization.objects.none(),
                        empty_label=_("— chọn tổ chức —"))
    effective_date = VNDateField(label=_("Ngày hiệu lực"))
    record = forms.CharField(label=_("Biên bản bàn giao (số, ngày, nội dung)"), required=False,
                             widget=forms.Textarea(attrs={"rows": 3}))

    field_order = ["to", "effective_date", "decision_number", "decision_date", "issuer", "record"]

    def __init__(self, *args, org: Organization, writable, **kwargs):
        super().__init__(*args, **kwargs)
        parents = [k.value for k, kids in ALLOWED_CHILDREN.items() if k is not None and org.kind in kids]
        qs = (writable.filter(status=OrgStatus.ACTIVE, kind__in=parents).exclude(path__startswith=org.path)
              .exclude(pk=org.parent_id))
        if org.kind == OrgKind.UPPER:  # only a province holds đảng bộ cấp trên cơ sở (rules.reorganization)
            qs = qs.exclude(kind=OrgKind.UPPER, level__in=[v for v in OrgLevel.values
                                                         if not level_rules.holds_upper(v)])
        self.fields["to"].queryset = qs.order_by("path")
        self.fields["decision_number"].help_text = _("Ví dụ 1788-QĐ/TU")
        self.fields["decision_number"].required = True  # move_organization refuses without one: marked here
        self.fields["decision_number"].error_messages["required"] = _("Chưa nhập số quyết định (ví dụ 1788-QĐ/TU).")

    def action_kwargs(self) -> dict:
        cd = self.cleaned_data
        return {"to": cd["to"], "effective_date": cd["effective_date"],
                "decision_number": cd["decision_number"].strip(), "decision_date": cd["decision_date"],
                "issuer": cd["issuer"].strip(), "record": cd["record"].strip()}


class TreeDateForm(StyledForm):
    ngay = VNDateField(label=_("Xem cây tại ngày"), required=False)


class DissolveForm(DecisionFields):
    effective_date = VNDateField(label=_("Ngày hiệu lực"))

    field_order = ["effective_date", "decision_number", "decision_date", "issuer"]


class AsOfForm(StyledForm):
    ngay = VNDateField(label=_("Ngày"))
    to_chuc = OrgChoiceField(label=_("Tổ chức"), queryset=Organization.objects.none(), required=False,
                             empty_label=None)

    def __init__(self, *args, orgs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_chuc"].queryset = orgs


class CommitteeDateForm(StyledForm):
    cap_uy_ngay = VNDateField(label=_("Cấp ủy tại ngày"), required=False)


POSITION_WORDS = {"bi thu": "bi_thu", "pho bi thu": "pho_bi_thu", "uy vien ban thuong vu": "uy_vien_btv",
                  "uy vien btv": "uy_vien_btv", "cap uy vien": "cap_uy_vien", "uy vien": "cap_uy_vien",
                  "chi uy vien": "cap_uy_vien", "dang uy vien": "cap_uy_vien",
                  "chu nhiem ubkt": "chu_nhiem_ubkt", "chu nhiem uy ban kiem tra": "chu_nhiem_ubkt",
                  "uy vien ubkt": "uy_vien_ubkt", "uy vien uy ban kiem tra": "uy_vien_ubkt"}


class CommitteeChangeForm(DecisionFields):
    """A change to the committee between congresses: who, what, from when, by which decision."""

    change_kind = forms.ChoiceField(label=_("Loại thay đổi"))
    full_name = forms.CharField(label=_("Họ và tên"), max_length=120)
    position = forms.ChoiceField(label=_("Chức vụ (khi chuẩn y, chỉ định, bổ sung)"), required=False)
    effective_date = VNDateField(label=_("Ngày hiệu lực"))
    note = forms.CharField(label=_("Ghi chú (ví dụ: công bố tại hội nghị sơ kết)"), required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))

    field_order = ["change_kind", "full_name", "position", "effective_date", "decision_number", "decision_date",
                   "issuer", "note"]

    def __init__(self, *args, **kwargs):
        from .models import CommitteeChange, Position

        super().__init__(*args, **kwargs)
        self.fields["change_kind"].choices = [(k.value, k.label) for k in CommitteeChange.Kind
                                       if k != CommitteeChange.Kind.ELECTED]
        self.fields["position"].choices = [("", _("— không đổi —"))] + list(Position.choices)
        self.fields["decision_number"].required = True
        self.fields["decision_number"].error_messages["required"] = _("Chưa nhập số quyết định (ví dụ 125-QĐ/ĐU).")

    def action_kwargs(self) -> dict:
        cd = self.cleaned_data
        return {"kind": cd["change_kind"], "full_name": cd["full_name"], "position": cd["position"],
                "effective_date": cd["effective_date"], "decision_number": cd["decision_number"].strip(),
                "decision_date": cd["decision_date"], "issuer": cd["issuer"].strip(), "note": cd["note"]}


class AppointTermForm(DecisionFields):
    """The upper level appoints a term's bodies (CT 45): the term, the decision, one person a line."""

    ordinal = forms.IntegerField(label=_("Khóa (đại hội lần thứ)"), min_value=1, max_value=200)
    start_year = forms.IntegerField(label=_("Nhiệm kỳ từ năm"), min_value=1930, max_value=2200)
    end_year = forms.IntegerField(label=_("Nhiệm kỳ đến năm"), min_value=1930, max_value=2200)
    length_months = forms.IntegerField(label=_("Thời gian nhiệm kỳ (tháng, ví dụ 60 hoặc 30)"), required=False,
                                       min_value=1, max_value=120)
    people = forms.CharField(label=_("Danh sách được chỉ định"), widget=forms.Textarea(attrs={"rows": 8}),
                             help_text=_("Mỗi dòng: Họ và tên; chức vụ (Bí thư, Phó Bí thư, Ủy viên Ban Thường vụ, "
                                         "Cấp ủy viên, Chủ nhiệm UBKT, Ủy viên UBKT)[; số quyết định riêng; ngày]"))

    field_order = ["ordinal", "start_year", "end_year", "length_months", "decision_number", "decision_date", "issuer",
                   "people"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from dangbo.rules.committees import ordinal_hint

        self.fields["ordinal"].help_text = ordinal_hint()
        self.fields["decision_number"].required = True
        self.fields["decision_number"].error_messages["required"] = _("Chưa nhập số quyết định (ví dụ 125-QĐ/ĐU).")
        self.fields["decision_date"].required = True
        self.fields["decision_date"].error_messages["required"] = _("Chưa nhập ngày quyết định.")

    def clean_people(self):
        from dangbo.rules.text import parse_date, search_key

        out = []
        for i, line in enumerate(self.cleaned_data["people"].splitlines(), 1):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split(";")]
            position = POSITION_WORDS.get(search_key(parts[1]) if len(parts) > 1 else "")
            if position is None:
                raise forms.ValidationError(_("Dòng %(row)s: chức vụ «%(word)s» không hợp lệ."),
                                            params={"row": i, "word": parts[1] if len(parts) > 1 else ""})
            person = {"full_name": parts[0], "position": position}
            if len(parts) > 2 and parts[2]:
                person["decision_number"] = parts[2]
            if len(parts) > 3 and parts[3]:
                try:
                    person["decision_date"] = parse_date(parts[3])
                except ValueError:
                    raise forms.ValidationError(_("Dòng %(row)s: ngày «%(word)s» không hợp lệ."),
                                                params={"row": i, "word": parts[3]}) from None
            out.append(person)
        if not out:
            raise forms.ValidationError(_("Chưa có danh sách cấp ủy được chỉ định."))
        return out

    def action_kwargs(self) -> dict:
        cd = self.cleaned_data
        return {"ordinal": cd["ordinal"], "start_year": cd["start_year"], "end_year": cd["end_year"],
                "length_months": cd["length_months"], "decision_number": cd["decision_number"].strip(),
                "decision_date": cd["decision_date"], "issuer": cd["issuer"].strip(), "people": cd["people"]}
