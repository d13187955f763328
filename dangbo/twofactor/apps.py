from dangbo.core import registry


class TwoFactorConfig(registry.DangboApp):
    verbose_name = "Xác thực hai bước"
    url_prefix = "xac-thuc/"
    audit_types = {
        "twofactor.enable": "Bật xác thực hai bước",
        "twofactor.disable": "Tắt xác thực hai bước",
        "twofactor.recovery_use": "Dùng mã dự phòng",
        "twofactor.recovery_regenerate": "Tạo lại mã dự phòng",
        "twofactor.reset": "Đặt lại xác thực hai bước",
    }
