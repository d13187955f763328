from dangbo.core import registry


class ProbeConfig(registry.DangboApp):
    name = "tests.registry_app"
    label = "registry_probe"
    verbose_name = "Ứng dụng thử đăng ký"
    urls = (("tham-do/", "tests.registry_app.urls"),)
    api = "tests.registry_app.api"
    cli = "tests.registry_app.cli"
    audit_types = {"probe.touch": "Thao tác thử của ứng dụng mới"}
