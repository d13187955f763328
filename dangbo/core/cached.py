"""Expensive figures kept in the cache until the register changes: the report dashboard's report, the home page's
due-work counts.

Every registered action (core.actions.audited_action, the one place writes go through) renews the register's
generation when its transaction commits; a cached figure is stored under the generation it was built in, so after
any write it is built again, and never outlives its timeout either (a safety net for writes outside the actions:
`dangbo seed` renews it too, `dangbo restore` clears the cache). The cache is Django's (the database cache by
default: shared by every web process, nothing to install).

A generation is read before the figure is built and renewed after the write commits, so a figure stored under the
current generation was built from data that includes every committed write.
"""

from __future__ import annotations

import hashlib
import logging
import pickle
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

GENERATION_KEY = "dangbo:generation"
TIMEOUT = 600  # seconds: writes outside the actions (a restore, a script) are seen after 10 minutes at most
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


def figure(name: str, parts: tuple, build):
    """`build()`, cached under `name`, `parts` (what the figure depends on besides the register: the scope, the
    date, the language…) and the register's generation."""
    if not settings.CACHED_FIGURES:
        return build()
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    key = f"dangbo:{name}:{generation()}:{digest}"
    hit = cache.get(key)
    if hit is not None:
        return hit
    value = build()
    try:
        cache.set(key, value, TIMEOUT)
    except (pickle.PicklingError, TypeError, AttributeError) as e:  # a figure that cannot be stored is only slower
        log.warning("figure %s not cached: %s", name, e)
    return value
