from dangbo.core import registry
from dangbo.core.registry import Nav


class DossierConfig(registry.DangboApp):
    verbose_name = "Quản lý hồ sơ đảng viên"
    url_prefix = "ho-so-dang-vien/"
    scope_plugin = "dossier"
    due_work = "dangbo.dossier.due_work"
    demo = "dangbo.dossier.demo.load"  # phiếu bổ sung of last year partly returned, a late dossier, a lost card
    member_record = "dangbo.dossier.member_record"
    nav = (Nav("Hồ sơ đảng viên", "dossier:index", 4, menu="data"),)  # beside the register's other office books
    audit_types = {
        "dossier.campaign": "Phát phiếu bổ sung hồ sơ đảng viên hằng năm",
        "dossier.supplement_return": "Nhận phiếu bổ sung hồ sơ đảng viên",
        "dossier.supplement_check": "Chi ủy kiểm tra phiếu bổ sung hồ sơ đảng viên",
        "dossier.supplement_apply": "Ghi phiếu bổ sung vào hồ sơ đảng viên",
        "dossier.transfer_received": "Nhận hồ sơ đảng viên chuyển sinh hoạt đến",
        "dossier.slip": "Lập phiếu báo đảng viên từ trần, ra khỏi Đảng",
        "dossier.slip_sent": "Gửi phiếu báo và hồ sơ lên cấp ủy cấp trên",
        "dossier.loan": "Giao nhận, cho mượn hồ sơ đảng viên",
        "dossier.loan_return": "Nhận lại hồ sơ đảng viên",
        "dossier.card_issue": "Ghi phát thẻ đảng viên",
        "dossier.card_exchange": "Ghi đổi thẻ đảng viên (Chỉ thị 51-CT/TW)",
        "dossier.card_lost": "Ghi báo mất thẻ đảng viên",
        "dossier.card_reissue": "Ghi cấp lại thẻ đảng viên",
        "dossier.reconcile": "Đối chiếu danh sách đảng viên với cấp trên",
    }
