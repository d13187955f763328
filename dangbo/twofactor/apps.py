from django.utils.translation import gettext_lazy, gettext_noop

from dangbo.core import registry


class TwoFactorConfig(registry.DangboApp):
    verbose_name = gettext_lazy("Xác thực hai bước")
    url_prefix = "xac-thuc/"
    audit_types = {
        "twofactor.enable": gettext_noop("Bật xác thực hai bước"),
        "twofactor.disable": gettext_noop("Tắt xác thực hai bước"),
        "twofactor.recovery_use": gettext_noop("Dùng mã dự phòng"),
        "twofactor.recovery_regenerate": gettext_noop("Tạo lại mã dự phòng"),
        "twofactor.reset": gettext_noop("Đặt lại xác thực hai bước"),
    }
