"""The lists: inspections by decision date (newest first) or subject; complaints by date received."""

from dangbo.core.tables import Column, Table


class InspectionTable(Table):
    default = ("-decision_date", "-id")
    empty = "Chưa có cuộc kiểm tra, giám sát nào."
    columns = (
        Column("Quyết định", sort=("decision_date",), key="ngay"), Column("Loại, hình thức"),
        Column("Đối tượng", sort=("subject_name",), key="doi_tuong"), Column("Cơ quan tiến hành"),
        Column("Thời gian"), Column("Tình trạng"),
    )


class ComplaintTable(Table):
    default = ("-received_on", "-id")
    empty = "Chưa có khiếu nại, tố cáo nào."
    columns = (
        Column("Ngày nhận", sort=("received_on",), key="ngay"), Column("Loại"), Column("Người gửi"),
        Column("Liên quan"), Column("Tình trạng"),
    )


class ProgrammeTable(Table):
    default = ("-year", "org_path", "id")
    empty = "Chưa có chương trình kiểm tra, giám sát nào."
    columns = (Column("Năm", sort=("year",), key="nam"), Column("Cơ quan"), Column("Văn bản"),
               Column("Nội dung"))
