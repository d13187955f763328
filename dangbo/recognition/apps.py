from django.utils.translation import gettext_lazy, gettext_noop

from dangbo.core import registry
from dangbo.core.registry import Nav


class RecognitionConfig(registry.DangboApp):
    verbose_name = gettext_lazy("Khen thưởng, Huy hiệu Đảng")
    url_prefix = "khen-thuong/"
    scope_plugin = "yearend"
    nav = (
        Nav(gettext_noop("Khen thưởng"), "recognition:list", 2, menu="yearend"),
        Nav(gettext_noop("Huy hiệu Đảng"), "recognition:badges", 3, menu="yearend"),
    )
    audit_types = {
        "commendation.propose": gettext_noop("Đề nghị khen thưởng"),
        "commendation.decide": gettext_noop("Quyết định khen thưởng"),
    }
