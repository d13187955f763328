"""The data-quality report of a subtree (issue 14.5): one SQL condition per kind of finding, counted in one scan.

Every kind (`dangbo.rules.quality.KINDS`) is a `Q` over the subtree's member rows (their home organisation under
the chosen organisation's path), written so SQLite and PostgreSQL give the same answer: date comparisons "plus N
years" compare integer keys yyyymmdd on SQLite and dates on PostgreSQL (a 29 February moved to the 28th, as
`rules.membership.add_months` does), the probation deadline (12 months + 30 working days, with the holidays of the
calendar) becomes a cut-off date found once in Python by binary search, duplicates are GROUP BY … HAVING
subqueries read in the order of their indexes (member_name_birth, member_card_key). The counts of every kind and
the rows to list come from one pass (`scan`), the rows in the members' Vietnamese order with a keyset cursor.
Nothing loops over members in Python except the rows of the page being shown.
"""

from __future__ import annotations

import base64
import json
from collections import OrderedDict
from dataclasses import asdict, dataclass, field
from datetime import date

from django.db import connection
from django.db.models import Case, CharField, Count, F, Func, IntegerField, Q, Value, When
from django.db.models.fields.tuple_lookups import TupleIn
from django.db.models.functions import Substr
from django.db.models.lookups import Exact, In, LessThan
from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy

from dangbo.admission.models import Candidate, CandidateStatus
from dangbo.core.bulk import planner
from dangbo.core.models import CalendarDay
from dangbo.members.models import ACTIVE_STATUSES, EventKind, Member, MemberEvent, Status, card_number_key
from dangbo.members.queries import working_calendar
from dangbo.organizations.models import CELL_KINDS, Organization, OrgStatus
from dangbo.rules import membership
from dangbo.rules.quality import BY_CODE, KINDS, Kind, card_key, expected_citizen_id_digits, last_start_before
from dangbo.rules.text import format_date

ACTIVE = list(ACTIVE_STATUSES)
DATE_FIELDS = (("birth_date", gettext_lazy("ngày sinh")),
               ("admission_decision_date", gettext_lazy("ngày quyết định kết nạp")),
               ("ceremony_date", gettext_lazy("ngày lễ kết nạp")), ("official_date", gettext_lazy("ngày chính thức")),
               ("left_on", gettext_lazy("ngày ra khỏi danh sách")))
CENTURY_20, CENTURY_21, CENTURY_22 = date(1900, 1, 1), date(2000, 1, 1), date(2100, 1, 1)
RECORD_FIELDS = (("hometown", gettext_lazy("quê quán")), ("residence", gettext_lazy("nơi thường trú")),
                 ("admission_decision_number", gettext_lazy("số quyết định kết nạp")))


# -- SQL pieces ------------------------------------------------------------------------------------------------
class DateKey(Func):
    """A date as a value that compares in calendar order with `PlusYears`, in each database's native SQL (Django's
    Extract functions are Python callbacks on SQLite, which made the report ten times slower there): on SQLite the
    integer yyyymmdd, on PostgreSQL the date itself (TO_CHAR on every row of a million was a tenth of the pass)."""

    output_field = IntegerField()

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="CAST(REPLACE(%(expressions)s, '-', '') AS INTEGER)",
                           **extra)

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="%(expressions)s", **extra)


class PlusYears(Func):
    """`name` + `years` calendar years, compared with a `DateKey`: a 29 February falls back to the 28th, as
    `rules.membership.add_months` does (the target year is never a leap year for the 1 and 18 years used here,
    since 1 and 18 are not multiples of 4). SQLite: the yyyymmdd key plus years × 10000, less one on a 29 February;
    PostgreSQL: date + interval, which moves the 29 February to the 28th the same way."""

    output_field = IntegerField()

    def __init__(self, name: str, years: int):
        super().__init__(name)
        self.years = int(years)

    def as_sqlite(self, compiler, connection, **extra):
        template = (f"(CAST(REPLACE(%(expressions)s, '-', '') AS INTEGER) + {self.years * 10000}"
                    " - (CASE WHEN SUBSTR(%(expressions)s, 6, 5) = '02-29' THEN 1 ELSE 0 END))")
        return self.as_sql(compiler, connection, template=template, **extra)

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection,
                           template=f"CAST(%(expressions)s + INTERVAL '{self.years} years' AS DATE)", **extra)


