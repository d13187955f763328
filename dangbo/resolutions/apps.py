from django.utils.translation import gettext_lazy, gettext_noop

from dangbo.core import registry
from dangbo.core.registry import Nav


class ResolutionsConfig(registry.DangboApp):
    verbose_name = gettext_lazy("Nghị quyết, chỉ tiêu")
    url_prefix = "nghi-quyet/"
    scope_plugin = "yearend"
    nav = (Nav(gettext_noop("Nghị quyết, chỉ tiêu"), "resolutions:list", 1, menu="yearend"),)
    audit_types = {
        "resolution.create": gettext_noop("Nhập nghị quyết"),
        "resolution.update": gettext_noop("Sửa thông tin nghị quyết"),
        "resolution.target": gettext_noop("Thêm chỉ tiêu"),
        "resolution.target_remove": gettext_noop("Xóa chỉ tiêu"),
        "resolution.review": gettext_noop("Đánh giá kết quả thực hiện nghị quyết"),
    }
