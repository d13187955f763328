"""Reads other apps rely on (the year-end report): monthly meetings, the latest congress, links."""

from __future__ import annotations

from datetime import date

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


def monthly_meetings(org: Organization, year: int) -> dict:
    """{"cells": n, "met_every_month": n, "by_cell": {cell_org_id: sorted month numbers held}} for the chi bộ of
    `org`'s subtree that existed in `year` (a month counts when a thường kỳ meeting is recorded in it)."""
    cells = list(cells_in_year(org, year).values_list("pk", flat=True))
    by_cell: dict[int, set[int]] = {pk: set() for pk in cells}
    rows = (Meeting.objects.filter(org_path__startswith=org.path, kind=MeetingKind.MONTHLY, held_on__year=year,
                                   organization_id__in=cells)
            .values_list("organization_id", "held_on"))
    for org_id, held in rows:
        by_cell[org_id].add(held.month)
    out = {k: sorted(v) for k, v in by_cell.items()}
    return {"cells": len(cells), "met_every_month": sum(1 for v in out.values() if len(v) == 12), "by_cell": out}


def latest_congress(org: Organization, on: date | None = None) -> Congress | None:
    """The latest congress of `org` opened on or before `on` (today when None). Attributes: ordinal,
    term_label ("2020–2025"), opened_on, committee_size (None until approved)."""
    qs = Congress.objects.filter(organization=org)
    qs = qs.filter(opened_on__lte=on or date.today())
    return qs.order_by("-opened_on", "-id").select_related("organization").first()


def meetings_url(org: Organization, year: int) -> str:
    return f"{reverse('congresses:meetings')}?to_chuc={org.pk}&nam={year}"
