"""The findings list: kind by kind in the catalogue's order, each kind's members in Vietnamese order."""

from django.utils.translation import gettext_lazy as _

from dangbo.core.tables import Column, Table


class FindingTable(Table):
    default = ("sort_key", "id")
    empty = _("Không có phát hiện nào: dữ liệu của tổ chức này đạt các yêu cầu được kiểm tra.")
    numbered = True
    columns = (Column(_("Loại phát hiện")), Column(_("Họ và tên")), Column(_("Chi bộ")), Column(_("Giá trị")),
               Column(_("Quy định, nguồn")))
