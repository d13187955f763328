from dangbo.core import registry


class ReportsConfig(registry.DangboApp):
    verbose_name = "Báo cáo"
    url_prefix = "bao-cao/"
    scope_plugin = "yearend"
    audit_types = {
        "report.year_end": "Lập báo cáo tổng kết năm",
    }
