"""Read side of the register: scoped, filtered lists with keyset pagination, search, and the work due."""

import base64
import functools
import importlib
import time
from dataclasses import dataclass, replace
from datetime import date, timedelta

from django.conf import settings
from django.db import OperationalError, connection, transaction
from django.db.models import Count, Max, Q, Sum, Value
from django.db.models.functions import Coalesce, Concat
from django.utils.translation import gettext_lazy as _

from dangbo.core import registry
from dangbo.core.i18n import formatted
from dangbo.core.scopes import Scope
from dangbo.rules import badges as badge_rules
from dangbo.rules import discipline as discipline_rules
from dangbo.rules import membership as rules
from dangbo.rules.text import search_key

from . import lookups  # noqa: F401  (registers search_name__words)
from .models import ACTIVE_STATUSES, ENDED_STATUSES, EventKind, Member, Status
from .search import expand_prefix, search_ids

PAGE_SIZE = 50
# Below this share of the register, walking name words over the whole register finds too few rows in scope.
WALK_SHARE = 0.25


def scoped(scope: Scope):
    return scope.members(Member.objects.all())


def is_name_search(text: str | None) -> bool:
    return bool(search_key(text or "")) and not (text or "").replace(" ", "").isdigit()


def sensitive_q(scope: Scope | None) -> Q:
    """Members whose CCCD and religion this scope may see (None: no one's)."""
    return Q(pk__in=[]) if scope is None else scope.sensitive_q("org_path")


def search_filter(text: str, scope: Scope | None = None) -> Q:
    """Digits find a card number, or a CCCD among the members whose CCCD the scope may see (searching by a
    field is reading it); anything else is a diacritic-insensitive name search."""
    text = (text or "").strip()
    if not text:
        return Q()
    compact = text.replace(" ", "")
    if compact.isdigit():
        return (Q(card_number=compact) | (Q(citizen_id=compact) & sensitive_q(scope))
                | Q(card_number__startswith=compact))
    key = search_key(text)
    return Q(search_name__words=expand_prefix(key) if connection.vendor == "postgresql" else key)


@dataclass
class MemberFilter:
    q: str = ""
    org_path: str = ""
    status: str = "active"  # active | official | probationary | ended | all
    gender: str = ""
    age_min: int | None = None
    age_max: int | None = None
    party_age_min: int | None = None
    party_age_max: int | None = None
    admission_year: int | None = None
    exempted: bool | None = None
    temporary: bool | None = None

    def share(self, scope: Scope) -> float:
        """The part of the whole register this filter's organisations hold, from the organisation counters."""
        from dangbo.organizations.models import Organization

        paths = [self.org_path] if self.org_path else (None if scope.is_admin else scope.read_roots())
        if paths is None:
            return 1.0
        everyone = register_size()
        q = Q(pk__in=[])
        for p in paths:
            q |= Q(path__startswith=p)
        part = Organization.objects.filter(q).aggregate(o=Sum("official_count"), p=Sum("probationary_count"))
        return ((part["o"] or 0) + (part["p"] or 0)) / everyone if everyone else 1.0

    def apply(self, qs, today: date, scope: Scope | None = None):
        qs = qs.filter(search_filter(self.q, scope))
        if self.org_path:
            qs = qs.filter(Q(org_path__startswith=self.org_path) | Q(host_path__startswith=self.org_path))
        if self.status == "active":
            qs = qs.filter(status__in=ACTIVE_STATUSES)
        elif self.status == "ended":
            qs = qs.filter(status__in=ENDED_STATUSES | {Status.TRANSFERRED_OUT})
        elif self.status in (Status.OFFICIAL, Status.PROBATIONARY):
            qs = qs.filter(status=self.status)
        if self.gender:
            qs = qs.filter(gender=self.gender)
        # Age a..b years: born after today-(b+1)y and on or before today-a y.
        if self.age_min is not None:
            qs = qs.filter(birth_date__lte=rules.add_months(today, -12 * self.age_min))
        if self.age_max is not None:
            qs = qs.filter(birth_date__gt=rules.add_months(today, -12 * (self.age_max + 1)))
        if self.party_age_min is not None or self.party_age_max is not None:
            qs = qs.filter(status=Status.OFFICIAL)
        if self.party_age_min is not None:
            qs = qs.filter(party_age_start__lte=rules.add_months(today, -12 * self.party_age_min))
        if self.party_age_max is not None:
            qs = qs.filter(party_age_start__gt=rules.add_months(today, -12 * (self.party_age_max + 1)))
        if self.admission_year:
            qs = qs.filter(admission_decision_date__year=self.admission_year)
        if self.exempted is not None:
            qs = qs.filter(is_exempted=self.exempted)
        if self.temporary:
            qs = qs.filter(host_organization__isnull=False)
        return qs


