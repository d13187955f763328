"""The lists: inspections by decision date (newest first) or subject; complaints by date received."""

from django.utils.translation import gettext_lazy as _

from dangbo.core.tables import Column, Table


class InspectionTable(Table):
    default = ("-decision_date", "-id")
    empty = _("Chưa có cuộc kiểm tra, giám sát nào.")
    columns = (
        Column(_("Quyết định"), sort=("decision_date",), key="ngay"), Column(_("Loại, hình thức")),
        Column(_("Đối tượng"), sort=("subject_name",), key="doi_tuong"), Column(_("Cơ quan tiến hành")),
        Column(_("Thời gian")), Column(_("Tình trạng")),
    )


class ComplaintTable(Table):
    default = ("-received_on", "-id")
    empty = _("Chưa có khiếu nại, tố cáo nào.")
    columns = (
        Column(_("Ngày nhận"), sort=("received_on",), key="ngay"), Column(_("Loại")), Column(_("Người gửi")),
        Column(_("Liên quan")), Column(_("Tình trạng")),
    )


class ProgrammeTable(Table):
    default = ("-year", "org_path", "id")
    empty = _("Chưa có chương trình kiểm tra, giám sát nào.")
    columns = (Column(_("Năm"), sort=("year",), key="nam"), Column(_("Cơ quan")), Column(_("Văn bản")),
               Column(_("Nội dung")))
