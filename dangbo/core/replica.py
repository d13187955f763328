"""Reads of reports, statistics and exports on a PostgreSQL streaming replica (issue 16, "Beyond one machine").

When `DATABASE_REPLICA_URL` is set, settings.py adds the database alias `replica` and installs `ReplicaRouter`.
Only code inside `reading()` reads from the replica: the year-end and consolidated reports, the statistics
workbook and the exports are wrapped in it (`@replica.reading()`). Everything else, and every write, uses the
primary (`default`). Without a replica nothing here is installed and every query goes to `default`, as before.

Read-your-writes: a replica lags the primary by a fraction of a second or more, so
- a unit of work (a web request, a background job) that wrote register data reads the primary from then on, also
  inside `reading()` (`db_for_write` marks it);
- a browser that wrote keeps reading the primary for `REPLICA_PIN_SECONDS` after it (a cookie set by
  `ReplicaMiddleware`), so a report opened right after saving a member shows the member;
- bookkeeping tables (sessions, the cache, the job queue, the audit chain, login failures) are always read from
  the primary and writing them does not count as a write of the register: an export's audit row must not send the
  next export to the primary.
If the replica cannot be reached when `reading()` starts, the block reads the primary (logged as a warning).
"""

import logging
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import DatabaseError, connections, router

DEFAULT = "default"
REPLICA = "replica"
PIN_COOKIE = "dangbo_primary"

# Tables whose reads must be fresh and whose writes say nothing about the register (app label or app.model).
BOOKKEEPING = frozenset({
    "sessions", "django_cache", "django_tasks_db",
    "core.auditevent", "core.job", "core.loginfailure",
})

log = logging.getLogger(__name__)
_reading: ContextVar[bool] = ContextVar("dangbo_replica_reading", default=False)


class _Unit:
    """A request or a job: `wrote` register data itself; `pinned` to the primary (it wrote, or the browser did)."""

    __slots__ = ("pinned", "wrote")

    def __init__(self, pinned: bool = False):
        self.pinned = pinned
        self.wrote = False


_unit: ContextVar[_Unit | None] = ContextVar("dangbo_replica_unit", default=None)


def _current() -> _Unit:
    unit = _unit.get()
    if unit is None:  # outside a request or a job (a command): one unit for the rest of it
        unit = _Unit()
        _unit.set(unit)
    return unit


def configured() -> bool:
    return REPLICA in connections.settings


def _bookkeeping(model) -> bool:
    meta = model._meta
    return meta.app_label in BOOKKEEPING or meta.label_lower in BOOKKEEPING


def pinned() -> bool:
    """Whether the current unit of work reads the primary whatever `reading()` says."""
    unit = _unit.get()
    return unit is not None and unit.pinned


@contextmanager
def reading():
    """Reads inside go to the replica when one is configured and this unit of work is not pinned."""
    use = configured() and not pinned()
    if use:
        try:
            connections[REPLICA].ensure_connection()
        except DatabaseError as e:
            log.warning("replica unreachable, reading the primary: %s", e)
            use = False
    token = _reading.set(use)
    try:
        yield
    finally:
        _reading.reset(token)


def read_connection(model):
    """The connection for raw SQL reading `model`'s table: the replica inside `reading()`, as the ORM would."""
    return connections[router.db_for_read(model)]


@contextmanager
def unit_of_work(pinned: bool = False):
    """A request or a job: what it writes pins it (and only it) to the primary. Yields the unit."""
    unit = _Unit(pinned)
    token = _unit.set(unit)
    try:
        yield unit
    finally:
        _unit.reset(token)


class ReplicaRouter:
    """Installed by settings.py only when the `replica` alias exists."""

    def db_for_read(self, model, **hints):
        if _reading.get() and not pinned() and not _bookkeeping(model):
            return REPLICA
        return DEFAULT

    def db_for_write(self, model, **hints):
        if not _bookkeeping(model):
            unit = _current()
            unit.wrote = unit.pinned = True
        return DEFAULT

    def allow_relation(self, obj1, obj2, **hints):
        # The replica is a copy of the primary: an object read from either may refer to one read from the other.
        if obj1._state.db in {DEFAULT, REPLICA} and obj2._state.db in {DEFAULT, REPLICA}:
            return True
        return None  # any other alias: Django's own rule (the same database)

    def allow_migrate(self, db, app_label, **hints):
        return db == DEFAULT  # the replica follows the primary's WAL; it is never migrated itself


class ReplicaMiddleware:
    """One unit of work per request; after a request that wrote, the browser reads the primary for
    REPLICA_PIN_SECONDS (a cookie), longer than the replica's usual lag."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not configured():
            return self.get_response(request)
        with unit_of_work(pinned=PIN_COOKIE in request.COOKIES) as unit:
            response = self.get_response(request)
        if unit.wrote:
            response.set_cookie(PIN_COOKIE, "1", max_age=settings.REPLICA_PIN_SECONDS, httponly=True,
                                samesite="Lax", secure=settings.SESSION_COOKIE_SECURE)
        return response
