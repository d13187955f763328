"""The resolution list's table: newest first, sortable by adoption date and title."""

from dangbo.core.tables import Column, Table


class ResolutionTable(Table):
    default = ("-adopted_on", "-id")
    empty = "Chưa có nghị quyết nào."
    columns = (
        Column("Nghị quyết", sort=("title",), key="ten"), Column("Tổ chức"),
        Column("Ngày ban hành", sort=("adopted_on",), key="ngay"), Column("Thực hiện", sort=("period_start",),
                                                                          key="thuc_hien"),
    )
