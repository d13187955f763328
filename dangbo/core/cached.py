"""Expensive figures kept in the cache until the register changes: the report dashboard's report, the home page's
due-work counts.

Every registered action (core.actions.audited_action, the one place writes go through) renews the register's
generation when its transaction commits; a cached figure is stored under the generation it was built in, so after
any write it is built again, and never outlives its timeout either (a safety net for writes outside the actions:
`dangbo seed` renews it too, `dangbo restore` clears the cache). The cache is Django's (the database cache by
default: shared by every web process, nothing to install).

A generation is read before the figure is built and renewed after the write commits, so a figure stored under the
current generation was built from data that includes every committed write.

A write that declares the organisations it touched (a member's event: the member's chi bộ, the one it hosts them,
the one it transfers them to) renews only their regions' generations (a region: the subtree of an organisation
at the second level of the tree, a province of the national register, a chi bộ of an office) and the generation of
"anywhere"; a figure that declares the organisations it reads (a scope's or an organisation's subtree) is stored
under its regions' generations, so a write in one province leaves the other provinces' figures. A figure of a
subtree above the regions (the root) reads "anywhere"; any other write renews every figure.

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

GENERATION_KEY = "dangbo:generation"  # renewed by every write that does not say where it wrote
ANYWHERE_KEY = "dangbo:generation:anywhere"  # renewed by every write that does
# A region is the subtree of an organisation at the second level of the tree (a province; an office's chi bộ): its
# path's first 8 characters, two of organizations.models.STEP (tests/core/test_cached.py holds them equal).
REGION_CHARS = 8
TIMEOUT = 600  # seconds: writes outside the actions (a restore, a script) are seen after 10 minutes at most
SLOW_BUILD = 1.0  # seconds: a figure this slow to build may lag behind the writes (see `counted`)
# A slow figure is counted again at most once every LAG_PER_BUILD_SECOND times its build time, so that re-counting one
# figure after the writes never takes more than a twentieth of a core: the root's report (10–15 s at 1 M under load)
# once every 3–5 minutes rather than every minute.
LAG_PER_BUILD_SECOND = 20
LOCK_TIMEOUT = 300  # seconds: a build that died leaves its lock this long at most
LOCK_WAIT = 120  # seconds a request waits for another's first count of a figure before counting it itself
log = logging.getLogger(__name__)


def _region_key(path: str) -> str:
    return f"dangbo:generation:region:{path[:REGION_CHARS]}"


def _keys_read(paths) -> list[str]:
    """The generations a figure reading the subtrees of `paths` (None or none: anything) is stored under."""
    if not paths or any(len(p) < REGION_CHARS for p in paths):
        return [GENERATION_KEY, ANYWHERE_KEY]
    return [GENERATION_KEY, *sorted({_region_key(p) for p in paths})]


def generation(paths=None) -> str:
    """The register's current generation (random tokens renewed by the writes) for a figure reading the subtrees
    of `paths` (None: the whole register)."""
    keys = _keys_read(paths)
    tokens = cache.get_many(keys)
    missing = [k for k in keys if k not in tokens]
    for k in missing:
        cache.add(k, uuid.uuid4().hex, None)
    if missing:
        tokens = cache.get_many(keys)
    return ".".join(tokens.get(k, "") for k in keys)


def renew(paths=None) -> None:
    """Forget the cached figures: a new generation, of everything (`paths` None) or of the regions of `paths` and
    of "anywhere". Not an increment, so two writes at once cannot both end on one value that a figure built
    between them was stored under."""
    if paths is None:
        cache.set(GENERATION_KEY, uuid.uuid4().hex, None)
        return
    cache.set_many({k: uuid.uuid4().hex for k in {ANYWHERE_KEY, *(_region_key(p) for p in paths)}}, None)


class _RegionRenewal:
    """The regions the writes of the current transaction touched, renewed once when it commits."""

    def __init__(self):
        self.paths: set[str] = set()

    def __call__(self):
        renew(self.paths)


def renew_on_commit(paths=None) -> None:
    """Renew the generation once the current transaction commits (at once outside a transaction); once a
    transaction, however many actions it runs (an import of 60,000 rows). `paths`: the organisations the write
    touched (None: it may have touched anything)."""
    if paths is not None:
        paths = {p for p in paths if p} or None  # a write that names no organisation may have touched any
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        renew(paths)
        return
    queued = [entry[1] for entry in connection.run_on_commit]
    if any(f is renew for f in queued):
        return  # everything is renewed anyway
    if paths is None:
        transaction.on_commit(renew)
        return
    regional = next((f for f in queued if isinstance(f, _RegionRenewal)), None)
    if regional is None:
        regional = _RegionRenewal()
        transaction.on_commit(regional)
    regional.paths.update(paths)


@dataclass(frozen=True)
class Counted:
    """A figure and when it was counted; `current` is False when it was served from before the latest writes."""
    value: Any
    at: datetime
    current: bool = True


def figure(name: str, parts: tuple, build, paths=None):
    """`build()`, cached under `name`, `parts` (what the figure depends on besides the register: the scope, the
    date, the language…) and the register's generation; `paths`: the organisations whose subtrees it reads (None:
    anything). A figure slow to build may lag behind the latest writes: a page shows it through `counted` and
    `lagging`, which say when it was counted."""
    return counted(name, parts, build, paths).value


def counted(name: str, parts: tuple, build, paths=None) -> Counted:
    """`figure`, with when it was counted. A figure slower than SLOW_BUILD to build (the whole register's report,
    seconds at the national root) is not built again by every request after every write: for
    settings.CACHED_FIGURES_LAG seconds after it was counted, or while another request is building it, the last
    count is served, marked not current, and the page says when it was counted; longer for a figure that takes over
    a few seconds (`lag_for`). Quick figures are always current."""
    if not settings.CACHED_FIGURES:
        return Counted(build(), timezone.now())
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    key = f"dangbo:v2:{name}:{generation(paths)}:{digest}"  # v2: stored with the time counted
    hit = cache.get(key)
    if hit is not None:
        return Counted(hit[0], hit[1])
    latest_key, lock_key = f"dangbo:v2:{name}:latest:{digest}", f"dangbo:v2:{name}:building:{digest}"
    latest = cache.get(latest_key)  # (value, counted at, seconds to build)
    locked = False
    if latest is not None and latest[2] >= SLOW_BUILD:
        recent = timezone.now() - latest[1] < timedelta(seconds=lag_for(latest[2]))
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


def lag_for(build_seconds: float) -> float:
    """How long a figure that took `build_seconds` to build may be shown from before the latest writes: the setting
    CACHED_FIGURES_LAG (0: never), longer for a figure whose build takes over 1/LAG_PER_BUILD_SECOND of it, never
    longer than the cache keeps it."""
    if not settings.CACHED_FIGURES_LAG:
        return 0
    return min(max(settings.CACHED_FIGURES_LAG, build_seconds * LAG_PER_BUILD_SECOND), TIMEOUT)


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
