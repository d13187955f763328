from django.utils.translation import gettext_noop

from dangbo.core import registry
from dangbo.core.registry import Nav


class InspectionConfig(registry.DangboApp):
    verbose_name = "Kiểm tra, giám sát, kỷ luật đảng"
    url_prefix = "kiem-tra/"
    scope_plugin = "inspection"
    due_work = "dangbo.inspection.due_work"
    transfer_guard = "dangbo.inspection.guards"
    demo = "dangbo.inspection.demo.load"  # a year's programme, two conclusions, one discipline
    nav = (Nav(gettext_noop("Kiểm tra, giám sát"), "inspection:list", 35),)
    audit_types = {
        "inspection.programme": "Ban hành chương trình kiểm tra, giám sát năm",
        "inspection.programme_item": "Thêm nội dung vào chương trình kiểm tra, giám sát",
        "inspection.open": "Quyết định kiểm tra, giám sát",
        "inspection.conclude": "Kết luận kiểm tra, giám sát",
        "inspection.follow_up": "Ghi kết quả khắc phục sau kiểm tra, giám sát",
        "inspection.discipline": "Thi hành kỷ luật theo kết luận kiểm tra",
        "inspection.complaint": "Nhận khiếu nại, tố cáo",
        "inspection.complaint_settle": "Giải quyết khiếu nại, tố cáo",
    }
