from dangbo.core import registry


class OrganizationsConfig(registry.DangboApp):
    verbose_name = "Tổ chức đảng"
    url_prefix = "to-chuc/"
    audit_types = {
        "organization.found": "Thành lập tổ chức",
        "organization.rename": "Đổi tên tổ chức",
        "organization.merge": "Hợp nhất tổ chức",
        "organization.split": "Chia tách tổ chức",
        "organization.dissolve": "Giải thể tổ chức",
    }