class YearDigits(Func):
    """The last two digits of a date's year as text ("85" for 1985; the years 1900–2099 the condition reads). On
    PostgreSQL by DATE_PART, cheaper than TO_CHAR on each of a million rows."""

    output_field = CharField()

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="SUBSTR(%(expressions)s, 3, 2)", **extra)

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection,
                           template="RIGHT(CAST(CAST(DATE_PART('year', %(expressions)s) AS INTEGER) AS TEXT), 2)",
                           **extra)


_CUTOFFS: OrderedDict = OrderedDict()


@dataclass
class Context:
    """What the conditions need besides the rows: the subtree, today, the probation cut-offs."""

    org_path: str
    today: date
    ceremony_cutoff: date = None  # a probationary member whose ceremony is on or before it is overdue
    decision_cutoff: date = None  # the same when no ceremony is recorded, by the decision date
    ceremony_due_cutoff: date = None  # a decision on or before it should have had its ceremony by today

    def __post_init__(self):
        # The cut-offs depend on today and the calendar's rows only: found once per day and calendar (the binary
        # searches over four years of working days took a tenth of the demo's page).
        days = tuple(CalendarDay.objects.order_by("date", "kind").values_list("date", "kind"))
        key = (self.today, days)
        if key not in _CUTOFFS:
            cal = working_calendar()

            def by_ceremony(c):
                return membership.recognition_deadline(membership.official_date(c), cal)

            def by_decision(d):  # the ceremony at the latest allowed date, then the same
                return by_ceremony(membership.ceremony_deadline(d, cal))

            _CUTOFFS[key] = (last_start_before(by_ceremony, self.today), last_start_before(by_decision, self.today),
                             last_start_before(lambda d: membership.ceremony_deadline(d, cal), self.today))
            while len(_CUTOFFS) > 64:
                _CUTOFFS.popitem(last=False)
        self.ceremony_cutoff, self.decision_cutoff, self.ceremony_due_cutoff = _CUTOFFS[key]

    def subtree(self):
        return Member.objects.filter(org_path__startswith=self.org_path)


def _expected_digit():
    """The 4th digit a CCCD must have for the row's birth date and gender (quality.citizen_id_structure)."""
    return Case(When(birth_date__lt=CENTURY_21, gender="F", then=Value("1")),
                When(birth_date__lt=CENTURY_21, then=Value("0")),
                When(gender="F", then=Value("3")), default=Value("2"), output_field=CharField())


def _probation_end_key():
    return Case(When(ceremony_date__isnull=False, then=PlusYears("ceremony_date", 1)),
                default=PlusYears("admission_decision_date", 1))


def _blank(name: str) -> Q:
    return Q(**{f"{name}__isnull": True}) | Q(**{name: ""})


