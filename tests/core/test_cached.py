"""Cached figures (core/cached.py): kept until a registered action commits, built again after it."""

from datetime import date
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from dangbo.core import cached
from dangbo.core.users import create_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _cached_figures_on(settings):
    from django.core.cache import cache

    settings.CACHED_FIGURES = True  # off for the rest of the suite (tests/conftest.py)
    cache.clear()  # the cache table is no model's: a test with committed writes leaves it filled
    yield
    cache.clear()


def _counter():
    built = []

    def build():
        built.append(1)
        return {"n": len(built)}

    return built, build


def test_a_figure_is_built_once_until_an_action_commits(make_user, django_capture_on_commit_callbacks):
    admin = make_user("admin")
    built, build = _counter()
    assert cached.figure("t", ("a",), build) == {"n": 1}
    assert cached.figure("t", ("a",), build) == {"n": 1} and len(built) == 1
    assert cached.figure("t", ("b",), build) == {"n": 2}  # other parts: another figure
    with django_capture_on_commit_callbacks(execute=True):
        create_user(admin, username="moi", role="admin", password="Mat-khau-moi-2026")
    assert cached.figure("t", ("a",), build) == {"n": 3}


def test_a_refused_action_keeps_the_figures(make_user, django_capture_on_commit_callbacks):
    admin = make_user("admin")
    built, build = _counter()
    cached.figure("t", ("a",), build)
    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(ValidationError):
        create_user(admin, username="", role="admin", password="Mat-khau-moi-2026")
    assert callbacks == [] and cached.figure("t", ("a",), build) == {"n": 1}


def test_reading_a_record_or_producing_a_report_keeps_the_figures(make_user, make_org, make_member, monkeypatch):
    """An action that only records a reading (sensitive fields seen, a report produced) leaves the register as it
    was: under load, every record opened made every cached figure count again."""
    from dangbo.core.models import AuditEvent
    from dangbo.members.actions import log_sensitive_view
    from dangbo.organizations.models import OrgKind
    from dangbo.reports.actions import record_year_end

    admin = make_user("admin")
    org = make_org("Chi bộ Đọc", OrgKind.GRASSROOTS_CELL)
    member = make_member(org, "Nguyễn Văn Đọc")
    renewed = []
    monkeypatch.setattr(cached, "renew_on_commit", lambda *paths: renewed.append(1))
    log_sensitive_view(admin, member)
    record_year_end(admin, org, 2025, formats=[".docx"], via="web")
    assert AuditEvent.objects.filter(action__in=["member.view_sensitive", "report.year_end"]).count() == 2
    assert renewed == []
    create_user(admin, username="moi", role="admin", password="Mat-khau-moi-2026")  # a write does renew them
    assert renewed == [1]


def test_the_figures_are_renewed_once_a_transaction(make_user, django_capture_on_commit_callbacks):
    admin = make_user("admin")
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        for n in range(3):
            create_user(admin, username=f"moi{n}", role="admin", password="Mat-khau-moi-2026")
    assert callbacks == [cached.renew]


def test_a_figure_that_cannot_be_stored_is_still_shown():
    assert cached.figure("t", ("lambda",), lambda: [lambda: 1])[0]() == 1


@pytest.mark.django_db(transaction=True)  # the writes commit, as in use
def test_the_due_work_and_ratings_pages_are_built_again_after_a_write(members, users, client_as):
    """The pages that keep their figures (the due work, the ratings results: seconds at the root of a national
    register) show a decision as soon as it commits, and are served from the cache until then."""
    from datetime import date

    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from dangbo.members import actions
    from dangbo.members.models import EventKind

    office = client_as("office")
    due = reverse("members:due")
    first = office.get(due)
    assert "Lê Thị Hoa" in first.content.decode()  # probationary since 2024: recognition is due
    results = reverse("evaluations:results")
    with CaptureQueriesContext(connection) as built:
        office.get(results)
    with CaptureQueriesContext(connection) as again:
        assert "Lê Thị Hoa" in office.get(due).content.decode()
        office.get(results)
    with CaptureQueriesContext(connection) as results_again:
        office.get(results)
    assert len(results_again) < len(built)  # the figures came from the cache
    assert len(again) - len(results_again) < len(built)
    actions.record_event(users.office, members.hoa, EventKind.RECOGNITION, decision_date=date(2025, 10, 1),
                         decision_number="9-QĐ/ĐU")
    assert "Lê Thị Hoa" not in office.get(due).content.decode()


def _write(admin, django_capture_on_commit_callbacks, n):
    with django_capture_on_commit_callbacks(execute=True):
        create_user(admin, username=f"ghi{n}", role="admin", password="Mat-khau-moi-2026")


