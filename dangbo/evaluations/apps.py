from django.utils.translation import gettext_noop

from dangbo.core import registry
from dangbo.core.registry import Nav


class EvaluationsConfig(registry.DangboApp):
    verbose_name = "Đánh giá, xếp loại chất lượng"
    url_prefix = "danh-gia/"
    scope_plugin = "evaluations"
    action_modules = ("actions", "importer")
    demo = "dangbo.evaluations.demo.load_ratings_demo"
    nav = (Nav(gettext_noop("Đánh giá, xếp loại"), "evaluations:index", 50),)
    member_record = "dangbo.evaluations.member_record"
    audit_types = {
        "rating.review_open": "Mở đợt kiểm điểm",
        "rating.review_refresh": "Cập nhật đợt kiểm điểm theo sổ đảng viên",
        "rating.self_assess": "Tự đánh giá, xếp loại",
        "rating.propose": "Đề xuất xếp loại đảng viên",
        "rating.propose_many": "Đề xuất xếp loại cả chi bộ",
        "rating.withdraw": "Rút đề xuất xếp loại",
        "rating.host_comment": "Nhận xét của chi bộ nơi sinh hoạt tạm thời",
        "rating.decide_members": "Quyết định xếp loại đảng viên",
        "rating.propose_org": "Đề xuất xếp loại tổ chức",
        "rating.decide_orgs": "Quyết định xếp loại tổ chức",
        "rating.revoke": "Hủy kết quả xếp loại",
        "rating.review_close": "Kết thúc đợt kiểm điểm",
        "rating.commitment": "Bản cam kết tu dưỡng, rèn luyện",
        "rating.published_totals": "Nhập số liệu xếp loại đã công bố",
        "rating.import_history": "Nhập kết quả xếp loại các năm trước",
    }
