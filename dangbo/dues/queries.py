"""Read side of dues: scoped rows, the month's sheet, arrears and the 3-months finding, the sổ thu nộp, and the
summaries of any subtree (GROUP BY org_path in SQL, then each group added to its ancestors in Python)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q, Sum
from django.utils.translation import gettext, gettext_lazy

from dangbo.core.scopes import Scope
from dangbo.members.models import Member
from dangbo.organizations.models import Organization
from dangbo.rules import dues as rules

from .models import DuesObligation, DuesPayment, DuesTotal, Remittance, RemittanceCorrection, RemittanceSide


def visible(qs, scope: Scope):
    """Rows the scope may read: those filed under its organisations, and a member's own."""
    q = Q(pk__in=qs.scoped(scope, "read").values("pk"))
    if scope.own_member_id:
        q |= Q(member_id=scope.own_member_id)
    return qs.filter(q)


def obligations(scope: Scope):
    return visible(DuesObligation.objects.all(), scope)


def payments(scope: Scope):
    return visible(DuesPayment.objects.all(), scope)


def collected_for_remittance(org: Organization, month: date) -> int:
    """What `org` splits for `month`: its own sổ's entries booked in the month, and what its direct children
    passed up for the month, with the corrections they have recorded of it (the figures every report shows)."""
    own = DuesPayment.objects.filter(organization=org, book_month=month).aggregate(s=Sum("amount"))["s"] or 0
    received = Remittance.objects.filter(to_organization=org, month=month).aggregate(s=Sum("amount"))["s"] or 0
    fixed = RemittanceCorrection.objects.filter(remittance__to_organization=org, remittance__month=month,
                                                side=RemittanceSide.REMITTED).aggregate(s=Sum("amount"))["s"] or 0
    return own + received + fixed


@dataclass
class SheetRow:
    member: Member
    due: int
    paid: int
    obligation: DuesObligation | None
    receipts: list[str] = field(default_factory=list)
    entries: list[DuesPayment] = field(default_factory=list)  # the sổ's entries for the month, corrections too

    @property
    def owing(self) -> int:
        return max(0, self.due - self.paid)


def month_sheet(org: Organization, month: date, member_q: Q | None = None) -> list[SheetRow]:
    """One row per obligation of the month in `org`'s subtree: due, paid for that month, receipts."""
    month = rules.month_start(month)
    obs = DuesObligation.objects.filter(org_path__startswith=org.path, month=month).select_related("member")
    if member_q is not None:
        obs = obs.filter(member_q)
    rows = {o.member_id: SheetRow(o.member, o.amount, 0, o) for o in obs}
    for p in DuesPayment.objects.filter(member_id__in=rows.keys(), month=month).order_by("id"):
        rows[p.member_id].paid += p.amount
        rows[p.member_id].entries.append(p)
        if p.receipt_number:
            rows[p.member_id].receipts.append(p.receipt_label)
    return sorted(rows.values(), key=lambda r: (r.member.sort_key, r.member.pk))


@dataclass
class MemberArrears:
    member: Member
    months: list[rules.MonthStatus]
    finding: object = None

    @property
    def owing(self) -> int:
        return sum(max(0, m.due - m.paid) for m in self.months if m.unpaid)

    @property
    def unpaid_months(self) -> list[str]:
        return [rules.month_label(m.month) for m in self.months if m.unpaid]


def arrears(path: str, year: int, until: date, member_q: Q | None = None) -> list[MemberArrears]:
    """Members of the subtree with unpaid months of `year` up to `until`, with the 3-months finding."""
    obs = DuesObligation.objects.filter(org_path__startswith=path, month__year=year, month__lte=until, amount__gt=0)
    if member_q is not None:
        obs = obs.filter(member_q)
    paid = {(r["member_id"], r["month"]): r["s"] for r in DuesPayment.objects.filter(
        member_id__in=obs.values("member_id"), month__year=year).values("member_id", "month").annotate(s=Sum("amount"))}
    by_member: dict[int, list] = {}
    members = {}
    for o in obs.select_related("member", "member__organization"):
        members[o.member_id] = o.member
        by_member.setdefault(o.member_id, []).append(
            rules.MonthStatus(o.month, o.amount, paid.get((o.member_id, o.month), 0), o.reason))
    out = []
    for mid, months in by_member.items():
        row = MemberArrears(members[mid], sorted(months, key=lambda m: m.month))
        if row.unpaid_months:
            row.finding = rules.unpaid_finding(year, months)
            out.append(row)
    return sorted(out, key=lambda r: (r.finding is None, r.member.sort_key))


