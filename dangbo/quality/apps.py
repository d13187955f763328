from dangbo.core import registry


class QualityConfig(registry.DangboApp):
    verbose_name = "Chất lượng dữ liệu đảng viên"
    url_prefix = "chat-luong-du-lieu/"
    audit_types = {"export.csdl": "Xuất danh sách đảng viên theo mẫu CSDL đảng viên"}
