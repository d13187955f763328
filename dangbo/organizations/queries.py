"""Read side of the tree: scoped organisations and roll-ups of member counts by subtree."""

import os
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, Sum
from django.db.models.functions import Substr

from dangbo.core.scopes import Scope

from .models import GRASSROOTS_KINDS, STEP, Organization, OrgKind, OrgStatus


@dataclass
class Totals:
    official: int = 0
    probationary: int = 0

    @property
    def total(self) -> int:
        return self.official + self.probationary


def visible(scope: Scope, include_ended: bool = False):
    qs = scope.organizations(Organization.objects.all())
    return qs if include_ended else qs.filter(status=OrgStatus.ACTIVE)


def roots(scope: Scope):
    """The top organisations a user sees: the admin sees the top of the tree, others their assigned nodes."""
    if scope.is_admin:
        return Organization.objects.filter(parent__isnull=True)
    return Organization.objects.filter(path__in=scope.read_roots())


def subtree_totals(org: Organization) -> Totals:
    row = Organization.objects.filter(path__startswith=org.path).aggregate(
        o=Sum("official_count"), p=Sum("probationary_count"))
    return Totals(row["o"] or 0, row["p"] or 0)


def totals_with_children(org: Organization, child_rows: list[tuple[Organization, Totals]]) -> Totals:
    """`org`'s subtree totals from `children_with_totals` of all its children: its own members and their
    subtrees (every descendant lies under one child), without reading the subtree again."""
    return Totals(org.official_count + sum(t.official for _, t in child_rows),
                  org.probationary_count + sum(t.probationary for _, t in child_rows))


def children_with_totals(parent: Organization | None, orgs=None) -> list[tuple[Organization, Totals]]:
    """Each child (or each of `orgs`) with its subtree totals, in one GROUP BY over the path prefix."""
    if orgs is None:
        orgs = list(Organization.objects.filter(parent=parent).order_by("status", "path"))
    if not orgs:
        return []
    by_len: dict[int, list[Organization]] = {}
    for o in orgs:
        by_len.setdefault(len(o.path), []).append(o)
    totals: dict[str, Totals] = {}
    for length, group in by_len.items():
        # Children of one parent: one range of the path index, the parent's subtree, rather than an OR of prefixes
        # tested on every row; the rows under none of them group under prefixes no one asks for.
        common = os.path.commonprefix([o.path for o in group])
        if len(common) >= length - STEP:
            where = Q(path__startswith=common)
        else:  # organisations of different parents: only their own subtrees
            where = Q()
            for o in group:
                where |= Q(path__startswith=o.path)
        rows = (Organization.objects.filter(where).annotate(prefix=Substr("path", 1, length))
                .values("prefix").annotate(o=Sum("official_count"), p=Sum("probationary_count")))
        for r in rows:
            totals[r["prefix"]] = Totals(r["o"] or 0, r["p"] or 0)
    return [(o, totals.get(o.path, Totals())) for o in orgs]


def child_count_map(orgs) -> dict[int, int]:
    rows = Organization.objects.filter(parent__in=orgs, status=OrgStatus.ACTIVE).values("parent_id").annotate(
        n=Count("id"))
    return {r["parent_id"]: r["n"] for r in rows}


def counts_as_of(orgs: list[Organization], on: date) -> dict[int, Totals]:
    """Đảng số of each organisation's subtree on a past date, computed from the event history, in one query,
    by the register's one "as of" rule (`dangbo.members.asof`; a member counts at home, rules.md §3.4)."""
    from dangbo.members import asof  # members sit above organisations: imported when called

    return asof.counts_by_org(orgs, on)


