from django.utils.translation import gettext_noop

from dangbo.core import registry
from dangbo.core.registry import Nav


class MembersConfig(registry.DangboApp):
    verbose_name = "Đảng viên"
    url_prefix = "dang-vien/"
    nav = (
        Nav(gettext_noop("Đảng viên"), "members:list", 20, active=("members:list", "members:detail")),
        Nav(gettext_noop("Việc cần làm"), "members:due", 40, active=("members:due",)),
        Nav(gettext_noop("Hồ sơ của tôi"), "members:detail", 10, audience="own", active=("members:detail",),
            arg="own_member_id"),
    )
    audit_types = {
        "member.admit": "Kết nạp đảng viên",
        "member.update": "Cập nhật hồ sơ",
        "member.view_sensitive": "Xem thông tin nhạy cảm",
        "member.link_user": "Gắn tài khoản",
        "member.badge": "Trao Huy hiệu Đảng",
        "member.discipline": "Kỷ luật",
        "member.discipline_annul": "Hủy quyết định kỷ luật",
        "member.bulk_load": "Nạp hồ sơ từ sổ đảng viên giấy",
    }

    def get_audit_types(self) -> dict[str, str]:
        # Each kind of member event is recorded as "member.<kind>" (members.actions.record_event).
        from .models import EventKind

        kinds = {f"member.{k.value}": k.label for k in EventKind if k != EventKind.ADMISSION}
        return kinds | dict(self.audit_types)