def condition(code: str, ctx: Context) -> Q:
    """The rows of the subtree that have the finding `code`."""
    active = Q(status__in=ACTIVE)
    if code == "missing_citizen_id":
        return active & _blank("citizen_id")
    if code == "citizen_id_mismatch":
        return (Q(citizen_id__isnull=False, birth_date__gte=CENTURY_20, birth_date__lt=CENTURY_22)
                & ~Q(citizen_id="") & (~Q(Exact(Substr("citizen_id", 4, 1), _expected_digit()))
                   | ~Q(Exact(Substr("citizen_id", 5, 2), YearDigits("birth_date")))))
    if code == "missing_card_number":
        return Q(status=Status.OFFICIAL) & _blank("card_number")
    if code == "birth_after_admission":
        return Q(birth_date__gte=F("admission_decision_date"))
    if code == "admitted_under_18":
        return Q(birth_date__lt=F("admission_decision_date")) & Q(
            LessThan(DateKey("admission_decision_date"), PlusYears("birth_date", 18)))
    if code == "ceremony_before_decision":
        return Q(ceremony_date__lt=F("admission_decision_date"))
    if code == "official_before_probation_end":
        return Q(LessThan(DateKey("official_date"), _probation_end_key()))
    if code == "future_date":
        q = Q(pk__in=[])
        for name, _ in DATE_FIELDS:
            # A probationary member's official date is the expected end of probation (set at the ceremony).
            extra = ~Q(status=Status.PROBATIONARY) if name == "official_date" else Q()
            q |= Q(**{f"{name}__gt": ctx.today}) & extra
        return q
    if code == "event_after_death":
        # Uncorrelated IN (a hashed subplan on PostgreSQL), not EXISTS: inside the counts' FILTER a correlated
        # subquery would run once per member.
        return Q(pk__in=MemberEvent.objects.filter(
            kind=EventKind.DEATH, member__org_path__startswith=ctx.org_path,
            member__events__effective_date__gt=F("effective_date")).values("member_id"))
    if code == "duplicate_citizen_id":
        # Two member records never share a CCCD: Member.citizen_id is unique in the database (both databases refuse
        # the second row), so no GROUP BY over the members is needed (it was a full scan of a 1,000,000-member
        # subtree for an answer that is always empty). What remains is a member whose CCCD is also a person's in
        # the admission pipeline.
        pipeline = (Candidate.objects.filter(org_path__startswith=ctx.org_path, status=CandidateStatus.PIPELINE)
                    .exclude(citizen_id="").values("citizen_id"))
        return Q(citizen_id__in=pipeline)
    if code == "duplicate_card_number":
        # The keys two or more numbers share, grouped in the order of the index member_card_key (COUNT(*): the
        # index carries every column the grouping reads), then the numbers that have them (the same index). Card
        # numbers are unique, so "my number is one of those" is "my key is shared", and the pass compares each
        # row's own number with a small hashed set instead of computing a million keys.
        numbers = ctx.subtree().exclude(_blank("card_number"))
        twice = (numbers.annotate(card_key=card_number_key()).values("card_key").annotate(n=Count("*"))
                 .filter(n__gt=1).values("card_key"))
        return Q(card_number__in=numbers.filter(In(card_number_key(), twice)).values("card_number"))
    if code == "duplicate_name_birth":
        # The pairs (name, birth date) of two or more members, grouped in the order of the index member_name_birth,
        # compared as a pair (a row value): no text key built for each of a million rows.
        twice = (ctx.subtree().values("full_name", "birth_date").annotate(n=Count("*")).filter(n__gt=1)
                 .values("full_name", "birth_date"))
        return Q(TupleIn((F("full_name"), F("birth_date")), twice.query))
    if code == "not_in_cell":
        # The subtree's organisations that are not a working chi bộ (a few hundred of 11,334), as a hashed set:
        # joining every member row to its organisation cost a tenth of the pass on 1,000,000 members.
        elsewhere = (Organization.objects.filter(path__startswith=ctx.org_path)
                     .filter(~Q(kind__in=list(CELL_KINDS)) | ~Q(status=OrgStatus.ACTIVE)).values("pk"))
        return active & Q(organization__in=elsewhere)
    if code == "probation_overdue":
        return Q(status=Status.PROBATIONARY) & (
            Q(ceremony_date__isnull=False, ceremony_date__lte=ctx.ceremony_cutoff)
            | Q(ceremony_date__isnull=True, admission_decision_date__lte=ctx.decision_cutoff))
    if code == "record_incomplete":
        # A ceremony not yet due (30 working days after the decision) is not missing.
        q = (Q(ceremony_date__isnull=True, admission_decision_date__lte=ctx.ceremony_due_cutoff)
             | Q(status=Status.OFFICIAL, official_date__isnull=True))
        for name, _ in RECORD_FIELDS:
            q |= _blank(name)
        return active & q
    raise ValueError(f"unknown kind {code!r}")


def base(ctx: Context):
    return ctx.subtree()


def counts(ctx: Context) -> dict[str, int]:
    """How many members of the subtree have each kind of finding: one aggregate query. The conditions are lookup
    expressions, not annotations: Django would otherwise copy every annotation into each of the filters, which
    cost more than the query itself on the demo."""
    # On PostgreSQL without JIT (compiling this many FILTERs cost more than it saved) and in one process (a parallel
    # plan rebuilt the duplicate GROUP BYs in every worker): core.bulk.planner.
    with planner(jit="off", max_parallel_workers_per_gather=0):
        agg = base(ctx).aggregate(**{k.code: Count("pk", filter=condition(k.code, ctx)) for k in KINDS})
    return {k.code: agg[k.code] or 0 for k in KINDS}


