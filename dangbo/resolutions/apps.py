from dangbo.core import registry


class ResolutionsConfig(registry.DangboApp):
    name = "dangbo.resolutions"
    label = "resolutions"
    verbose_name = "Nghị quyết, chỉ tiêu"
    urls = (("nghi-quyet/", "dangbo.resolutions.urls"),)
    api = "dangbo.resolutions.api"
    scope_plugin = "yearend"
    audit_types = {
        "resolution.create": "Nhập nghị quyết",
        "resolution.update": "Sửa thông tin nghị quyết",
        "resolution.target": "Thêm chỉ tiêu",
        "resolution.target_remove": "Xóa chỉ tiêu",
        "resolution.review": "Đánh giá kết quả thực hiện nghị quyết",
    }
