"""Inspection deadlines on the "việc đến hạn" list (members.queries.due_work, via core.registry): conclusions
overdue, follow-ups overdue, and the complaint window of recent discipline decisions."""

from __future__ import annotations

from datetime import date

from dangbo.core.scopes import Scope
from dangbo.members.queries import DueItem
from dangbo.rules.text import format_date

from . import queries


def due_items(scope: Scope, today: date, org_path: str = "") -> list[DueItem]:
    items = []
    for i in queries.overdue_conclusions(scope, today, org_path):
        items.append(DueItem(queries.subject_of(i), "inspection_conclusion",
                             f"Kết luận {i.get_kind_display().lower()} (quá thời hạn)", i.period_to, True,
                             f"Quyết định số {i.decision_number} ngày {format_date(i.decision_date)}; tiến hành đến "
                             f"{format_date(i.period_to)}", link=i.get_absolute_url()))
    for i in queries.overdue_follow_ups(scope, today, org_path):
        items.append(DueItem(queries.subject_of(i), "inspection_follow_up", "Báo cáo khắc phục sau kiểm tra, giám sát",
                             i.follow_up_due, True, f"Kết luận ngày {format_date(i.concluded_on)}",
                             link=i.get_absolute_url()))
    for d, deadline in queries.complaint_windows(scope, today, org_path):
        items.append(DueItem(d.member, "discipline_complaint", "Hết thời hạn khiếu nại quyết định kỷ luật", deadline,
                             False, f"{d.get_form_display()} có hiệu lực từ {format_date(d.takes_effect_on)}"))
    return items