def members_with(code: str, ctx: Context):
    return base(ctx).filter(condition(code, ctx))


# -- the findings of a page --------------------------------------------------------------------------------------
@dataclass
class Item:
    kind: str
    label: str
    member_id: int
    full_name: str
    organization: str
    value: str
    rule: str
    source: str
    confidence: str
    link: str

    def as_dict(self) -> dict:
        return asdict(self)


def _dates(m: Member, names) -> str:
    return ", ".join(f"{label} {format_date(getattr(m, name))}" for name, label in DATE_FIELDS
                     if name in names and getattr(m, name))


def _partners(code: str, rows: list[Member], ctx: Context) -> dict[int, list[str]]:
    """For duplicates: who else each row of the page shares its key with (one query per page)."""
    if not rows or not code.startswith("duplicate_"):
        return {}
    out: dict[int, list[str]] = {m.pk: [] for m in rows}
    if code == "duplicate_citizen_id":
        keys = {m.citizen_id for m in rows}
        others = ctx.subtree().filter(citizen_id__in=keys).values_list("pk", "citizen_id", "full_name")
        for m in rows:
            out[m.pk] = [n for pk, c, n in others if c == m.citizen_id and pk != m.pk]
        cands = (Candidate.objects.filter(org_path__startswith=ctx.org_path, status=CandidateStatus.PIPELINE,
                                          citizen_id__in=keys).values_list("citizen_id", "full_name"))
        for m in rows:
            out[m.pk] += [gettext("%(name)s (quần chúng trong danh sách phát triển đảng viên)") % {"name": n}
                          for c, n in cands if c == m.citizen_id]
    elif code == "duplicate_card_number":
        keys = {card_key(m.card_number) for m in rows}
        others = list(ctx.subtree().annotate(card_key=card_number_key()).filter(card_key__in=keys)
                      .values_list("pk", "card_key", "full_name", "card_number"))
        for m in rows:
            out[m.pk] = [gettext("%(name)s (số thẻ %(card)s)") % {"name": n, "card": c}
                         for pk, k, n, c in others if k == card_key(m.card_number) and pk != m.pk]
    else:
        names = {m.full_name for m in rows}
        others = list(ctx.subtree().filter(full_name__in=names).values_list("pk", "full_name", "birth_date",
                                                                              "organization__name"))
        for m in rows:
            out[m.pk] = [gettext("hồ sơ số %(pk)s (%(org)s)") % {"pk": pk, "org": o} for pk, n, b, o in others
                         if n == m.full_name and b == m.birth_date and pk != m.pk]
    return out


