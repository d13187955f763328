"""Background jobs on a queue in the database (issue 16): imports, dues months, statistics, reports.

Choice: django-tasks (the backport of Django 6's tasks framework) with its database backend (django-tasks-db):
the queue is a table of the same database, so it survives a restart and works on SQLite and PostgreSQL alike
with no other service; `dangbo worker` runs it (its `db_worker` loop: SELECT ... FOR UPDATE SKIP LOCKED on
PostgreSQL, an exclusive transaction on SQLite to claim a task), and `dangbo serve` starts one worker process
beside waitress unless told `--no-worker`. Nothing of a job lives only in a thread of the web process.

There is one django task, `run_job(job_id)`; what a job does is its kind, registered with `@kind("dues.month")`
in a module `<app>/jobs.py` (imported by `discover()`, in the worker and the web process alike). The `Job` row
(core.models) is what the pages and `dangbo jobs` show: who started it, for which organisation (scoped like
everything else), the status, done/total, the current step, the Vietnamese error, the result.

Progress is written in the job's OWN short transactions, at most every PROGRESS_INTERVAL seconds:
- outside a transaction (a preview, SQLite's chunked commit between its pieces) with the job's connection;
- inside a long transaction on PostgreSQL (an import's commit is one transaction there) through a second
  connection of its own (`connections.create_connection`, autocommit), so a page polling from another
  connection sees it while the main transaction is still open;
- inside a transaction on SQLite nothing is written (the main connection holds the database's one write lock, a
  second connection would wait for it): the figure is kept and written at the next call outside a transaction.

A worker that dies (killed, machine restarted) leaves its jobs "running" under a process that is gone. The next
worker to start takes them back (`take_back`): a kind that may run again (`rerun=True`: reading jobs, a month's
obligations replaced as a whole) is queued again; the others (an import's commit) get their kind's `on_dead`
(the import rolls back what it wrote, exchange/pipeline/recovery.py) and fail with a message saying so.
"""

from __future__ import annotations

import os
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from importlib.util import find_spec
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_noop
from django_tasks import task

from . import replica
from .models import Job, JobStatus

PROGRESS_INTERVAL = 0.5  # seconds between two progress writes of one job
STALE_MESSAGE = gettext_noop("Tiến trình chạy nền đã dừng giữa chừng (máy chủ khởi động lại hoặc bị tắt).")


@dataclass(frozen=True)
class Kind:
    name: str
    run: Callable  # run(job, actor, progress) -> dict (the result kept on the job)
    rerun: bool = True  # taken back after a dead worker by running it again
    on_dead: Callable | None = None  # else: on_dead(job) -> message; the job then fails with it
    on_failure: Callable | None = None  # on_failure(job, message): the kind's own rows marked failed too


KINDS: dict[str, Kind] = {}


def kind(name: str, *, rerun: bool = True, on_dead=None, on_failure=None):
    """Register a job kind: `@kind("dues.month") def month(job, actor, progress): ...`."""

    def register(fn):
        KINDS[name] = Kind(name, fn, rerun, on_dead, on_failure)
        return fn

    return register


_discovered = False


def discover():
    """Import every dangbo app's `jobs` module, where the kinds register."""
    global _discovered
    if _discovered:
        return
    from .registry import installed_apps

    for app in installed_apps():
        if find_spec(f"{app}.jobs") is not None:
            import_module(f"{app}.jobs")
    _discovered = True


# -- the worker's identity and liveness -----------------------------------------------------------------
def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:128]


def _alive(worker: str) -> bool:
    """A worker on this machine is alive while its process is; one on another machine is assumed alive."""
    host, _, pid = worker.rpartition(":")
    if host != socket.gethostname():
        return True
    try:
        os.kill(int(pid), 0)
    except (ValueError, ProcessLookupError):
        return False
    except PermissionError:
        return True
    return True


def is_dead(job: Job) -> bool:
    """Running under a process that is gone (queued jobs wait for a worker: they are not dead)."""
    return job.status == JobStatus.RUNNING and not _alive(job.worker)


# -- enqueueing ----------------------------------------------------------------------------------------------
def enqueue(kind_name: str, *, actor, label: str, organization=None, ref: str = "", queue: bool = True,
            **params) -> Job:
    """A job row and its task on the queue (in the caller's transaction: both or neither). `queue=False`: the
    row only, for a command that runs the job itself at once (`execute`) and shows its progress."""
    discover()
    if kind_name not in KINDS:
        raise ValueError(f"unknown job kind {kind_name!r}")
    job = Job.objects.create(
        kind=kind_name, label=str(label)[:255], user=actor if getattr(actor, "pk", None) else None,
        organization=organization, org_path=getattr(organization, "path", "") or "", ref=ref, params=params,
        message=gettext_noop("Đang chờ đến lượt"), updated_at=timezone.now())
    if not queue:
        return job
    result = run_job.enqueue(job.pk)
    Job.objects.filter(pk=job.pk).update(task_id=str(result.id))
    job.task_id = str(result.id)
    return job


