"""The findings list: kind by kind in the catalogue's order, each kind's members in Vietnamese order."""

from dangbo.core.tables import Column, Table


class FindingTable(Table):
    default = ("sort_key", "id")
    empty = "Không có phát hiện nào: dữ liệu của tổ chức này đạt các yêu cầu được kiểm tra."
    numbered = True
    columns = (Column("Loại phát hiện"), Column("Họ và tên"), Column("Chi bộ"), Column("Giá trị"),
               Column("Quy định, nguồn"))