def value_text(kind: Kind, m: Member, ctx: Context, partners: list[str], show_cid: bool) -> str:
    """The value the finding is about, in the active language (Vietnamese in the exports)."""
    c = kind.code
    cid = (m.citizen_id or "") if show_cid else gettext("(số CCCD ẩn với vai trò của bạn)")
    if c == "missing_citizen_id":
        return gettext("Chưa có số CCCD")
    if c == "citizen_id_mismatch":
        expected = expected_citizen_id_digits(m.birth_date, m.gender) or "?"
        got = (m.citizen_id or "")[3:6] if show_cid else "…"
        return gettext("Số CCCD %(cid)s: chữ số thứ 4–6 là «%(got)s», theo ngày sinh %(birth)s và giới tính %(gender)s "
                       "phải là «%(expected)s»") % {"cid": cid, "got": got, "birth": format_date(m.birth_date),
                                                   "gender": m.get_gender_display().lower(), "expected": expected}
    if c == "missing_card_number":
        return (gettext("Chưa có số thẻ; chính thức từ %(date)s") % {"date": format_date(m.official_date)}
                if m.official_date else gettext("Chưa có số thẻ"))
    if c in ("birth_after_admission", "admitted_under_18"):
        age = membership.age_in_months(m.birth_date, m.admission_decision_date)
        years, months = divmod(max(age, 0), 12)
        return (_dates(m, ("birth_date", "admission_decision_date"))
                + (gettext(" (khi kết nạp %(years)s tuổi %(months)s tháng)") % {"years": years, "months": months}
                   if age >= 0 else ""))
    if c == "ceremony_before_decision":
        return _dates(m, ("admission_decision_date", "ceremony_date"))
    if c == "official_before_probation_end":
        start = m.ceremony_date or m.admission_decision_date
        end = membership.official_date(start)
        return (_dates(m, ("admission_decision_date", "ceremony_date", "official_date"))
                + gettext("; hết 12 tháng dự bị ngày %(date)s") % {"date": format_date(end)})
    if c == "future_date":
        return "; ".join(f"{label} {format_date(getattr(m, name))}" for name, label in DATE_FIELDS
                         if getattr(m, name) and getattr(m, name) > ctx.today)
    if c == "event_after_death":
        events = list(m.events.order_by("effective_date", "id"))
        death = next((e for e in events if e.kind == EventKind.DEATH), None)
        later = [e for e in events if death and e.effective_date > death.effective_date]
        return (gettext("Từ trần ngày %(date)s; sau đó: %(events)s") % {
            "date": format_date(death.effective_date),
            "events": "; ".join(f"{e.get_kind_display()} {format_date(e.effective_date)}" for e in later)}
            if death else "")
    if c == "duplicate_citizen_id":
        return gettext("Số CCCD %(cid)s trùng với: %(others)s") % {"cid": cid, "others": "; ".join(partners)}
    if c == "duplicate_card_number":
        return gettext("Số thẻ %(card)s trùng với: %(others)s") % {"card": m.card_number,
                                                                   "others": "; ".join(partners)}
    if c == "duplicate_name_birth":
        return gettext("%(name)s, sinh %(birth)s, trùng với: %(others)s") % {
            "name": m.full_name, "birth": format_date(m.birth_date), "others": "; ".join(partners)}
    if c == "not_in_cell":
        org = m.organization
        why = (org.get_status_display().lower() if org.status != OrgStatus.ACTIVE
               else gettext("là %(kind)s, không phải chi bộ") % {"kind": org.get_kind_display().lower()})
        return gettext("Ghi sinh hoạt ở «%(org)s» (%(why)s)") % {"org": org.name, "why": why}
    if c == "probation_overdue":
        start = m.ceremony_date
        if start is None:
            return gettext("Quyết định kết nạp %(date)s, sổ chưa ghi lễ kết nạp; vẫn là đảng viên dự bị") % {
                "date": format_date(m.admission_decision_date)}
        end = membership.official_date(start)
        deadline = membership.recognition_deadline(end, working_calendar())
        return gettext("Lễ kết nạp %(ceremony)s, hết dự bị %(end)s, hạn xét %(deadline)s; vẫn là đảng viên dự "
                       "bị") % {"ceremony": format_date(start), "end": format_date(end),
                               "deadline": format_date(deadline)}
    if c == "record_incomplete":
        missing = [str(label) for name, label in RECORD_FIELDS if not getattr(m, name)]
        if m.ceremony_date is None and m.admission_decision_date <= ctx.ceremony_due_cutoff:
            missing.append(gettext("ngày lễ kết nạp"))
        if m.status == Status.OFFICIAL and m.official_date is None:
            missing.append(gettext("ngày chính thức"))
        return gettext("Thiếu %(fields)s") % {"fields": ", ".join(missing)}
    return ""


def items(code: str, rows: list[Member], ctx: Context, scope) -> list[Item]:
    kind = BY_CODE[code]
    partners = _partners(code, rows, ctx)
    source = kind.source_text()
    return [Item(code, kind.label, m.pk, m.full_name, m.organization.name,
                 value_text(kind, m, ctx, partners.get(m.pk, []), scope.can_see_sensitive_path(m.org_path)),
                 kind.rule, source, kind.confidence, reverse("members:detail", args=[m.pk])) for m in rows]


# -- paging across kinds -----------------------------------------------------------------------------------------
def _encode(values: list) -> str:
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode()


