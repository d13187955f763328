"""The commendations of a year: by form, then in the order they were proposed."""

from dangbo.core.tables import Column, Table


class CommendationTable(Table):
    default = ("form", "id")
    empty = "Chưa có khen thưởng trong năm này."
    columns = (Column("Hình thức", sort=("form",), key="hinh_thuc"), Column("Tập thể, cá nhân"),
               Column("Thành tích", sort=("basis",), key="thanh_tich"),
               Column("Quyết định", sort=("status",), key="trang_thai"))
