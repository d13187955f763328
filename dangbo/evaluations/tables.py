"""The reviews list: newest first, sortable by the review date."""

from django.utils.translation import gettext_lazy as _

from dangbo.core.tables import Column, Table


class ReviewTable(Table):
    default = ("-year", "org_path", "id")  # as the model orders them
    empty = _("Chưa có đợt kiểm điểm nào.")
    columns = (Column(_("Đợt")), Column(_("Ngày xếp loại"), sort=("review_date",), key="ngay"), Column(_("Chế độ")),
               Column(_("Trạng thái")))
