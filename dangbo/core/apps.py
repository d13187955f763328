from django.utils.translation import gettext, gettext_lazy, gettext_noop

from . import registry
from .registry import Nav


class CoreConfig(registry.DangboApp):
    verbose_name = gettext_lazy("Hệ thống")
    url_prefix = ""
    action_modules = ("users",)  # core.actions is the decorator itself
    nav = (Nav(gettext_noop("Nhật ký"), "core:audit", 5, menu="data", active=("core:audit",)),
           Nav(gettext_noop("Công việc chạy nền"), "core:jobs", 6, menu="data", active=("core:jobs", "core:job")))
    audit_types = {
        "user.create": gettext_noop("Tạo tài khoản"),
        "user.role_grant": gettext_noop("Giao vai trò"),
        "user.role_revoke": gettext_noop("Thu hồi vai trò"),
        "seed": gettext_noop("Sinh dữ liệu thử"),
    }

    def ready(self):
        from django.core import checks

        from dangbo.rules import text as rules_text

        from .actions import check_registered_actions

        # Texts built in the rules package (findings) read in the active language when shown.
        rules_text.translate = gettext
        checks.register(check_registered_actions)
