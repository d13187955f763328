"""The congresses' lists: congresses newest first, a year's meetings newest first."""

from django.utils.translation import gettext_lazy as _

from dangbo.core.tables import Column, Table


class CongressTable(Table):
    default = ("-opened_on", "-id")
    empty = _("Chưa có đại hội nào.")
    columns = (Column(_("Đại hội")), Column(_("Hình thức")), Column(_("Khai mạc"), sort=("opened_on",), key="ngay"),
               Column(_("Trạng thái")))


class MeetingTable(Table):
    default = ("-held_on", "-id")
    empty = _("Chưa có biên bản nào trong năm.")
    columns = (Column(_("Ngày"), sort=("held_on",), key="ngay"), Column(_("Tổ chức")), Column(_("Loại")),
               Column(_("Tiêu đề")))
