"""The replica router (dangbo/core/replica.py): without DATABASE_REPLICA_URL nothing changes; with it, reports,
statistics and exports read the `replica` alias, every write goes to the primary, and a unit of work (a request,
a job) that wrote register data reads the primary from then on, as does the browser for REPLICA_PIN_SECONDS.

The replica here is a second connection to the test database itself (a real streaming replica is
bench/pg-replica.sh's work): the data are the same, so the tests look at which connection ran the queries."""

import io

import pytest
from django.db import connections, router
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from dangbo.core import replica
from dangbo.core.models import AuditEvent, Job
from dangbo.core.scopes import Scope, scope_for
from dangbo.members.models import Member
from dangbo.organizations.models import Organization

ROUTER = ["dangbo.core.replica.ReplicaRouter"]


def _add_replica(**overrides):
    connections.settings[replica.REPLICA] = {**connections["default"].settings_dict, **overrides}
    conn = connections[replica.REPLICA]

    def ensure_connection():
        # Django's test case forbids connecting to an alias it did not set up; this one is added on purpose.
        if conn.connection is None:
            with conn.wrap_database_errors:
                conn.connect()

    conn.ensure_connection = ensure_connection


def _remove_replica():
    if replica.REPLICA in connections.settings:
        connections[replica.REPLICA].close()
        del connections[replica.REPLICA]
        del connections.settings[replica.REPLICA]


@pytest.fixture
def with_replica():
    """A `replica` alias and the router, added after the test database is set up (and removed before it is
    torn down), as settings.py adds them when DATABASE_REPLICA_URL is set."""
    _add_replica()
    try:
        with override_settings(DATABASE_ROUTERS=ROUTER), replica.unit_of_work() as unit:
            yield unit
    finally:
        _remove_replica()


# -- the router's choices ------------------------------------------------------------------------------------
def test_settings_install_nothing_without_a_replica():
    from django.conf import settings

    assert "replica" not in settings.DATABASES and settings.DATABASE_ROUTERS == []
    with replica.reading():
        assert router.db_for_read(Member) == "default"


def test_settings_with_a_replica_url(monkeypatch):
    """settings.py read anew with DATABASE_REPLICA_URL and the pool switched on."""
    import importlib

    import dangbo.config.settings as s

    monkeypatch.setenv("DATABASE_URL", "postgres://dangbo@127.0.0.1:5432/dangbo")
    monkeypatch.setenv("DATABASE_REPLICA_URL", "postgres://dangbo@127.0.0.1:5433/dangbo")
    monkeypatch.setenv("DANGBO_DB_POOL", "1")
    monkeypatch.setenv("DANGBO_DB_POOL_MAX_SIZE", "4")
    monkeypatch.setenv("DANGBO_DISABLE_SERVER_SIDE_CURSORS", "1")
    try:
        fresh = importlib.reload(s)
        primary, rep = fresh.DATABASES["default"], fresh.DATABASES["replica"]
        assert fresh.DATABASE_ROUTERS == ROUTER
        assert (primary["PORT"], rep["PORT"]) == (5432, 5433)
        # Django refuses a pool beside persistent connections: both are 0 when pooling.
        assert primary["CONN_MAX_AGE"] == rep["CONN_MAX_AGE"] == 0
        assert primary["OPTIONS"]["pool"] == rep["OPTIONS"]["pool"] == {"min_size": 2, "max_size": 4,
                                                                         "timeout": 10.0}
        assert primary["DISABLE_SERVER_SIDE_CURSORS"] and rep["DISABLE_SERVER_SIDE_CURSORS"]
        assert rep["TEST"] == {"MIRROR": "default"}
    finally:
        monkeypatch.undo()
        importlib.reload(s)


def test_router_reads_replica_only_inside_reading(db, with_replica):
    r = replica.ReplicaRouter()
    assert r.db_for_read(Member) == "default"
    with replica.reading():
        assert r.db_for_read(Member) == "replica"
        assert r.db_for_read(Organization) == "replica"
        # Bookkeeping is read fresh from the primary: the audit chain, the jobs.
        assert r.db_for_read(AuditEvent) == "default"
        assert r.db_for_read(Job) == "default"
        assert r.db_for_write(Member) == "default"
    assert r.db_for_read(Member) == "default"
    assert r.allow_migrate("default", "members") and not r.allow_migrate("replica", "members")
    read, written = Member(pk=1), Organization(pk=1)
    read._state.db, written._state.db = "replica", "default"
    assert r.allow_relation(read, written) is True  # the same data
    written._state.db = "other"
    assert r.allow_relation(read, written) is None  # not ours to decide


