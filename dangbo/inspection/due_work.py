"""Inspection deadlines on the "việc đến hạn" list (members.queries.due_work, via core.registry): conclusions
overdue, follow-ups overdue, and the complaint window of recent discipline decisions."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from dangbo.core.scopes import Scope
from dangbo.members.queries import DueItem
from dangbo.rules.text import format_date

from . import queries


def due_items(scope: Scope, today: date, org_path: str = "") -> list[DueItem]:
    """The items' texts are in the active language (a page's)."""
    items = []
    for i in queries.overdue_conclusions(scope, today, org_path):
        items.append(DueItem(queries.subject_of(i), "inspection_conclusion",
                             _("Kết luận %(kind)s (quá thời hạn)") % {"kind": str(i.get_kind_display()).lower()},
                             i.period_to, True,
                             _("Quyết định số %(number)s ngày %(date)s; tiến hành đến %(until)s") % {
                                 "number": i.decision_number, "date": format_date(i.decision_date),
                                 "until": format_date(i.period_to)}, link=i.get_absolute_url()))
    for i in queries.overdue_follow_ups(scope, today, org_path):
        items.append(DueItem(queries.subject_of(i), "inspection_follow_up",
                             _("Báo cáo khắc phục sau kiểm tra, giám sát"), i.follow_up_due, True,
                             _("Kết luận ngày %(date)s") % {"date": format_date(i.concluded_on)},
                             link=i.get_absolute_url()))
    for d, deadline in queries.complaint_windows(scope, today, org_path):
        items.append(DueItem(d.member, "discipline_complaint", _("Hết thời hạn khiếu nại quyết định kỷ luật"),
                             deadline, False, _("%(form)s có hiệu lực từ %(date)s") % {
                                 "form": d.get_form_display(), "date": format_date(d.takes_effect_on)}))
    return items
