"""Closed periods (chốt số liệu, members/closing.py, issue 16): the table of a closed date equals the history.

The property plays random histories through the actions (tests/members/test_asof_property.py's `play`: admissions,
transfers in and out, removals, deaths, re-admissions, merges and splits of chi bộ, a đảng bộ bộ phận moved under
another đảng bộ, recognitions recorded late), with periods closed before the history is played (so that every
event dated before a closed date is a late event) and others closed in the middle, and dossiers edited after. For
every closed date it checks that the table holds exactly the rows a recomputation from the history gives, and that
every figure read from it (the subtree counts of every organisation, the tree's page and counts_by_org, each
breakdown, the statistics tables, the year-end report's year ends) equals the same figure read from the history.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import strategies as st

from dangbo.core.scopes import Scope, ScopeDenied
from dangbo.exchange import statistics
from dangbo.members import actions as member_actions
from dangbo.members import asof, closing
from dangbo.members.models import ClosedPeriod, Member, MemberEvent, PeriodState
from dangbo.organizations import queries as org_queries
from dangbo.organizations.models import Organization
from dangbo.reports.data import members_at_year_ends
from tests.db import db_property
from tests.members.test_asof_property import LAST_DAY, YEAR_ENDS, History, active_cells, found_tree, play

ETHNICITIES = ["Kinh", "Tày", "Thái", "Mường", "Cơ Tu"]


def table(on: date) -> set[tuple]:
    return set(PeriodState.objects.filter(on=on).values_list("organization_id", "dimension", "key", "official",
                                                             "probationary"))


def recomputed(on: date) -> set[tuple]:
    return {(r.organization_id, r.dimension, r.key, r.official, r.probationary) for r in closing._rows_on(on)}


def nonzero(d: dict) -> dict:
    return {k: v for k, v in d.items() if any(v)}


def late_events(data):
    """Transfers, removals and deaths of a few members, dated after their last event and often inside a period
    closed since."""
    live = list(Member.objects.filter(status__in=("official", "probationary")).order_by("id"))
    for m in data.draw(st.lists(st.sampled_from(live), max_size=3, unique=True), label="late") if live else []:
        last = MemberEvent.objects.filter(member=m).order_by("-effective_date").first().effective_date
        day = data.draw(st.dates(last, LAST_DAY), label="late day")
        kind = data.draw(st.sampled_from(["transfer", "removal", "death"]), label="late kind")
        targets = [c for c in active_cells() if c.pk != m.organization_id]
        if kind == "transfer" and not targets:
            continue
        to = data.draw(st.sampled_from(targets), label="to") if kind == "transfer" else None
        try:
            member_actions.record_event(None, m, kind, effective_date=day, to_organization=to,
                                        external_place="Đảng bộ tỉnh khác")
        except ValidationError:  # refused by a rule of the event (nothing written)
            pass


def edit_dossiers(data):
    """Change the breakdown fields of a few members (the closed dates' rows read the dossier as it is now)."""
    live = list(Member.objects.order_by("id"))
    for m in data.draw(st.lists(st.sampled_from(live), max_size=3, unique=True), label="edited") if live else []:
        if m.status not in ("official", "probationary"):
            continue
        changes = {"gender": data.draw(st.sampled_from(["M", "F"]), label="gender"),
                   "ethnicity": data.draw(st.sampled_from(ETHNICITIES), label="ethnicity"),
                   "birth_date": data.draw(st.dates(date(1950, 1, 1), date(1990, 1, 1)), label="birth")}
        try:
            member_actions.update_dossier(None, m, changes)
        except ValidationError:  # too young on the admission date: refused, nothing written
            pass


def check(closed: list[date]):
    admin = Scope(is_admin=True)
    orgs = list(Organization.objects.order_by("path"))
    for on in closed:
        assert table(on) == recomputed(on), f"bảng chốt số liệu ngày {on:%d/%m/%Y}"
        for org in [None, *orgs]:
            path = org.path if org else ""
            # Every breakdown of the whole register and of the top organisations; the totals of every subtree.
            for dimension in closing.DIMENSIONS if org is None or org.parent_id is None else ("total",):
                got = nonzero(closing.counts(path, on, dimension))
                with closing.history_only():
                    want = nonzero(closing.counts(path, on, dimension))
                assert got == want, f"{org and org.code} {on:%d/%m/%Y} {dimension}"
            got = asof.counts_as_of(on, path)
            with closing.history_only():
                assert got == asof.counts_as_of(on, path), f"{org and org.code} {on:%d/%m/%Y}"
        # The tree's page on the date (every subtree's count) and the counts of many organisations at once.
        for org in [None, *orgs]:
            got = org_queries.tree_rows(admin, on, org)
            with closing.history_only():
                assert got == org_queries.tree_rows(admin, on, org), f"cây {org and org.code} {on:%d/%m/%Y}"
        got = asof.counts_by_org(orgs, on)
        with closing.history_only():
            assert got == asof.counts_by_org(orgs, on), f"counts_by_org {on:%d/%m/%Y}"
    years = sorted({d.year for d in closed if (d.month, d.day) == (12, 31)})
    for org in orgs:
        got = members_at_year_ends(org.path, years)
        with closing.history_only():
            assert got == members_at_year_ends(org.path, years), f"báo cáo {org.code}"
    for org in [o for o in orgs if o.parent_id is None]:  # the statistics of each top organisation, all tables
        for year in years:
            got = asdict(statistics.year_statistics(admin, year, org))
            with closing.history_only():
                want = asdict(statistics.year_statistics(admin, year, org))
            assert got == want, f"thống kê {org.code} {year}"


@db_property(5)
def test_the_closed_periods_table_equals_the_history(data):
    with transaction.atomic():
        found_tree()
        history = History()
        first = data.draw(st.lists(st.sampled_from(YEAR_ENDS), min_size=1, max_size=3, unique=True), label="closed")
        for on in first:  # closed before anything happened: every event dated before it is a late event
            closing.close_period(None, on)
        play(data, history, data.draw(st.integers(3, 15), label="operations"))
        more = data.draw(st.lists(st.sampled_from(YEAR_ENDS) | st.dates(date(2017, 1, 1), date(2025, 12, 31)),
                                  max_size=2, unique=True), label="closed later")
        for on in more:
            closing.close_period(None, on)
        late_events(data)
        edit_dossiers(data)
        check(sorted(set(first) | set(more)))
        transaction.set_rollback(True)


def test_closing_is_for_the_administrator_and_past_dates(db, tree, make_member, make_user):
    make_member(tree["a"])
    office = make_user("office", tree["dbo"])
    with pytest.raises(ScopeDenied):
        closing.close_period(office, date(2020, 12, 31))
    with pytest.raises(ValidationError):
        closing.close_period(None, date(2999, 12, 31))
    assert not ClosedPeriod.objects.exists() and not PeriodState.objects.exists()
    period = closing.close_period(None, date.today())
    assert ClosedPeriod.objects.get() == period
    assert set(PeriodState.objects.filter(on=date.today(), dimension="total").values_list(
        "organization_id", "official", "probationary")) == {(tree["a"].pk, 1, 0)}


def test_dangbo_stats_close_and_list(db, tree, make_member, make_user, run, run_json):
    make_member(tree["a"])
    make_member(tree["b"], official=False, decision_date=date(2020, 3, 2), full_name="Lê Thị Bình")
    office = make_user("office", tree["dbo"])
    code, out, err = run("stats", "close", "--date", "31/12/2999")
    assert code == 1 and "ở tương lai" in err and not ClosedPeriod.objects.exists()
    code, out, err = run("stats", "close", "--date", "31/12/2020", "--user", office.username)
    assert code == 1 and "Chỉ quản trị hệ thống" in err and not ClosedPeriod.objects.exists()
    code, data, err = run_json("stats", "close", "--date", "31/12/2020")
    assert code == 0, err
    assert data["result"]["official"] == 1 and data["result"]["probationary"] == 1
    code, data, err = run_json("stats", "list")
    assert data["closed"] == [{"on": "2020-12-31", "closed_at": data["closed"][0]["closed_at"], "official": 1,
                               "probationary": 1}]
    # A late event (a removal dated inside the closed year) changes the closed figures at once.
    member = Member.objects.get(full_name="Lê Thị Bình")
    member_actions.record_event(None, member, "removal", effective_date=date(2020, 6, 1))
    assert asof.counts_as_of(date(2020, 12, 31)).total == 1
    assert closing.counts("", date(2020, 12, 31)) == {"": (1, 0)}


def test_stats_close_in_the_background_then_the_worker(db, tree, make_member, run, run_json):
    make_member(tree["a"])
    code, data, err = run_json("stats", "close", "--date", "31/12/2020", "--background")
    assert code == 0, err
    assert not ClosedPeriod.objects.exists()  # queued: the worker closes it
    assert run("worker", "--batch")[0] == 0
    code, shown, _ = run_json("jobs", "wait", str(data["id"]))
    assert shown["status"] == "done" and shown["kind"] == "members.close_period"
    assert "1 đảng viên" in shown["result"]["summary"]
    assert closing.counts("", date(2020, 12, 31)) == {"": (1, 0)}


def test_the_closing_page_is_the_administrators(db, tree, make_member, make_user, run):
    from django.test import Client
    from django.urls import reverse

    from dangbo.core.models import Job

    make_member(tree["a"])
    url = reverse("members:close_period")
    office, admin = make_user("office", tree["dbo"]), make_user("admin", username="quantri")
    anonymous = Client().get(url)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith(reverse("login"))
    as_office = Client()
    as_office.force_login(office)
    assert as_office.get(url).status_code == 403
    refused = as_office.post(url, {"on": "31/12/2020"})
    assert refused.status_code == 403 and "Chỉ quản trị hệ thống" in refused.content.decode()
    assert url not in as_office.get(reverse("members:list")).content.decode()  # no link in the menu either
    assert not Job.objects.exists()

    client = Client()
    client.force_login(admin)
    page = client.get(url).content.decode()
    assert "Chưa chốt số liệu ngày nào." in page and url in page
    for bad, message in (("31/12/2999", "ở tương lai"), ("32/13/2020", "không đúng định dạng"),
                         ("", "bắt buộc")):
        got = client.post(url, {"on": bad})
        assert got.status_code == 200 and message in got.content.decode(), bad
    assert not Job.objects.exists()

    done = client.post(url, {"on": "31/12/2020"})
    job = Job.objects.get()
    assert done.status_code == 302 and done["Location"] == reverse("core:job", args=[job.pk])
    assert job.kind == "members.close_period" and job.params == {"on": "2020-12-31"} and job.user == admin
    page = client.get(url).content.decode()
    assert "Đang chốt" in page and "31/12/2020" in page  # queued: shown before the worker runs it
    assert run("worker", "--batch")[0] == 0
    job.refresh_from_db()
    assert job.status == "done" and "1 đảng viên" in job.result["summary"]
    page = client.get(url).content.decode()
    assert "Đã chốt" in page and "quantri" in page and "Tính lại" in page and "Đang chốt" not in page
    # Recounting a closed date: the same form, the same date; still one closed period.
    assert client.post(url, {"on": "31/12/2020"}).status_code == 302
    assert "Đang tính lại" in client.get(url).content.decode()
    assert run("worker", "--batch")[0] == 0
    assert ClosedPeriod.objects.count() == 1 and closing.counts("", date(2020, 12, 31)) == {"": (1, 0)}
    # The job's progress: one step per breakdown (the test's transaction keeps SQLite's from the row itself).
    steps = []
    closing.close_period(None, date(2021, 12, 31), progress=lambda done, total: steps.append((done, total)))
    assert steps == [(i, len(closing.DIMENSIONS)) for i in range(len(closing.DIMENSIONS))]


def test_an_action_recounts_the_closed_dates_from_its_own_date(db, tree, make_member):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    member = make_member(tree["a"])
    for year in (2018, 2020, 2022):
        closing.close_period(None, date(year, 12, 31))
    before = {on: table(on) for on in closing.closed_dates()}
    # Dated after every closed date: no closed date is recounted (not one statement on the table).
    with CaptureQueriesContext(connection) as ctx:
        member_actions.record_event(None, member, "transfer", effective_date=date(2023, 5, 1),
                                    to_organization=tree["b"])
    assert not [q for q in ctx.captured_queries if PeriodState._meta.db_table in q["sql"]]
    assert {on: table(on) for on in closing.closed_dates()} == before
    # A late event dated inside 2021: 2022 is recounted (the member counts in chi bộ C), 2018 and 2020 are not.
    other = make_member(tree["a"], "Trần Văn Bình")
    with CaptureQueriesContext(connection) as ctx:
        member_actions.record_event(None, other, "transfer", effective_date=date(2021, 6, 1),
                                    to_organization=tree["c"])
    recounted = {q["sql"] for q in ctx.captured_queries
                 if "DELETE" in q["sql"] and PeriodState._meta.db_table in q["sql"]}
    assert recounted and all("2022-12-31" in sql for sql in recounted), recounted
    for on in closing.closed_dates():
        assert table(on) == recomputed(on)
    assert closing.counts(tree["c"].path, date(2022, 12, 31)) == {"": (1, 0)}
    assert closing.counts(tree["c"].path, date(2020, 12, 31)) == {}