def _decode(cursor: str):
    try:
        k, sort_key, pk = json.loads(base64.urlsafe_b64decode(cursor.encode()).decode())
        if isinstance(k, int) and isinstance(sort_key, str) and isinstance(pk, int) and 0 <= k < len(KINDS):
            return k, sort_key, pk
    except (ValueError, TypeError, UnicodeDecodeError):
        pass
    return None


def fetch(ctx: Context, scope, codes: list[str]):
    """A `fetch(cursor, size)` for core.paging.page_of: the findings of `codes`, kind by kind in the catalogue's
    order, each kind's members in Vietnamese order; the cursor is (kind, sort key, id) of the last row shown.
    The rows come from `scan`, one pass that also counts every kind: `run.counts` after a call."""

    def run(cursor: str, size: int):
        start = _decode(cursor) if cursor else None
        found = scan(ctx, codes, after=start, size=size + 1)
        run.counts = found.counts
        out = found.items(ctx, scope)
        if len(out) > size:
            last = found.keys[size - 1]
            return out[:size], _encode(list(last))
        return out, ""

    run.counts = None
    return run


# -- one pass: the counts and the rows to list -------------------------------------------------------------------
def _flags(ctx: Context):
    """Each kind of finding as one bit (bit i: KINDS[i]) of an integer per member: 0 for a member with none."""
    expr = None
    for i, k in enumerate(KINDS):
        term = Case(When(condition(k.code, ctx), then=Value(1 << i)), default=Value(0), output_field=IntegerField())
        expr = term if expr is None else expr + term
    return expr


_COMPILED: OrderedDict = OrderedDict()


def _flagged_sql(ctx: Context) -> tuple[str, tuple]:
    """The SQL and parameters of the pass (each member's id, sort key and kinds as bits), compiled once per
    subtree and day: they depend only on the context's values (the path, today, the probation cut-offs), never on
    the rows, and Django took as long to compile these fifteen conditions as SQLite took to run them on the demo
    (≈ 40 ms each on 3,285 members)."""
    key = (connection.alias, connection.vendor, ctx.org_path, ctx.today, ctx.ceremony_cutoff, ctx.decision_cutoff,
           ctx.ceremony_due_cutoff)
    found = _COMPILED.get(key)
    if found is None:
        inner = base(ctx).order_by().annotate(flags=_flags(ctx)).values_list("pk", "sort_key", "flags")
        found = _COMPILED[key] = inner.query.sql_with_params()
        while len(_COMPILED) > 256:
            _COMPILED.popitem(last=False)
    return found


@dataclass
class Scan:
    counts: dict[str, int]
    keys: list[tuple[int, str, int]]  # (kind index, sort key, id) of each row listed, in the list's order
    members: dict[int, Member]

    def items(self, ctx: Context, scope) -> list[Item]:
        """The rows as findings, in order; the duplicates' partners looked up once per kind."""
        out: list[Item] = []
        j = 0
        while j < len(self.keys):
            i = self.keys[j][0]
            run = []
            while j < len(self.keys) and self.keys[j][0] == i:
                run.append(self.members[self.keys[j][2]])
                j += 1
            out += items(KINDS[i].code, run, ctx, scope)
        return out