def encode_cursor(m: Member) -> str:
    return base64.urlsafe_b64encode(f"{m.sort_key}\x00{m.pk}".encode()).decode()


def decode_cursor(cursor: str) -> tuple[str, int] | None:
    try:
        key, pk = base64.urlsafe_b64decode(cursor.encode()).decode().split("\x00")
        return key, int(pk)
    except (ValueError, UnicodeDecodeError):
        return None


_register_size: tuple[float, int] = (0.0, 0)  # (read at, members): per process
REGISTER_SIZE_AGE = 60  # seconds


def register_size() -> int:
    """The whole register's members, from the organisation counters: a scan of every organisation (17 ms at 1 M,
    ~100 ms at 5,6 M), so read at most once a minute per process. Only the search's choice of plan uses it (`share`),
    and a register does not double in a minute. Read every time where the cached figures are off (the test suite)."""
    global _register_size
    at, size = _register_size
    if time.monotonic() - at > REGISTER_SIZE_AGE or not size or not settings.CACHED_FIGURES:
        from dangbo.organizations.models import Organization

        totals = Organization.objects.aggregate(o=Sum("official_count"), p=Sum("probationary_count"))
        size = (totals["o"] or 0) + (totals["p"] or 0)
        _register_size = (time.monotonic(), size)
    return size


def page(qs, after: str = "", size: int | None = None, searching: str = "", share: float = 1.0
         ) -> tuple[list[Member], str]:
    """Keyset pagination on (sort_key, id): a deep page costs the same as the first.

    `searching` is the name search text, if any: its rows are found through dangbo.members.search.
    `share` is the part of the register the other filters keep (MemberFilter.share).
    """
    size = size or PAGE_SIZE
    pos = decode_cursor(after) if after else None
    ids = search_ids(qs, searching, pos, size, walk=share >= WALK_SHARE) if searching else None
    if ids is None and searching and connection.vendor == "postgresql":
        rows = _budgeted_rows(qs, pos, size)
    elif ids is None:
        rows = _ordered_rows(qs, pos, size)
    else:
        found = qs.model.objects.select_related("organization", "host_organization").in_bulk(ids)
        rows = [found[pk] for pk in ids]
    nxt = encode_cursor(rows[size - 1]) if len(rows) > size else ""
    return rows[:size], nxt


def _budgeted_rows(qs, pos, size):
    """Many matches of common words: walk the sort index for 120 ms, else let the database sort them."""
    try:
        with transaction.atomic(), connection.cursor() as cur:
            cur.execute("SHOW statement_timeout")
            (before,) = cur.fetchone()
            cur.execute("SET LOCAL statement_timeout = 120")
            rows = _ordered_rows(qs, pos, size)
            # Inside an outer transaction this block is a savepoint, whose release keeps SET LOCAL:
            # put the limit back or the rest of the request runs under 120 ms.
            cur.execute("SELECT set_config('statement_timeout', %s, true)", [before])
            return rows
    except OperationalError:
        # Sorting `sort_key || ''` keeps the order but stops the planner from walking the sort index.
        return _ordered_rows(qs, pos, size, order=(Concat("sort_key", Value("")), "id"))


