"""The hash-chained audit ledger (ARCHITECTURE.md decision 8).

Each row's hash covers its own content and the previous row's hash, so altering any stored field or
deleting any row breaks the chain at that point, and `verify_chain` says where.
"""

import contextvars
import hashlib
import json
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone

from .i18n import in_vietnamese, vietnamese
from .models import AuditEvent

GENESIS = "0" * 64
request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("dangbo_request_id", default="")
# The codes recorded by the innermost running registered action (dangbo.core.actions.audited_action), which
# checks that its body wrote exactly one event of its declared type.
_recorded: contextvars.ContextVar[list[str] | None] = contextvars.ContextVar("dangbo_audit_recorded", default=None)


UNCHANGED = ""  # collected by `note_unchanged`: the action found nothing to change


def note_unchanged():
    collected = _recorded.get()
    if collected is not None:
        collected.append(UNCHANGED)


@contextmanager
def collecting():
    """Collect the codes `record` writes inside the block (nested blocks collect their own)."""
    codes: list[str] = []
    token = _recorded.set(codes)
    try:
        yield codes
    finally:
        _recorded.reset(token)


def _default(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if hasattr(value, "pk"):
        return value.pk
    return str(value)


def to_jsonable(data):
    """Round-trip through JSON so the stored value and the hashed value are the same thing."""
    return json.loads(json.dumps(data, default=_default, ensure_ascii=False))


def _digest(prev_hash: str, fields: dict) -> str:
    payload = json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=_default)
    return hashlib.sha256((prev_hash + payload).encode()).hexdigest()


def _hashed_fields(ev: AuditEvent) -> dict:
    return {
        "seq": ev.seq,
        "at": ev.at.isoformat(),
        "user_id": ev.user_id,
        "username": ev.username,
        "request_id": ev.request_id,
        "action": ev.action,
        "object_type": ev.object_type,
        "object_id": ev.object_id,
        "org_path": ev.org_path,
        "summary": ev.summary,
        "data": ev.data,
    }


def _lock_chain():
    # Two writers must not both append after the same row. SQLite serialises writers already
    # (IMMEDIATE transactions); PostgreSQL takes a transaction-scoped advisory lock.
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("SELECT pg_advisory_xact_lock(727274)")


def record(action: str, *, actor=None, obj=None, object_type: str = "", object_id="", org_path: str = "",
           summary: str = "", data: dict | None = None) -> AuditEvent:
    """Append one audit event. Must be called inside the action's transaction. A lazy label in the summary or
    the data is stored in Vietnamese, whatever the page's language."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or obj.pk
    with transaction.atomic():
        _lock_chain()
        last = AuditEvent.objects.order_by("-seq").only("seq", "hash").first()
        ev = AuditEvent(
            seq=(last.seq + 1) if last else 1,
            at=timezone.now(),
            user=actor if getattr(actor, "pk", None) else None,
            username=getattr(actor, "username", "") or "",
            request_id=request_id_var.get(),
            action=action,
            object_type=object_type,
            object_id=str(object_id or ""),
            org_path=org_path or "",
            summary=vietnamese(summary),
            data=in_vietnamese(to_jsonable)(data or {}),
            prev_hash=last.hash if last else GENESIS,
        )
        ev.hash = _digest(ev.prev_hash, _hashed_fields(ev))
        ev.save(force_insert=True)
    collected = _recorded.get()
    if collected is not None:
        collected.append(action)
    return ev


# The database refuses UPDATE and DELETE on the audit table (triggers of migration core 0003) unless this
# transaction has put a row in UNLOCK_TABLE, a table outside Django's models (so no flush or restore
# empties it by accident). Only `maintenance()` does that: restore, flush, and tests that tamper on purpose.
UNLOCK_TABLE = "dangbo_audit_unlock"
APPEND_ONLY_MESSAGE = "dangbo: nhật ký thao tác chỉ được ghi thêm, không được sửa hay xóa"


@contextmanager
def maintenance():
    """Allow this transaction to rewrite the audit table (replacing the whole database), then lock it again."""
    token = uuid.uuid4().hex
    with transaction.atomic():
        with connection.cursor() as cur:
            cur.execute(f"INSERT INTO {UNLOCK_TABLE} (token) VALUES (%s)", [token])
        try:
            yield
        finally:
            with connection.cursor() as cur:
                cur.execute(f"DELETE FROM {UNLOCK_TABLE} WHERE token = %s", [token])


@dataclass
class ChainProblem:
    seq: int
    message: str


def verify_chain(batch: int = 5000) -> tuple[int, list[ChainProblem]]:
    """Walk the ledger in order; report every row whose content or link does not match."""
    problems: list[ChainProblem] = []
    prev_hash, prev_seq, checked = GENESIS, 0, 0
    last_seq = 0
    while True:
        rows = list(AuditEvent.objects.filter(seq__gt=last_seq).order_by("seq")[:batch])
        if not rows:
            break
        for ev in rows:
            checked += 1
            if ev.seq != prev_seq + 1:
                problems.append(ChainProblem(
                    ev.seq, f"thiếu bản ghi số {prev_seq + 1}–{ev.seq - 1} (đã bị xóa)"
                    if ev.seq - prev_seq > 2 else f"thiếu bản ghi số {prev_seq + 1} (đã bị xóa)"))
            if ev.prev_hash != prev_hash:
                problems.append(ChainProblem(ev.seq, f"bản ghi số {ev.seq} không nối với bản ghi trước nó"))
            if _digest(ev.prev_hash, _hashed_fields(ev)) != ev.hash:
                problems.append(ChainProblem(ev.seq, f"bản ghi số {ev.seq} đã bị sửa (mã băm không khớp)"))
            prev_hash, prev_seq = ev.hash, ev.seq
        last_seq = rows[-1].seq
    return checked, problems
