from django.utils.translation import gettext_lazy, gettext_noop

from dangbo.core import registry
from dangbo.core.registry import Nav


class OrganizationsConfig(registry.DangboApp):
    verbose_name = gettext_lazy("Tổ chức đảng")
    url_prefix = "to-chuc/"
    nav = (
        Nav(gettext_noop("Tổ chức đảng"), "organizations:tree", 10),
        Nav(gettext_noop("Đảng số theo ngày"), "organizations:as_of", 1, menu="data", active=("organizations:as_of",)),
    )
    audit_types = {
        "organization.found": gettext_noop("Thành lập tổ chức"),
        "organization.rename": gettext_noop("Đổi tên tổ chức"),
        "organization.move": gettext_noop("Chuyển tổ chức theo quyết định"),
        "organization.merge": gettext_noop("Hợp nhất tổ chức"),
        "organization.split": gettext_noop("Chia tách tổ chức"),
        "organization.dissolve": gettext_noop("Giải thể tổ chức"),
        "committee.appoint": gettext_noop("Chỉ định cấp ủy nhiệm kỳ"),
        "committee.change": gettext_noop("Thay đổi cấp ủy giữa nhiệm kỳ"),
    }