def unpaid_findings(scope: Scope, today: date, org_path: str = "") -> list[MemberArrears]:
    """The due-work items: members of the scope unpaid 3 months this year without a recorded reason."""
    if not scope.can_read_any:
        return []
    paths = [org_path] if org_path else scope.read_roots()
    last_over = rules.add_months(rules.month_start(today), -1)  # the current month is not over yet
    if last_over.year != today.year:
        return []
    out = []
    for path in paths:
        out += [r for r in arrears(path, today.year, last_over) if r.finding]
    return out


@dataclass
class BookRow:
    member: Member | None
    label: str
    months: list[int]  # paid per month 1..12 (entries booked in that month)
    due: int = 0

    @property
    def total(self) -> int:
        return sum(self.months)


def book(org: Organization, year: int) -> dict:
    """The sổ thu nộp đảng phí of a chi bộ (or any subtree) for a year: paid per member and month, what was
    owed, and the remittances, in two queries and a loop over members."""
    rows: dict[int, BookRow] = {}
    members = {m.pk: m for m in Member.objects.filter(pk__in=DuesObligation.objects.filter(
        org_path__startswith=org.path, month__year=year).values("member_id"))}
    for m in members.values():
        rows[m.pk] = BookRow(m, m.full_name, [0] * 12)
    for r in (DuesObligation.objects.filter(org_path__startswith=org.path, month__year=year)
              .values("member_id").annotate(s=Sum("amount"))):
        rows[r["member_id"]].due = r["s"] or 0
    # The months of a sổ are the months entries were booked in (a late or advance payment, a correction, in the
    # month it was paid): the month's column total is then what the chi bộ collected and split that month
    # (its remittance's "số thu") and the year's total what the summary calls collected.
    for r in (DuesPayment.objects.filter(org_path__startswith=org.path, book_month__year=year)
              .values("member_id", "book_month").annotate(s=Sum("amount"))):
        row = rows.get(r["member_id"])
        if row is None:  # a payment without an obligation this year (a late one for last year, an advance)
            m = Member.objects.get(pk=r["member_id"])
            row = rows[m.pk] = BookRow(m, m.full_name, [0] * 12)
        row.months[r["book_month"].month - 1] += r["s"] or 0
    ordered = sorted(rows.values(), key=lambda r: (r.member.sort_key, r.member.pk))
    totals = BookRow(None, gettext("Cộng"), [sum(r.months[i] for r in ordered) for i in range(12)],
                     sum(r.due for r in ordered))
    remittances = list(Remittance.objects.filter(organization=org, month__year=year).order_by("month")
                       .prefetch_related("corrections"))
    return {"org": org, "year": year, "rows": ordered, "totals": totals, "remittances": remittances}


def has_dues(org: Organization, year: int) -> bool:
    """Whether anything of dues was drawn up or paid in `org`'s subtree in `year`."""
    return (DuesObligation.objects.filter(org_path__startswith=org.path, month__year=year).exists()
            or DuesPayment.objects.filter(org_path__startswith=org.path, book_month__year=year).exists())


# Each figure of a summary row covers the organisation's whole subtree over the period:
#   owed       what the members were to pay for the period's months (obligations by dues month);
#   collected  what the members paid, booked in the period's months (the sổ thu, corrections included);
#   kept       the shares kept by every level of the subtree under the regime of each month;
#   kept_own   of which, the share kept by the organisation itself;
#   remitted   what the organisation passed up to the level above (the subtree's outflow), with its corrections
#              (a correction of what a level passed up changes its kept share by as much the other way);
#   held       collected - kept - remitted: collected but not yet split by a remittance (a month not yet
#              remitted, or remitted before a later entry), so that collected = kept + remitted + held always.
# What a chi bộ remits is part of what its parent receives and splits again: inside a subtree it is neither
# collected twice nor counted as an outflow.
FIGURES = ("owed", "collected", "kept", "kept_own", "remitted", "held")


