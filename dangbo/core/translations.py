"""Strings shown through a variable (role names), marked here so that makemessages collects them."""

from django.utils.translation import gettext_noop

ROLE_LABELS = [
    gettext_noop("Quản trị hệ thống"),
    gettext_noop("Văn phòng cấp ủy"),
    gettext_noop("Bí thư chi bộ"),
    gettext_noop("Đảng viên"),
    gettext_noop("Cấp trên (chỉ xem)"),
]
