"""Imports that take longer than a request: a thread per job, progress in memory, status in the database.

Choice (issue 3, "long imports run as background jobs"): no extra service. `dangbo serve` is one waitress
process with several threads, so the view starts a daemon thread for the preview or the commit of a large
file and the page polls /nhap/<id>/tien-do/ every second (HTMX). The thread publishes its progress in
JOBS (this process's memory: no write per progress step, and on PostgreSQL the commit is one transaction
whose writes the polling request would not see). The batch's status in the database says
"reading" or "committing" while a job runs, with the worker's process id.

A thread dies with its process. A batch left "running" by a process that is gone (another pid that no
longer exists, or this pid without the job in JOBS, i.e. the server restarted) is taken back the next time
anyone looks at it (`mark_stale`: the import pages, `dangbo serve` starting, `dangbo import --recover`): the
pieces a chunked commit had written are rolled back (pipeline/recovery.py) and the batch is marked failed with
a message saying that nothing stays written and the file can be imported again.

Small files (up to INLINE_BYTES) are handled inside the request: the user sees the preview at once.
"""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import close_old_connections, connection
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from .kinds import members, organizations
from .models import RUNNING_STATUSES, ImportBatch, ImportKind, ImportStatus
from .parsing.errors import ExchangeError
from .pipeline import batches
from .pipeline.recovery import roll_back
from .pipeline.stored import preview_again

INLINE_BYTES = 256 * 1024


@dataclass
class Job:
    batch_id: int
    kind: str  # "preview" | "commit"
    fraction: float = 0.0
    label: str = ""
    thread: threading.Thread | None = None


JOBS: dict[int, Job] = {}
_lock = threading.Lock()


def inline_limit() -> int:
    return int(getattr(settings, "DANGBO_IMPORT_INLINE_BYTES", INLINE_BYTES))


def progress_of(batch: ImportBatch) -> tuple[int, str]:
    job = JOBS.get(batch.pk)
    if job is not None:
        return int(job.fraction * 100), gettext(job.label)  # marked with gettext_noop, shown in the reader's language
    return batch.progress, batch.get_status_display()


def _alive(pid: int | None) -> bool:
    if not pid:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


STALE_MESSAGE = ("Tiến trình nhập đã dừng giữa chừng (máy chủ khởi động lại hoặc bị tắt). Không có dòng nào "
                 "được ghi vào sổ; hãy tải tệp lên lại.")


def mark_stale(qs=None) -> list[int]:
    """Batches whose job died with its process: what they wrote rolled back, then failed; their ids."""
    qs = ImportBatch.objects.filter(status__in=RUNNING_STATUSES) if qs is None else qs
    me = os.getpid()
    stale = []
    for b in qs.filter(status__in=RUNNING_STATUSES).select_related("organization"):
        dead = (b.worker_pid == me and b.pk not in JOBS) or (b.worker_pid != me and not _alive(b.worker_pid))
        if dead:
            undone = roll_back(b) if b.status == ImportStatus.COMMITTING else {}
            batches.mark_failed(None, b, STALE_MESSAGE, undone=undone)
            stale.append(b.pk)
    return stale


def preview_batch(batch: ImportBatch, actor, *, progress=None, status: str = ImportStatus.PREVIEWED):
    """Read the stored file, preview it with the batch's column mapping, keep the summary on the batch."""
    preview = organizations.preview_organizations if batch.kind == ImportKind.ORGANIZATIONS else members.preview
    pv = preview_again(batch, preview, actor, progress=progress)
    if status == ImportStatus.PREVIEWED:
        # Columns the reader did not recognise: ask the user before going on (they may skip them).
        asking = bool(pv.fatal or (pv.unknown_headers and not batch.mapping))
        batches.store_preview(batch, pv, ImportStatus.MAPPING if asking else ImportStatus.PREVIEWED)
        if pv.fatal:
            ImportBatch.objects.filter(pk=batch.pk).update(message=pv.fatal)
            batch.message = pv.fatal
    return pv


def _run(batch_id: int, actor, kind: str):
    job = JOBS[batch_id]

    def progress(fraction, label):
        job.fraction, job.label = fraction, label

    try:
        close_old_connections()
        batch = ImportBatch.objects.select_related("organization").get(pk=batch_id)
        if kind == "preview":
            preview_batch(batch, actor, progress=progress)
        else:
            commit_for(batch)(batch, actor, progress=progress)
    except Exception as e:  # noqa: BLE001 - the user sees the reason on the page
        batches.mark_failed(actor, ImportBatch.objects.get(pk=batch_id), error_text(e))
    finally:
        with _lock:
            JOBS.pop(batch_id, None)
        connection.close()


def commit_for(batch: ImportBatch):
    """The commit function of a batch's kind (members or organisations)."""
    return organizations.commit_organizations if batch.kind == ImportKind.ORGANIZATIONS else members.commit


def error_text(e: BaseException) -> str:
    from django.core.exceptions import PermissionDenied, ValidationError


    if isinstance(e, ValidationError):
        return "; ".join(e.messages)
    if isinstance(e, ExchangeError | PermissionDenied):
        return str(e)
    if isinstance(e, FileNotFoundError):
        return "Không tìm thấy tệp đã tải lên; hãy tải tệp lên lại."
    return f"Lỗi không mong đợi ({e.__class__.__name__}); không có dòng nào được ghi vào sổ."


def start(batch: ImportBatch, actor, kind: str) -> bool:
    """Run the preview or the commit of `batch` in a background thread. False if one is already running."""
    with _lock:
        if batch.pk in JOBS:
            return False
        JOBS[batch.pk] = job = Job(batch.pk, kind, 0.0, gettext_noop("Đang chuẩn bị"))
    # A commit was claimed by batches.start_commit (committing, audited); a preview is "reading" the file.
    fields = {"status": ImportStatus.READING, "message": ""} if kind == "preview" else {}
    ImportBatch.objects.filter(pk=batch.pk).update(**fields, progress=0, worker_pid=os.getpid(),
                                                   updated_at=timezone.now())
    job.thread = threading.Thread(target=_run, args=(batch.pk, actor, kind), name=f"import-{batch.pk}",
                                  daemon=True)
    job.thread.start()
    return True


def wait(batch_id: int, timeout: float = 60.0):
    """For tests and the CLI: block until the job of `batch_id` ends."""
    job = JOBS.get(batch_id)
    if job is not None and job.thread is not None:
        job.thread.join(timeout)
    deadline = time.monotonic() + timeout
    while batch_id in JOBS and time.monotonic() < deadline:
        time.sleep(0.05)
