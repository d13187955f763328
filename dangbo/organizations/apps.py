from dangbo.core import registry


class OrganizationsConfig(registry.DangboApp):
    name = "dangbo.organizations"
    label = "organizations"
    verbose_name = "Tổ chức đảng"
    urls = (("to-chuc/", "dangbo.organizations.urls"),)
    api = "dangbo.organizations.api"
    audit_types = {
        "organization.found": "Thành lập tổ chức",
        "organization.rename": "Đổi tên tổ chức",
        "organization.merge": "Hợp nhất tổ chức",
        "organization.split": "Chia tách tổ chức",
        "organization.dissolve": "Giải thể tổ chức",
    }
