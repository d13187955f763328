"""The phiếu bổ sung list: by chi bộ, then the member's name in Vietnamese order."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dangbo.core.tables import Column, Table


class SupplementTable(Table):
    default = ("org_path", "member__sort_key", "id")
    empty = _("Không có phiếu bổ sung nào theo điều kiện đã chọn.")
    columns = (Column(_("Chi bộ"), sort=("org_path",), key="chi_bo"), Column(_("Họ và tên"), sort=("member__sort_key",),
               key="ten"), Column(_("Năm")), Column(_("Tình trạng")),
               Column(pgettext_lazy("phiếu bổ sung", "Ngày nộp")))