def _after(qs, pos):
    if not pos:
        return qs
    # The redundant sort_key >= bound gives the planner an index range to start from.
    return qs.filter(sort_key__gte=pos[0]).filter(Q(sort_key__gt=pos[0]) | Q(sort_key=pos[0], id__gt=pos[1]))


def _ordered_rows(qs, pos, size, order=("sort_key", "id")):
    # The page's ids first: a query the index member_sort_scope answers alone for the usual filters (scope, status),
    # then the rows with their organisations by id.
    ids = list(_after(qs, pos).order_by(*order).values_list("id", flat=True)[: size + 1])
    found = qs.model.objects.select_related("organization", "host_organization").in_bulk(ids)
    return [found[pk] for pk in ids]


# -- work that is due ---------------------------------------------------------------------------------
@dataclass
class DueItem:
    member: Member
    kind: str
    label: str
    due: date
    overdue: bool
    detail: str = ""
    # The page of a person who is not (yet) a member, added by another app (a candidate for admission): `member`
    # is then that record (full_name, organization, card_number).
    link: str = ""

    @property
    def member_pk(self) -> int | None:
        return None if self.link else self.member.pk


def working_calendar():
    from dangbo.core.calendar import load_calendar

    return load_calendar()


def last_overdue_start(deadline, today: date) -> date:
    """The latest start whose deadline (`deadline(start)`, never earlier for a later start) has passed on `today`:
    a start on or before it is overdue. A due-work count is then one SQL comparison, not a rule per member."""
    d = today
    while deadline(d) >= today:
        d -= timedelta(days=1)
    return d


def _member_due(base, today: date, horizon: date, cal) -> list[tuple[str, str, object, Q, str]]:
    """(kind, label, members, which of them are overdue, the date their deadline follows) of the work due on
    members' own dates. The deadline never comes earlier for a later date: ordered by that date, the overdue come
    first and the rest by deadline."""
    probationers = base.filter(status=Status.PROBATIONARY)
    ceremony_late = last_overdue_start(lambda d: rules.ceremony_deadline(d, cal), today)
    recognition_late = last_overdue_start(lambda d: rules.recognition_deadline(d, cal), today)
    return [
        ("ceremony", _("Tổ chức lễ kết nạp"),
         probationers.filter(ceremony_date__isnull=True, admission_decision_date__isnull=False),
         Q(admission_decision_date__lte=ceremony_late), "admission_decision_date"),
        ("probation_end", _("Hết 12 tháng dự bị"),
         probationers.filter(official_date__gt=today, official_date__lte=horizon), Q(pk__in=[]), "official_date"),
        ("recognition", _("Xét công nhận đảng viên chính thức"),
         probationers.filter(official_date__lte=today), Q(official_date__lte=recognition_late), "official_date"),
        ("temporary_end", _("Hết thời hạn sinh hoạt tạm thời"),
         base.filter(host_organization__isnull=False, temporary_until__lte=horizon), Q(temporary_until__lt=today),
         "temporary_until"),
    ]


def _member_items(kind: str, label: str, members, today: date, deadline) -> list[DueItem]:
    """The due items of `members` (of `_member_due`'s `kind`); `deadline(rule, date)` applies a deadline rule."""
    if kind == "ceremony":
        return [DueItem(m, kind, label, d, d < today, _("30 ngày làm việc kể từ ngày quyết định kết nạp"))
                for m in members for d in [deadline(rules.ceremony_deadline, m.admission_decision_date)]]
    if kind == "probation_end":
        return [DueItem(m, kind, label, m.official_date, False, _("Chuẩn bị xét công nhận đảng viên chính thức"))
                for m in members]
    if kind == "recognition":
        return [DueItem(m, kind, label, d, d < today, _("Chi bộ xét trong 30 ngày làm việc sau khi hết dự bị"))
                for m in members for d in [deadline(rules.recognition_deadline, m.official_date)]]
    return [DueItem(m, kind, label, m.temporary_until, m.temporary_until < today,
                    formatted(_("Đang sinh hoạt tạm thời tại %(org)s"), org=str(m.host_organization)))
            for m in members]