def test_a_write_pins_the_unit_of_work_to_the_primary(db, with_replica):
    r = replica.ReplicaRouter()
    with replica.reading():
        r.db_for_write(AuditEvent)  # an export's audit row: bookkeeping, not a write of the register
        assert r.db_for_read(Member) == "replica"
        r.db_for_write(Member)
        assert r.db_for_read(Member) == "default"
    with replica.reading():  # a later block of the same request still reads what it wrote
        assert r.db_for_read(Member) == "default"
    with replica.unit_of_work(), replica.reading():  # the next request or job starts unpinned
        assert r.db_for_read(Member) == "replica"
    assert with_replica.wrote


def test_an_unreachable_replica_falls_back_to_the_primary(db):
    _add_replica(NAME="/nonexistent/dangbo/replica.sqlite3", ENGINE="django.db.backends.sqlite3", OPTIONS={})
    try:
        with override_settings(DATABASE_ROUTERS=ROUTER), replica.unit_of_work(), replica.reading():
            assert router.db_for_read(Member) == "default"
    finally:
        _remove_replica()


# -- reports, statistics and exports on the replica ----------------------------------------------------------
def _queries_on_both(fn):
    with CaptureQueriesContext(connections["replica"]) as on_replica, \
            CaptureQueriesContext(connections["default"]) as on_primary:
        result = fn()
    return result, " ".join(q["sql"] for q in on_replica), " ".join(q["sql"] for q in on_primary)


@pytest.mark.django_db(transaction=True)
def test_year_end_report_and_statistics_read_the_replica(tree, members, users, with_replica):
    from dangbo.exchange import statistics
    from dangbo.reports import data as report_data

    data, on_replica, on_primary = _queries_on_both(lambda: report_data.build(Scope(is_admin=True), tree.root, 2025))
    assert data["members"]["end"]["total"] == 4
    assert "members_memberevent" in on_replica and "members_member" in on_replica
    assert "members_memberevent" not in on_primary

    stats, on_replica, on_primary = _queries_on_both(
        lambda: statistics.year_statistics(Scope(is_admin=True), 2025, tree.root))
    assert stats.end.total == 4
    assert "members_member" in on_replica and "members_member" not in on_primary


@pytest.mark.django_db(transaction=True)
def test_an_export_reads_the_replica_and_audits_on_the_primary(tree, members, users, with_replica):
    from dangbo.exchange import exports
    from dangbo.members import queries

    scope, out = scope_for(users.office), io.BytesIO()
    result, on_replica, on_primary = _queries_on_both(lambda: exports.export_members(
        scope, queries.MemberFilter(), "csv", out, actor=users.office))
    assert result.rows == 4
    assert "members_member" in on_replica and "members_member" not in on_primary
    assert "core_auditevent" in on_primary and "core_auditevent" not in on_replica
    assert not with_replica.wrote  # the audit row alone does not pin the next export
    assert AuditEvent.objects.filter(action="export.members").count() == 1


@pytest.mark.django_db(transaction=True)
def test_an_export_after_a_write_in_the_same_unit_reads_the_primary(tree, members, users, with_replica):
    from dangbo.exchange import exports
    from dangbo.members import queries

    Member.objects.filter(pk=members.men.pk).update(full_name="Nguyễn Văn Mến Mới")
    scope, out = scope_for(users.office), io.BytesIO()
    _, on_replica, on_primary = _queries_on_both(lambda: exports.export_members(
        scope, queries.MemberFilter(), "csv", out, actor=users.office))
    assert on_replica == "" and "members_member" in on_primary
    assert "Nguyễn Văn Mến Mới" in out.getvalue().decode("utf-8-sig")


# -- the browser's pin ---------------------------------------------------------------------------------------
@pytest.mark.django_db(transaction=True)
def test_a_request_that_wrote_pins_the_browser_to_the_primary(tree, members):
    from django.http import HttpResponse
    from django.test import RequestFactory

    seen = []

    def view(request):
        if request.method == "POST":
            Member.objects.filter(pk=members.men.pk).update(full_name="Nguyễn Văn Mến Mới")
        with replica.reading():
            seen.append(router.db_for_read(Member))
        return HttpResponse("ok")

    _add_replica()
    try:
        with override_settings(DATABASE_ROUTERS=ROUTER):
            mw = replica.ReplicaMiddleware(view)
            rf = RequestFactory()
            assert replica.PIN_COOKIE not in mw(rf.get("/")).cookies
            posted = mw(rf.post("/"))
            cookie = posted.cookies[replica.PIN_COOKIE]
            assert cookie["max-age"] == 10 and cookie["httponly"]
            pinned = rf.get("/")
            pinned.COOKIES[replica.PIN_COOKIE] = "1"
            assert replica.PIN_COOKIE not in mw(pinned).cookies  # a read does not extend the pin
            mw(rf.get("/"))  # the cookie expired
    finally:
        _remove_replica()
    assert seen == ["replica", "default", "default", "replica"]
