"""Many admissions at once: the rows `admit_member` would write, built in Python, written by `core.bulk`.

`plan_admissions(admissions, ...)` builds, without touching the database, for each new member: the member row
with its projection (computed by `projection.states`, the function `replay` uses), the admission / ceremony /
recognition / transfer-in events with the state each leaves, the history row and the name-index words.
`write_plan(plan)` (called by `actions.admit_many`, inside its transaction) allocates the ids and inserts the
rows. Building the rows first keeps the write short: on SQLite the write lock is held for the inserts only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from types import SimpleNamespace

from django.utils import timezone
from django.utils.translation import gettext_noop

from dangbo.core.bulk import RowWriter, allocate_ids
from dangbo.rules import membership as rules
from dangbo.rules.text import name_sort_key, search_key

from .models import EventKind, Member, MemberEvent, NameWord
from .projection import states
from .search import name_words

MEMBER_COLUMNS = [
    "id", "full_name", "birth_date", "gender", "ethnicity", "religion", "hometown", "residence", "citizen_id",
    "card_number", "workplace", "job_title", "education", "qualification", "political_theory", "phone", "email",
    "admission_decision_date", "admission_decision_number", "ceremony_date", "official_date", "organization_id",
    "host_organization_id", "org_path", "host_path", "temporary_until", "status", "is_exempted", "is_suspended",
    "party_age_start", "left_on", "search_name", "sort_key", "user_id", "version", "created_at", "updated_at",
]
EVENT_COLUMNS = [
    "id", "member_id", "kind", "effective_date", "decision_number", "decision_date", "issuer",
    "from_organization_id", "to_organization_id", "external_place", "end_date", "note", "source", "org_after_id",
    "host_after_id", "status_after", "exempted_after", "suspended_after", "created_at", "created_by_id",
]
WORD_COLUMNS = ["word", "sort_key", "search_name", "member_id"]
# Dossier fields an admission may carry (members.actions.DOSSIER_FIELDS).
DOSSIER_KEYS = ("full_name", "birth_date", "gender", "ethnicity", "religion", "hometown", "residence",
                "citizen_id", "card_number", "workplace", "job_title", "education", "qualification",
                "political_theory", "phone", "email", "admission_decision_number")


@dataclass(slots=True)
class Admission:
    """One new member, as `admit_member` takes it (the dossier already cleaned and validated)."""
    organization: object  # an active chi bộ (Organization)
    dossier: dict
    decision_date: date
    decision_number: str = ""
    ceremony_date: date | None = None
    official_date: date | None = None  # used when there is no ceremony date (paper records)
    transfer_in_date: date | None = None
    note: str = ""


@dataclass(slots=True)
class Planned:
    """One member's rows; the member id (unknown until written) is the slot `None` in each tuple."""
    member: tuple
    events: list[tuple]
    history: tuple
    words: list[tuple]
    org_id: int


@dataclass
class AdmissionPlan:
    members: list[Planned] = field(default_factory=list)
    organizations: dict = field(default_factory=dict)  # id -> Organization, for the scope checks
    source: str = "manual"

    def __len__(self) -> int:
        return len(self.members)

    def chunks(self, size: int):
        """Sub-plans of at most `size` members, in order (one short transaction each on SQLite)."""
        for i in range(0, len(self.members), size):
            part = self.members[i:i + size]
            yield AdmissionPlan(part, {p.org_id: self.organizations[p.org_id] for p in part}, self.source)


def history_columns() -> list[str]:
    return [f.attname for f in Member.history.model._meta.concrete_fields if f.attname != "history_id"]


