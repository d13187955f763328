"""Read side of dues: scoped rows, the month's sheet, arrears and the 3-months finding, the sổ thu nộp, and the
summaries of any subtree (GROUP BY org_path in SQL, then each group added to its ancestors in Python)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q, Sum

from dangbo.core.scopes import Scope
from dangbo.members.models import Member
from dangbo.organizations.models import Organization
from dangbo.rules import dues as rules

from .models import DuesObligation, DuesPayment, Remittance


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
    own = DuesPayment.objects.filter(organization=org, book_month=month).aggregate(s=Sum("amount"))["s"] or 0
    received = Remittance.objects.filter(to_organization=org, month=month).aggregate(s=Sum("amount"))["s"] or 0
    return own + received


@dataclass
class SheetRow:
    member: Member
    due: int
    paid: int
    obligation: DuesObligation | None
    receipts: list[str] = field(default_factory=list)

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
    months: list[int]  # paid per month 1..12 (entries booked for that dues month)
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
    for r in (DuesPayment.objects.filter(org_path__startswith=org.path, month__year=year)
              .values("member_id", "month").annotate(s=Sum("amount"))):
        row = rows.get(r["member_id"])
        if row is None:  # a payment without an obligation (in advance, before the month was drawn up)
            m = Member.objects.get(pk=r["member_id"])
            row = rows[m.pk] = BookRow(m, m.full_name, [0] * 12)
        row.months[r["month"].month - 1] += r["s"] or 0
    ordered = sorted(rows.values(), key=lambda r: (r.member.sort_key, r.member.pk))
    totals = BookRow(None, "Cộng", [sum(r.months[i] for r in ordered) for i in range(12)],
                     sum(r.due for r in ordered))
    remittances = list(Remittance.objects.filter(organization=org, month__year=year).order_by("month"))
    return {"org": org, "year": year, "rows": ordered, "totals": totals, "remittances": remittances}


def has_dues(org: Organization, year: int) -> bool:
    """Whether anything of dues was drawn up or paid in `org`'s subtree in `year`."""
    return (DuesObligation.objects.filter(org_path__startswith=org.path, month__year=year).exists()
            or DuesPayment.objects.filter(org_path__startswith=org.path, book_month__year=year).exists())


FIGURES = ("owed", "collected", "remitted", "kept")


def period_months(month: int | None = None, quarter: int | None = None) -> list[int]:
    """The months of a year a period covers: one month, a quarter's three, or all twelve."""
    if month:
        return [month]
    if quarter:
        return [3 * quarter - 2, 3 * quarter - 1, 3 * quarter]
    return list(range(1, 13))


def summary(org: Organization, year: int, month: int | None = None, quarter: int | None = None) -> list[dict]:
    """Owed, collected, remitted and kept for `org` and every organisation below it over a month, a quarter or
    the year, each figure of a row covering its whole subtree: three GROUP BY org_path queries, then each group
    added to its ancestors."""
    months = period_months(month, quarter)
    orgs = list(Organization.objects.filter(path__startswith=org.path).order_by("path")
                .values("id", "path", "name", "kind", "depth"))
    by_path = {o["path"]: {**o, **dict.fromkeys(FIGURES, 0)} for o in orgs}

    def when(qs, name):
        qs = qs.filter(**{f"{name}__year": year})
        return qs.filter(**{f"{name}__month__in": months}) if len(months) < 12 else qs

    def add(figure, rows):
        for r in rows:
            path = r["org_path"]
            for i in range(len(org.path), len(path) + 1, 4):
                target = by_path.get(path[:i])
                if target is not None:
                    target[figure] += r["s"] or 0

    add("owed", when(DuesObligation.objects.filter(org_path__startswith=org.path), "month")
        .values("org_path").annotate(s=Sum("amount")))
    add("collected", when(DuesPayment.objects.filter(org_path__startswith=org.path), "book_month")
        .values("org_path").annotate(s=Sum("amount")))
    remits = when(Remittance.objects.filter(org_path__startswith=org.path), "month")
    # Remitted and kept are each organisation's own figures (not summed up the tree: what a chi bộ remits is
    # part of what its parent collects).
    for r in remits.values("org_path").annotate(a=Sum("amount"), k=Sum("kept")):
        if r["org_path"] in by_path:
            by_path[r["org_path"]].update(remitted=r["a"] or 0, kept=r["k"] or 0)
    return list(by_path.values())


def reconciliation(org: Organization, year: int, month: int | None = None, quarter: int | None = None) -> list[dict]:
    """Top-down reconciliation of the period inside `org`'s subtree: for each organisation that remitted to a
    level of the subtree, what it says it remitted against what that level says it received. A month the upper
    level has not confirmed counts as received 0 and is listed as unconfirmed."""
    months = period_months(month, quarter)
    qs = Remittance.objects.filter(to_organization__path__startswith=org.path, month__year=year)
    if len(months) < 12:
        qs = qs.filter(month__month__in=months)
    rows: dict[int, dict] = {}
    for r in qs.select_related("organization", "to_organization").order_by("org_path", "month"):
        row = rows.setdefault(r.organization_id, {
            "organization": r.organization.name, "path": r.org_path, "parent": r.to_organization.name,
            "parent_path": r.to_organization.path, "remitted": 0, "received": 0, "difference": 0,
            "unconfirmed": []})
        row["remitted"] += r.amount
        if r.received is None:
            row["unconfirmed"].append(rules.month_label(r.month))
        else:
            row["received"] += r.received
    for row in rows.values():
        row["difference"] = row["remitted"] - row["received"]
        row["ok"] = row["difference"] == 0 and not row["unconfirmed"]
    return sorted(rows.values(), key=lambda r: r["path"])


def unconfirmed_remittances(org: Organization, year: int, month: int | None = None, quarter: int | None = None):
    """Remittances of the period to a level of `org`'s subtree that the receiving level has not confirmed."""
    months = period_months(month, quarter)
    return list(Remittance.objects.filter(to_organization__path__startswith=org.path, month__year=year,
                                          month__month__in=months, received__isnull=True)
                .select_related("organization", "to_organization").order_by("org_path", "month"))
