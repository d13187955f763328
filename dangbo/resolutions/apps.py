from dangbo.core import registry


class ResolutionsConfig(registry.DangboApp):
    verbose_name = "Nghị quyết, chỉ tiêu"
    url_prefix = "nghi-quyet/"
    scope_plugin = "yearend"
    audit_types = {
        "resolution.create": "Nhập nghị quyết",
        "resolution.update": "Sửa thông tin nghị quyết",
        "resolution.target": "Thêm chỉ tiêu",
        "resolution.target_remove": "Xóa chỉ tiêu",
        "resolution.review": "Đánh giá kết quả thực hiện nghị quyết",
    }
