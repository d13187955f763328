"""The pipeline list: by name in Vietnamese order, or by the date proposed."""

from dangbo.core.tables import Column, Table


class CandidateTable(Table):
    default = ("sort_key", "id")
    empty = "Chưa có quần chúng ưu tú nào trong danh sách."
    columns = (
        Column("Họ và tên", sort=("sort_key",), key="ten"), Column("Ngày sinh"), Column("Chi bộ"),
        Column("Ngày giới thiệu", sort=("proposed_on",), key="ngay"), Column("Tình trạng"), Column("Còn thiếu"),
    )