def test_a_slow_figure_lags_behind_the_writes_for_a_while_and_says_so(make_user, monkeypatch, settings,
                                                                       django_capture_on_commit_callbacks):
    """Built again by every request after every write, the national report would keep the CPUs busy: a figure slower
    than SLOW_BUILD is served from its last count for CACHED_FIGURES_LAG seconds, marked not current."""
    admin = make_user("admin")
    built, build = _counter()
    monkeypatch.setattr(cached, "SLOW_BUILD", 0.0)  # every figure counts as slow
    settings.CACHED_FIGURES_LAG = 60
    first = cached.counted("t", ("a",), build)
    assert first.value == {"n": 1} and first.current and cached.lagging(first) is None
    _write(admin, django_capture_on_commit_callbacks, 1)
    lagging = cached.counted("t", ("a",), build)
    assert lagging.value == {"n": 1} and not lagging.current and cached.lagging(lagging) == first.at
    settings.CACHED_FIGURES_LAG = 0  # the minute is over: built again, current
    again = cached.counted("t", ("a",), build)
    assert again.value == {"n": 2} and again.current and len(built) == 2


def test_a_figure_slow_to_build_lags_longer_in_proportion(make_user, monkeypatch, settings,
                                                           django_capture_on_commit_callbacks):
    """A figure that took 10 s to build (the national report) is counted again at most every 200 s, not every
    minute: re-counting it never takes over a twentieth of a core. Never beyond the cache's own timeout."""
    from datetime import timedelta

    from django.utils import timezone

    admin = make_user("admin")
    settings.CACHED_FIGURES_LAG = 60
    assert cached.lag_for(0.5) == 60 and cached.lag_for(10) == 200 and cached.lag_for(100) == cached.TIMEOUT
    settings.CACHED_FIGURES_LAG = 0
    assert cached.lag_for(10) == 0  # 0: every figure current
    settings.CACHED_FIGURES_LAG = 60
    clock = iter([0.0, 10.0])  # the first build takes 10 s
    monkeypatch.setattr(cached.time, "monotonic", lambda: next(clock))
    built, build = _counter()
    cached.counted("t", ("a",), build)
    _write(admin, django_capture_on_commit_callbacks, 1)
    now = timezone.now()
    monkeypatch.setattr(cached.timezone, "now", lambda: now + timedelta(seconds=150))
    assert not cached.counted("t", ("a",), build).current and len(built) == 1  # 150 s < 200 s: still the last count
    monkeypatch.setattr(cached.time, "monotonic", lambda: 0.0)
    monkeypatch.setattr(cached.timezone, "now", lambda: now + timedelta(seconds=201))
    assert cached.counted("t", ("a",), build).value == {"n": 2} and len(built) == 2


def test_a_quick_figure_is_always_current(make_user, settings, django_capture_on_commit_callbacks):
    admin = make_user("admin")
    built, build = _counter()
    settings.CACHED_FIGURES_LAG = 60
    cached.counted("t", ("a",), build)
    _write(admin, django_capture_on_commit_callbacks, 1)
    assert cached.counted("t", ("a",), build).current and len(built) == 2  # under SLOW_BUILD: never lags


def test_one_request_builds_a_slow_figure_while_the_others_get_the_last_count(make_user, monkeypatch, settings,
                                                                                django_capture_on_commit_callbacks):
    from django.core.cache import cache

    admin = make_user("admin")
    built, build = _counter()
    monkeypatch.setattr(cached, "SLOW_BUILD", 0.0)
    settings.CACHED_FIGURES_LAG = 0
    cached.counted("t", ("a",), build)
    _write(admin, django_capture_on_commit_callbacks, 1)
    digest = cached.hashlib.sha256(repr(("a",)).encode()).hexdigest()[:32]
    assert cache.add(f"dangbo:v2:t:building:{digest}", 1)  # another request is building it
    assert not cached.counted("t", ("a",), build).current and len(built) == 1
    cache.delete(f"dangbo:v2:t:building:{digest}")
    assert cached.counted("t", ("a",), build).value == {"n": 2}


@pytest.mark.django_db(transaction=True)  # the writes commit, as in use
def test_a_lagging_page_says_when_its_figures_were_counted(users, client_as, monkeypatch, settings):
    from django.urls import reverse

    monkeypatch.setattr(cached, "SLOW_BUILD", 0.0)
    settings.CACHED_FIGURES_LAG = 60
    office = client_as("office")
    pages = [reverse("home"), reverse("members:due"), reverse("evaluations:results"), reverse("reports:dashboard")
             + f"?to_chuc={users.office.roles.first().organization_id}&nam=2025"]
    for url in pages:
        assert 'id="counted-at"' not in office.get(url).content.decode(), url
    create_user(users.admin, username="ghi1", role="admin", password="Mat-khau-moi-2026")
    for url in pages:
        page = office.get(url).content.decode()
        assert 'id="counted-at"' in page and "Số liệu tính lúc" in page, url


