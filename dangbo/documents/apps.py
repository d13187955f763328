from django.utils.translation import gettext_lazy, gettext_noop

from dangbo.core import registry
from dangbo.core.registry import Nav


class DocumentsConfig(registry.DangboApp):
    verbose_name = gettext_lazy("Sổ văn bản đi, đến")
    url_prefix = "van-ban/"
    scope_plugin = "yearend"
    nav = (Nav(gettext_noop("Sổ văn bản"), "documents:list", 4, menu="data"),)
    audit_types = {
        "document.register": gettext_noop("Vào sổ văn bản"),
        "document.correct": gettext_noop("Sửa thông tin văn bản"),
        "export.documents": gettext_noop("Xuất sổ văn bản"),
    }