def tree_rows(scope: Scope, on: date, org: Organization | None = None) -> list[dict]:
    """The tree as it stood on `on` (under `org`, else the whole register the scope reads), in tree order: each
    organisation that existed then, its parent and level then, and its subtree's members on the list then (the
    register's one "as of" rule; a closed date's from its table). Organisations moved since by a decision stand where
    they were."""
    from dangbo.members import asof  # members sit above organisations: imported when called

    from . import history

    nodes = list(history.walk(history.tree_as_of(on, org)))
    nodes = [n for n in nodes if scope.can_read_path(n.org.path)]
    # Each organisation's own members on the list then: a closed date's from its table (members/closing.py).
    own = {org_id: t for org_id, _path, t in asof.home_counts(
        on, lambda field_name: history.under_q(org.path if org else "", on, field_name))}
    by_path = {n.path: Totals() for n in nodes}
    for n in nodes:
        t = own.get(n.org.pk)
        if t is None:
            continue
        for i in range(STEP, len(n.path) + 1, STEP):
            up = by_path.get(n.path[:i])
            if up is not None:
                up.official += t.official
                up.probationary += t.probationary
    top = min((n.depth for n in nodes), default=1)
    return [{"id": n.org.pk, "code": n.org.code, "name": n.org.name, "kind": n.org.kind,
             "kind_label": str(n.org.kind_label), "org_level": n.org.level,
             "parent": n.parent.code if n.parent else None,
             "parent_name": n.parent.name if n.parent else "", "level": n.depth - top,
             "official": by_path[n.path].official, "probationary": by_path[n.path].probationary,
             "total": by_path[n.path].total} for n in nodes]


def moves_of(org: Organization):
    """The moves by decision of `org` and of the organisations around it (to or from it), newest first."""
    from .models import OrganizationMove

    return (OrganizationMove.objects.filter(Q(organization=org) | Q(old_parent=org) | Q(new_parent=org))
            .select_related("organization", "old_parent", "new_parent").order_by("-effective_date", "-id"))


def reorganization_settings():
    """The reorganisation settings (rules.reorganization; `settings.DANGBO_REORGANIZATION` overrides them)."""
    from django.conf import settings

    from dangbo.rules.reorganization import ReorganizationSettings

    return ReorganizationSettings.from_dict(getattr(settings, "DANGBO_REORGANIZATION", None))


def step_len(depth: int) -> int:
    return depth * STEP


# -- who decides (rules.md §1.5, §3.1, §3.2; rules-2025-2026.md §1.1) ------------------------------------------------
def deciding_path(path: str, on: date | None = None) -> str:
    """The current path of the level directly above the organisation at `path` (a current path) on `on` (now when
    None), whatever its kind; "" at the top of the register. Every "cấp ủy cấp trên" of dangbo is this one."""
    if on is None:
        return path[:-STEP]
    from . import history

    moves = history.moves_after(on)
    if not moves:
        return path[:-STEP]
    then = history.path_as_of(path, on, moves)[:-STEP]
    for old, new in moves:  # that organisation's path now
        if then.startswith(old):
            then = new + then[len(old):]
    return then


def deciding_body(org: Organization, on: date | None = None) -> Organization | None:
    """The level directly above `org` on `on` (now when None), whatever its kind: it rates `org`, approves (chuẩn y)
    its congress and committee, and decides the admissions and recognitions of a tổ chức cơ sở đảng (the ban thường
    vụ of the cấp trên trực tiếp: a huyện ủy or a Đảng ủy Khối before 01/07/2025, a xã, phường or đặc khu đảng ủy, the
    Đảng ủy UBND tỉnh or the Đảng ủy các cơ quan Đảng tỉnh after it). None at the top of the register."""
    up = deciding_path(org.path, on)
    if not up:
        return None
    if on is None and org.parent_id and getattr(org, "parent", None) is not None and org.parent.path == up:
        return org.parent
    return Organization.objects.filter(path=up).first()


def grassroots_of(org: Organization) -> Organization:
    """The tổ chức cơ sở đảng `org` belongs to (itself when it is one; its đảng ủy cơ sở for a chi bộ trực thuộc or an
    đảng ủy bộ phận); `org` itself when none is above it in the register."""
    if org.kind in GRASSROOTS_KINDS or org.kind == OrgKind.UPPER:
        return org
    found = org.ancestors().filter(kind__in=[k.value for k in GRASSROOTS_KINDS]).order_by("-path").first()
    return found or org


def admission_decider(org: Organization, on: date | None = None) -> Organization:
    """Who records the decision to admit (and to recognise) a member of `org` in this register: for a chi bộ trực
    thuộc its đảng ủy cơ sở (its resolution, and the decision when the power is delegated, rules.md §3.1); for a
    tổ chức cơ sở đảng the level directly above it (a xã đảng ủy for its chi bộ cơ sở), or the organisation itself
    when that level is not in the register."""
    base = grassroots_of(org)
    if base.pk != org.pk:
        return base
    return deciding_body(org, on) or org
