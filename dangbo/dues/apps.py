from django.utils.translation import gettext_noop

from dangbo.core import registry
from dangbo.core.registry import Nav


class DuesConfig(registry.DangboApp):
    verbose_name = "Đảng phí"
    url_prefix = "dang-phi/"
    scope_plugin = "dues"
    due_work = "dangbo.dues.due_work"
    demo = "dangbo.dues.demo.load"  # the office's dues, monthly from 01/2025
    nav = (Nav(gettext_noop("Đảng phí"), "dues:sheet", 65),
           Nav(gettext_noop("Đảng phí của tôi"), "dues:mine", 20, audience="own", active=("dues:mine",)))
    action_modules = ("actions", "payroll", "portal")
    audit_types = {
        "dues.profile.set": "Đặt mức đóng đảng phí",
        "dues.relief.grant": "Miễn, giảm đảng phí",
        "dues.month.generate": "Lập sổ đảng phí tháng",
        "dues.reason.set": "Ghi lý do chưa đóng đảng phí",
        "dues.payment.record": "Thu đảng phí",
        "dues.payment.correct": "Điều chỉnh khoản thu đảng phí",
        "dues.payments.import": "Nhập các khoản nộp đảng phí từ Cổng Dịch vụ công",
        "dues.profiles.import": "Nhập mức đóng đảng phí từ bảng lương",
        "dues.month.close": "Khóa sổ đảng phí tháng",
        "dues.remittance.record": "Nộp đảng phí lên cấp trên",
        "dues.remittance.receive": "Xác nhận nhận đảng phí của cấp dưới",
        "dues.remittance.correct": "Điều chỉnh khoản nộp, nhận đảng phí",
        "export.dues": "Xuất báo cáo đảng phí",
    }
