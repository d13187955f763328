"""Imports that take longer than a request: a thread per job, progress in memory, status in the database.

Choice (issue 3, "long imports run as background jobs"): no extra service. `dangbo serve` is one waitress
process with several threads, so the view starts a daemon thread for the preview or the commit of a large
file and the page polls /nhap/<id>/tien-do/ every second (HTMX). The thread publishes its progress in
JOBS (this process's memory: the commit runs inside one transaction, so a progress column written from it
would stay invisible to the polling request until the end). The batch's status in the database says
"reading" or "committing" while a job runs, with the worker's process id.

A thread dies with its process. Because the commit is one transaction, a dead job has written nothing; a
batch left "running" by a process that is gone (another pid that no longer exists, or this pid without the
job in JOBS, i.e. the server restarted) is marked failed the next time anyone looks at it
(`mark_stale`), with a message saying that nothing was written and the file can be imported again.

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

from .models import RUNNING_STATUSES, ImportBatch, ImportKind, ImportStatus

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
        return int(job.fraction * 100), job.label
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


def mark_stale(qs=None):
    """Batches whose job died with its process: failed, nothing written (the commit is one transaction)."""
    qs = ImportBatch.objects.filter(status__in=RUNNING_STATUSES) if qs is None else qs
    me = os.getpid()
    for b in qs.filter(status__in=RUNNING_STATUSES).only("pk", "worker_pid", "status"):
        dead = (b.worker_pid == me and b.pk not in JOBS) or (b.worker_pid != me and not _alive(b.worker_pid))
        if dead:
            ImportBatch.objects.filter(pk=b.pk, status=b.status).update(
                status=ImportStatus.FAILED, message=STALE_MESSAGE, progress=0)


def read_table(batch: ImportBatch):
    from .readers import read_table as read

    return read(batch.read_file(), batch.file_name)


def preview_batch(batch: ImportBatch, actor, *, progress=None, status: str = ImportStatus.PREVIEWED):
    """Read the stored file, preview it with the batch's column mapping, keep the summary on the batch."""
    from . import importer

    table = read_table(batch)
    preview = importer.preview
    if batch.kind == ImportKind.ORGANIZATIONS:
        from .org_importer import preview_organizations as preview
    pv = preview(table, actor=actor, target_org=batch.organization, mapping_override=batch.mapping,
                 progress=progress, kind=batch.kind)
    pv.batch, pv.file_name, pv.file_sha256, pv.file_size = batch, batch.file_name, batch.file_sha256, batch.file_size
    if status == ImportStatus.PREVIEWED:
        # Columns the reader did not recognise: ask the user before going on (they may skip them).
        asking = bool(pv.fatal or (pv.unknown_headers and not batch.mapping))
        importer.store_preview(batch, pv, ImportStatus.MAPPING if asking else ImportStatus.PREVIEWED)
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
        ImportBatch.objects.filter(pk=batch_id, status__in=RUNNING_STATUSES).update(
            status=ImportStatus.FAILED, progress=0, message=error_text(e))
    finally:
        with _lock:
            JOBS.pop(batch_id, None)
        connection.close()


def commit_for(batch: ImportBatch):
    """The commit function of a batch's kind (members or organisations)."""
    if batch.kind == ImportKind.ORGANIZATIONS:
        from .org_importer import commit_organizations

        return commit_organizations
    from .importer import commit

    return commit


def error_text(e: BaseException) -> str:
    from django.core.exceptions import PermissionDenied, ValidationError

    from .errors import ExchangeError

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
        JOBS[batch.pk] = job = Job(batch.pk, kind, 0.0, "Đang chuẩn bị")
    status = ImportStatus.READING if kind == "preview" else ImportStatus.COMMITTING
    ImportBatch.objects.filter(pk=batch.pk).update(status=status, progress=0, message="", worker_pid=os.getpid(),
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
