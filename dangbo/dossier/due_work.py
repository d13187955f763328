"""Dossier upkeep on the "việc đến hạn" list (members.queries.due_work, via core.registry): the open items of
`queries.open_items` that concern a member (phiếu bổ sung, late dossiers, slips, loans, lost cards)."""

from __future__ import annotations

from datetime import date

from dangbo.core.scopes import Scope
from dangbo.members.models import Member
from dangbo.members.queries import DueItem
from dangbo.organizations.models import Organization

from . import queries


def due_items(scope: Scope, today: date, org_path: str = "") -> list[DueItem]:
    org = Organization.objects.filter(path=org_path).first() if org_path else None
    if org_path and org is None:
        return []
    found = [i for i in queries.open_items(scope, org, today) if i.member_id is not None and i.due is not None]
    members = Member.objects.select_related("organization").in_bulk([i.member_id for i in found])
    return [DueItem(members[i.member_id], f"dossier_{i.kind}", i.label, i.due, i.overdue, i.detail)
            for i in found if i.member_id in members]
