"""One "as of" truth (issue 10): random histories built through the actions, every figure checked against a recount.

Each example founds a small tree, then plays a random history through the member and organisation actions
(admissions, admissions elsewhere followed by a transfer into the register, recognitions, transfers, temporary
transfers and their end, exemptions, suspensions, removals, deaths, re-admissions, transfers out of and into the
register, merges and splits of chi bộ, a merge that moves a đảng bộ bộ phận's chi bộ under another đảng bộ).
For every organisation and a few dates it checks that

- the organisation counts (organizations.queries.counts_as_of, the «Đảng số tại một ngày» page and the API),
- members.asof (rows and counts),
- the statistics export (start, end and the table of organisations),
- the review's member list (a review opened that day),
- the congress's convened list (a congress opening that day, with its exclusions),
- the year-end report's members at year ends,
- and today's projection (Organization.official_count/probationary_count)

all agree with an independent recount in Python from the history the test itself played: a member counts at
the home organisation only (rules.md §3.4), their state being the one after their last event on or before the
day (by date, then by order of recording).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import transaction
from hypothesis import event
from hypothesis import strategies as st

from dangbo.congresses import actions as congress_actions
from dangbo.congresses.models import CongressKind, Convened, Exclusion
from dangbo.core.scopes import Scope
from dangbo.evaluations import actions as review_actions
from dangbo.evaluations.models import MemberRating
from dangbo.exchange import statistics
from dangbo.members import actions as member_actions
from dangbo.members import asof
from dangbo.members.models import EventKind, Member
from dangbo.organizations import actions as org_actions
from dangbo.organizations import queries as org_queries
from dangbo.organizations.models import Organization, OrgKind
from dangbo.reports.data import members_at_year_ends
from dangbo.rules.membership import official_date as official_after_ceremony
from tests.db import db_property

FIRST_DAY = date(2016, 1, 1)
LAST_DAY = date(2026, 10, 1)  # before the machine's today, so that no event is in the future
YEAR_ENDS = [date(y, 12, 31) for y in range(2018, 2026)]


# -- the independent model: the history as the test played it ------------------------------------------------
@dataclass
class Life:
    """One member's history as the test recorded it: (date, order, kind, organisation) tuples."""

    steps: list = field(default_factory=list)
    official_on: date | None = None  # ceremony + 12 months (the dossier's official date)
    readmitted: bool = False

    def state(self, on: date):
        """(home organisation id, "official" | "probationary" | None, host id, exempted, suspended) on `on`."""
        home = status = host = None
        exempted = suspended = False
        official_on = self.official_on  # a re-admission starts a new probation: the first one's end no longer counts
        for when, _order, kind, org in sorted(self.steps, key=lambda s: (s[0], s[1])):
            if when > on:
                break
            if kind in ("admission", "readmission"):
                home, status, host, exempted, suspended = org, "probationary", None, False, False
                if kind == "readmission":
                    official_on = None
            elif kind == "transfer_in":
                official = official_on is not None and official_on <= when
                home, status, host = org, "official" if official else "probationary", None
                exempted = suspended = False
            elif kind == "recognition":
                status = "official"
            elif kind in ("transfer", "reorganization"):
                home, host = org, None
            elif kind in ("removal", "death", "transfer_out"):
                status, host = None, None
            elif kind == "temporary":
                host = org
            elif kind == "temporary_end":
                host = None
            elif kind in ("exemption", "exemption_end"):
                exempted = kind == "exemption"
            elif kind in ("suspension", "reinstatement"):
                suspended = kind == "suspension"
        return home, status, host, exempted, suspended


class History:
    def __init__(self):
        self.lives: dict[int, Life] = {}
        self.order = 0
        self.trees: list[tuple[date, dict[int, str]]] = []  # the paths as they stood before each subtree move

    def paths_on(self, on: date, now: dict[int, str]) -> dict[int, str]:
        """The tree as it stood on `on`: the paths before the first subtree move dated after it."""
        return next((paths for day, paths in self.trees if on < day), now)

    def add(self, member_id: int, when: date, kind: str, org_id: int | None = None):
        self.order += 1
        self.lives.setdefault(member_id, Life()).steps.append((when, self.order, kind, org_id))

    def on_list(self, on: date) -> dict[int, tuple]:
        out = {}
        for mid, life in self.lives.items():
            s = life.state(on)
            if s[1] is not None:
                out[mid] = s
        return out


