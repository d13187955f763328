"""The document register's table: newest first, sortable by date and by book."""

from dangbo.core.tables import Column, Table


class DocumentTable(Table):
    default = ("-issued_on", "-id")
    empty = "Chưa có văn bản nào."
    columns = (
        Column("Số, ký hiệu", sort=("symbol",), key="so_ky_hieu"), Column("Ngày", sort=("issued_on",), key="ngay"),
        Column("Trích yếu"), Column("Sổ", sort=("direction", "issued_on"), key="loai_so"),
        Column("Nơi nhận / nơi gửi"),
    )
