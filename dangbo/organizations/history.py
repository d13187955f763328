"""The tree as of a date, derived from the move records (OrganizationMove).

A move rewrites the current paths of the subtree it re-roots; before its effective date the organisations stood
where they were. `regions_on(path, on)` turns "the subtree at `path` (an organisation's current path) as it was on
`on`" into current path prefixes (with exclusions), so that every "as of" query can filter current paths;
`path_as_of(path, on)` gives an organisation's path on a date; `tree_as_of(on, root)` the organisations that
existed on that date with their parent then. Without a move after `on` all of it is the plain prefix.
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q

from dangbo.rules.reorganization import path_on, regions

from .models import Organization, OrganizationMove

_read_once: ContextVar[dict | None] = ContextVar("dangbo_organization_moves", default=None)


@contextmanager
def read_once():
    """Within it the move records are read once: for a report that reads the tree as of many dates."""
    if _read_once.get() is not None:
        yield
        return
    token = _read_once.set({})
    try:
        yield
    finally:
        _read_once.reset(token)


def _moves(**filters) -> list[tuple[date, str, str]]:
    cache = _read_once.get()
    if cache is None:
        return list(OrganizationMove.objects.filter(**filters).order_by("effective_date", "id")
                    .values_list("effective_date", "old_path", "new_path"))
    if "rows" not in cache:
        cache["rows"] = list(OrganizationMove.objects.order_by("effective_date", "id")
                             .values_list("effective_date", "old_path", "new_path"))
    lo, hi, after = filters.get("effective_date__gte"), filters.get("effective_date__lte"), filters.get(
        "effective_date__gt")
    return [r for r in cache["rows"] if (lo is None or r[0] >= lo) and (hi is None or r[0] <= hi)
            and (after is None or r[0] > after)]


def moves_after(on: date) -> list[tuple[str, str]]:
    """(old prefix, new prefix) of every move effective after `on`, in the order they were made."""
    return [(old, new) for _d, old, new in _moves(effective_date__gt=on)]


def move_dates(start: date, end: date) -> list[date]:
    """The effective dates of moves from `start` to `end` (both included): the days the tree changed."""
    return sorted({d for d, _o, _n in _moves(effective_date__gte=start, effective_date__lte=end)})


def path_as_of(path: str, on: date, moves=None) -> str:
    return path_on(path, moves_after(on) if moves is None else moves)


def regions_on(path: str, on: date, moves=None) -> list[tuple[str, list[str]]]:
    return regions(path, moves_after(on) if moves is None else moves)


def under_q(path: str, on: date, field_name: str = "path", moves=None) -> Q:
    """Rows whose `field_name` (a current organisation path) lay under `path` on `on`."""
    if not path:
        return Q()
    q = Q()
    for inc, ex in regions_on(path, on, moves):
        part = Q(**{f"{field_name}__startswith": inc})
        for e in ex:
            part &= ~Q(**{f"{field_name}__startswith": e})
        q |= part
    return q


def under_sql(path: str, on: date, column: str, moves=None) -> tuple[str, list]:
    """The same condition as SQL on `column`, with its parameters."""
    if not path:
        return "1=1", []
    parts, params = [], []
    for inc, ex in regions_on(path, on, moves):
        sql = f"{column} LIKE %s"
        params.append(inc + "%")
        for e in ex:
            sql += f" AND {column} NOT LIKE %s"
            params.append(e + "%")
        parts.append(f"({sql})")
    return "(" + " OR ".join(parts) + ")", params


def existed_q(on: date) -> Q:
    return (Q(founded_on__isnull=True) | Q(founded_on__lte=on)) & (Q(ended_on__isnull=True) | Q(ended_on__gt=on))


@dataclass
class Node:
    org: Organization
    path: str  # the path on the date
    parent: Organization | None
    children: list[Node] = field(default_factory=list)

    @property
    def depth(self) -> int:
        return len(self.path) // 4


def tree_as_of(on: date, root: Organization | None = None) -> list[Node]:
    """The organisations that existed on `on` (under `root` as it then stood), each with its path and parent on
    that date, in tree order; the top nodes carry their children."""
    moves = moves_after(on)
    qs = Organization.objects.filter(existed_q(on))
    if root is not None:
        qs = qs.filter(under_q(root.path, on, moves=moves))
    nodes = [Node(o, path_on(o.path, moves), None) for o in qs]
    by_path = {n.path: n for n in nodes}
    tops: list[Node] = []
    for n in sorted(nodes, key=lambda n: n.path):
        up = by_path.get(n.path[:-4])
        if up is not None and (root is None or n.org.pk != root.pk):
            n.parent = up.org
            up.children.append(n)
        else:
            n.parent = up.org if up else None
            tops.append(n)
    return tops


def walk(nodes: list[Node]):
    for n in nodes:
        yield n
        yield from walk(n.children)


def moves_between(start: date, end: date):
    """The moves effective from `start` to `end` (both included), in date order, with their organisation."""
    if not move_dates(start, end):
        return []
    return list(OrganizationMove.objects.filter(effective_date__gte=start, effective_date__lte=end)
                .select_related("organization").order_by("effective_date", "id"))


def current_paths(paths) -> dict[str, str]:
    """Each path (as stored at some time) -> the path of the same organisation now, following every subtree move
    since (core.PathMove, in the order made; moved-away paths are never handed out again)."""
    from dangbo.core.models import PathMove

    moved = list(PathMove.objects.order_by("moved_at", "id").values_list("old_path", "new_path"))
    out = {}
    for p in paths:
        q = p
        for old, new in moved:
            if q.startswith(old):
                q = new + q[len(old):]
        out[p] = q
    return out


def parent_as_of(org: Organization, on: date) -> Organization | None:
    """The organisation `org` stood directly under on `on` (its parent now when nothing moved since)."""
    moves = moves_after(on)
    if not moves:
        return org.parent
    then = path_on(org.path, moves)[:-4]
    if not then:
        return None
    for old, new in moves:  # that parent's path now
        if then.startswith(old):
            then = new + then[len(old):]
    return Organization.objects.filter(path=then).first()
