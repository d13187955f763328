from django.utils.translation import gettext_noop

from dangbo.core import registry
from dangbo.core.registry import Nav


class CongressesConfig(registry.DangboApp):
    verbose_name = "Đại hội, bầu cử, sinh hoạt chi bộ"
    url_prefix = "dai-hoi/"
    scope_plugin = "congresses"
    nav = (Nav(gettext_noop("Đại hội, sinh hoạt"), "congresses:index", 60),)
    due_work = "dangbo.congresses.due_work"
    audit_types = {
        "congress.create": "Lập đại hội",
        "congress.update": "Sửa thông tin đại hội",
        "congress.redraw": "Lập lại danh sách triệu tập",
        "congress.delegates": "Nhập đại biểu chính thức",
        "congress.attendance": "Điểm danh đại biểu",
        "congress.approve": "Chuẩn y kết quả đại hội",
        "election.create": "Lập cuộc bầu cử",
        "election.list": "Sửa danh sách bầu cử",
        "election.start": "Bắt đầu kiểm phiếu",
        "election.ballot": "Nhập phiếu bầu",
        "election.resolve": "Trưởng ban kiểm phiếu xác định phiếu",
        "election.totals": "Nhập tổng số phiếu",
        "election.sign": "Ký biên bản kiểm phiếu",
        "election.correct": "Đính chính kết quả bầu cử",
        "election.next_round": "Bầu bổ sung lần tiếp theo",
        "meeting.record": "Ghi biên bản sinh hoạt chi bộ",
        "meeting.attendance": "Sửa điểm danh sinh hoạt chi bộ",
        "meeting.update": "Sửa biên bản sinh hoạt chi bộ",
        "meeting.day": "Đặt ngày sinh hoạt thường kỳ của chi bộ",
        "meeting.plan": "Gửi giấy mời sinh hoạt chi bộ",
        "meeting.plan_cancel": "Hủy cuộc họp đã mời",
    }
