from django.utils.translation import gettext_lazy, gettext_noop

from dangbo.core import registry
from dangbo.core.registry import Nav


class InspectionConfig(registry.DangboApp):
    verbose_name = gettext_lazy("Kiểm tra, giám sát, kỷ luật đảng")
    url_prefix = "kiem-tra/"
    scope_plugin = "inspection"
    transfer_guard = "dangbo.inspection.guards"
    demo = "dangbo.inspection.demo.load"  # a year's programme, two conclusions, one discipline
    nav = (Nav(gettext_noop("Kiểm tra, giám sát"), "inspection:list", 35),)
    audit_types = {
        "inspection.programme": gettext_noop("Ban hành chương trình kiểm tra, giám sát năm"),
        "inspection.programme_item": gettext_noop("Thêm nội dung vào chương trình kiểm tra, giám sát"),
        "inspection.open": gettext_noop("Quyết định kiểm tra, giám sát"),
        "inspection.conclude": gettext_noop("Kết luận kiểm tra, giám sát"),
        "inspection.follow_up": gettext_noop("Ghi kết quả khắc phục sau kiểm tra, giám sát"),
        "inspection.discipline": gettext_noop("Thi hành kỷ luật theo kết luận kiểm tra"),
        "inspection.complaint": gettext_noop("Nhận khiếu nại, tố cáo"),
        "inspection.complaint_settle": gettext_noop("Giải quyết khiếu nại, tố cáo"),
    }
