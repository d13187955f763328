"""The register as of a date: the one rule every "as of" figure uses (issue 10, issue 18 point 5).

A member's state on a day D is the state their last event on or before D leaves behind (ordered by effective
date, then by id): `MemberEvent.org_after/host_after/status_after/exempted_after/suspended_after`, which
`actions.replay()` keeps right even for an event recorded late. A member is on the list when that state is
official or probationary, and counts at the home organisation (`org_after`) only, whatever organisation hosts
them temporarily (rules.md §3.4).

Organisation counts, the statistics tables, the congress's convened list, the review's member list and the
year-end report all read the register through this module:
- `last_events(on, path)`: the member events that hold on `on` (a MemberEvent queryset, to group or pick
  columns from);
- `members_as_of(on, path)`: the same as rows (member_id, org_id, org_path, host_org_id, host_path, status,
  exempted, suspended);
- `counts_as_of(on, path)` and `counts_by_org(orgs, on)`: official and probationary counts of a subtree;
- `home_counts(on, q_for)`: each home organisation's own counts (the tree's page, counts_by_org);
- `counts_on_dates(path, dates)`: the counts of one subtree on several dates in one scan of the history
  (LEAD over each member's events: an event's state holds until the member's next event), the same rule as
  `last_events` without one correlated subquery per date.
On a closed date (chốt số liệu, members/closing.py) the counts are read from the table of that date instead.
"""

from __future__ import annotations

import contextlib
import contextvars
from datetime import date

from django.db.models import Count, Exists, F, OuterRef, Q, Sum

from dangbo.core import replica
from dangbo.organizations import history
from dangbo.organizations.models import Organization
from dangbo.organizations.queries import Totals

from .models import ClosedPeriod, MemberEvent, PeriodState, Status

ON_LIST = (Status.OFFICIAL, Status.PROBATIONARY)

# The columns of a member's row as of a date (see members_as_of).
ROW = {"org_id": F("org_after_id"), "org_path": F("org_after__path"), "host_org_id": F("host_after_id"),
       "host_path": F("host_after__path"), "status": F("status_after"), "exempted": F("exempted_after"),
       "suspended": F("suspended_after")}


def last_events(on: date, path: str = "", *, statuses=ON_LIST, org: Organization | None = None):
    """Each member's last event on or before `on`, kept when the state it leaves is in `statuses` and its home
    organisation is under `path` ("" = the whole register) or, with `org`, is that organisation itself."""
    # "No later event of the member on or before `on`" (by date, then id), as NOT EXISTS rather than "id = the
    # first id of the member's events in reverse order": the planner can then run it as one anti-join (a hash or
    # merge join over the event index on PostgreSQL, 1,000,000 members in seconds) or, for a small subtree, as an
    # index probe per event, where the correlated ORDER BY ... LIMIT 1 was a subplan run once per event.
    later = MemberEvent.objects.filter(member=OuterRef("member"), effective_date__lte=on).filter(
        Q(effective_date__gt=OuterRef("effective_date"))
        | Q(effective_date=OuterRef("effective_date"), id__gt=OuterRef("id")))
    qs = MemberEvent.objects.filter(effective_date__lte=on)
    if org is not None:
        qs = qs.filter(org_after=org)
    elif path:  # the subtree as it stood on `on` (organisations moved since are where they were then)
        qs = qs.filter(history.under_q(path, on, "org_after__path"))
    return qs.filter(status_after__in=list(statuses)).filter(~Exists(later))


def members_as_of(on: date, path: str = "", *, statuses=ON_LIST, org: Organization | None = None):
    """One row (a dict) per member on the list on `on` under `path`: member_id plus the ROW columns."""
    return last_events(on, path, statuses=statuses, org=org).values("member_id", **ROW)


def _split(qs) -> dict:
    return qs.aggregate(o=Count("id", filter=Q(status_after=Status.OFFICIAL)),
                        p=Count("id", filter=Q(status_after=Status.PROBATIONARY)))


# -- closed dates (chốt số liệu): their table, written and kept by members/closing.py ----------------------------
BANDED = ("age", "party_age")  # dimensions whose key is a band index
_history_only = contextvars.ContextVar("history_only", default=False)
_closed_once = contextvars.ContextVar("closed_once", default=None)


@contextlib.contextmanager
def history_only():
    """Read every figure from the event history, closed or not (the tests compare both)."""
    token = _history_only.set(True)
    try:
        yield
    finally:
        _history_only.reset(token)


def closed_dates() -> list[date]:
    return list(ClosedPeriod.objects.order_by("on").values_list("on", flat=True))


@contextlib.contextmanager
def read_once():
    """Inside: the closed dates read once (a report or a statistics workbook asks about the same few dates)."""
    if _closed_once.get() is not None:
        yield
        return
    token = _closed_once.set(frozenset(closed_dates()))
    try:
        yield
    finally:
        _closed_once.reset(token)


def is_closed(on: date) -> bool:
    if _history_only.get():
        return False
    once = _closed_once.get()
    return on in once if once is not None else ClosedPeriod.objects.filter(on=on).exists()


