from django.utils.translation import gettext_lazy, gettext_noop

from dangbo.core import registry
from dangbo.core.registry import Nav, NavMenu


class ReportsConfig(registry.DangboApp):
    verbose_name = gettext_lazy("Báo cáo")
    url_prefix = "bao-cao/"
    scope_plugin = "yearend"
    nav_menus = {"yearend": NavMenu(gettext_noop("Tổng kết năm"), "reports:dashboard", 70)}
    demo = "dangbo.reports.demo.load"  # resolutions, documents, commendations, badges
    demo_after_reorganization = "dangbo.reports.demo.load_written_documents"  # the reports written and issued
    nav = (Nav(gettext_noop("Báo cáo tổng kết"), "reports:dashboard", 4, menu="yearend"),
           Nav(gettext_noop("Văn kiện báo cáo"), "reports:documents", 5, menu="yearend"),
           Nav(gettext_noop("Tổng hợp báo cáo cấp dưới"), "reports:consolidation", 6, menu="yearend"),
           Nav(gettext_noop("Số liệu đã công bố các năm trước"), "reports:published", 7, menu="yearend"))
    action_modules = ("actions", "submissions", "published", "published_import")
    audit_types = {
        "report.year_end": gettext_noop("Lập báo cáo tổng kết năm"),
        "report.document_create": gettext_noop("Lập dự thảo báo cáo"),
        "report.section_save": gettext_noop("Sửa một mục của báo cáo"),
        "report.document_approve": gettext_noop("Cấp ủy thông qua báo cáo"),
        "report.document_reopen": gettext_noop("Trả báo cáo về dự thảo"),
        "report.document_date": gettext_noop("Sửa ngày văn bản của báo cáo"),
        "report.document_issue": gettext_noop("Ban hành báo cáo"),
        "report.document_upload": gettext_noop("Tải lên tệp .docx đã sửa của báo cáo"),
        "report.figure_save": gettext_noop("Nhập, sửa số liệu nhập tay của báo cáo"),
        "report.figure_remove": gettext_noop("Xóa số liệu nhập tay của báo cáo"),
        "report.submit": gettext_noop("Nộp báo cáo năm lên cấp trên"),
        "report.submission_accept": gettext_noop("Cấp trên nhận báo cáo năm"),
        "report.submission_return": gettext_noop("Cấp trên trả lại báo cáo năm"),
        "report.consolidated": gettext_noop("Lập báo cáo tổng hợp của cấp trên"),
        "report.published_figures": gettext_noop("Nhập số liệu đã công bố của một năm"),
        "report.published_import": gettext_noop("Nhập bảng tổng hợp số liệu đã công bố"),
    }
