"""Reads other apps rely on (the year-end report): monthly meetings, the latest congress, links."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Q
from django.urls import reverse

from dangbo.organizations.models import CELL_KINDS, Organization

from .models import Congress, Meeting, MeetingKind


def cells_in_year(org: Organization, year: int):
    """The chi bộ in `org`'s subtree (itself included) that existed at some time in `year`."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    return (Organization.objects.filter(path__startswith=org.path, kind__in=CELL_KINDS)
            .filter(Q(founded_on__isnull=True) | Q(founded_on__lte=end))
            .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=start)))


def months_to_meet(founded_on: date | None, ended_on: date | None, year: int) -> list[int]:
    """The months of `year` a chi bộ existed from first to last day: the months it owes a monthly meeting. A chi bộ
    merged away on 01/03 owes January and February; one founded on 15/03 owes April onwards (Điều lệ Đảng
    Điều 24.3: "chi bộ, chi ủy họp thường lệ mỗi tháng một lần"; a month it existed only in part is not held against
    it, a choice of dangbo)."""
    months = []
    for m in range(1, 13):
        first = date(year, m, 1)
        last = date(year + (m == 12), m % 12 + 1, 1) - timedelta(days=1)
        if (founded_on is None or founded_on <= first) and (ended_on is None or ended_on >= last):
            months.append(m)
    return months


def monthly_meetings(org: Organization, year: int) -> dict:
    """The monthly meetings of the chi bộ of `org`'s subtree that existed in `year`:
    {"cells": chi bộ that owed at least one month, "met_every_month": of those, the ones that met in every month
    they owed, "partial": of those, the ones that did not exist the whole year, "by_cell": {cell id: sorted months
    held}, "owed": {cell id: sorted months owed}} (a month counts when a thường kỳ meeting is recorded in it)."""
    cells = {pk: months_to_meet(f, e, year)
             for pk, f, e in cells_in_year(org, year).values_list("pk", "founded_on", "ended_on")}
    by_cell: dict[int, set[int]] = {pk: set() for pk in cells}
    rows = (Meeting.objects.filter(org_path__startswith=org.path, kind=MeetingKind.MONTHLY, held_on__year=year,
                                   organization_id__in=list(cells))
            .values_list("organization_id", "held_on"))
    for org_id, held in rows:
        by_cell[org_id].add(held.month)
    owing = {pk: owed for pk, owed in cells.items() if owed}
    return {"cells": len(owing),
            "met_every_month": sum(1 for pk, owed in owing.items() if set(owed) <= by_cell[pk]),
            "partial": sum(1 for owed in owing.values() if len(owed) < 12),
            "by_cell": {k: sorted(v) for k, v in by_cell.items()}, "owed": cells}


def latest_congress(org: Organization, on: date | None = None) -> Congress | None:
    """The latest congress of `org` opened on or before `on` (today when None). Attributes: ordinal,
    term_label ("2020–2025"), opened_on, committee_size (None until approved)."""
    qs = Congress.objects.filter(organization=org)
    qs = qs.filter(opened_on__lte=on or date.today())
    return qs.order_by("-opened_on", "-id").select_related("organization").first()


def meetings_url(org: Organization, year: int) -> str:
    return f"{reverse('congresses:meetings')}?to_chuc={org.pk}&nam={year}"
