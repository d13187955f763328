from dangbo.core import registry
from dangbo.core.registry import Nav


class ProbeConfig(registry.DangboApp):
    label = "registry_probe"
    verbose_name = "Ứng dụng thử đăng ký"
    url_prefix = "tham-do/"
    scope_plugin = "registry_app"
    nav = (Nav("Trang thử", "registry_probe:index", 55),)
    audit_types = {"probe.touch": "Thao tác thử của ứng dụng mới"}
