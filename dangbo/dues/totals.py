"""Per-(organisation, month) totals of dues (models.DuesTotal): what the month's obligations filed under an
organisation add up to (`owed`) and what its sổ booked in the month (`collected`). The yearly roll-up of a tree
of a million members reads these rows instead of every entry (issue 15's figure: ≤ 2 s).

Kept inside the transaction of every action that writes the rows they add up: `generate_month` recomputes the
month's `owed` of its subtree from the obligations it wrote; a payment, a correction and a portal import add
their amounts to `collected` (entries are append-only: a sum only grows by new entries). `rebuild` recomputes
everything from the entries (after a bulk load outside the actions); `differences` lists where the kept totals
and the entries disagree (tests/dues/test_totals.py proves there are none after any sequence of actions)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.db import connection
from django.db.models import Sum

from .models import DuesObligation, DuesPayment, DuesTotal


def _upsert(rows, column: str, add: bool) -> None:
    """rows: (organization_id, org_path, month, amount); `add` adds to the column, else sets it."""
    rows = list(rows)
    if not rows:
        return
    qn = connection.ops.quote_name
    table = qn(DuesTotal._meta.db_table)
    other = "collected" if column == "owed" else "owed"
    value = f"{table}.{column} + excluded.{column}" if add else f"excluded.{column}"
    sql = (f"INSERT INTO {table} (organization_id, org_path, month, {column}, {other}) VALUES (%s, %s, %s, %s, 0) "
           f"ON CONFLICT (organization_id, month) DO UPDATE SET {column} = {value}, org_path = excluded.org_path")
    with connection.cursor() as cur:
        cur.executemany(sql, rows)


def add_collected(entries) -> None:
    """New sổ entries (DuesPayment objects just written): add their amounts to their organisation's month."""
    sums: dict[tuple, int] = defaultdict(int)
    for p in entries:
        sums[(p.organization_id, p.org_path, p.book_month)] += p.amount
    _upsert(((*k, v) for k, v in sums.items()), "collected", add=True)


def add_sums(rows) -> None:
    """Sums of new entries written in bulk (organization_id, org_path, book_month, s), added to `collected`."""
    _upsert(((r["organization_id"], r["org_path"], r["book_month"], r["s"] or 0) for r in rows), "collected",
            add=True)


def set_owed(path: str, month: date) -> None:
    """The month's `owed` of every organisation under `path`, recomputed from its obligations."""
    DuesTotal.objects.filter(org_path__startswith=path, month=month).exclude(owed=0).update(owed=0)
    _upsert(((r["organization_id"], r["org_path"], month, r["s"] or 0) for r in DuesObligation.objects.filter(
        org_path__startswith=path, month=month).values("organization_id", "org_path").annotate(s=Sum("amount"))
        .order_by()), "owed", add=False)


def _from_entries(path: str) -> dict[tuple, list[int]]:
    out: dict[tuple, list[int]] = defaultdict(lambda: [0, 0])
    for r in (DuesObligation.objects.filter(org_path__startswith=path)
              .values("organization_id", "org_path", "month").annotate(s=Sum("amount")).order_by()):
        out[(r["organization_id"], r["org_path"], r["month"])][0] = r["s"] or 0
    for r in (DuesPayment.objects.filter(org_path__startswith=path)
              .values("organization_id", "org_path", "book_month").annotate(s=Sum("amount")).order_by()):
        out[(r["organization_id"], r["org_path"], r["book_month"])][1] = r["s"] or 0
    return out


def rebuild(path: str = "") -> int:
    """Recompute every total under `path` from the entries (after rows were loaded in bulk outside the actions)."""
    sums = _from_entries(path)
    DuesTotal.objects.filter(org_path__startswith=path).delete()
    DuesTotal.objects.bulk_create([DuesTotal(organization_id=k[0], org_path=k[1], month=k[2], owed=v[0],
                                             collected=v[1]) for k, v in sums.items()], batch_size=5000)
    return len(sums)


def differences(path: str = "") -> list[tuple]:
    """(organization_id, month, kept (owed, collected), from the entries) wherever the two disagree."""
    sums = {(k[0], k[2]): tuple(v) for k, v in _from_entries(path).items()}
    kept = {(t.organization_id, t.month): (t.owed, t.collected)
            for t in DuesTotal.objects.filter(org_path__startswith=path)}
    return [(k[0], k[1], kept.get(k, (0, 0)), sums.get(k, (0, 0))) for k in sorted(set(sums) | set(kept))
            if kept.get(k, (0, 0)) != sums.get(k, (0, 0))]
