"""The phiếu bổ sung list: by chi bộ, then the member's name in Vietnamese order."""

from dangbo.core.tables import Column, Table


class SupplementTable(Table):
    default = ("org_path", "member__sort_key", "id")
    empty = "Không có phiếu bổ sung nào theo điều kiện đã chọn."
    columns = (Column("Chi bộ", sort=("org_path",), key="chi_bo"), Column("Họ và tên", sort=("member__sort_key",),
               key="ten"), Column("Năm"), Column("Tình trạng"), Column("Ngày nộp"))
