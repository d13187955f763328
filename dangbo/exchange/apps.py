from django.utils.translation import gettext_lazy, gettext_noop

from dangbo.core import registry
from dangbo.core.registry import Nav, NavMenu


class ExchangeConfig(registry.DangboApp):
    verbose_name = gettext_lazy("Nhập, xuất dữ liệu")
    urls = (("nhap/", "dangbo.exchange.web.import_urls"), ("xuat/", "dangbo.exchange.web.export_urls"))
    action_modules = ("pipeline.batches",)
    nav_menus = {"data": NavMenu(gettext_noop("Số liệu, văn bản"), "exports:index", 80)}
    nav = (
        Nav(gettext_noop("Xuất, thống kê"), "exports:index", 2, menu="data"),
        Nav(gettext_noop("Nhập từ tệp"), "imports:list", 3, menu="data", audience="writers"),
    )
    audit_types = {
        "import.start": gettext_noop("Bắt đầu ghi dữ liệu nhập từ tệp"),
        "import.commit": gettext_noop("Nhập dữ liệu từ tệp"),
        "import.fail": gettext_noop("Nhập dữ liệu từ tệp không thành công (đã hoàn tác)"),
        "import.cancel": gettext_noop("Hủy lần nhập dữ liệu"),
        "export.members": gettext_noop("Xuất danh sách đảng viên"),
        "export.organizations": gettext_noop("Xuất danh sách tổ chức"),
        "export.due": gettext_noop("Xuất việc cần làm"),
        "export.statistics": gettext_noop("Xuất thống kê đảng viên"),
    }
