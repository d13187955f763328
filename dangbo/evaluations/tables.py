"""The reviews list: newest first, sortable by the review date."""

from dangbo.core.tables import Column, Table


class ReviewTable(Table):
    default = ("-year", "org_path", "id")  # as the model orders them
    empty = "Chưa có đợt kiểm điểm nào."
    columns = (Column("Đợt"), Column("Ngày xếp loại", sort=("review_date",), key="ngay"), Column("Chế độ"),
               Column("Trạng thái"))
