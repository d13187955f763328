from dangbo.core import registry


class ProbeConfig(registry.DangboApp):
    label = "registry_probe"
    verbose_name = "Ứng dụng thử đăng ký"
    url_prefix = "tham-do/"
    audit_types = {"probe.touch": "Thao tác thử của ứng dụng mới"}