def plan_admissions(admissions, *, actor=None, source: str = "manual", history_reason: str = "",
                    progress=None) -> AdmissionPlan:
    """The rows of each admission, exactly as admit_member writes them (no database write)."""
    now = timezone.now()
    actor_id = actor.pk if getattr(actor, "pk", None) else None
    plan = AdmissionPlan(source=source)
    hist_cols = history_columns()
    defaults = {f.attname: f.get_default() for f in Member._meta.concrete_fields}
    keys_cache: dict[str, tuple[str, str]] = {}
    total = len(admissions)
    step = max(total // 20, 1)
    for n, a in enumerate(admissions):
        org = a.organization
        plan.organizations[org.pk] = org
        d = a.dossier
        name = d["full_name"]
        keys = keys_cache.get(name)
        if keys is None:
            keys = keys_cache[name] = (search_key(name), name_sort_key(name))
        decision, ceremony = a.decision_date, a.ceremony_date
        # Without a ceremony date the official date is taken as given (never computed back from it).
        official = rules.official_date(ceremony) if ceremony else a.official_date
        row = dict(defaults)
        for k in DOSSIER_KEYS:
            v = d.get(k)
            if v is not None and v != "":
                row[k] = v
        row["citizen_id"] = row.get("citizen_id") or None
        row["card_number"] = row.get("card_number") or None
        number = a.decision_number or d.get("admission_decision_number", "") or ""
        ev_rows = [dict(kind=EventKind.ADMISSION, effective_date=decision, decision_number=number,
                        decision_date=decision, to_organization_id=org.pk)]
        if ceremony:
            ev_rows.append(dict(kind=EventKind.CEREMONY, effective_date=ceremony))
        if a.official_date:  # recognised, as admit_member's official_date says
            ev_rows.append(dict(kind=EventKind.RECOGNITION, effective_date=official))
        if a.transfer_in_date:
            # Admitted elsewhere, came here from outside the register (admit_member's transfer_in_date).
            ev_rows.append(dict(kind=EventKind.TRANSFER_IN, effective_date=a.transfer_in_date,
                                to_organization_id=org.pk, note=a.note))
        else:
            ev_rows[0]["note"] = a.note
        shell = SimpleNamespace(official_date=official)
        # The state each event leaves, in replay()'s order (effective date, then id = the order written here).
        order = sorted(range(len(ev_rows)), key=lambda i: ev_rows[i]["effective_date"])
        evs = [SimpleNamespace(kind=ev_rows[i]["kind"], to_organization_id=ev_rows[i].get("to_organization_id"),
                               end_date=None, effective_date=ev_rows[i]["effective_date"]) for i in order]
        for i, state in zip(order, states(evs, shell), strict=True):
            ev_rows[i]["state"] = state
        events = []
        for e in ev_rows:
            st = e["state"]
            events.append((None, str(e["kind"]), e["effective_date"], e.get("decision_number", ""),
                           e.get("decision_date"), "", None, e.get("to_organization_id"), "", None,
                           e.get("note", ""), source, st.org_id, st.host_id, str(st.status), st.exempted,
                           st.suspended, now, actor_id))
        row.update(id=None, admission_decision_date=decision, admission_decision_number=number,
                   ceremony_date=ceremony, official_date=official, organization_id=state.org_id,
                   host_organization_id=state.host_id, org_path=org.path, host_path="",
                   temporary_until=state.temporary_until, status=str(state.status), is_exempted=state.exempted,
                   is_suspended=state.suspended, party_age_start=decision, left_on=None, search_name=keys[0],
                   sort_key=keys[1], user_id=None, version=1, created_at=now, updated_at=now)
        h = {**row, "history_date": now, "history_change_reason": history_reason, "history_type": "+",
             "history_user_id": actor_id}
        plan.members.append(Planned(
            member=tuple(row[c] for c in MEMBER_COLUMNS), events=events,
            history=tuple(h.get(c) for c in hist_cols),
            words=[(w, keys[1], keys[0], None) for w in name_words(keys[0])], org_id=org.pk))
        if progress is not None and n % step == 0:
            progress(n / max(total, 1), gettext_noop("Đang chuẩn bị đảng viên mới"))
    return plan


def _with_id(row: tuple, at: int, member_id: int) -> tuple:
    return row[:at] + (member_id,) + row[at + 1:]


def write_plan(plan: AdmissionPlan) -> list[int]:
    """Inside the caller's transaction: allocate the member ids, insert every row; the new members' ids."""
    if not plan.members:
        return []
    ids = allocate_ids(Member, len(plan.members))
    hist_cols = history_columns()
    event_cols = EVENT_COLUMNS[1:]  # event ids come from the table's own sequence
    writers = (RowWriter(Member, MEMBER_COLUMNS, 10_000), RowWriter(MemberEvent, event_cols, 10_000),
               RowWriter(Member.history.model, hist_cols, 10_000), RowWriter(NameWord, WORD_COLUMNS, 10_000))
    members, events, history, words = writers
    m_at, e_at, h_at, w_at = MEMBER_COLUMNS.index("id"), 0, hist_cols.index("id"), 3
    for p, member_id in zip(plan.members, ids, strict=True):
        members.add(_with_id(p.member, m_at, member_id))
        for e in p.events:
            events.add(_with_id(e, e_at, member_id))
        history.add(_with_id(p.history, h_at, member_id))
        for w in p.words:
            words.add(_with_id(w, w_at, member_id))
    for w in writers:
        w.flush()
    return ids


# -- taking an unfinished import back (exchange/pipeline/recovery.py) ---------------------------------------
def imported_member_ids(source: str, limit: int) -> list[int]:
    """Members admitted by `source` (an import's "import:<id>"), newest first, at most `limit`."""
    return list(MemberEvent.objects.filter(source=source, kind=EventKind.ADMISSION)
                .order_by("-member_id").values_list("member_id", flat=True)[:limit])


def undo_admissions(ids: list[int]):
    """Delete members written by `write_plan` with every row about them (their events, which are otherwise
    never deleted, name words, history rows), then recount their organisations. Only for an import that did
    not finish: the register goes back to what it was before it."""
    from .projection import recount

    orgs = set(Member.objects.filter(pk__in=ids).values_list("organization_id", flat=True))
    NameWord.objects.filter(member_id__in=ids).delete()
    MemberEvent.objects.filter(member_id__in=ids).delete()
    Member.objects.filter(pk__in=ids).delete()
    Member.history.model.objects.filter(id__in=ids).delete()  # with the "-" rows the delete just added
    recount(sorted(orgs))


def restore_dossier(member_id: int, before: dict, history_reason: str):
    """Put back what an unfinished import changed on a member: the dossier values and version in `before`
    (JSON values: dates as ISO text), the name index, and no history row of the import left."""
    from .search import index_member

    values = {key: Member._meta.get_field(key).to_python(value) for key, value in before.items()}
    if "full_name" in values:
        values.update(search_name=search_key(values["full_name"]), sort_key=name_sort_key(values["full_name"]))
    if not Member.objects.filter(pk=member_id).update(**values):
        return
    Member.history.model.objects.filter(id=member_id, history_change_reason=history_reason).delete()
    member = Member.objects.get(pk=member_id)
    index_member(member)
    from .closing import dossier_changed

    dossier_changed(member, values)