def scan(ctx: Context, codes: list[str], *, per_kind: int = 0, after: tuple | None = None, size: int = 0) -> Scan:
    """The counts of every kind and the rows to list, in one pass over the subtree.

    Each member's kinds become the bits of one integer (`_flags`); only the members with a finding are kept (a
    materialised CTE), and from those alone come the counts of every kind and either the first `per_kind` members
    of each kind in `codes` (the report) or, with `size`, the `size` rows after the cursor `after` = (kind index,
    sort key, id) across the kinds of `codes` (a page), ordered by kind, then sort key and id as the database
    orders them. Before, the counts were one pass and each kind listed was another, each a scan of the subtree in
    the members' order (on 1,000,000 members the listings cost twice the counts)."""
    wanted = [i for i, k in enumerate(KINDS) if k.code in codes]
    sql, params = _flagged_sql(ctx)
    params = list(params)
    bits = ", ".join(f"({i}, {1 << i})" for i in range(len(KINDS)))
    listed = f"h.i IN ({', '.join(str(i) for i in wanted) or '-1'})"
    if size:
        if after is not None:
            listed += " AND (h.i > %s OR (h.i = %s AND (h.sort_key > %s OR (h.sort_key = %s AND h.id > %s))))"
            params += [after[0], after[0], after[1], after[1], after[2]]
        window, limit = "ROW_NUMBER() OVER (ORDER BY h.i, h.sort_key, h.id)", size
    else:
        window, limit = "ROW_NUMBER() OVER (PARTITION BY h.i ORDER BY h.sort_key, h.id)", per_kind
    query = (
        f"WITH f (id, sort_key, flags) AS MATERIALIZED (SELECT q.* FROM ({sql}) q WHERE q.flags <> 0), "
        f"k (i, bit) AS (VALUES {bits}), "
        "h (i, id, sort_key) AS MATERIALIZED (SELECT k.i, f.id, f.sort_key FROM f JOIN k ON (f.flags & k.bit) <> 0) "
        "SELECT 0, h.i, COUNT(*), 0 FROM h GROUP BY h.i "
        f"UNION ALL SELECT 1, w.i, w.id, w.n FROM (SELECT h.i, h.id, {window} AS n FROM h WHERE {listed}) w "
        f"WHERE w.n <= {int(limit)}")
    # On PostgreSQL without JIT and in one process, as `counts` (core.bulk.planner).
    with planner(jit="off", max_parallel_workers_per_gather=0), connection.cursor() as cur:
        cur.execute(query, params)
        result = cur.fetchall()
    n = {k.code: 0 for k in KINDS}
    listing = []
    for part, i, a, b in result:
        if part == 0:
            n[KINDS[i].code] = a
        else:
            listing.append((i, b, a))
    # A page in the catalogue's order; the report in the order the kinds were asked (`dangbo quality --kind`).
    listing.sort(key=lambda r: r[1] if size else (codes.index(KINDS[r[0]].code), r[1]))
    members = base(ctx).select_related("organization").in_bulk([pk for _, _, pk in listing])
    # A member deleted between the two statements is skipped, not an error.
    keys = [(i, members[pk].sort_key, pk) for i, _, pk in listing if pk in members]
    return Scan(n, keys, members)


# -- the report --------------------------------------------------------------------------------------------------
@dataclass
class Report:
    organization: dict
    date: str
    counts: list[dict]
    total: int
    items: list[dict] = field(default_factory=list)
    limit: int = 0

    def as_dict(self) -> dict:
        return asdict(self)


def report(scope, org, today: date, *, codes: list[str] | None = None, limit: int = 100) -> Report:
    """Counts of every kind for `org`'s subtree and, for each kind asked, its first `limit` findings (0: none).
    The caller has checked that `scope` reads `org`."""
    ctx = Context(org.path, today)
    codes = codes or [k.code for k in KINDS]
    found = scan(ctx, codes, per_kind=limit)  # limit 0: the counts only
    n = found.counts
    out = found.items(ctx, scope)
    return Report(
        organization={"code": org.code, "name": org.name}, date=today.isoformat(),
        counts=[{"kind": k.code, "label": k.label, "count": n[k.code], "rule": k.rule, "source": k.source_text(),
                 "confidence": k.confidence} for k in KINDS if k.code in codes],
        total=sum(n[c] for c in codes), items=[i.as_dict() for i in out], limit=limit)


def report_text(data: dict) -> str:
    """The report as plain Vietnamese text for the terminal."""
    from dangbo.rules.text import format_number

    lines = [f"Chất lượng dữ liệu đảng viên – {data['organization']['name']} ({data['organization']['code']}), "
             f"ngày {format_date(date.fromisoformat(data['date']))}",
             f"Tổng số phát hiện: {format_number(data['total'])}", ""]
    for c in data["counts"]:
        lines.append(f"  {format_number(c['count']):>9}  {c['label']}")
    if data["items"]:
        lines.append("")
        current = None
        for it in data["items"]:
            if it["kind"] != current:
                current = it["kind"]
                lines.append(f"{it['label']} (tối đa {data['limit']} dòng):")
            lines.append(f"  - {it['full_name']} ({it['organization']}): {it['value']}")
    return "\n".join(lines)
