"""The lists' conditions: year, kind, basis, state and the subject's name (inspections); kind and state
(complaints); year (programmes)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from dangbo.core.filters import IntFilter, ScopedFilterSet
from dangbo.rules.text import nfc

from .models import Basis, Complaint, ComplaintKind, Inspection, Kind, Programme

STATES = [("dang_tien_hanh", _("Đang tiến hành")), ("co_vi_pham", _("Kết luận có vi phạm")),
          ("khong_vi_pham", _("Kết luận không có vi phạm"))]


class InspectionFilterSet(ScopedFilterSet):
    nam = IntFilter(label=_("Năm"), field_name="decision_date__year")
    loai = django_filters.ChoiceFilter(label=_("Loại"), field_name="kind", choices=Kind.choices,
                                       empty_label=_("Kiểm tra và giám sát"))
    hinh_thuc = django_filters.ChoiceFilter(label=_("Hình thức"), field_name="basis", choices=Basis.choices,
                                            empty_label=_("Mọi hình thức"))
    tinh_trang = django_filters.ChoiceFilter(label=_("Tình trạng"), choices=STATES, method="by_state",
                                             empty_label=_("Mọi tình trạng"))
    ten = django_filters.CharFilter(label=_("Đối tượng"), method="by_name")

    class Meta(ScopedFilterSet.Meta):
        model = Inspection

    def by_state(self, qs, name, value):
        if value == "dang_tien_hanh":
            return qs.filter(concluded_on__isnull=True)
        return qs.filter(concluded_on__isnull=False, violation_found=(value == "co_vi_pham"))

    def by_name(self, qs, name, value):
        value = nfc(value).strip()
        return qs.filter(subject_name__icontains=value) if value else qs


class ComplaintFilterSet(ScopedFilterSet):
    nam = IntFilter(label=_("Năm"), field_name="received_on__year")
    loai = django_filters.ChoiceFilter(label=_("Loại"), field_name="kind", choices=ComplaintKind.choices,
                                       empty_label=_("Khiếu nại và tố cáo"))
    tinh_trang = django_filters.ChoiceFilter(label=_("Tình trạng"), method="by_state", empty_label=_("Mọi tình trạng"),
                                             choices=[("dang_giai_quyet", _("Đang giải quyết")),
                                                      ("da_giai_quyet", _("Đã giải quyết"))])

    class Meta(ScopedFilterSet.Meta):
        model = Complaint

    def by_state(self, qs, name, value):
        return qs.filter(settled_on__isnull=(value == "dang_giai_quyet"))


class ProgrammeFilterSet(ScopedFilterSet):
    nam = IntFilter(label=_("Năm"), field_name="year")

    class Meta(ScopedFilterSet.Meta):
        model = Programme
