"""Expensive figures kept in the cache until the register changes: the report dashboard's report, the home page's
due-work counts.

Every registered action (core.actions.audited_action, the one place writes go through) renews the register's
generation when its transaction commits; a cached figure is stored under the generation it was built in, so after
any write it is built again, and never outlives its timeout either (a safety net for writes outside the actions:
`dangbo seed` renews it too, `dangbo restore` clears the cache). The cache is Django's (the database cache by
default: shared by every web process, nothing to install).

A generation is read before the figure is built and renewed after the write commits, so a figure stored under the
current generation was built from data that includes every committed write.

Many users and writers at once (issue 16): a figure that takes seconds to build would be built again by every
request after every write, by several requests at once. Such a figure may lag: one request builds it while the
others, for up to a minute, are served the last count with the time it was counted, which the page shows.
"""

from __future__ import annotations

import hashlib
import logging
import pickle
import time
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

GENERATION_KEY = "dangbo:generation"
TIMEOUT = 600  # seconds: writes outside the actions (a restore, a script) are seen after 10 minutes at most
SLOW_BUILD = 1.0  # seconds: a figure this slow to build may lag behind the writes (see `counted`)
LOCK_TIMEOUT = 300  # seconds: a build that died leaves its lock this long at most
LOCK_WAIT = 120  # seconds a request waits for another's first count of a figure before counting it itself
log = logging.getLogger(__name__)


def generation() -> str:
    """The register's current generation (a random token renewed by every write)."""
    token = cache.get(GENERATION_KEY)
    if token is None:
        cache.add(GENERATION_KEY, uuid.uuid4().hex, None)
        token = cache.get(GENERATION_KEY, "")
    return token


def renew() -> None:
    """Forget every cached figure: a new generation. Not an increment, so two writes at once cannot both end on
    one value that a figure built between them was stored under."""
    cache.set(GENERATION_KEY, uuid.uuid4().hex, None)


def renew_on_commit() -> None:
    """Renew the generation once the current transaction commits (at once outside a transaction); once a
    transaction, however many actions it runs (an import of 60,000 rows)."""
    connection = transaction.get_connection()
    if connection.in_atomic_block and any(entry[1] is renew for entry in connection.run_on_commit):
        return
    transaction.on_commit(renew)


@dataclass(frozen=True)
class Counted:
    """A figure and when it was counted; `current` is False when it was served from before the latest writes."""
    value: Any
    at: datetime
    current: bool = True


def figure(name: str, parts: tuple, build):
    """`build()`, cached under `name`, `parts` (what the figure depends on besides the register: the scope, the
    date, the language…) and the register's generation. A figure slow to build may lag behind the latest writes:
    a page shows it through `counted` and `lagging`, which say when it was counted."""
    return counted(name, parts, build).value


def counted(name: str, parts: tuple, build) -> Counted:
    """`figure`, with when it was counted. A figure slower than SLOW_BUILD to build (the whole register's report,
    seconds at the national root) is not built again by every request after every write: for
    settings.CACHED_FIGURES_LAG seconds after it was counted, or while another request is building it, the last
    count is served, marked not current, and the page says when it was counted. Quick figures are always current."""
    if not settings.CACHED_FIGURES:
        return Counted(build(), timezone.now())
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    key = f"dangbo:v2:{name}:{generation()}:{digest}"  # v2: stored with the time counted
    hit = cache.get(key)
    if hit is not None:
        return Counted(hit[0], hit[1])
    latest_key, lock_key = f"dangbo:v2:{name}:latest:{digest}", f"dangbo:v2:{name}:building:{digest}"
    latest = cache.get(latest_key)  # (value, counted at, seconds to build)
    locked = False
    if latest is not None and latest[2] >= SLOW_BUILD:
        recent = timezone.now() - latest[1] < timedelta(seconds=settings.CACHED_FIGURES_LAG)
        if recent or not (locked := cache.add(lock_key, 1, LOCK_TIMEOUT)):
            return Counted(latest[0], latest[1], current=False)
    elif latest is None and settings.CACHED_FIGURES_LAG and not (locked := cache.add(lock_key, 1, LOCK_TIMEOUT)):
        # Never counted, and another request is counting it: wait for its count rather than count it too (after a
        # restart, five administrators opening the national report would build it five times over, each slower).
        waited = _wait_for(key, latest_key)
        if waited is not None:
            return waited
    at, started = timezone.now(), time.monotonic()
    try:
        value = build()
    finally:
        if locked:
            cache.delete(lock_key)
    try:
        cache.set(key, (value, at), TIMEOUT)
        cache.set(latest_key, (value, at, time.monotonic() - started), TIMEOUT)
    except (pickle.PicklingError, TypeError, AttributeError) as e:  # a figure that cannot be stored is only slower
        log.warning("figure %s not cached: %s", name, e)
    return Counted(value, at)


def _wait_for(key: str, latest_key: str) -> Counted | None:
    deadline = time.monotonic() + LOCK_WAIT
    while time.monotonic() < deadline:
        time.sleep(0.2)
        if (hit := cache.get(key)) is not None:
            return Counted(hit[0], hit[1])
        if (latest := cache.get(latest_key)) is not None:  # counted before a write that came since
            return Counted(latest[0], latest[1], current=False)
    return None


def lagging(*figures: Counted) -> datetime | None:
    """When the oldest of `figures` that is not current was counted (None: all are current); pages show it."""
    return min((f.at for f in figures if not f.current), default=None)
