"""The dues findings on the "việc đến hạn" list (members.queries.due_work, through core.registry)."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext_lazy as _

from dangbo.core.i18n import formatted
from dangbo.core.scopes import Scope
from dangbo.members.queries import DueItem
from dangbo.rules.sources import REGISTRY

from . import queries


def due_items(scope: Scope, today: date, org_path: str = "") -> list[DueItem]:
    """Members unpaid 3 months this year (months already over) without a recorded reason: a finding for the
    chi bộ to consider, with its source; dangbo never removes anyone by itself."""
    source = REGISTRY["dues.unpaid_three_months"]
    # Lazy: read in the page's language, in Vietnamese in the filed due-work list (core.printing).
    return [DueItem(r.member, "dues_unpaid", _("Không đóng đảng phí 3 tháng trong năm"), today, True,
                    formatted(_("%(finding)s Căn cứ: %(source)s."), finding=r.finding.message,
                              source=source.document))
            for r in queries.unpaid_findings(scope, today, org_path)]
