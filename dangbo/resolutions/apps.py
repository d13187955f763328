from django.utils.translation import gettext_noop

from dangbo.core import registry
from dangbo.core.registry import Nav


class ResolutionsConfig(registry.DangboApp):
    verbose_name = "Nghị quyết, chỉ tiêu"
    url_prefix = "nghi-quyet/"
    scope_plugin = "yearend"
    nav = (Nav(gettext_noop("Nghị quyết, chỉ tiêu"), "resolutions:list", 1, menu="yearend"),)
    audit_types = {
        "resolution.create": "Nhập nghị quyết",
        "resolution.update": "Sửa thông tin nghị quyết",
        "resolution.target": "Thêm chỉ tiêu",
        "resolution.target_remove": "Xóa chỉ tiêu",
        "resolution.review": "Đánh giá kết quả thực hiện nghị quyết",
    }
