from django.utils.translation import gettext_lazy, gettext_noop

from dangbo.core import registry
from dangbo.core.registry import Nav


class EvaluationsConfig(registry.DangboApp):
    verbose_name = gettext_lazy("Đánh giá, xếp loại chất lượng")
    url_prefix = "danh-gia/"
    scope_plugin = "evaluations"
    action_modules = ("actions", "importer")
    demo = "dangbo.evaluations.demo.load_ratings_demo"
    nav = (Nav(gettext_noop("Đánh giá, xếp loại"), "evaluations:index", 50),)
    audit_types = {
        "rating.review_open": gettext_noop("Mở đợt kiểm điểm"),
        "rating.review_refresh": gettext_noop("Cập nhật đợt kiểm điểm theo sổ đảng viên"),
        "rating.self_assess": gettext_noop("Tự đánh giá, xếp loại"),
        "rating.propose": gettext_noop("Đề xuất xếp loại đảng viên"),
        "rating.propose_many": gettext_noop("Đề xuất xếp loại cả chi bộ"),
        "rating.withdraw": gettext_noop("Rút đề xuất xếp loại"),
        "rating.host_comment": gettext_noop("Nhận xét của chi bộ nơi sinh hoạt tạm thời"),
        "rating.decide_members": gettext_noop("Quyết định xếp loại đảng viên"),
        "rating.propose_org": gettext_noop("Đề xuất xếp loại tổ chức"),
        "rating.decide_orgs": gettext_noop("Quyết định xếp loại tổ chức"),
        "rating.revoke": gettext_noop("Hủy kết quả xếp loại"),
        "rating.review_close": gettext_noop("Kết thúc đợt kiểm điểm"),
        "rating.commitment": gettext_noop("Bản cam kết tu dưỡng, rèn luyện"),
        "rating.published_totals": gettext_noop("Nhập số liệu xếp loại đã công bố"),
        "rating.import_history": gettext_noop("Nhập kết quả xếp loại các năm trước"),
    }
