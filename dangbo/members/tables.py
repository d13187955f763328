"""The register's tables: their columns and Vietnamese headers (the cells are in the templates)."""

from django.utils.translation import gettext_lazy as _

from dangbo.core.tables import Column, Table


class MemberTable(Table):
    """The member list: always in Vietnamese name order (sort_key, id), which the name search relies on."""

    numbered = True
    default = ("sort_key", "id")
    empty = _("Không tìm thấy đảng viên nào.")
    columns = (
        Column(_("Họ và tên")), Column(_("Ngày sinh")), Column(_("Giới tính")), Column(_("Chi bộ")),
        Column(_("Tình trạng")), Column(_("Ngày vào Đảng")), Column(_("Ngày chính thức")), Column(_("Tuổi đảng")),
    )


class MemberAuditTable(Table):
    """A member's audit rows, newest first."""

    default = ("-seq",)
    empty = _("Chưa có thao tác nào.")
    columns = (Column(_("Thời điểm")), Column(_("Người thực hiện")), Column(_("Thao tác")), Column(_("Nội dung")))