def expected(history: History, on: date, org: Organization, paths: dict[int, str]):
    """Members on the list on `on` whose home was in `org`'s subtree as the tree stood on `on` (a subtree moved
    by a merge since then counts where it was)."""
    then = history.paths_on(on, paths)
    if org.pk not in then:
        return {}
    return {mid: s for mid, s in history.on_list(on).items() if then[s[0]].startswith(then[org.pk])}


def split(rows: dict) -> tuple[int, int]:
    official = sum(1 for s in rows.values() if s[1] == "official")
    return official, len(rows) - official


# -- playing a random history through the actions ---------------------------------------------------------------
def found_tree():
    found = org_actions.found_organization
    root = found(None, code="R", name="Đảng bộ Cơ quan R", kind=OrgKind.GRASSROOTS_COMMITTEE,
                 founded_on=date(2000, 1, 1))
    part = found(None, code="P", name="Đảng bộ bộ phận P", kind=OrgKind.PARTIAL_COMMITTEE, parent=root,
                 founded_on=date(2000, 1, 1))
    other = found(None, code="S", name="Đảng bộ Cơ quan S", kind=OrgKind.GRASSROOTS_COMMITTEE,
                  founded_on=date(2000, 1, 1))
    for code, parent in (("A", root), ("B", root), ("C", part), ("D", part), ("E", other)):
        found(None, code=code, name=f"Chi bộ {code}", kind=OrgKind.CELL, parent=parent, founded_on=date(2000, 1, 1))


def active_cells():
    return list(Organization.objects.filter(status="active", kind=OrgKind.CELL).order_by("path"))


def members(*statuses):
    return list(Member.objects.filter(status__in=statuses).order_by("id"))


ACTIVE = ("official", "probationary")