def result_dir(job: Job) -> Path:
    """Where a job keeps the file it made (DANGBO_DATA_DIR/jobs/<id>/)."""
    return Path(settings.DATA_DIR) / "jobs" / str(job.pk)


def latest_for(ref: str) -> Job | None:
    return Job.objects.filter(ref=ref).order_by("-id").first()


# -- progress ------------------------------------------------------------------------------------------------
class Progress:
    """`progress(done, total, message)` for a running job: kept in memory, written in its own transaction."""

    def __init__(self, job_id: int, interval: float = PROGRESS_INTERVAL, echo: Callable | None = None):
        self.job_id, self.interval, self.echo = job_id, interval, echo
        self.fields: dict = {}
        self.pending = False
        self.last = 0.0
        self._side = None

    def __call__(self, done: int | None = None, total: int | None = None, message: str | None = None):
        if done is not None:
            self.fields["done"] = int(done)
        if total is not None:
            self.fields["total"] = int(total)
        if message is not None:
            self.fields["message"] = str(message)[:255]
        self.pending = True
        if self.echo is not None:
            self.echo(self.fields.get("done", 0), self.fields.get("total", 0), self.fields.get("message", ""))
        if time.monotonic() - self.last >= self.interval:
            self.flush()

    def fraction(self, fraction: float, label: str):
        """The import pipeline's callback shape: a fraction and a step label."""
        self(int(fraction * 1000), 1000, label)

    def flush(self):
        if not self.pending:
            return
        fields = dict(self.fields, updated_at=timezone.now())
        if not connection.in_atomic_block:
            Job.objects.filter(pk=self.job_id).update(**fields)
        elif connection.vendor == "postgresql":
            self._write_aside(fields)
        else:
            return  # SQLite: the main connection holds the write lock; written at the next call outside it
        self.pending, self.last = False, time.monotonic()

    def _write_aside(self, fields: dict):
        if self._side is None:
            self._side = connections.create_connection(DEFAULT_DB_ALIAS)
        side = self._side
        table, qn = Job._meta.db_table, side.ops.quote_name
        sets = ", ".join(f"{qn(Job._meta.get_field(k).column)} = %s" for k in fields)
        with side.cursor() as cur:  # autocommit: committed at once, whatever the main connection does
            cur.execute(f"UPDATE {qn(table)} SET {sets} WHERE {qn('id')} = %s", [*fields.values(), self.job_id])

    def close(self):
        if self._side is not None:
            self._side.close()
            self._side = None


# -- running --------------------------------------------------------------------------------------------------
def error_text(e: BaseException) -> str:
    """What the user reads when a job fails: the reason in Vietnamese, never a traceback."""
    if isinstance(e, ValidationError):
        return "; ".join(str(m) for m in e.messages)
    if isinstance(e, PermissionDenied) and str(e):
        return str(e)
    if isinstance(e, FileNotFoundError):
        return "Không tìm thấy tệp cần đọc; hãy làm lại từ đầu."
    return f"Lỗi không mong đợi ({e.__class__.__name__}); công việc đã dừng."


def execute(job_id: int, echo: Callable | None = None) -> str:
    """Run one job (in the worker, or in a command with `echo(done, total, message)` printing its progress).
    Its outcome is on the Job row; returns the final status."""
    discover()
    from django.contrib.auth import get_user_model

    job = Job.objects.get(pk=job_id)
    if job.status not in (JobStatus.QUEUED, JobStatus.RUNNING):
        return job.status  # already finished (or taken back and failed): nothing to run
    now = timezone.now()
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, started_at=now, updated_at=now,
                                         worker=worker_name(), error="")
    job.refresh_from_db()
    actor = get_user_model().objects.filter(pk=job.user_id).first() if job.user_id else None
    progress = Progress(job.pk, echo=echo)
    k = KINDS.get(job.kind)
    # Stored messages are Vietnamese; what the job writes pins it (not the next job) to the primary (core/replica.py).
    with translation.override(settings.LANGUAGE_CODE), replica.unit_of_work():
        try:
            if k is None:
                raise ValidationError(gettext("Không biết loại công việc «%(kind)s».") % {"kind": job.kind})
            result = k.run(job, actor, progress) or {}
        except Exception as e:  # noqa: BLE001 - the user reads the reason on the job's page
            message = error_text(e)
            if k is not None and k.on_failure is not None:
                k.on_failure(job, message)
            _finish(job, JobStatus.FAILED, error=message)
            return JobStatus.FAILED
        finally:
            progress.flush()
            progress.close()
    _finish(job, JobStatus.DONE, result=result)
    return JobStatus.DONE


