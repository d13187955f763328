from dangbo.core import registry


class DocumentsConfig(registry.DangboApp):
    name = "dangbo.documents"
    label = "documents"
    verbose_name = "Sổ văn bản đi, đến"
    urls = (("van-ban/", "dangbo.documents.urls"),)
    api = "dangbo.documents.api"
    scope_plugin = "yearend"
    audit_types = {
        "document.register": "Vào sổ văn bản",
        "document.correct": "Sửa thông tin văn bản",
        "export.documents": "Xuất sổ văn bản",
    }
