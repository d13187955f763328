"""The member list's conditions: one FilterSet for the page (/dang-vien/), the API (/api/members/) and the
exports (/xuat/dang-vien/), all turned into the one `queries.MemberFilter` that applies them."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dangbo.core.filters import IntFilter, ScopedFilterSet, YesNoFilter
from dangbo.organizations import queries as org_queries
from dangbo.organizations.forms import OrgChoiceField
from dangbo.organizations.models import Organization
from dangbo.organizations.views import option_orgs

from . import queries
from .models import Gender, Member

STATUS_FILTER = [("active", _("Đang sinh hoạt")), ("official", _("Chính thức")), ("probationary", _("Dự bị")),
                 ("ended", _("Đã ra khỏi danh sách")), ("all", _("Tất cả"))]


def org_options(scope, selected_pk: str = ""):
    """Organisations for a filter's select: a few levels of the user's tree, and the chosen one wherever it is
    in the scope (ended ones too), so a link to any organisation in scope stays valid."""
    qs = option_orgs(scope)
    if selected_pk and selected_pk.isdigit():
        visible = org_queries.visible(scope, include_ended=True)
        qs = visible.filter(Q(pk__in=qs.values("pk")) | Q(pk=int(selected_pk))).order_by("path")
    return qs


class OrgFilter(django_filters.ModelChoiceFilter):
    field_class = OrgChoiceField


def _numeric(label, lo, hi):
    return IntFilter(label=label, min_value=lo, max_value=hi, widget=forms.NumberInput(attrs={"inputmode": "numeric"}))


class MemberFilterSet(ScopedFilterSet):
    q = django_filters.CharFilter(label=_("Tìm"), max_length=120, widget=forms.TextInput(attrs={
        "placeholder": _("Họ tên (gõ không dấu được), số thẻ, CCCD"), "type": "search", "autocomplete": "off"}))
    to_chuc = OrgFilter(label=_("Tổ chức"), queryset=Organization.objects.none(), empty_label=_("Tất cả"),
                        error_messages={"invalid_choice": _("Không có tổ chức này trong phạm vi của bạn.")})
    tinh_trang = django_filters.ChoiceFilter(label=_("Tình trạng"), choices=STATUS_FILTER, empty_label=None)
    gioi_tinh = django_filters.ChoiceFilter(label=_("Giới tính"), choices=Gender.choices, empty_label=_("Tất cả"))
    tuoi_tu = _numeric(_("Tuổi từ"), 0, 150)
    tuoi_den = _numeric(_("đến"), 0, 150)
    tuoi_dang_tu = _numeric(_("Tuổi đảng từ"), 0, 100)
    tuoi_dang_den = _numeric(_("đến"), 0, 100)
    nam_ket_nap = _numeric(_("Năm kết nạp"), 1930, 2100)
    mien_sinh_hoat = YesNoFilter(label=_("Được miễn công tác và sinh hoạt"))
    tam_thoi = YesNoFilter(label=_("Đang sinh hoạt tạm thời nơi khác"))

    # What an empty condition means, for the printed list's filter in words (core.printing.filter_words).
    print_defaults = {"tinh_trang": _("Đang sinh hoạt")}
    # The API's parameter names for the same conditions (docs/api.md).
    api_names = {"under": "to_chuc", "status": "tinh_trang", "gender": "gioi_tinh", "age_min": "tuoi_tu",
                 "age_max": "tuoi_den", "party_age_min": "tuoi_dang_tu", "party_age_max": "tuoi_dang_den",
                 "admission_year": "nam_ket_nap", "exempted": "mien_sinh_hoat", "temporary": "tam_thoi"}

    class Meta(ScopedFilterSet.Meta):
        model = Member

    def __init__(self, data=None, queryset=None, *, scope, **kwargs):
        if queryset is None:
            queryset = queries.scoped(scope)
        super().__init__(data, queryset=queryset, scope=scope, **kwargs)
        self.filters["to_chuc"].queryset = org_options(scope, str((data or {}).get("to_chuc", "")))
        self.form.fields["tinh_trang"].required = False

    def member_filter(self) -> queries.MemberFilter:
        """The conditions as the one MemberFilter (the list's default, members in the register, if none)."""
        v = self.values
        return queries.MemberFilter(
            q=v.get("q") or "", org_path=v["to_chuc"].path if v.get("to_chuc") else "",
            status=v.get("tinh_trang") or "active", gender=v.get("gioi_tinh") or "",
            age_min=v.get("tuoi_tu"), age_max=v.get("tuoi_den"), party_age_min=v.get("tuoi_dang_tu"),
            party_age_max=v.get("tuoi_dang_den"), admission_year=v.get("nam_ket_nap"),
            exempted=v.get("mien_sinh_hoat"), temporary=v.get("tam_thoi"))

    def filter_queryset(self, queryset):
        return self.member_filter().apply(queryset, timezone.localdate(), self.scope)
