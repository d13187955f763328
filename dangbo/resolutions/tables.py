"""The resolution list's table: newest first, sortable by adoption date and title."""

from django.utils.translation import gettext_lazy as _

from dangbo.core.tables import Column, Table


class ResolutionTable(Table):
    default = ("-adopted_on", "-id")
    empty = _("Chưa có nghị quyết nào.")
    columns = (
        Column(_("Nghị quyết"), sort=("title",), key="ten"), Column(_("Tổ chức")),
        Column(_("Ngày ban hành"), sort=("adopted_on",), key="ngay"), Column(_("Thực hiện"), sort=("period_start",),
                                                                          key="thuc_hien"),
    )
