"""The projection of a member's history: the state each event leaves, the member row and the counts.

`states()` is the one function that says which state an event leaves; `replay()` (every member action),
`admit_many` (the importer) and the demo's bulk loader all use it, so every path writes the same projection.
"""

from dataclasses import dataclass, replace
from datetime import date

from django.db import transaction
from django.db.models import F, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from dangbo.organizations.models import Organization
from dangbo.rules import membership as rules

from . import queries
from .models import ACTIVE_STATUSES, ENDED_STATUSES, EventKind, Member, MemberEvent, Status


# -- the projection: state after each event ---------------------------------------------------------
@dataclass(frozen=True)
class State:
    org_id: int
    host_id: int | None
    status: str
    exempted: bool
    suspended: bool
    temporary_until: date | None


ENDING = {EventKind.REMOVAL: Status.REMOVED, EventKind.EXPULSION: Status.EXPELLED,
          EventKind.RESIGNATION: Status.RESIGNED, EventKind.DEATH: Status.DECEASED}


def apply_event(state: State | None, ev: MemberEvent, member: Member) -> State:
    k = ev.kind
    if k in (EventKind.ADMISSION, EventKind.READMISSION):
        return State(ev.to_organization_id, None, Status.PROBATIONARY, False, False, None)
    if k == EventKind.TRANSFER_IN:
        official = member.official_date is not None and member.official_date <= ev.effective_date
        return State(ev.to_organization_id, None, Status.OFFICIAL if official else Status.PROBATIONARY,
                     False, False, None)
    assert state is not None
    if k == EventKind.RECOGNITION:
        return replace(state, status=Status.OFFICIAL)
    if k in (EventKind.TRANSFER, EventKind.REORGANIZATION):
        return replace(state, org_id=ev.to_organization_id, host_id=None, temporary_until=None)
    if k == EventKind.TRANSFER_OUT:
        return replace(state, status=Status.TRANSFERRED_OUT, host_id=None, temporary_until=None)
    if k == EventKind.TEMPORARY:
        return replace(state, host_id=ev.to_organization_id, temporary_until=ev.end_date)
    if k == EventKind.TEMPORARY_END:
        return replace(state, host_id=None, temporary_until=None)
    if k == EventKind.EXEMPTION:
        return replace(state, exempted=True)
    if k == EventKind.EXEMPTION_END:
        return replace(state, exempted=False)
    if k == EventKind.SUSPENSION:
        return replace(state, suspended=True)
    if k == EventKind.REINSTATEMENT:
        return replace(state, suspended=False)
    if k in ENDING:
        return replace(state, status=ENDING[k], host_id=None, temporary_until=None)
    return state  # CEREMONY changes dates on the dossier, not the state


def states(events, member: Member) -> list[State]:
    """The state after each of a member's events, in replay order. A member admitted elsewhere and entered with
    a transfer in from outside the register (the first move in or out of it is a TRANSFER_IN) is not on its list
    before that transfer: their admission, ceremony and recognition there leave them off the list here."""
    arrival = next((i for i, ev in enumerate(events)
                    if ev.kind in (EventKind.TRANSFER_IN, EventKind.TRANSFER_OUT)), None)
    outside_until = arrival if arrival is not None and events[arrival].kind == EventKind.TRANSFER_IN else 0
    # A re-admission rewrites the dossier's admission block (_start_readmission): a transfer in before it keeps
    # the status it was recorded with, not one read from the new probation's dates.
    readmitted_at = max((i for i, ev in enumerate(events) if ev.kind == EventKind.READMISSION), default=-1)
    out, state = [], None
    for i, ev in enumerate(events):
        state = apply_event(state, ev, member)
        if i < outside_until:
            state = replace(state, status=Status.TRANSFERRED_OUT)
        elif (i < readmitted_at and ev.kind == EventKind.TRANSFER_IN
              and ev.status_after in (Status.OFFICIAL, Status.PROBATIONARY)):
            state = replace(state, status=ev.status_after)
        out.append(state)
    return out


def _count_delta(state: State | None, sign: int, deltas: dict):
    if state is None or state.status not in ACTIVE_STATUSES:
        return
    key = (state.org_id, "official_count" if state.status == Status.OFFICIAL else "probationary_count")
    deltas[key] = deltas.get(key, 0) + sign


