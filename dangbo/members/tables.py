"""The register's tables: their columns and Vietnamese headers (the cells are in the templates)."""

from dangbo.core.tables import Column, Table


class MemberTable(Table):
    """The member list: always in Vietnamese name order (sort_key, id), which the name search relies on."""

    numbered = True
    default = ("sort_key", "id")
    empty = "Không tìm thấy đảng viên nào."
    columns = (
        Column("Họ và tên"), Column("Ngày sinh"), Column("Giới tính"), Column("Chi bộ"), Column("Tình trạng"),
        Column("Ngày vào Đảng"), Column("Ngày chính thức"), Column("Tuổi đảng"),
    )


class MemberAuditTable(Table):
    """A member's audit rows, newest first."""

    default = ("-seq",)
    empty = "Chưa có thao tác nào."
    columns = (Column("Thời điểm"), Column("Người thực hiện"), Column("Thao tác"), Column("Nội dung"))
