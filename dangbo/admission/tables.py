"""The pipeline list: by name in Vietnamese order, or by the date proposed."""

from django.utils.translation import gettext_lazy as _

from dangbo.core.tables import Column, Table


class CandidateTable(Table):
    default = ("sort_key", "id")
    empty = _("Chưa có quần chúng ưu tú nào trong danh sách.")
    columns = (
        Column(_("Họ và tên"), sort=("sort_key",), key="ten"), Column(_("Ngày sinh")), Column(_("Chi bộ")),
        Column(_("Ngày giới thiệu"), sort=("proposed_on",), key="ngay"), Column(_("Tình trạng")),
        Column(_("Còn thiếu")),
    )
