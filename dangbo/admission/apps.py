
from django.utils.translation import gettext_lazy, gettext_noop

from dangbo.core import registry
from dangbo.core.registry import Nav


class AdmissionConfig(registry.DangboApp):
    verbose_name = gettext_lazy("Phát triển đảng viên")
    url_prefix = "ket-nap/"
    scope_plugin = "admission"
    demo = "dangbo.admission.demo.load"  # a person at every step of the pipeline
    nav = (Nav(gettext_noop("Phát triển đảng viên"), "admission:list", 30),)
    audit_types = {
        "admission.propose": gettext_noop("Giới thiệu quần chúng ưu tú vào danh sách phát triển đảng viên"),
        "admission.certificate": gettext_noop("Ghi giấy chứng nhận lớp bồi dưỡng nhận thức về Đảng"),
        "admission.application": gettext_noop("Ghi đơn xin vào Đảng"),
        "admission.introducer": gettext_noop("Ghi người giới thiệu vào Đảng"),
        "admission.union_resolution": gettext_noop("Ghi nghị quyết giới thiệu của đoàn thể"),
        "admission.verification": gettext_noop("Ghi thẩm tra lý lịch người vào Đảng"),
        "admission.comment": gettext_noop("Ghi nhận xét của nơi công tác, nơi cư trú"),
        "admission.branch_resolution": gettext_noop("Ghi nghị quyết đề nghị kết nạp của chi bộ"),
        "admission.committee_resolution": gettext_noop("Ghi nghị quyết của đảng ủy cơ sở về kết nạp"),
        "admission.decide": gettext_noop("Quyết định kết nạp người vào Đảng"),
        "admission.ceremony": gettext_noop("Ghi lễ kết nạp đảng viên"),
        "admission.withdraw": gettext_noop("Đưa khỏi danh sách phát triển đảng viên"),
    }