def _deadlines(cal):
    """`deadline(rule, date)` for `_member_items`: members share dates, so one calendar walk a date."""
    return functools.cache(lambda rule, d: rule(d, cal))


def due_work(scope: Scope, today: date, horizon_days: int = 60, org_path: str = "") -> list[DueItem]:
    cal = working_calendar()
    base = scoped(scope).filter(status__in=ACTIVE_STATUSES).select_related("organization", "host_organization")
    if org_path:
        base = base.filter(org_path__startswith=org_path)
    items: list[DueItem] = []
    horizon = today + timedelta(days=horizon_days)
    deadline = _deadlines(cal)
    for kind, label, members, _late, _order in _member_due(base, today, horizon, cal):
        items.extend(_member_items(kind, label, members, today, deadline))
    items.extend(_other_due(scope, base, today, org_path))
    items.sort(key=lambda i: (i.due, i.member.sort_key))
    return items


def _other_due(scope: Scope, base, today: date, org_path: str) -> list[DueItem]:
    """Due work that a rule decides member by member (badges) and the findings of the apps above members (dues: 3
    months unpaid…), each scoped by its app (core.registry)."""
    items = badges_due(base, today)
    for module in registry.due_work_modules():
        items.extend(importlib.import_module(module).due_items(scope, today, org_path))
    return items


@dataclass
class DueGroup:
    """One kind of due work on the due-work page: its count, and the page of its items shown."""
    kind: str
    label: str
    total: int
    overdue: int
    items: list[DueItem]
    start: int = 0  # the index of items[0] in the kind's whole list


def shown(groups: list[DueGroup]) -> list[DueGroup]:
    """The groups with their texts in the current language (lazy texts become plain ones), so that the page can
    keep them in the cache under that language."""
    return [replace(g, label=str(g.label), items=[replace(i, label=str(i.label), detail=str(i.detail))
                                                  for i in g.items]) for g in groups]


def due_page(scope: Scope, today: date, org_path: str = "", kind: str = "", start: int = 0, size: int = PAGE_SIZE,
             horizon_days: int = 60) -> list[DueGroup]:
    """The due work of `due_work` by kind, each kind counted and only `size` of its items built (from `start`
    within `kind` when given, else the first of every kind): a register of a million members has tens of
    thousands of items due, and the page lists a page of them. The work on members' own dates is counted and
    paged in SQL; the rest (badges, the apps' findings) is built by its rule and cut."""
    cal = working_calendar()
    base = scoped(scope).filter(status__in=ACTIVE_STATUSES).select_related("organization", "host_organization")
    if org_path:
        base = base.filter(org_path__startswith=org_path)
    groups: list[DueGroup] = []
    deadline = _deadlines(cal)
    for k, label, members, late, order in _member_due(base, today, today + timedelta(days=horizon_days), cal):
        if kind and k != kind:
            continue
        row = members.aggregate(n=Count("pk"), late=Count("pk", filter=late))
        if not row["n"]:
            continue
        first = start if kind else 0
        shown = members.order_by(order, "sort_key", "pk")[first:first + size]
        groups.append(DueGroup(k, label, row["n"], row["late"], _member_items(k, label, shown, today, deadline),
                               first))
    others: dict[str, list[DueItem]] = {}
    for i in _other_due(scope, base, today, org_path):
        if not kind or i.kind == kind:
            others.setdefault(i.kind, []).append(i)
    for k, items in others.items():
        items.sort(key=lambda i: (not i.overdue, i.due, i.member.sort_key))
        first = start if kind else 0
        groups.append(DueGroup(k, items[0].label, len(items), sum(1 for i in items if i.overdue),
                               items[first:first + size], first))
    return groups


