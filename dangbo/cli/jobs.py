"""`dangbo worker` and `dangbo jobs`: the background jobs' queue (dangbo/core/jobs.py).

    dangbo worker [--batch]                         runs the queued jobs (exits cleanly on SIGTERM / Ctrl+C)
    dangbo jobs [list] [--all] [--json]             the recent jobs
    dangbo jobs show ID [--json]
    dangbo jobs wait ID [--timeout S] [--json]      a progress line until the job ends; exit 1 if it failed

`start_worker_process()` is what `dangbo serve` and `dangbo demo` use to run one worker beside waitress.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from .console import CliError, number, print_json, say, stderr_console


def cmd_worker(args):
    from django.db import DatabaseError

    from dangbo.core import jobs

    try:
        taken = jobs.take_back()
    except DatabaseError as e:
        raise CliError(f"Không đọc được hàng đợi công việc ({e}); chạy «dangbo migrate» trước.")
    if taken:
        stderr_console().print("Đã nhận lại các công việc bị dừng giữa chừng: " + ", ".join(f"số {pk}" for pk in taken))
    if args.batch:
        ran = jobs.run_pending()
        say(f"Đã chạy {ran} công việc.")
        return 0

    def ready():
        _watch_parent()
        sys.stderr.write(f"Đang chạy hàng đợi công việc nền (tiến trình {os.getpid()}); Ctrl+C để dừng.\n")
        sys.stderr.flush()

    try:
        jobs.work(interval=args.interval, recover=False, on_ready=ready)
    except SystemExit as e:  # the worker's signal handler: a clean stop
        return int(e.code or 0)
    return 0


def job_data(job) -> dict:
    from django.utils.translation import gettext

    return {"id": job.pk, "kind": job.kind, "label": job.label, "status": job.status,
            "status_label": str(job.get_status_display()), "done": job.done, "total": job.total,
            "percent": job.percent, "message": gettext(job.message) if job.message else "", "error": job.error,
            "result": job.result, "organization": job.organization.name if job.organization_id else None,
            "user": job.user.get_username() if job.user_id else None,
            "created_at": job.created_at, "started_at": job.started_at, "finished_at": job.finished_at}


def _line(d: dict) -> str:
    step = f" – {d['message']}" if d["message"] and d["status"] in ("queued", "running") else ""
    err = f" – {d['error']}" if d["error"] else ""
    return f"#{d['id']} {d['status_label']} {d['percent']}% {d['label']}{step}{err}"


def _job(ctx, pk, args):
    from dangbo.core.models import Job
    from dangbo.core.scopes import scope_for

    actor = ctx.user(getattr(args, "user", None))
    qs = Job.objects.select_related("organization", "user")
    if actor is not None:
        qs = qs.scoped(scope_for(actor))
    job = qs.filter(pk=pk).first()
    if job is None:
        raise CliError(f"Không có công việc số {pk} (hoặc ngoài phạm vi của bạn).")
    return job


def cmd_jobs(args, ctx):
    from dangbo.core.models import Job
    from dangbo.core.scopes import scope_for

    action = args.jobs_command or "list"
    if action == "list":
        actor = ctx.user(getattr(args, "user", None))
        qs = Job.objects.select_related("organization", "user")
        if actor is not None:
            qs = qs.scoped(scope_for(actor))
        if not getattr(args, "all", False):
            qs = qs[:50]
        rows = [job_data(j) for j in qs]
        if getattr(args, "json", False):
            print_json(rows)
        elif not rows:
            say("Chưa có công việc chạy nền nào.")
        else:
            for d in rows:
                say(_line(d))
        return 0
    job = _job(ctx, args.id, args)
    if action == "show":
        _print_outcome(job_data(job), args.json)
        return 0
    return wait_and_print(job.pk, args.json, args.timeout)


def _print_outcome(d: dict, as_json: bool) -> None:
    """A job as JSON, or its line with the summary and the file of its result."""
    if as_json:
        print_json(d)
        return
    say(_line(d))
    if d["result"].get("summary"):
        say(str(d["result"]["summary"]))
    if d["result"].get("file"):
        say(f"Tệp kết quả: {d['result']['file']}")


def wait_and_print(job_id: int, as_json: bool, timeout: float | None = None) -> int:
    """A progress line on stderr (on a terminal) until the job ends; its outcome on stdout; 1 if it failed."""
    from dangbo.core import jobs

    tty = sys.stderr.isatty() and not as_json
    last = [""]

    def show(job):
        if tty:
            line = _line(job_data(job))
            if line != last[0]:
                sys.stderr.write("\r" + line[:150].ljust(150))
                sys.stderr.flush()
                last[0] = line

    job = jobs.wait(job_id, timeout, show)
    if tty:
        sys.stderr.write("\n")
    _print_outcome(job_data(job), as_json)
    if job.is_running:
        raise CliError(f"Công việc số {job.pk} vẫn đang chạy sau {number(timeout or 0)} giây.")
    return 1 if job.status == "failed" else 0


def queued_or_waited(job, args) -> int:
    """After enqueueing from a command: `--background` prints the id; else wait here with a progress line."""
    if getattr(args, "background", False):
        if getattr(args, "json", False):
            print_json({"id": job.pk, "status": job.status})
        else:
            say(f"Đã xếp hàng công việc số {job.pk}: {job.label}. Xem tiến độ: dangbo jobs wait {job.pk}")
        return 0
    return wait_and_print(job.pk, getattr(args, "json", False))


def register(sub, ctx):
    sp = sub.add_parser("worker", help="Chạy hàng đợi công việc nền (nhập tệp lớn, lập sổ đảng phí, thống kê)",
                        description="Chạy hàng đợi công việc nền; dừng gọn khi nhận SIGTERM hoặc Ctrl+C.")
    sp.add_argument("--batch", action="store_true", help="chạy hết các công việc đang chờ rồi thoát")
    sp.add_argument("--interval", type=float, default=1.0, help="số giây chờ giữa hai lần xem hàng đợi (mặc định 1)")
    sp.set_defaults(func=cmd_worker)

    sp = sub.add_parser("jobs", help="Các công việc chạy nền: danh sách, chi tiết, chờ đến khi xong",
                        description="Các công việc chạy nền")
    jsub = sp.add_subparsers(dest="jobs_command", metavar="LỆNH", parser_class=ctx.Parser)
    lp = jsub.add_parser("list", help="các công việc gần đây")
    lp.add_argument("--all", action="store_true", help="mọi công việc (mặc định 50 công việc gần nhất)")
    for p in (lp, *(jsub.add_parser(n, help=h) for n, h in (("show", "chi tiết một công việc"),
                                                           ("wait", "chờ một công việc đến khi xong")))):
        if p is not lp:
            p.add_argument("id", type=int, help="số của công việc")
        if p.prog.endswith("wait"):
            p.add_argument("--timeout", type=float, default=None, help="số giây chờ tối đa")
        p.add_argument("--user", help="tên đăng nhập (chỉ thấy công việc trong phạm vi của người đó)")
        p.add_argument("--json", action="store_true")
    sp.set_defaults(func=lambda args: cmd_jobs(args, ctx))


# -- a worker beside the web server ------------------------------------------------------------------------
def start_worker_process() -> subprocess.Popen:
    """One `dangbo worker` process (same environment, same database) for `dangbo serve` and `dangbo demo`, in a
    session of its own: Ctrl+C in the terminal stops the server, which then stops the worker with one SIGTERM
    (the job in hand finishes first)."""
    env = {**os.environ, PARENT_ENV: str(os.getpid())}
    return subprocess.Popen([sys.executable, "-m", "dangbo", "worker"], env=env, start_new_session=True)


PARENT_ENV = "DANGBO_WORKER_PARENT"


def _watch_parent():
    """A worker started by `dangbo serve` stops (gracefully, SIGTERM to itself) when the server is gone, even if
    the server was killed without stopping it."""
    import threading

    parent = os.environ.get(PARENT_ENV)
    if not parent:
        return

    def watch():
        while os.getppid() == int(parent):
            time.sleep(2)
        os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=watch, name="dangbo-worker-parent", daemon=True).start()


def stop_worker_process(proc: subprocess.Popen | None, timeout: float = 30.0):
    """SIGTERM: the worker finishes the job it runs (its own handler), then exits; killed after `timeout`."""
    if proc is None or proc.poll() is not None:
        return
    proc.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.1)
    if proc.poll() is None:
        proc.kill()
        proc.wait()
