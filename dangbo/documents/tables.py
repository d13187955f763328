"""The document register's table: newest first, sortable by date and by book."""

from django.utils.translation import gettext_lazy as _

from dangbo.core.tables import Column, Table


class DocumentTable(Table):
    default = ("-issued_on", "-id")
    empty = _("Chưa có văn bản nào.")
    columns = (
        Column(_("Số, ký hiệu"), sort=("symbol",), key="so_ky_hieu"),
        Column(_("Ngày"), sort=("issued_on",), key="ngay"),
        Column(_("Trích yếu")), Column(_("Sổ"), sort=("direction", "issued_on"), key="loai_so"),
        Column(_("Nơi nhận / nơi gửi")),
    )