@dataclass(frozen=True)
class DueCount:
    kind: str
    label: str
    n: int
    overdue: int


def due_counts(scope: Scope, today: date, horizon_days: int = 60) -> tuple[list[DueCount], list[DueCount]]:
    """The due work of `due_work` counted by kind: (what the scope may do — it writes in the member's organisation —,
    what it only follows). The work on members' own dates is counted in SQL (one query a kind), never listed."""
    base = scoped(scope).filter(status__in=ACTIVE_STATUSES)
    # The member's own copy of its organisation's path: no join of the organisations (52.000 at 1.000.000 members).
    mine_q = Q(pk__isnull=False) if scope.is_admin else scope.path_q("org_path", "write")
    mine, watched = [], []
    for kind, label, members, late, _order in _member_due(base, today, today + timedelta(days=horizon_days),
                                                          working_calendar()):
        row = members.aggregate(n=Count("pk"), late=Count("pk", filter=late), own=Count("pk", filter=mine_q),
                                own_late=Count("pk", filter=mine_q & late))
        if row["own"]:
            mine.append(DueCount(kind, label, row["own"], row["own_late"]))
        if row["n"] - row["own"]:
            watched.append(DueCount(kind, label, row["n"] - row["own"], row["late"] - row["own_late"]))
    others = _other_due(scope, base.select_related("organization"), today, "")
    for out, items in ((mine, [i for i in others if scope.can("write", i.member.organization)]),
                       (watched, [i for i in others if not scope.can("write", i.member.organization)])):
        labels: dict[str, str] = {}
        for i in items:
            labels.setdefault(i.kind, i.label)
        out.extend(DueCount(kind, label, sum(1 for i in items if i.kind == kind),
                            sum(1 for i in items if i.kind == kind and i.overdue)) for kind, label in labels.items())
    return mine, watched


def badge_candidates(base, occasion: date, slack_months: int) -> dict[int, int]:
    """{member id: highest badge held} for the official members of `base` whose party age, plus `slack_months`,
    reaches by `occasion` a milestone above their highest badge: SQL narrows, the rule (rules/badges.py) decides.

    party_age_start subtracts whole months of any gap; the rule counts a gap's days (rules.md §3.3): hence at
    least a month's slack. The members found are read apart by the callers: joined into this grouped query, the
    organisations were read whole (52.000 rows at 1.000.000 members, half of the query's time)."""
    milestones = sorted(badge_rules.milestones_on(occasion))
    near = Q(pk__in=[])
    for n in milestones:
        near |= Q(party_age_start__lte=rules.add_months(occasion, slack_months - 12 * n), held__lt=n)
    first = rules.add_months(occasion, slack_months - 12 * milestones[0])
    return dict(base.filter(status=Status.OFFICIAL, party_age_start__lte=first)
                .annotate(held=Coalesce(Max("badges__years"), Value(0))).filter(near).values_list("pk", "held"))


def badges_due(base, today: date) -> list[DueItem]:
    """Members reaching a badge milestone by the next awarding occasion (3/2, 19/5, 2/9, 7/11)."""
    occasion = badge_rules.next_occasion(today)
    held = badge_candidates(base, occasion, 1)
    out = []
    for m in Member.objects.filter(pk__in=held).select_related("organization").order_by("sort_key", "id"):
        start, gaps = party_age_inputs(m)
        milestone = badge_rules.due_milestone(start, m.official_date or start, gaps, {held[m.pk]}, occasion)
        if milestone:
            out.append(DueItem(m, "badge", formatted(_("Huy hiệu %(years)s năm tuổi đảng"), years=milestone),
                               occasion, False, formatted(_("Xét tặng dịp %(date)s"), date=f"{occasion:%d/%m/%Y}")))
    return out


ENDING_KINDS = {EventKind.REMOVAL, EventKind.EXPULSION, EventKind.RESIGNATION, EventKind.DEATH}