def test_a_figure_never_counted_is_counted_once_while_others_wait(monkeypatch):
    """After a restart, several requests for the same slow figure wait for the first one's count."""
    from django.core.cache import cache

    built, build = _counter()
    digest = cached.hashlib.sha256(repr(("a",)).encode()).hexdigest()[:32]
    assert cache.add(f"dangbo:v2:t:building:{digest}", 1)  # another request is counting it
    waits = []

    def other_request_finishes(seconds):
        waits.append(seconds)
        cache.set(f"dangbo:v2:t:{cached.generation()}:{digest}", ({"n": "theirs"}, cached.timezone.now()))

    monkeypatch.setattr(cached.time, "sleep", other_request_finishes)
    got = cached.counted("t", ("a",), build)
    assert got.value == {"n": "theirs"} and got.current and built == [] and len(waits) == 1


# -- figures kept by region ----------------------------------------------------------------------------------------
@pytest.fixture
def regions(make_org, make_member):
    """A root, two regions under it (its children), a chi bộ in each with a member."""
    from dangbo.organizations.models import OrgKind

    root = make_org("Đảng bộ Tỉnh", OrgKind.UPPER)
    a = make_org("Đảng bộ Xã A", OrgKind.GRASSROOTS_COMMITTEE, parent=root)
    b = make_org("Đảng bộ Xã B", OrgKind.GRASSROOTS_COMMITTEE, parent=root)
    ca = make_org("Chi bộ Thôn A", OrgKind.CELL, parent=a)
    cb = make_org("Chi bộ Thôn B", OrgKind.CELL, parent=b)
    return SimpleNamespace(root=root, a=a, b=b, ca=ca, cb=cb, member=make_member(ca, "Lê Văn Vùng"))


def _committed(fn):
    """Run an action as if its transaction committed: the test's own transaction never does, and the callbacks
    the fixtures' actions queued in it (a renewal of everything) would hide the action's own."""
    connection = transaction.get_connection()
    connection.run_on_commit.clear()
    fn()
    callbacks = [entry[1] for entry in connection.run_on_commit]
    connection.run_on_commit.clear()
    for callback in callbacks:
        callback()
    return callbacks


def test_a_region_is_the_second_level_of_the_tree(regions):
    from dangbo.organizations.models import STEP

    assert cached.REGION_CHARS == 2 * STEP == len(regions.a.path) < len(regions.ca.path)


def test_a_members_event_renews_the_figures_of_its_region_and_above_only(regions):
    from dangbo.members.actions import record_event

    figures = {"a": [regions.ca.path], "b": [regions.b.path], "root": [regions.root.path], "all": None}
    counters = {k: _counter() for k in figures}

    def counts():
        return {k: cached.figure("t", (k,), counters[k][1], paths=p)["n"] for k, p in figures.items()}

    assert counts() == {"a": 1, "b": 1, "root": 1, "all": 1} == counts()
    _committed(lambda: record_event(None, regions.member, "exemption", effective_date=date(2026, 1, 5)))
    assert counts() == {"a": 2, "b": 1, "root": 2, "all": 2}  # B's figures stay
    # A transfer to B touches both regions.
    _committed(lambda: record_event(None, regions.member, "transfer", effective_date=date(2026, 2, 5),
                                    to_organization=regions.cb))
    assert counts() == {"a": 3, "b": 2, "root": 3, "all": 3}
    # Back in A, an event still renews B: the member's history passes through it (closed periods recounted).
    _committed(lambda: record_event(None, regions.member, "transfer", effective_date=date(2026, 3, 5),
                                    to_organization=regions.ca))
    assert counts() == {"a": 4, "b": 3, "root": 4, "all": 4}
    _committed(lambda: record_event(None, regions.member, "exemption_end", effective_date=date(2026, 4, 5)))
    assert counts() == {"a": 5, "b": 4, "root": 5, "all": 5}
    # A write that names no organisation renews every figure.
    _committed(lambda: create_user(None, username="vung", role="admin", password="Mat-khau-moi-2026"))
    assert counts() == {"a": 6, "b": 5, "root": 6, "all": 6}


def test_the_regions_of_a_transaction_are_renewed_once_and_only_if_it_commits(regions):
    from dangbo.members.actions import record_event

    def two_events():
        record_event(None, regions.member, "exemption", effective_date=date(2026, 1, 5))
        with transaction.atomic():
            record_event(None, regions.member, "exemption_end", effective_date=date(2026, 2, 5))
            transaction.set_rollback(True)  # this savepoint's renewal goes with it; the first stays

    with transaction.atomic():
        callbacks = _committed(two_events)
    assert len(callbacks) == 1 and isinstance(callbacks[0], cached._RegionRenewal)
    assert callbacks[0].paths == {regions.ca.path}
