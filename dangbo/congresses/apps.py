
from django.utils.translation import gettext_lazy, gettext_noop

from dangbo.core import registry
from dangbo.core.registry import Nav


class CongressesConfig(registry.DangboApp):
    verbose_name = gettext_lazy("Đại hội, bầu cử, sinh hoạt chi bộ")
    url_prefix = "dai-hoi/"
    scope_plugin = "congresses"
    nav = (Nav(gettext_noop("Đại hội, sinh hoạt"), "congresses:index", 60),)
    audit_types = {
        "congress.create": gettext_noop("Lập đại hội"),
        "congress.update": gettext_noop("Sửa thông tin đại hội"),
        "congress.redraw": gettext_noop("Lập lại danh sách triệu tập"),
        "congress.delegates": gettext_noop("Nhập đại biểu chính thức"),
        "congress.contents": gettext_noop("Ghi nội dung đại hội"),
        "congress.upper_delegates": gettext_noop("Ghi đại biểu dự đại hội cấp trên"),
        "congress.attendance": gettext_noop("Điểm danh đại biểu"),
        "congress.approve": gettext_noop("Chuẩn y kết quả đại hội"),
        "congress.pause": gettext_noop("Tạm dừng bầu cử, chờ ý kiến cấp trên"),
        "congress.resume": gettext_noop("Tiếp tục bầu cử theo ý kiến cấp trên"),
        "election.create": gettext_noop("Lập cuộc bầu cử"),
        "election.list": gettext_noop("Sửa danh sách bầu cử"),
        "election.start": gettext_noop("Bắt đầu kiểm phiếu"),
        "election.ballot": gettext_noop("Nhập phiếu bầu"),
        "election.resolve": gettext_noop("Trưởng ban kiểm phiếu xác định phiếu"),
        "election.totals": gettext_noop("Nhập tổng số phiếu"),
        "election.sign": gettext_noop("Ký biên bản kiểm phiếu"),
        "election.correct": gettext_noop("Đính chính kết quả bầu cử"),
        "election.next_round": gettext_noop("Bầu bổ sung lần tiếp theo"),
        "meeting.record": gettext_noop("Ghi biên bản sinh hoạt chi bộ"),
        "meeting.attendance": gettext_noop("Sửa điểm danh sinh hoạt chi bộ"),
        "meeting.update": gettext_noop("Sửa biên bản sinh hoạt chi bộ"),
        "meeting.day": gettext_noop("Đặt ngày sinh hoạt thường kỳ của chi bộ"),
        "meeting.plan": gettext_noop("Gửi giấy mời sinh hoạt chi bộ"),
        "meeting.plan_cancel": gettext_noop("Hủy cuộc họp đã mời"),
    }