def period_months(month: int | None = None, quarter: int | None = None) -> list[int]:
    """The months of a year a period covers: one month, a quarter's three, or all twelve."""
    if month:
        return [month]
    if quarter:
        return [3 * quarter - 2, 3 * quarter - 1, 3 * quarter]
    return list(range(1, 13))


def _in_period(qs, name: str, year: int, months: list[int]):
    qs = qs.filter(**{f"{name}__year": year})
    return qs.filter(**{f"{name}__month__in": months}) if len(months) < 12 else qs


def _existed(org: dict, first: date, last_end: date) -> bool:
    """Whether the organisation existed at some time in first..last_end (founded before its end, not ended
    before its start)."""
    return (org["founded_on"] is None or org["founded_on"] <= last_end) and (
        org["ended_on"] is None or org["ended_on"] > first)


def summary(org: Organization, year: int, month: int | None = None, quarter: int | None = None) -> list[dict]:
    """The figures (FIGURES above) of `org` and every organisation below it over a month, a quarter or the
    year: GROUP BY org_path queries, then each group added to its ancestors. The one source of the dues
    figures: the report (CLI, page, .xlsx, JSON, API) and the year-end section are all built from it. An
    organisation below `org` that did not exist in the period and has no figure in it is left out."""
    months = period_months(month, quarter)
    first, last_end = date(year, months[0], 1), rules.month_end(date(year, months[-1], 1))
    orgs = list(Organization.objects.filter(path__startswith=org.path).order_by("path")
                .values("id", "path", "name", "kind", "depth", "founded_on", "ended_on"))
    by_path = {o["path"]: {**o, **dict.fromkeys(FIGURES, 0)} for o in orgs}

    def add(figure, rows, key="s"):
        for r in rows:
            path = r["org_path"]
            for i in range(len(org.path), len(path) + 1, 4):
                target = by_path.get(path[:i])
                if target is not None:
                    target[figure] += r[key] or 0

    # owed and collected from the per-(organisation, month) totals the actions keep (totals.py): the sums of
    # the obligations by dues month and of the sổ's entries by booking month, one row per organisation and month.
    sums = list(_in_period(DuesTotal.objects.filter(org_path__startswith=org.path), "month", year, months)
                .values("org_path").annotate(s=Sum("owed"), c=Sum("collected")).order_by())
    add("owed", sums)
    add("collected", sums, "c")
    remits = _in_period(Remittance.objects.filter(org_path__startswith=org.path), "month", year, months)
    # A correction of what a level passed up moves money between its two shares: passed up X more, kept X less.
    corrections = dict(_in_period(RemittanceCorrection.objects.filter(
        remittance__org_path__startswith=org.path, side=RemittanceSide.REMITTED), "remittance__month", year, months)
        .values_list("remittance__org_path").annotate(s=Sum("amount")))
    kept = [{"org_path": r["org_path"], "s": (r["s"] or 0) - (corrections.get(r["org_path"]) or 0),
             "a": (r["a"] or 0) + (corrections.get(r["org_path"]) or 0)}
            for r in remits.values("org_path").annotate(s=Sum("kept"), a=Sum("amount"))]
    add("kept", kept)
    for r in kept:
        if r["org_path"] in by_path:
            by_path[r["org_path"]].update(kept_own=r["s"], remitted=r["a"])
    out = []
    for row in by_path.values():
        row["held"] = row["collected"] - row["kept"] - row["remitted"]
        if row["path"] == org.path or any(row[f] for f in FIGURES) or _existed(row, first, last_end):
            out.append(row)
    return out


LEVEL_LABELS = {"cell": gettext_lazy("các chi bộ trực thuộc"), "grassroots_cell": gettext_lazy("các chi bộ cơ sở"),
                "partial_committee": gettext_lazy("các đảng bộ bộ phận"),
                "grassroots_committee": gettext_lazy("các đảng bộ cơ sở"),
                "upper": gettext_lazy("các đảng bộ cấp trên cơ sở")}


