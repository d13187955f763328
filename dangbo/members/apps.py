from django.utils.translation import gettext_lazy, gettext_noop

from dangbo.core import registry
from dangbo.core.registry import Nav


class MembersConfig(registry.DangboApp):
    verbose_name = gettext_lazy("Đảng viên")
    url_prefix = "dang-vien/"
    nav = (
        Nav(gettext_noop("Đảng viên"), "members:list", 20, active=("members:list", "members:detail")),
        Nav(gettext_noop("Việc cần làm"), "members:due", 40, active=("members:due",)),
        Nav(gettext_noop("Chốt số liệu"), "members:close_period", 7, menu="data", audience="admins",
            active=("members:close_period",)),
        Nav(gettext_noop("Hồ sơ của tôi"), "members:detail", 10, audience="own", active=("members:detail",),
            arg="own_member_id"),
    )
    audit_types = {
        "member.admit": gettext_noop("Kết nạp đảng viên"),
        "member.update": gettext_noop("Cập nhật hồ sơ"),
        "member.view_sensitive": gettext_noop("Xem thông tin nhạy cảm"),
        "member.link_user": gettext_noop("Gắn tài khoản"),
        "member.badge": gettext_noop("Trao Huy hiệu Đảng"),
        "member.discipline": gettext_noop("Kỷ luật"),
        "member.discipline_annul": gettext_noop("Hủy quyết định kỷ luật"),
        "member.bulk_load": gettext_noop("Nạp hồ sơ từ sổ đảng viên giấy"),
        "register.close": gettext_noop("Chốt số liệu đảng viên"),
    }

    def get_audit_types(self) -> dict[str, str]:
        # Each kind of member event is recorded as "member.<kind>" (members.actions.record_event).
        from dangbo.core.i18n import vietnamese

        from .models import EventKind

        # Declared in Vietnamese like the others (the lazy label would follow the page's language).
        kinds = {f"member.{k.value}": vietnamese(k.label) for k in EventKind if k != EventKind.ADMISSION}
        return kinds | dict(self.audit_types)
