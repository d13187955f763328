"""Imports that take longer than a request: jobs on the queue (core/jobs.py), run by `dangbo worker`.

The view enqueues the preview or the commit of a large file (`start`) and the page polls /nhap/<id>/tien-do/
every second (HTMX), which reads the progress the job writes on its Job row (`progress_of`). The batch's status
says "reading" or "committing" while its job is queued or running; the worker's process id is kept on the batch.

A worker that dies mid-commit leaves the batch "committing". The next worker to start (`core.jobs.take_back`),
the import pages and `dangbo import --recover` (`mark_stale`) take it back: the pieces a chunked commit had
written are rolled back (pipeline/recovery.py) and the batch is marked failed with a message saying that nothing
stays written and the file can be imported again. A queued job is not stale: it waits for a worker.

Small files (up to INLINE_BYTES) are handled inside the request: the user sees the preview at once.
"""

from __future__ import annotations

import os

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from dangbo.core import jobs as core_jobs

from .kinds import members, organizations
from .models import RUNNING_STATUSES, ImportBatch, ImportKind, ImportStatus
from .parsing.errors import ExchangeError
from .pipeline import batches
from .pipeline.recovery import roll_back
from .pipeline.stored import preview_again

INLINE_BYTES = 256 * 1024


def inline_limit() -> int:
    return int(getattr(settings, "DANGBO_IMPORT_INLINE_BYTES", INLINE_BYTES))


def ref(batch_id: int) -> str:
    return f"import:{batch_id}"


def progress_of(batch: ImportBatch) -> tuple[int, str]:
    job = core_jobs.latest_for(ref(batch.pk))
    if job is not None and job.is_running:
        return job.percent, gettext(job.message) if job.message else batch.get_status_display()
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


def _take_back(batch: ImportBatch) -> dict:
    """What a batch that stopped mid-way wrote, rolled back; then failed."""
    undone = roll_back(batch) if batch.status == ImportStatus.COMMITTING else {}
    batches.mark_failed(None, batch, STALE_MESSAGE, undone=undone)
    return undone


def mark_stale(qs=None) -> list[int]:
    """Batches whose job died with its process: what they wrote rolled back, then failed; their ids."""
    qs = ImportBatch.objects.filter(status__in=RUNNING_STATUSES) if qs is None else qs
    stale = []
    for b in qs.filter(status__in=RUNNING_STATUSES).select_related("organization"):
        job = core_jobs.latest_for(ref(b.pk))
        if job is not None:
            if job.is_running and not core_jobs.is_dead(job):
                continue  # queued (waiting for a worker) or running in a live worker
            if job.is_running:
                core_jobs.fail(job, STALE_MESSAGE)
        elif b.worker_pid != os.getpid() and _alive(b.worker_pid):
            continue  # no job: a batch of another live process (the threads of earlier versions)
        _take_back(b)
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


def _claim(job, batch_id: int) -> ImportBatch:
    ImportBatch.objects.filter(pk=batch_id).update(worker_pid=os.getpid(), updated_at=timezone.now())
    return ImportBatch.objects.select_related("organization").get(pk=batch_id)


def _failed(job, message: str):
    batch = ImportBatch.objects.filter(pk=job.params["batch"]).first()
    if batch is not None and batch.is_running:
        batches.mark_failed(None, batch, message)


def _dead(job) -> str:
    batch = ImportBatch.objects.filter(pk=job.params["batch"]).first()
    if batch is not None and batch.is_running:
        _take_back(batch)
    return STALE_MESSAGE


@core_jobs.kind("import.preview", rerun=True, on_failure=_failed)
def run_preview(job, actor, progress):
    batch = _claim(job, job.params["batch"])
    try:
        preview_batch(batch, actor, progress=progress.fraction)
    except Exception as e:  # noqa: BLE001 - the reason in Vietnamese on the batch and the job
        raise ValidationError(error_text(e))
    batch.refresh_from_db()
    return {"url": f"/nhap/{batch.pk}/", "summary": batch.get_status_display()}


@core_jobs.kind("import.commit", rerun=False, on_dead=_dead, on_failure=_failed)
def run_commit(job, actor, progress):
    batch = _claim(job, job.params["batch"])
    try:
        result = commit_for(batch)(batch, actor, progress=progress.fraction)
    except Exception as e:  # noqa: BLE001
        raise ValidationError(error_text(e))
    return {"url": f"/nhap/{batch.pk}/", "created": result.created, "updated": result.updated,
            "unchanged": result.unchanged, "errors": result.errors}


