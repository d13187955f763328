"""Writing a long import without holding SQLite's write lock longer than other writers wait for it.

SQLite has one write lock for the whole database. Written in one transaction, a 60,000-row import held it
for tens of seconds and other users' writes answered «database is busy» (issue 11.3). On SQLite a commit is
therefore written in pieces of IMPORT_CHUNK_ROWS rows (default 500), each its own short transaction, with the
batch in state "committing" until a last transaction marks it committed. Nothing is half-written for long:

- every row a piece writes carries the batch (new members' events have `source = "import:<id>"`, updated
  members' previous values are kept in `ImportUndo`), so `recovery.roll_back` can remove them;
- a failure inside the process rolls the written pieces back at once (`kinds.members.commit`);
- a process killed mid-way leaves its batch "committing" with a worker pid that is gone: the next look at it
  (the import pages, `dangbo serve` starting, `dangbo import --recover`) rolls it back (`jobs.mark_stale`).

Until the batch is committed the members written so far are visible to others, as in any register being
typed in; if the import then fails they are removed again.

PostgreSQL locks rows, not the database: there the whole commit stays one transaction (`whole()`), the pieces
are savepoints inside it.
"""

from __future__ import annotations

from contextlib import contextmanager

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils.translation import gettext_lazy as _

from dangbo.core.i18n import formatted
from dangbo.core.scopes import WRITE, require

from ..models import ImportStatus
from . import batches

CHUNK_ROWS = 500


def begin_commit(pv, batch, actor) -> None:
    """Refuse a commit before anything is written (a fatal preview, no write right on the target organisation, a
    batch being written or written already); else the batch is now "committing" (`batches.start_commit`)."""
    if pv.fatal:
        raise ValidationError(pv.fatal)
    require(actor, WRITE, pv.target_org, formatted(_("Bạn không có quyền nhập dữ liệu vào %(org)s."),
                                                   org=pv.target_org.name))
    if batch.status != ImportStatus.COMMITTING and not batches.start_commit(actor, batch):
        raise ValidationError(_("Lần nhập số %(pk)s đang được ghi hoặc đã ghi vào sổ."), params={"pk": batch.pk})


def chunk_rows() -> int:
    return max(int(getattr(settings, "IMPORT_CHUNK_ROWS", CHUNK_ROWS)), 1)


def in_pieces() -> bool:
    """Whether this database needs the commit in short transactions (SQLite: one lock for all writers)."""
    return connection.vendor == "sqlite"


@contextmanager
def whole():
    """The commit's outer transaction: one on PostgreSQL; none on SQLite, where each piece commits."""
    if in_pieces():
        yield
    else:
        with transaction.atomic():
            yield


def pieces(items: list, size: int | None = None):
    """`items` in slices of `size` (IMPORT_CHUNK_ROWS by default)."""
    size = size or chunk_rows()
    for i in range(0, len(items), size):
        yield items[i:i + size]


def history_reason(batch) -> str:
    """What the history rows written by a batch say (and how a rollback finds them)."""
    return f"Nhập từ tệp «{batch.file_name}» (lần nhập số {batch.pk})"
