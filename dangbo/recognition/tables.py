"""The commendations of a year: by form, then in the order they were proposed."""

from django.utils.translation import gettext_lazy as _

from dangbo.core.tables import Column, Table


class CommendationTable(Table):
    default = ("form", "id")
    empty = _("Chưa có khen thưởng trong năm này.")
    columns = (Column(_("Hình thức"), sort=("form",), key="hinh_thuc"), Column(_("Tập thể, cá nhân")),
               Column(_("Thành tích"), sort=("basis",), key="thanh_tich"),
               Column(_("Quyết định"), sort=("status",), key="trang_thai"))