@core_jobs.kind("import.file", rerun=False, on_dead=_dead, on_failure=_failed)
def run_file(job, actor, progress):
    """`dangbo import --background`: the preview, then (unless a dry run) the commit of every valid row."""
    batch = _claim(job, job.params["batch"])
    try:
        preview_batch(batch, actor, progress=lambda f, label: progress.fraction(f / 2, label))
        batch.refresh_from_db()
        result = None
        if not job.params.get("dry_run") and batch.status == ImportStatus.PREVIEWED and batch.total_rows:
            if batches.start_commit(actor, batch, from_statuses=(ImportStatus.PREVIEWED,)):
                batch.refresh_from_db()
                result = commit_for(batch)(batch, actor,
                                           progress=lambda f, label: progress.fraction(0.5 + f / 2, label))
    except Exception as e:  # noqa: BLE001
        raise ValidationError(error_text(e))
    batch.refresh_from_db()
    out = {"url": f"/nhap/{batch.pk}/", "batch": batch.pk,
           "summary": f"Lần nhập số {batch.pk}: {batch.get_status_display()}"}
    if batch.status == ImportStatus.MAPPING:
        out["summary"] += f" ({batch.message or 'có cột chưa nhận ra'})"
    if result is not None:
        out.update(created=result.created, updated=result.updated, unchanged=result.unchanged, errors=result.errors)
        out["summary"] = (f"Lần nhập số {batch.pk}: {result.created} thêm mới, {result.updated} cập nhật, "
                          f"{result.unchanged} không thay đổi, {result.errors} dòng lỗi bỏ qua.")
    return out


def commit_for(batch: ImportBatch):
    """The commit function of a batch's kind (members or organisations)."""
    return organizations.commit_organizations if batch.kind == ImportKind.ORGANIZATIONS else members.commit


def error_text(e: BaseException) -> str:
    from django.core.exceptions import PermissionDenied

    if isinstance(e, ValidationError):
        return "; ".join(e.messages)
    if isinstance(e, ExchangeError | PermissionDenied):
        return str(e)
    if isinstance(e, FileNotFoundError):
        return "Không tìm thấy tệp đã tải lên; hãy tải tệp lên lại."
    return f"Lỗi không mong đợi ({e.__class__.__name__}); không có dòng nào được ghi vào sổ."


def enqueue_file(batch: ImportBatch, actor, *, dry_run: bool = False):
    """Queue the whole import of a stored file (`dangbo import --background`); the job."""
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportStatus.READING, progress=0, worker_pid=None,
                                                   updated_at=timezone.now())
    return core_jobs.enqueue("import.file", actor=actor, label=f"Nhập tệp «{batch.file_name}»",
                             organization=batch.organization, ref=ref(batch.pk), batch=batch.pk, dry_run=dry_run)


def start(batch: ImportBatch, actor, kind: str) -> bool:
    """Queue the preview or the commit of `batch` (run by `dangbo worker`). False if one is already queued."""
    job = core_jobs.latest_for(ref(batch.pk))
    if job is not None and job.is_running:
        return False
    # A commit was claimed by batches.start_commit (committing, audited); a preview is "reading" the file.
    fields = {"status": ImportStatus.READING, "message": ""} if kind == "preview" else {}
    ImportBatch.objects.filter(pk=batch.pk).update(**fields, progress=0, worker_pid=None, updated_at=timezone.now())
    label = (gettext_noop("Đọc và xem trước tệp «%(name)s»") if kind == "preview"
             else gettext_noop("Ghi vào sổ tệp «%(name)s»")) % {"name": batch.file_name}
    core_jobs.enqueue(f"import.{kind}", actor=actor, label=label, organization=batch.organization,
                      ref=ref(batch.pk), batch=batch.pk)
    return True


def wait(batch_id: int, timeout: float = 60.0):
    """For tests and the CLI: block until the job of `batch_id` ends (a worker must be running)."""
    job = core_jobs.latest_for(ref(batch_id))
    if job is not None:
        core_jobs.wait(job.pk, timeout)


# -- the yearly statistics of a large organisation -------------------------------------------------------------
def enqueue_statistics(actor, year: int, org, *, queue: bool = True):
    name = org.name if org is not None else "toàn hệ thống"
    return core_jobs.enqueue("exchange.statistics", actor=actor, organization=org, queue=queue, year=year,
                             label=f"Thống kê đảng viên năm {year} – {name}")


@core_jobs.kind("exchange.statistics", rerun=True)
def run_statistics(job, actor, progress):
    """The statistics workbook (statistics.export_statistics) in the job's folder, downloaded from its page."""
    from dangbo.core.scopes import Scope, scope_for
    from dangbo.organizations.models import Organization

    from . import statistics

    org = Organization.objects.get(pk=job.organization_id) if job.organization_id else None
    scope = scope_for(actor) if actor is not None else Scope(is_admin=True)
    year = int(job.params["year"])
    progress(0, 1, gettext_noop("Đang tính số liệu thống kê"))
    folder = core_jobs.result_dir(job)
    folder.mkdir(parents=True, exist_ok=True)
    prepared_by = (actor.get_full_name() or actor.get_username()) if actor is not None else ""
    tmp = folder / "thong-ke.part"
    with tmp.open("wb") as fh:
        stats = statistics.export_statistics(scope, year, org, fh, actor=actor, prepared_by=prepared_by)
    name = f"thong-ke-{stats.organization_code or 'tat-ca'}-{stats.year}.xlsx"
    tmp.replace(folder / name)
    progress(1, 1, gettext_noop("Đã lập tệp thống kê"))
    return {"file": name, "summary": f"Thống kê năm {year} – {stats.organization_name}: "
                                     f"{stats.end.total} đảng viên cuối kỳ."}
