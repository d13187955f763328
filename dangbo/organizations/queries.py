"""Read side of the tree: scoped organisations and roll-ups of member counts by subtree."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, Sum
from django.db.models.functions import Substr

from dangbo.core.scopes import Scope

from .models import STEP, Organization, OrgStatus


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
        q = Q()
        for o in group:
            q |= Q(path__startswith=o.path)
        rows = (Organization.objects.filter(q).annotate(prefix=Substr("path", 1, length)).values("prefix")
                .annotate(o=Sum("official_count"), p=Sum("probationary_count")))
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


def reorganization_settings():
    """The reorganisation settings (rules.reorganization; `settings.DANGBO_REORGANIZATION` overrides them)."""
    from django.conf import settings

    from dangbo.rules.reorganization import ReorganizationSettings

    return ReorganizationSettings.from_dict(getattr(settings, "DANGBO_REORGANIZATION", None))


def step_len(depth: int) -> int:
    return depth * STEP