def _party_age_start(member: Member, events: list[MemberEvent], states: list[State]) -> date | None:
    """The date party age runs from, moved forward by the whole months spent outside the Party, so that lists
    filter on it in SQL (rules.md §3.3, queries.party_age_basis); None when the member has no party age:
    never official and no longer on the list."""
    origin, gaps, recognised = queries.party_age_basis(
        (ev.kind, ev.effective_date, ev.decision_date, st.status) for ev, st in zip(events, states, strict=True))
    origin = origin or member.admission_decision_date
    if origin is None or (states and states[-1].status in ENDED_STATUSES and not recognised):
        return None
    return rules.add_months(origin, sum(rules.age_in_months(a, b) for a, b in gaps))


def replay(member: Member, changed_on: date | None = None) -> State:
    """Recompute the state after every event and the member's projection and counts from the history.
    `changed_on`: the date of the one event the caller added (None: not known; the closed periods are then
    recounted from the member's first event)."""
    events = list(member.events.order_by("effective_date", "id"))
    state, leaves = None, states(events, member)
    moved = []  # the dates of the events whose stored state changed
    for ev, state in zip(events, leaves, strict=True):
        after = (state.org_id, state.host_id, state.status, state.exempted, state.suspended)
        if (ev.org_after_id, ev.host_after_id, ev.status_after, ev.exempted_after, ev.suspended_after) != after:
            moved.append(ev.effective_date)
            MemberEvent.objects.filter(pk=ev.pk).update(
                org_after_id=state.org_id, host_after_id=state.host_id, status_after=state.status,
                exempted_after=state.exempted, suspended_after=state.suspended)
    old = State(member.organization_id, member.host_organization_id, member.status, member.is_exempted,
                member.is_suspended, member.temporary_until) if member.pk and member.status else None
    deltas: dict = {}
    _count_delta(old, -1, deltas)
    _count_delta(state, +1, deltas)
    for (org_id, fld), n in deltas.items():
        if n:
            Organization.objects.filter(pk=org_id).update(**{fld: F(fld) + n})
    ended = next((ev.effective_date for ev in reversed(events) if ev.kind in ENDING), None)
    paths = dict(Organization.objects.filter(pk__in=[state.org_id, state.host_id]).values_list("id", "path"))
    stored_start, start = member.party_age_start, _party_age_start(member, events, leaves)
    Member.objects.filter(pk=member.pk).update(
        org_path=paths[state.org_id], host_path=paths.get(state.host_id, ""),
        organization_id=state.org_id, host_organization_id=state.host_id, status=state.status,
        is_exempted=state.exempted, is_suspended=state.suspended, temporary_until=state.temporary_until,
        party_age_start=start, left_on=ended if state.status in ENDED_STATUSES else None)
    member.refresh_from_db()
    # A late event (dated inside a closed period) changes that period's figures: the organisations the member
    # belonged to, before (the states stored) or after this replay, are counted again on the closed dates from
    # the first event changed (a closed date before it holds the same last event in the same state; the party-age
    # start, read on every date, moved: from the first event). An event dated after every closed date costs none.
    from .closing import member_changed

    first = events[0].effective_date if events else None
    since = first if changed_on is None or start != stored_start else min([changed_on, *moved])
    member_changed(member, {ev.org_after_id for ev in events} | {s.org_id for s in leaves}, since)
    return state


def refresh_paths(members=None):
    """Copy the organisations' current paths onto member rows (after bulk loads and tree moves)."""
    members = Member.objects.all() if members is None else members
    members.update(
        org_path=Subquery(Organization.objects.filter(pk=OuterRef("organization_id")).values("path")[:1]),
        host_path=Coalesce(Subquery(Organization.objects.filter(pk=OuterRef("host_organization_id"))
                                    .values("path")[:1]), Value("")))


@transaction.atomic
def recount(org_ids=None):
    """Rebuild the per-organisation counts from members; used after bulk loads and by the consistency check."""
    from django.db.models import Count, Q

    qs = Organization.objects.all() if org_ids is None else Organization.objects.filter(pk__in=org_ids)
    qs.update(official_count=0, probationary_count=0)
    rows = (Member.objects.filter(status__in=ACTIVE_STATUSES)
            .values("organization_id")
            .annotate(o=Count("id", filter=Q(status=Status.OFFICIAL)),
                      p=Count("id", filter=Q(status=Status.PROBATIONARY))))
    if org_ids is not None:
        rows = rows.filter(organization_id__in=org_ids)
    for r in rows:
        Organization.objects.filter(pk=r["organization_id"]).update(official_count=r["o"],
                                                                     probationary_count=r["p"])
    from .closing import refresh

    refresh(org_ids)  # the closed periods' figures of the same organisations (a bulk load may write late events)