def _finish(job: Job, status: str, *, error: str = "", result: dict | None = None):
    now = timezone.now()
    fields = {"status": status, "error": error, "finished_at": now, "updated_at": now}
    if result is not None:
        fields["result"] = result
    if status == JobStatus.DONE:
        fields["message"] = ""
    Job.objects.filter(pk=job.pk).update(**fields)


def fail(job: Job, message: str):
    """A job that will not run (its worker died, its kind cleaned up): failed, its queue row too."""
    from django_tasks_db.models import DBTaskResult

    _finish(job, JobStatus.FAILED, error=message)
    if job.task_id:
        DBTaskResult.objects.filter(id=job.task_id, status__in=("READY", "RUNNING")).update(
            status="FAILED", finished_at=timezone.now())


def take_back() -> list[int]:
    """Jobs left running by a worker that is gone: queued again, or failed after their kind's clean-up."""
    discover()
    from django_tasks_db.models import DBTaskResult

    taken = []
    for job in Job.objects.filter(status=JobStatus.RUNNING):
        if not is_dead(job):
            continue
        k = KINDS.get(job.kind)
        if k is not None and k.rerun:
            Job.objects.filter(pk=job.pk).update(status=JobStatus.QUEUED, worker="", updated_at=timezone.now(),
                                                 message=gettext_noop("Đang chờ đến lượt"))
            requeued = DBTaskResult.objects.filter(id=job.task_id).update(
                status="READY", started_at=None, finished_at=None) if job.task_id else 0
            if not requeued:
                Job.objects.filter(pk=job.pk).update(task_id=str(run_job.enqueue(job.pk).id))
        else:
            with translation.override(settings.LANGUAGE_CODE):
                message = (k.on_dead(job) if k is not None and k.on_dead else None) or str(STALE_MESSAGE)
            fail(job, message)
        taken.append(job.pk)
    return taken


def _worker(*, batch: bool = False, interval: float = 1.0, max_tasks: int | None = None):
    from django_tasks_db.management.commands.db_worker import Worker

    return Worker(queue_names=["default"], interval=interval, batch=batch, backend_name="default",
                  startup_delay=False, max_tasks=max_tasks, worker_id=worker_name()[:64], excluded_queue_names=[])


def work(*, interval: float = 1.0, max_tasks: int | None = None, recover: bool = True, on_ready=None):
    """The worker loop (django-tasks-db's, with its SIGTERM/SIGINT handling: the job in hand finishes, then the
    loop exits), after taking back what a dead worker left."""
    if recover:
        take_back()
    worker = _worker(interval=interval, max_tasks=max_tasks)
    worker.configure_signals()
    if on_ready is not None:
        on_ready()
    worker.run()


def run_pending() -> int:
    """Run every queued job now, in this process, then return how many ran (`dangbo worker --batch`, tests).
    Not the worker loop: that one closes the connection between tasks (close_old_connections), which would end
    the transaction a test runs in."""
    from django_tasks_db.models import DBTaskResult
    from django_tasks_db.utils import exclusive_transaction

    take_back()
    worker = _worker(batch=True, interval=0)
    ran = 0
    while True:
        tasks = DBTaskResult.objects.ready().filter(backend_name="default", queue_name="default")
        with exclusive_transaction(tasks.db):
            task_result = tasks.get_locked()
            if task_result is not None:
                task_result.claim(worker.worker_id)
        if task_result is None:
            return ran
        worker.run_task(task_result)
        ran += 1


def wait(job_id: int, timeout: float | None = None, on_progress: Callable | None = None, poll: float = 0.5) -> Job:
    """Block until the job ends (the CLI's `dangbo jobs wait`, `--background` off); returns it."""
    deadline = None if timeout is None else time.monotonic() + timeout
    while True:
        job = Job.objects.get(pk=job_id)
        if on_progress is not None:
            on_progress(job)
        if not job.is_running or (deadline is not None and time.monotonic() >= deadline):
            return job
        time.sleep(poll)


# The one django task (imported by its path in the worker: dangbo.core.jobs.run_job).
@task()
def run_job(job_id: int) -> str:
    return execute(job_id)