def closed_counts(path: str, on: date, dimension: str = "total", *, by_org: bool = False) -> dict:
    """{key: (official, probationary)} of the subtree at `path` on the closed date `on`, from its table: the rows of
    the organisations under `path` as the tree stood that day (with `by_org`: {(org id, key): …})."""
    qs = PeriodState.objects.filter(on=on, dimension=dimension)
    if path:
        qs = qs.filter(history.under_q(path, on, "organization__path"))
    group = ("organization_id", "key") if by_org else ("key",)
    rows = qs.values(*group).annotate(o=Sum("official"), p=Sum("probationary")).order_by()
    cast = int if dimension in BANDED else str
    return {((r["organization_id"], cast(r["key"])) if by_org else cast(r["key"])): (r["o"] or 0, r["p"] or 0)
            for r in rows}


def counts_as_of(on: date, path: str = "") -> Totals:
    """Official and probationary members of the subtree at `path` on `on` (a closed date: from its table)."""
    if is_closed(on):
        return Totals(*closed_counts(path, on).get("", (0, 0)))
    r = _split(last_events(on, path))
    return Totals(r["o"] or 0, r["p"] or 0)


def home_counts(on: date, q_for) -> list[tuple[int, str, Totals]]:
    """(organisation id, its path, its own members on the list on `on`) of the home organisations `q_for(field)`
    keeps (a Q on a path field): on a closed date from its table (closing.py), else from the history."""
    if is_closed(on):
        rows = (PeriodState.objects.filter(on=on, dimension="total").filter(q_for("organization__path"))
                .values_list("organization_id", "organization__path")
                .annotate(o=Sum("official"), p=Sum("probationary")).order_by())
    else:
        rows = (last_events(on).filter(q_for("org_after__path")).values_list("org_after_id", "org_after__path")
                .annotate(o=Count("id", filter=Q(status_after=Status.OFFICIAL)),
                          p=Count("id", filter=Q(status_after=Status.PROBATIONARY))).order_by())
    return [(org_id, path, Totals(o or 0, p or 0)) for org_id, path, o, p in rows]


def counts_by_org(orgs: list[Organization], on: date) -> dict[int, Totals]:
    """Each organisation's subtree counts on `on`, in one query (a closed date: from its table): the states are
    grouped by home organisation under the organisations' common prefix, then each organisation sums the groups
    under its path (paths compared as they stood on `on` when organisations moved since)."""
    if not orgs:
        return {}
    moves = history.moves_after(on)
    if moves:
        def q_for(field_name):
            q = Q()
            for o in orgs:
                q |= history.under_q(o.path, on, field_name, moves=moves)
            return q

        then = {o.pk: history.path_as_of(o.path, on, moves) for o in orgs}
        rows = [(history.path_as_of(p, on, moves), t) for _id, p, t in home_counts(on, q_for)]
    else:
        common = min((o.path for o in orgs), key=len)
        for o in orgs:
            while not o.path.startswith(common):
                common = common[:-1]
        then = {o.pk: o.path for o in orgs}
        rows = [(p, t) for _id, p, t in home_counts(on, lambda f: history.under_q(common, on, f))]
    out = {o.pk: Totals() for o in orgs}
    for p, t in rows:
        for o in orgs:
            if p.startswith(then[o.pk]):
                out[o.pk].official += t.official
                out[o.pk].probationary += t.probationary
    return out


def counts_on_dates(path: str, dates: list[date]) -> dict[date, Totals]:
    """The counts of the subtree at `path` on each of `dates`: a closed date's from its table (closing.py), the
    others in one windowed scan of the event history."""
    closed = {d: counts_as_of(d, path) for d in dict.fromkeys(dates) if is_closed(d)}
    return closed | _counts_on_dates(path, [d for d in dates if d not in closed])


def _counts_on_dates(path: str, dates: list[date]) -> dict[date, Totals]:
    if not dates:
        return {}
    if path and history.moves_after(min(dates)):  # the subtree differed between the dates: one count each
        return {d: counts_as_of(d, path) for d in dates}
    ev = MemberEvent._meta.db_table
    org_table = Organization._meta.db_table
    sums = ", ".join(
        f"SUM(CASE WHEN eff <= %s AND (nxt IS NULL OR nxt > %s) AND status = '{s}' THEN 1 ELSE 0 END)"
        for _ in dates for s in (Status.OFFICIAL.value, Status.PROBATIONARY.value))
    sql = (
        f"SELECT {sums} FROM (SELECT e.effective_date AS eff, e.status_after AS status, o.path AS path, "
        f"LEAD(e.effective_date) OVER (PARTITION BY e.member_id ORDER BY e.effective_date, e.id) AS nxt "
        f"FROM {ev} e JOIN {org_table} o ON o.id = e.org_after_id "
        f"WHERE e.member_id IN (SELECT e2.member_id FROM {ev} e2 JOIN {org_table} o2 ON o2.id = e2.org_after_id "
        f"WHERE o2.path LIKE %s)) t WHERE t.path LIKE %s AND t.status IN (%s, %s)"
    )
    params = [p for d in dates for p in (d, d, d, d)] + [path + "%", path + "%", *(s.value for s in ON_LIST)]
    with replica.read_connection(MemberEvent).cursor() as cur:
        cur.execute(sql, params)
        row = cur.fetchone()
    return {d: Totals(int(row[2 * i] or 0), int(row[2 * i + 1] or 0)) for i, d in enumerate(dates)}


def status_of(member, on: date) -> str | None:
    """One member's status on `on` by the same rule (the state their last event on or before it leaves)."""
    ev = (MemberEvent.objects.filter(member=member, effective_date__lte=on).order_by("-effective_date", "-id")
          .values_list("status_after", flat=True).first())
    return ev