def play(data, history: History, n_ops: int):
    day = FIRST_DAY
    serial = 0
    for _ in range(n_ops):
        step = data.draw(st.integers(0, 300) | st.just(-1), label="days")
        # -1: the last day of the year, where year-end figures are taken (an event on the very day counts).
        day = min(date(day.year, 12, 31) if step < 0 else day + timedelta(days=step), LAST_DAY)
        cells = active_cells()
        live = members(*ACTIVE)
        ops = ["admit", "admit", "admit_elsewhere"]
        if live:
            ops += ["transfer", "temporary", "exemption", "suspension", "removal", "death", "transfer_out"]
        if [m for m in live if m.host_organization_id]:
            ops.append("temporary_end")
        if [m for m in live if m.status == "probationary" and not history.lives[m.pk].readmitted
                and m.official_date and m.official_date <= day]:
            ops += ["recognition", "recognition"]
        if members("removed"):
            ops.append("readmission")
        if members("transferred_out"):
            ops.append("transfer_in")
        if len(cells) >= 2:
            ops += ["merge", "split"]
        if Organization.objects.filter(code="P", status="active").exists():
            ops.append("merge_committee")
        op = data.draw(st.sampled_from(ops), label="op")
        event(f"op {op}")
        pick = lambda seq, label: data.draw(st.sampled_from(seq), label=label)  # noqa: E731

        if op == "admit":
            serial += 1
            cell = pick(cells, "cell")
            m = member_actions.admit_member(
                None, organization=cell, decision_date=day, ceremony_date=day,
                dossier={"full_name": f"Nguyễn Văn Thử {serial}", "birth_date": date(1985, 3, 4), "gender": "M"})
            history.add(m.pk, day, "admission", cell.pk)
            history.lives[m.pk].official_on = official_after_ceremony(day)
        elif op == "admit_elsewhere":
            # Admitted (and perhaps recognised) in another province, then transferred in from outside the
            # register: on this register's list only from the day they arrive.
            serial += 1
            cell = pick(cells, "cell")
            admitted = day - timedelta(days=data.draw(st.integers(1, 1500), label="admitted before"))
            official = official_after_ceremony(admitted)
            recognised = official < day and data.draw(st.booleans(), label="recognised")
            m = member_actions.admit_member(
                None, organization=cell, decision_date=admitted, ceremony_date=admitted,
                official_date=official if recognised else None, transfer_in_date=day,
                dossier={"full_name": f"Trần Văn Đến {serial}", "birth_date": date(1970, 3, 4), "gender": "M"})
            history.add(m.pk, day, "transfer_in", cell.pk)
            history.lives[m.pk].official_on = official
        elif op == "recognition":
            m = pick([m for m in live if m.status == "probationary" and not history.lives[m.pk].readmitted
                      and m.official_date and m.official_date <= day], "member")
            # Recorded late: dated at the end of probation, possibly before later events (replay sorts it in).
            member_actions.record_event(None, m, EventKind.RECOGNITION, effective_date=m.official_date)
            history.add(m.pk, m.official_date, "recognition")
        elif op in ("transfer", "temporary"):
            m = pick(live, "member")
            if op == "temporary" and m.host_organization_id:
                continue
            targets = [c for c in cells if c.pk != m.organization_id]
            if not targets:
                continue
            to = pick(targets, "to")
            member_actions.record_event(None, m, op, effective_date=day, to_organization=to,
                                        end_date=day + timedelta(days=180) if op == "temporary" else None)
            history.add(m.pk, day, op, to.pk)
        elif op == "temporary_end":
            m = pick([m for m in live if m.host_organization_id], "member")
            member_actions.record_event(None, m, EventKind.TEMPORARY_END, effective_date=day)
            history.add(m.pk, day, op)
        elif op in ("exemption", "suspension"):
            m = pick(live, "member")
            on = m.is_exempted if op == "exemption" else m.is_suspended
            kind = {"exemption": ("exemption", "exemption_end"), "suspension": ("suspension", "reinstatement")}[op]
            kind = kind[1] if on else kind[0]
            member_actions.record_event(None, m, kind, effective_date=day)
            history.add(m.pk, day, kind)
        elif op in ("removal", "death", "transfer_out"):
            m = pick(live, "member")
            member_actions.record_event(None, m, op, effective_date=day, external_place="Đảng bộ tỉnh khác")
            history.add(m.pk, day, op)
        elif op in ("readmission", "transfer_in"):
            m = pick(members("removed" if op == "readmission" else "transferred_out"), "member")
            to = pick(cells, "to")
            member_actions.record_event(None, m, op, effective_date=day, to_organization=to)
            history.add(m.pk, day, op, to.pk)
            if op == "readmission":
                history.lives[m.pk].readmitted = True
        elif op == "merge":
            source, target = data.draw(st.permutations(cells), label="pair")[:2]
            moving = members(*ACTIVE)
            moving = [m for m in moving if m.organization_id == source.pk]
            org_actions.merge_organizations(None, [source], target, effective_date=day, decision_number="1-QĐ/TU")
            for m in moving:
                history.add(m.pk, day, "reorganization", target.pk)
        elif op == "split":
            source = pick(cells, "source")
            moving = [m for m in members(*ACTIVE) if m.organization_id == source.pk]
            if not moving:
                continue  # splitting a chi bộ nobody belongs to is refused (there is nothing to divide)
            serial += 1
            new = [org_actions.found_organization(None, code=f"N{serial}{i}", name=f"Chi bộ mới {serial}{i}",
                                                  kind=OrgKind.CELL, parent=source.parent, founded_on=day)
                   for i in (1, 2)]
            assignments = {m.pk: new[data.draw(st.integers(0, 1), label="side")] for m in moving}
            org_actions.split_organization(None, source, assignments, effective_date=day)
            for m in moving:
                history.add(m.pk, day, "reorganization", assignments[m.pk].pk)
        elif op == "merge_committee":
            # P's chi bộ move under S: the whole subtree changes path; before the day they counted under R.
            history.trees.append((day, dict(Organization.objects.values_list("pk", "path"))))
            org_actions.merge_organizations(None, [Organization.objects.get(code="P")],
                                            Organization.objects.get(code="S"), effective_date=day,
                                                                     decision_number="1-QĐ/TU")


