from dangbo.core import registry


class TwoFactorConfig(registry.DangboApp):
    name = "dangbo.twofactor"
    label = "twofactor"
    verbose_name = "Xác thực hai bước"
    urls = (("xac-thuc/", "dangbo.twofactor.urls"),)
    cli = "dangbo.twofactor.cli"
    audit_types = {
        "twofactor.enable": "Bật xác thực hai bước",
        "twofactor.disable": "Tắt xác thực hai bước",
        "twofactor.recovery_use": "Dùng mã dự phòng",
        "twofactor.recovery_regenerate": "Tạo lại mã dự phòng",
        "twofactor.reset": "Đặt lại xác thực hai bước",
    }
