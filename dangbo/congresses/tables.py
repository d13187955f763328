"""The congresses' lists: congresses newest first, a year's meetings newest first."""

from dangbo.core.tables import Column, Table


class CongressTable(Table):
    default = ("-opened_on", "-id")
    empty = "Chưa có đại hội nào."
    columns = (Column("Đại hội"), Column("Hình thức"), Column("Khai mạc", sort=("opened_on",), key="ngay"),
               Column("Trạng thái"))


class MeetingTable(Table):
    default = ("-held_on", "-id")
    empty = "Chưa có biên bản nào trong năm."
    columns = (Column("Ngày", sort=("held_on",), key="ngay"), Column("Tổ chức"), Column("Loại"),
               Column("Tiêu đề"))
