from django.utils.translation import gettext_lazy, gettext_noop

from dangbo.core import registry
from dangbo.core.registry import Nav


class DossierConfig(registry.DangboApp):
    verbose_name = gettext_lazy("Quản lý hồ sơ đảng viên")
    url_prefix = "ho-so-dang-vien/"
    scope_plugin = "dossier"
    demo = "dangbo.dossier.demo.load"  # phiếu bổ sung of last year partly returned, a late dossier, a lost card
    # beside the register's other office books
    nav = (Nav(gettext_noop("Hồ sơ đảng viên"), "dossier:index", 4, menu="data"),)
    audit_types = {
        "dossier.campaign": gettext_noop("Phát phiếu bổ sung hồ sơ đảng viên hằng năm"),
        "dossier.supplement_return": gettext_noop("Nhận phiếu bổ sung hồ sơ đảng viên"),
        "dossier.supplement_check": gettext_noop("Chi ủy kiểm tra phiếu bổ sung hồ sơ đảng viên"),
        "dossier.supplement_apply": gettext_noop("Ghi phiếu bổ sung vào hồ sơ đảng viên"),
        "dossier.transfer_received": gettext_noop("Nhận hồ sơ đảng viên chuyển sinh hoạt đến"),
        "dossier.slip": gettext_noop("Lập phiếu báo đảng viên từ trần, ra khỏi Đảng"),
        "dossier.slip_sent": gettext_noop("Gửi phiếu báo và hồ sơ lên cấp ủy cấp trên"),
        "dossier.loan": gettext_noop("Giao nhận, cho mượn hồ sơ đảng viên"),
        "dossier.loan_return": gettext_noop("Nhận lại hồ sơ đảng viên"),
        "dossier.card_issue": gettext_noop("Ghi phát thẻ đảng viên"),
        "dossier.card_exchange": gettext_noop("Ghi đổi thẻ đảng viên (Chỉ thị 51-CT/TW)"),
        "dossier.card_lost": gettext_noop("Ghi báo mất thẻ đảng viên"),
        "dossier.card_reissue": gettext_noop("Ghi cấp lại thẻ đảng viên"),
        "dossier.reconcile": gettext_noop("Đối chiếu danh sách đảng viên với cấp trên"),
    }
