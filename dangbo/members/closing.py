"""Closed periods (chốt số liệu): the register's state on a closed date, kept in a table (issue 16).

Every figure "as of a date" is the state each member's last event on or before it leaves behind (members.asof).
Counting that from the whole event history on every request costs a scan of the history; on a closed date the
figures are read from `PeriodState` instead: per home organisation, the official and probationary members on the
list, in total and by each breakdown the statistics tables need (DIMENSIONS).

- Written when a period closes (`close_period`, the action behind `dangbo stats close --date D` and the job kind
  `members.close_period`): the rows of that date computed from the history in one GROUP BY per breakdown.
- Kept right by the member actions: `replay()` (every event, including a late one dated inside a closed period)
  and the dossier's update recompute, in their own transaction, the rows of every closed date for each organisation
  the member belonged to (before and after the change); the bulk paths (`recount`) do the same for the
  organisations they touched.
- Read by `counts` (the statistics tables, the year-end report's year ends, asof.counts_as_of/counts_on_dates)
  where the date is closed, else from the history; the live counts of the current period stay the register's
  (`Organization.official_count`, kept by the actions).

Breakdowns use the dossier as it is now (exchange/statistics.py explains why), so a dossier's change also
recomputes that member's organisations on the closed dates. The table equals the history
(tests/members/test_closing.py proves it on random histories with late events, on SQLite and PostgreSQL).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.db import transaction
from django.db.models import Case, Count, F, IntegerField, Q, Sum, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dangbo.core import audit
from dangbo.core.actions import audited_action, date_text, fail
from dangbo.core.bulk import RowWriter, allocate_ids
from dangbo.core.scopes import ScopeDenied, scope_for
from dangbo.rules.membership import add_months

from . import asof
from .asof import closed_counts, closed_dates, history_only, is_closed, read_once  # noqa: F401  (this module's API)
from .models import ClosedPeriod, PeriodState, Status

AGE_BANDS = [("18–30", 30), ("31–35", 35), ("36–40", 40), ("41–45", 45), ("46–50", 50), ("51–55", 55),
             ("56–60", 60), ("Trên 60", None)]
PARTY_AGE_BANDS = [("Dưới 10 năm", 9), ("Từ 10 đến 19 năm", 19), ("Từ 20 đến 29 năm", 29),
                   ("Từ 30 đến 39 năm", 39), ("Từ 40 đến 49 năm", 49), ("Từ 50 năm trở lên", None)]

# The breakdowns kept per organisation and date: a dossier field (its raw value is the key) or a band index.
FIELDS = {"gender": "member__gender", "ethnicity": "member__ethnicity", "religion": "member__religion",
          "education": "member__education", "political_theory": "member__political_theory"}
BANDED = asof.BANDED
DIMENSION_FIELDS = {f.split("__")[1] for f in FIELDS.values()} | {"birth_date"}  # dossier fields the rows read
DIMENSIONS = ("total", *FIELDS, *BANDED)

# -- bands ---------------------------------------------------------------------------------------------------
def band_case(field_name: str, on: date, bands) -> Case:
    """Band index by whole years completed on `on`: years <= upper  <=>  date > on - (upper + 1) years."""
    whens = [When(**{f"{field_name}__gt": add_months(on, -12 * (upper + 1))}, then=Value(i))
             for i, (_label, upper) in enumerate(bands) if upper is not None]
    return Case(*whens, default=Value(len(bands) - 1), output_field=IntegerField())


def band_of(years: int, bands) -> int:
    return next((i for i, (_label, upper) in enumerate(bands) if upper is not None and years <= upper), len(bands) - 1)


def sql_band_of(start: date, on: date, bands) -> int:
    """The band band_case gives `start` (the same comparison, in Python)."""
    return next((i for i, (_label, upper) in enumerate(bands)
                 if upper is not None and start > add_months(on, -12 * (upper + 1))), len(bands) - 1)


# -- from the history ---------------------------------------------------------------------------------------
def _grouped(qs, *group) -> list[dict]:
    return list(qs.values(*group).annotate(
        o=Count("id", filter=Q(status_after=Status.OFFICIAL)),
        p=Count("id", filter=Q(status_after=Status.PROBATIONARY))).order_by())


def from_history(qs, on: date, dimension: str, group: tuple[str, ...] = ()) -> dict[tuple, list[int]]:
    """{(*group values, key): [official, probationary]} of the member states `qs` (asof.last_events on `on`)."""
    out: dict[tuple, list[int]] = defaultdict(lambda: [0, 0])

    def add(rows, key_field):
        for r in rows:
            c = out[(*(r[g] for g in group), r[key_field] if key_field else "")]
            c[0] += r["o"]
            c[1] += r["p"]

    if dimension == "total":
        add(_grouped(qs, *group), None)
    elif dimension in FIELDS:
        add(_grouped(qs, *group, FIELDS[dimension]), FIELDS[dimension])
    elif dimension == "age":
        add(_grouped(qs.annotate(band=band_case("member__birth_date", on, AGE_BANDS)), *group, "band"), "band")
    elif dimension == "party_age":
        _party_age(qs, on, group, out, add)
    else:
        raise ValueError(dimension)
    return dict(out)


def _party_age(qs, on, group, out, add):
    """Party-age bands of the official members: SQL on party_age_start, then the few re-admitted members (whose
    start is moved by their gap, counted in days by the rule, and only once it happened) are placed by the rule
    itself (rules.md §3.3), as on the member page."""
    from dangbo.rules.membership import party_age

    from .queries import party_age_inputs

    official = qs.filter(status_after=Status.OFFICIAL)
    add(_grouped(official.annotate(band=band_case("member__party_age_start", on, PARTY_AGE_BANDS)), *group, "band"),
        "band")
    readmitted = (official.exclude(member__party_age_start=F("member__admission_decision_date"))
                  .select_related("member"))
    for ev in readmitted:
        m = ev.member
        start, gaps = party_age_inputs(m)
        age = party_age(start, start, [g for g in gaps if g[1] <= on], on)
        if age is None:
            continue
        counted = sql_band_of(m.party_age_start, on, PARTY_AGE_BANDS)
        right = band_of(age.years, PARTY_AGE_BANDS)
        if counted != right:
            where = tuple(getattr(ev, g) for g in group)
            out[(*where, counted)][0] -= 1
            out[(*where, right)][0] += 1


def _row_values(on: date, org_ids=None, progress=None) -> list[tuple]:
    """(organisation id, dimension, key, official, probationary) of the rows of `on`, from the history, one GROUP BY
    per breakdown (`progress(done, total)` after each)."""
    qs = asof.last_events(on)
    if org_ids is not None:
        qs = qs.filter(org_after_id__in=list(org_ids))
    out = []
    for i, dimension in enumerate(DIMENSIONS):
        if progress is not None:
            progress(i, len(DIMENSIONS))
        for (org_id, key), (o, p) in from_history(qs, on, dimension, ("org_after_id",)).items():
            if o or p:
                out.append((org_id, dimension, "" if key is None else str(key), o, p))
    return out


def _rows_on(on: date, org_ids=None, progress=None) -> list[PeriodState]:
    return [PeriodState(on=on, organization_id=org_id, dimension=dimension, key=key, official=o, probationary=p)
            for org_id, dimension, key, o, p in _row_values(on, org_ids, progress)]


# -- the table ---------------------------------------------------------------------------------------------
ROW_COLUMNS = ["id", "on", "organization_id", "dimension", "key", "official", "probationary"]


def write(on: date, org_ids=None, progress=None):
    """(Re)compute the rows of `on` (of the organisations `org_ids`, else all) from the history. Written by
    core.bulk.RowWriter (COPY on PostgreSQL): at 150.000 members a date has 143.000 rows, which bulk_create took
    92 s to build and send, 70% of closing the date."""
    with transaction.atomic():
        old = PeriodState.objects.filter(on=on)
        if org_ids is not None:
            old = old.filter(organization_id__in=list(org_ids))
        old.delete()
        rows = _row_values(on, org_ids, progress)
        writer = RowWriter(PeriodState, ROW_COLUMNS)
        for pk, (org_id, dimension, key, o, p) in zip(allocate_ids(PeriodState, len(rows)), rows, strict=True):
            writer.add((pk, on, org_id, dimension, key, o, p))
        writer.flush()


def refresh(org_ids=None, since: date | None = None):
    """The rows of every closed date (on or after `since`) of the organisations `org_ids` (None: all), again."""
    for on in closed_dates():
        if since is None or on >= since:
            write(on, org_ids)


def member_changed(member, org_ids, since: date | None):
    """After a member's history or dossier changed: their organisations' rows on each closed date, again."""
    if org_ids and ClosedPeriod.objects.exists():
        refresh({i for i in org_ids if i is not None}, since)


def dossier_changed(member, fields):
    """After a member's dossier changed: when a field a breakdown reads is among `fields`, their organisations'
    rows on every closed date, again (the breakdowns read the dossier as it is now)."""
    if set(fields) & DIMENSION_FIELDS:
        member_changed(member, set(member.events.values_list("org_after_id", flat=True)), None)


def counts(path: str, on: date, dimension: str = "total", *, by_org: bool = False) -> dict:
    """{key: (official, probationary)} of the subtree at `path` on `on` (with `by_org`: {(org id, key): …}), read
    from the table when `on` is closed (asof.closed_counts), else from the history."""
    if is_closed(on):
        return closed_counts(path, on, dimension, by_org=by_org)
    got = from_history(asof.last_events(on, path), on, dimension, ("org_after_id",) if by_org else ())
    return {(k if by_org else k[0]): (v[0], v[1]) for k, v in got.items()}


# -- closing a period ----------------------------------------------------------------------------------------
ADMIN_ONLY = _("Chỉ quản trị hệ thống được chốt số liệu của toàn bộ sổ đảng viên.")


def _admin(actor, **_kw):
    if actor is not None and not scope_for(actor).is_admin:
        raise ScopeDenied(ADMIN_ONLY)


_admin.describe = "admin"


def check_date(on: date | None):
    """A date that may be closed: given, and past (today included). Refused with a message on the field `on`."""
    if on is None:
        fail("on", _("Chưa nhập ngày chốt số liệu."))
    if on > timezone.localdate():
        fail("on", _("Ngày chốt số liệu %(date)s ở tương lai: chỉ chốt được kỳ đã qua."), date=date_text(on))


@audited_action("register.close", scope=_admin)
def close_period(actor, on: date, *, progress=None) -> ClosedPeriod:
    """Chốt số liệu on `on` (a date already past): the register's state on it written to PeriodState. Closing
    the same date again recomputes it. `progress(done, total)`: after each breakdown computed."""
    check_date(on)
    period, _created = ClosedPeriod.objects.update_or_create(
        on=on, defaults={"closed_at": timezone.now(), "closed_by": actor if getattr(actor, "pk", None) else None})
    write(on, progress=progress)
    total = PeriodState.objects.filter(on=on, dimension="total").aggregate(o=Sum("official"), p=Sum("probationary"))
    audit.record("register.close", actor=actor, obj=period, org_path="",
                 summary=f"Chốt số liệu đảng viên ngày {on:%d/%m/%Y}",
                 data={"on": on, "official": total["o"] or 0, "probationary": total["p"] or 0})
    return period


def closed_periods() -> list[dict]:
    """The closed dates, newest first: who closed each and when, and the register's totals on it."""
    totals = {r["on"]: (r["o"] or 0, r["p"] or 0) for r in PeriodState.objects.filter(dimension="total").values(
        "on").annotate(o=Sum("official"), p=Sum("probationary")).order_by()}
    return [{"period": p, "official": totals.get(p.on, (0, 0))[0], "probationary": totals.get(p.on, (0, 0))[1]}
            for p in ClosedPeriod.objects.select_related("closed_by").order_by("-on")]