# -- the checks ---------------------------------------------------------------------------------------------------
def exclusion(state, org: Organization, paths) -> str:
    _home, _status, host, exempted, _suspended = state
    if host is not None and not paths[host].startswith(paths[org.pk]):
        return Exclusion.TEMPORARY
    if exempted:
        return Exclusion.EXEMPTED
    return Exclusion.NONE


def check_date(history: History, on: date, orgs, paths):
    page = org_queries.counts_as_of(orgs, on)
    for org in orgs:
        want = expected(history, on, org, paths)
        o, p = split(want)
        where = f"{org.code} ngày {on:%d/%m/%Y}"
        assert (page[org.pk].official, page[org.pk].probationary) == (o, p), where
        t = asof.counts_as_of(on, org.path)
        assert (t.official, t.probationary) == (o, p), where
        rows = {r["member_id"]: r for r in asof.members_as_of(on, org.path)}
        assert {m: (r["org_id"], r["status"], r["host_org_id"], r["exempted"], r["suspended"])
                for m, r in rows.items()} == want, where

        # The review's member list, for a review opened that day.
        with transaction.atomic():
            review = review_actions.open_review(None, org, year=on.year, review_date=on)
            got = dict(MemberRating.objects.filter(review=review).values_list("member_id", "organization_id"))
            transaction.set_rollback(True)
        assert got == {m: s[0] for m, s in want.items()}, f"kiểm điểm {where}"

        # The congress's convened list: official members, each with the exclusion their state gives; those
        # suspended before the opening are not convened at all (HD 04-HD/TW).
        with transaction.atomic():
            c = congress_actions.create_congress(None, organization=org, kind=CongressKind.MEMBERS, ordinal=99,
                                                 term_start=on.year, term_end=on.year + 5, opened_on=on)
            got = dict(Convened.objects.filter(congress=c).values_list("member_id", "exclusion"))
            transaction.set_rollback(True)
        then = history.paths_on(on, paths)
        assert got == {m: exclusion(s, org, then) for m, s in want.items() if s[1] == "official" and not s[4]}, \
            f"đại hội {where}"


def check_year_ends(history: History, ends: list[date], orgs, paths):
    admin = Scope(is_admin=True)
    for org in orgs:
        report = members_at_year_ends(org.path, [d.year for d in ends])
        for on in ends:
            want = split(expected(history, on, org, paths))
            assert report[on.year] == want, f"báo cáo {org.code} {on.year}"
            stats = statistics.year_statistics(admin, on.year, org)
            assert stats.balanced, f"thống kê {org.code} {on.year}: đầu kỳ + tăng − giảm ≠ cuối kỳ"
            assert (stats.end.official, stats.end.probationary) == want, f"thống kê {org.code} {on.year}"
            before = split(expected(history, date(on.year - 1, 12, 31), org, paths))
            assert (stats.start.official, stats.start.probationary) == before, f"thống kê đầu kỳ {org.code}"
            for row in stats.organizations:
                sub = Organization.objects.get(code=row.code)
                assert (row.sub_official, row.sub_probationary) == split(expected(history, on, sub, paths)), \
                    f"thống kê {org.code} {on.year}, dòng {row.code}"


def check_projection(history: History, orgs, paths):
    today = date.today()
    for org in orgs:
        t = org_queries.subtree_totals(org)
        assert (t.official, t.probationary) == split(expected(history, today, org, paths)), f"hiện nay {org.code}"


@db_property(8)
def test_every_figure_as_of_a_date_agrees(data):
    with transaction.atomic():
        found_tree()
        history = History()
        play(data, history, data.draw(st.integers(5, 30), label="operations"))
        orgs = list(Organization.objects.order_by("path"))
        paths = dict(Organization.objects.values_list("pk", "path"))
        ends = data.draw(st.lists(st.sampled_from(YEAR_ENDS), min_size=1, max_size=2, unique=True), label="ends")
        some_day = data.draw(st.dates(date(2018, 1, 1), LAST_DAY), label="day")
        for on in [*ends, some_day]:
            check_date(history, on, orgs, paths)
        check_year_ends(history, sorted(ends), orgs, paths)
        check_projection(history, orgs, paths)
        transaction.set_rollback(True)
