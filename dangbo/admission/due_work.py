"""The admission pipeline's deadlines on the "việc đến hạn" list (members.queries.due_work, via core.registry)."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext_lazy as _

from dangbo.core.scopes import Scope
from dangbo.members.queries import DueItem

from . import queries

LABELS = {"decision": _("Quyết định kết nạp (quá 60 ngày làm việc)"),
          "certificate": _("Giấy chứng nhận lớp nhận thức về Đảng hết giá trị")}


def due_items(scope: Scope, today: date, org_path: str = "") -> list[DueItem]:
    """Candidates whose decision is overdue, or whose certificate lapsed before the chi bộ's vote (scoped)."""
    return [DueItem(c, f"admission_{item.key}", LABELS[item.key], item.due or today, True, item.detail,
                    link=c.get_absolute_url())
            for c, item in queries.overdue(scope, today, org_path)]