def party_age_basis(events) -> tuple[date | None, list, bool]:
    """(the admission decision party age runs from, the periods outside the Party, whether ever official)
    from a member's events in order, given as (kind, effective date, decision date, status after) — the
    inputs of rules.party_age (rules.md §3.3).

    A re-admitted member, once official again, counts from the first admission decision minus the time
    outside the Party (24-QĐ/TW 2021, point 4.5.2). The texts make no exception for one who left while still
    probationary, so neither does this.
    """
    origin, gaps, left, recognised = None, [], None, False
    for kind, effective, decided, status_after in events:
        if kind == EventKind.ADMISSION:
            origin, gaps = decided or effective, []
        elif kind == EventKind.READMISSION:
            if left is not None and origin is not None:
                gaps.append((left, effective))
            else:
                origin, gaps = decided or effective, []
            left = None
        elif kind in ENDING_KINDS:
            left = effective
        recognised = recognised or status_after == Status.OFFICIAL
    return origin, gaps, recognised


def party_age_inputs(member: Member) -> tuple[date, list]:
    """Party age's start and gaps for `member`: read from the events only for a re-admitted member (whose
    party_age_start, the first decision moved by the gap, differs from the re-admission decision on the dossier)."""
    if member.party_age_start == member.admission_decision_date:
        return member.party_age_start, []
    origin, gaps, _ = party_age_basis(member.events.order_by("effective_date", "id").values_list(
        "kind", "effective_date", "decision_date", "status_after"))
    return (origin, gaps) if origin is not None else (member.party_age_start, [])


def party_age(member: Member, on: date):
    """Party age on `on` (rules.md §3.3): none while probationary or for one who left before recognition;
    frozen on the day an official member left the list (the time outside is not party age)."""
    if member.party_age_start is None:
        return None
    if member.status in ENDED_STATUSES and member.left_on:
        on = min(on, member.left_on)
    elif member.status == Status.TRANSFERRED_OUT:
        # Still a member, now registered elsewhere: party age runs on once they were official.
        if member.official_date is None or member.official_date > on:
            return None
    elif member.status != Status.OFFICIAL:
        return None
    start, gaps = party_age_inputs(member)
    return rules.party_age(start, member.official_date or start, gaps, on)


# -- what keeps a member from an official transfer ----------------------------------------------------------
def transfer_blocks(member: Member) -> list[str]:
    """Every app's reason why `member` may not be transferred officially now (QĐ 294 point 6.3.1: under
    inspection, a complaint or denunciation being settled): the registry's `transfer_guard` modules answer."""
    return [reason for module in registry.transfer_guard_modules()
            for reason in importlib.import_module(module).transfer_blocks(member)]


# -- discipline --------------------------------------------------------------------------------------------
def discipline_settings() -> discipline_rules.DisciplineSettings:
    """The deployment's values of the QĐ 296 rules not fully confirmed (settings.DANGBO_DISCIPLINE)."""
    from django.conf import settings

    return discipline_rules.DisciplineSettings.from_mapping(getattr(settings, "DANGBO_DISCIPLINE", None))


DISCIPLINE_SEVERITY = {"khien_trach": 1, "canh_cao": 2, "cach_chuc": 3}


def disciplines_in_year(member_ids, year: int) -> dict[int, tuple[str, bool]]:
    """member id -> (the severest form in force decided in `year`, whether every such decision was for a
    violation the member detected and reported themselves). One query for any number of members."""
    from .models import Discipline

    out: dict[int, tuple[str, bool]] = {}
    rows = Discipline.objects.filter(member_id__in=list(member_ids), decided_on__year=year,
                                     annulled_on__isnull=True).values_list("member_id", "form", "self_detected")
    for member_id, form, self_detected in rows:
        if member_id in out:
            old_form, old_self = out[member_id]
            worst = form if DISCIPLINE_SEVERITY[form] > DISCIPLINE_SEVERITY[old_form] else old_form
            out[member_id] = (worst, old_self and self_detected)
        else:
            out[member_id] = (form, self_detected)
    return out