def kept_by_level(rows: list[dict]) -> list[dict]:
    """What each level of the subtree of rows[0] kept: the organisation itself, then the organisations below
    by depth and kind (for a đảng bộ cơ sở: the đảng bộ itself, its đảng bộ bộ phận, its chi bộ). The amounts
    add up to rows[0]["kept"]."""
    if not rows:
        return []
    top = rows[0]
    out = [{"level": top["name"], "amount": top["kept_own"]}]
    groups: dict[tuple, int] = {}
    for r in rows[1:]:
        key = (r["depth"], r["kind"])
        groups[key] = groups.get(key, 0) + r["kept_own"]
    for (_depth, kind), amount in sorted(groups.items()):
        out.append({"level": str(LEVEL_LABELS.get(kind, kind)), "amount": amount})  # the active language's text
    return out


def reconciliation(org: Organization, year: int, month: int | None = None, quarter: int | None = None,
                   figures: list[dict] | None = None) -> list[dict]:
    """Top-down reconciliation of the period inside `org`'s subtree: for each organisation that remitted to a
    level of the subtree, what it says it remitted against what that level says it received, each with its
    corrections (new entries, listed). A month the upper level has not confirmed counts as received 0 and is
    listed as unconfirmed. An organisation with nothing owed, collected, remitted or received in the period
    (a chi bộ merged away before it, a month of zeros) is left out: there is nothing to reconcile. `figures`:
    the period's summary rows when the caller has them."""
    months = period_months(month, quarter)
    qs = _in_period(Remittance.objects.filter(to_organization__path__startswith=org.path), "month", year, months)
    corrections: dict[int, list[RemittanceCorrection]] = {}
    for c in (RemittanceCorrection.objects.filter(remittance__in=qs.values("pk"))
              .select_related("remittance").order_by("id")):
        corrections.setdefault(c.remittance_id, []).append(c)
    rows: dict[int, dict] = {}
    for r in qs.select_related("organization", "to_organization").order_by("org_path", "month"):
        row = rows.setdefault(r.organization_id, {
            "organization": r.organization.name, "path": r.org_path, "parent": r.to_organization.name,
            "parent_path": r.to_organization.path, "collected": 0, "remitted": 0, "received": 0, "difference": 0,
            "unconfirmed": [], "corrections": []})
        row["collected"] += r.collected
        row["remitted"] += r.amount
        passed_up = r.amount + sum(c.amount for c in corrections.get(r.pk, []) if c.side == RemittanceSide.REMITTED)
        if r.received is not None:
            row["received"] += r.received
        elif passed_up:  # a month that passed nothing up has nothing to confirm
            row["unconfirmed"].append(rules.month_label(r.month))
        for c in corrections.get(r.pk, []):
            row["remitted" if c.side == RemittanceSide.REMITTED else "received"] += c.amount
            row["corrections"].append({
                "month": rules.month_label(r.month), "side": c.side, "side_label": c.get_side_display(),
                "amount": c.amount, "on": c.on.strftime("%d/%m/%Y"), "reason": c.reason})
    activity = {r["path"]: r for r in (figures if figures is not None else summary(org, year, month, quarter))}
    out = []
    for row in rows.values():
        figures = activity.get(row["path"], {})
        if not (row["remitted"] or row["received"] or row["collected"] or row["corrections"]
                or figures.get("owed") or figures.get("collected")):
            continue
        row["difference"] = row["remitted"] - row["received"]
        row["ok"] = row["difference"] == 0 and not row["unconfirmed"]
        out.append(row)
    return sorted(out, key=lambda r: r["path"])


def unconfirmed_remittances(org: Organization, year: int, month: int | None = None, quarter: int | None = None):
    """Remittances of the period to a level of `org`'s subtree that the receiving level has not confirmed (those
    that passed something up: the months the reconciliation lists as unconfirmed), each with `passed_up`, the
    amount with its corrections."""
    months = period_months(month, quarter)
    out = []
    for r in (Remittance.objects.filter(to_organization__path__startswith=org.path, month__year=year,
                                        month__month__in=months, received__isnull=True)
              .select_related("organization", "to_organization").prefetch_related("corrections")
              .order_by("org_path", "month")):
        r.passed_up = r.amount + sum(c.amount for c in r.corrections.all() if c.side == RemittanceSide.REMITTED)
        if r.passed_up:
            out.append(r)
    return out
