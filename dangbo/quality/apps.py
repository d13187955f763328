from django.utils.translation import gettext_lazy, gettext_noop

from dangbo.core import registry
from dangbo.core.registry import Nav


class QualityConfig(registry.DangboApp):
    verbose_name = gettext_lazy("Chất lượng dữ liệu đảng viên")
    url_prefix = "chat-luong-du-lieu/"
    nav = (Nav(gettext_noop("Chất lượng dữ liệu"), "quality:list", 4, menu="data"),)
    audit_types = {"export.csdl": gettext_noop("Xuất danh sách đảng viên theo mẫu CSDL đảng viên")}
