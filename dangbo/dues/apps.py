from django.utils.translation import gettext_lazy, gettext_noop

from dangbo.core import registry
from dangbo.core.registry import Nav


class DuesConfig(registry.DangboApp):
    verbose_name = gettext_lazy("Đảng phí")
    url_prefix = "dang-phi/"
    scope_plugin = "dues"
    demo = "dangbo.dues.demo.load"  # the office's dues, monthly from 01/2025
    nav = (Nav(gettext_noop("Đảng phí"), "dues:sheet", 65),
           Nav(gettext_noop("Đảng phí của tôi"), "dues:mine", 20, audience="own", active=("dues:mine",)))
    action_modules = ("actions", "payroll", "portal")
    audit_types = {
        "dues.profile.set": gettext_noop("Đặt mức đóng đảng phí"),
        "dues.relief.grant": gettext_noop("Miễn, giảm đảng phí"),
        "dues.month.generate": gettext_noop("Lập sổ đảng phí tháng"),
        "dues.reason.set": gettext_noop("Ghi lý do chưa đóng đảng phí"),
        "dues.payment.record": gettext_noop("Thu đảng phí"),
        "dues.payment.correct": gettext_noop("Điều chỉnh khoản thu đảng phí"),
        "dues.payments.import": gettext_noop("Nhập các khoản nộp đảng phí từ Cổng Dịch vụ công"),
        "dues.profiles.import": gettext_noop("Nhập mức đóng đảng phí từ bảng lương"),
        "dues.month.close": gettext_noop("Khóa sổ đảng phí tháng"),
        "dues.remittance.record": gettext_noop("Nộp đảng phí lên cấp trên"),
        "dues.remittance.receive": gettext_noop("Xác nhận nhận đảng phí của cấp dưới"),
        "dues.remittance.correct": gettext_noop("Điều chỉnh khoản nộp, nhận đảng phí"),
        "export.dues": gettext_noop("Xuất báo cáo đảng phí"),
    }
