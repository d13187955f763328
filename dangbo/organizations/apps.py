from django.utils.translation import gettext_noop

from dangbo.core import registry
from dangbo.core.registry import Nav


class OrganizationsConfig(registry.DangboApp):
    verbose_name = "Tổ chức đảng"
    url_prefix = "to-chuc/"
    nav = (
        Nav(gettext_noop("Tổ chức đảng"), "organizations:tree", 10),
        Nav(gettext_noop("Đảng số theo ngày"), "organizations:as_of", 1, menu="data", active=("organizations:as_of",)),
    )
    audit_types = {
        "organization.found": "Thành lập tổ chức",
        "organization.rename": "Đổi tên tổ chức",
        "organization.merge": "Hợp nhất tổ chức",
        "organization.split": "Chia tách tổ chức",
        "organization.dissolve": "Giải thể tổ chức",
    }
