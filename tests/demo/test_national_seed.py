"""`dangbo seed --shape national` (issue 16): the national register's shape, at a tiny size, on SQLite and PostgreSQL.

34 provinces, the 2025 levels (no district level: a province's đảng bộ xã, phường and its UBND and Party agencies'
đảng bộ, then the grassroots organisations, then chi bộ), every member in a chi bộ, the organisations' counts and
the table of a closed year end equal to the event history; and the full-scale plan (5.600.000 members) has the
issue's proportions.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection

from dangbo.demo import national
from dangbo.demo.seed import seed
from dangbo.members import asof, closing
from dangbo.members.models import ACTIVE_STATUSES, Member
from dangbo.organizations.models import CELL_KINDS, GRASSROOTS_KINDS, Organization, OrgKind, allowed_children
from dangbo.rules import reorganization as levels

TODAY = date(2026, 1, 15)


def test_full_scale_plan_has_the_issue_proportions():
    shape = national.plan(5_600_000)
    assert len(shape["grassroots"]) == 34
    assert 51_000 <= sum(shape["grassroots"]) <= 53_500  # 52.105 grassroots organisations
    assert 3_000 <= sum(shape["communes"]) <= 3_600  # 3.321 xã, phường, đặc khu
    share = dict(zip([n for n, _ in national.PROVINCES], shape["grassroots"], strict=True))
    assert 90_000 <= share["Huế"] * national.MEMBERS_PER_GRASSROOTS <= 110_000  # the 100.000-member province
    committees = sum(shape["grassroots"]) * national.COMMITTEE_SHARE
    cells = committees * sum(national.CELLS_PER_COMMITTEE) / 2
    assert 250_000 <= sum(shape["grassroots"]) + cells + 34 * 3 + sum(shape["communes"]) <= 350_000  # ~300.000


def _indexes_and_keys() -> set[tuple]:
    """The member tables' indexes and foreign keys (PostgreSQL): the seed drops them while loading, then makes them
    again (core.bulk.deferred_indexes)."""
    if connection.vendor != "postgresql":
        return set()
    tables = ["members_member", "members_memberevent", "members_badge", "members_nameword"]
    with connection.cursor() as cur:
        cur.execute("SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index "
                    "WHERE indrelid = ANY(%s::regclass[])", [tables])
        out = set(cur.fetchall())
        cur.execute("SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                    "WHERE conrelid = ANY(%s::regclass[])", [tables])
        return out | set(cur.fetchall())


@pytest.mark.django_db
def test_seeded_national_shape_is_sane():
    before = _indexes_and_keys()
    result = seed(2_000, 5, today=TODAY, shape="national")
    assert _indexes_and_keys() == before
    assert result.shape == "national" and result.members == 2_000
    assert set(result.phases) >= {"organizations", "members", "flush", "paths", "name_index", "counts"}
    root = Organization.objects.get(code=result.root_code)
    orgs = {o.pk: o for o in Organization.objects.filter(path__startswith=root.path)}
    assert result.organizations == len(orgs)

    provinces = [o for o in orgs.values() if o.parent_id == root.pk]
    assert len(provinces) == 34 and {o.level for o in provinces} == {levels.PROVINCE}
    assert len({o.name for o in provinces}) == 34
    assert not any(o.level == levels.DISTRICT for o in orgs.values())  # no district level since 01/7/2025
    under = {o.level for o in orgs.values() if o.parent_id in {p.pk for p in provinces}}
    assert under == {levels.COMMUNE, levels.GOVERNMENT, levels.PARTY_AGENCIES}
    for o in orgs.values():  # every organisation where the Statute and the 2025 levels allow it
        if o.parent_id:
            assert o.kind in allowed_children(orgs[o.parent_id]), (o.code, o.kind, orgs[o.parent_id].level)
    grassroots = [o for o in orgs.values() if o.kind in GRASSROOTS_KINDS]
    assert all(orgs[o.parent_id].kind == OrgKind.UPPER and orgs[o.parent_id].level != levels.PROVINCE
               for o in grassroots)
    assert len(grassroots) == 68  # two a province at least

    active = Member.objects.filter(status__in=ACTIVE_STATUSES)
    assert active.count() == 2_000
    assert not active.exclude(organization__kind__in=list(CELL_KINDS)).exists()  # every member in a chi bộ
    assert 10 <= 2_000 / len(grassroots) <= 107 * 2
    cells = [o for o in orgs.values() if o.kind == OrgKind.CELL]
    committees = [o for o in grassroots if o.kind == OrgKind.GRASSROOTS_COMMITTEE]
    low, high = national.CELLS_PER_COMMITTEE
    assert low * len(committees) <= len(cells) <= high * len(committees)

    # The organisations' counts (kept by the actions) are the history's state on the day.
    from_history = closing.from_history(asof.last_events(TODAY, root.path), TODAY, "total", ("org_after_id",))
    assert {k[0]: tuple(v) for k, v in from_history.items() if any(v)} == {
        o.pk: (o.official_count, o.probationary_count) for o in orgs.values()
        if o.official_count or o.probationary_count}

    # A closed year end's table (chốt số liệu) equals the history, for the root and each province.
    on = date(2025, 12, 31)
    closing.close_period(None, on)
    for o in [root, *provinces]:
        for dimension in ("total", "gender", "age") if o is root else ("total",):
            closed = closing.counts(o.path, on, dimension)
            history = closing.from_history(asof.last_events(on, o.path), on, dimension)
            assert closed == {k[0]: tuple(v) for k, v in history.items() if any(v)}, (o.code, dimension)
    assert sum(closing.counts(root.path, on)[""]) == asof.counts_as_of(on, root.path).total > 1_500
