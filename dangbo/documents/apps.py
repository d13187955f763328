from django.utils.translation import gettext_noop

from dangbo.core import registry
from dangbo.core.registry import Nav


class DocumentsConfig(registry.DangboApp):
    verbose_name = "Sổ văn bản đi, đến"
    url_prefix = "van-ban/"
    scope_plugin = "yearend"
    nav = (Nav(gettext_noop("Sổ văn bản"), "documents:list", 4, menu="data"),)
    audit_types = {
        "document.register": "Vào sổ văn bản",
        "document.correct": "Sửa thông tin văn bản",
        "export.documents": "Xuất sổ văn bản",
    }
