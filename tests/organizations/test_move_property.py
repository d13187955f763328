"""Hypothesis: random trees, random moves by decision at random dates, members admitted and transferred between
them; the member counts of every organisation as of every date equal a brute-force recount from the history the
test played, with the tree as it stood on that date (a move never changes a figure of an earlier date)."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from hypothesis import strategies as st

from dangbo.core.scopes import Scope
from dangbo.members import actions as member_actions
from dangbo.members import asof
from dangbo.organizations import actions as org_actions
from dangbo.organizations import queries
from dangbo.organizations.models import Organization, OrgKind
from tests.db import db_property

FOUNDED = date(2000, 1, 1)


def found(code, kind, parent=None):
    return org_actions.found_organization(None, code=code, name=f"Tổ chức {code}", kind=kind, parent=parent,
                                          founded_on=FOUNDED)


class World:
    """What the test played: each member's (date, order, cell) homes, and the parents before each move."""

    def __init__(self):
        self.homes: dict[int, list[tuple[date, int, int]]] = {}
        self.parents: dict[int, int | None] = {}
        self.trees: list[tuple[date, dict[int, int | None]]] = []  # (move day, parents before it)
        self.order = 0

    def home(self, member_id, when, cell_id):
        self.order += 1
        self.homes.setdefault(member_id, []).append((when, self.order, cell_id))

    def parents_on(self, on):
        return next((p for day, p in self.trees if on < day), self.parents)

    def under(self, org_id, ancestor_id, parents) -> bool:
        while org_id is not None:
            if org_id == ancestor_id:
                return True
            org_id = parents.get(org_id)
        return False

    def count(self, on, org_id) -> int:
        parents = self.parents_on(on)
        n = 0
        for steps in self.homes.values():
            now = [s for s in sorted(steps) if s[0] <= on]
            if now and self.under(now[-1][2], org_id, parents):
                n += 1
        return n


@db_property(10)
def test_counts_as_of_every_date_follow_the_moves(data):
    with transaction.atomic():
        w = World()
        tops = [found(f"U{i}", OrgKind.UPPER) for i in range(data.draw(st.integers(2, 3), label="tops"))]
        for t in tops:
            w.parents[t.pk] = None
        committees, cells = [], []
        for i in range(data.draw(st.integers(2, 4), label="committees")):
            parent = data.draw(st.sampled_from(tops), label="committee parent")
            c = found(f"G{i}", OrgKind.GRASSROOTS_COMMITTEE, parent)
            w.parents[c.pk] = parent.pk
            committees.append(c)
            for j in range(data.draw(st.integers(1, 2), label="cells")):
                cell = found(f"G{i}C{j}", OrgKind.CELL, c)
                w.parents[cell.pk] = c.pk
                cells.append(cell)
        day, serial, checks = date(2015, 1, 1), 0, set()
        for _ in range(data.draw(st.integers(3, 14), label="steps")):
            day = day + timedelta(days=data.draw(st.integers(1, 400), label="days"))
            if day > date(2026, 6, 30):
                break
            op = data.draw(st.sampled_from(["admit", "admit", "transfer", "move", "move"]), label="op")
            if op == "admit" or (op == "transfer" and not w.homes):
                serial += 1
                cell = data.draw(st.sampled_from(cells), label="cell")
                m = member_actions.admit_member(
                    None, organization=Organization.objects.get(pk=cell.pk), decision_date=day, ceremony_date=day,
                    dossier={"full_name": f"Nguyễn Văn Thử {serial}", "birth_date": date(1985, 3, 4), "gender": "M"})
                w.home(m.pk, day, cell.pk)
            elif op == "transfer":
                from dangbo.members.models import Member

                m = Member.objects.get(pk=data.draw(st.sampled_from(sorted(w.homes)), label="member"))
                to = data.draw(st.sampled_from([c for c in cells if c.pk != m.organization_id]), label="to")
                member_actions.record_event(None, m, "transfer", effective_date=day,
                                            to_organization=Organization.objects.get(pk=to.pk))
                w.home(m.pk, day, to.pk)
            else:
                # a committee to another top, or a top under another top (never under itself)
                movable = committees + tops
                org = Organization.objects.get(pk=data.draw(st.sampled_from(movable), label="moved").pk)
                targets = [t for t in tops if t.pk != org.parent_id and not w.under(t.pk, org.pk, w.parents)]
                if not targets:
                    continue
                to = Organization.objects.get(pk=data.draw(st.sampled_from(targets), label="to top").pk)
                w.trees.append((day, dict(w.parents)))
                org_actions.move_organization(None, org, to, effective_date=day, decision_number=f"{serial}-QĐ/TU")
                w.parents[org.pk] = to.pk
                checks |= {day - timedelta(days=1), day}
            checks.add(day)
        checks |= {date(y, 12, 31) for y in range(2015, 2026)}
        orgs = list(Organization.objects.order_by("path"))
        admin = Scope(is_admin=True)
        for on in sorted(checks):
            by_org = queries.counts_as_of(orgs, on)
            tree = {r["code"]: r for r in queries.tree_rows(admin, on)}
            for o in orgs:
                want = w.count(on, o.pk)
                assert asof.counts_as_of(on, o.path).total == want, f"{o.code} {on}"
                assert by_org[o.pk].total == want, f"{o.code} {on} (counts_by_org)"
                assert tree[o.code]["total"] == want, f"{o.code} {on} (tree)"
                parent = w.parents_on(on)[o.pk]
                assert tree[o.code]["parent"] == (Organization.objects.get(pk=parent).code if parent else None), \
                    f"{o.code} {on} parent"
            if on.month == 12 and on.day == 31:
                path = orgs[0].path
                assert asof.counts_on_dates(path, [on]) == {on: asof.counts_as_of(on, path)}
        transaction.set_rollback(True)
