from dangbo.core import registry


class ReportsConfig(registry.DangboApp):
    name = "dangbo.reports"
    label = "reports"
    verbose_name = "Báo cáo"
    urls = (("bao-cao/", "dangbo.reports.urls"),)
    api = "dangbo.reports.api"
    cli = "dangbo.reports.cli"
    scope_plugin = "yearend"
    audit_types = {
        "report.year_end": "Lập báo cáo tổng kết năm",
    }
