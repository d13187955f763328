"""Counts of the document register per year, with the change on the year before."""

from __future__ import annotations

from django.db.models import Count

from dangbo.rules import documents as doc_rules

from .models import Direction, Document


def counts_by_year(qs, path: str) -> dict[int, dict[str, int]]:
    rows = (qs.filter(org_path__startswith=path).values_list("issued_on__year", "direction")
            .annotate(n=Count("id")).order_by())
    out: dict[int, dict[str, int]] = {}
    for year, direction, n in rows:
        out.setdefault(year, {Direction.OUT: 0, Direction.IN: 0})[direction] = n
    return out


def year_summary(qs, path: str, year: int) -> dict:
    """Outgoing, incoming and total for `year` and `year - 1`, and the change in percent (None: no base)."""
    counts = counts_by_year(qs.filter(issued_on__year__in=[year - 1, year]), path)
    this, last = counts.get(year, {}), counts.get(year - 1, {})
    out = {"year": year, "out": this.get(Direction.OUT, 0), "in": this.get(Direction.IN, 0),
           "previous_out": last.get(Direction.OUT, 0), "previous_in": last.get(Direction.IN, 0)}
    out["total"] = out["out"] + out["in"]
    out["previous_total"] = out["previous_out"] + out["previous_in"]
    out["change"] = doc_rules.change_percent(out["total"], out["previous_total"])
    return out


def scoped(scope):
    return scope.by_org_path(Document.objects.all())
