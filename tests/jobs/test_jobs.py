"""Background jobs on the queue in the database (core/jobs.py, issue 16): a job survives a restart, its progress is
seen from another connection while it runs, a failure is recorded in Vietnamese, the pages are scoped, and the
jobs of the apps (dues month, statistics, imports) run through it from the page and the command line."""

import json
import os
import signal
import subprocess
import sys
import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django_tasks_db.models import DBTaskResult

from dangbo.core import jobs
from dangbo.core.models import Job, JobStatus

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path / "data"


@pytest.fixture
def test_kinds():
    """Kinds of the tests' own, removed afterwards."""
    jobs.discover()
    before = dict(jobs.KINDS)
    yield jobs.kind
    jobs.KINDS.clear()
    jobs.KINDS.update(before)


def dead_worker() -> str:
    return jobs.worker_name().rsplit(":", 1)[0] + ":999999999"


# -- the queue -------------------------------------------------------------------------------------------------
def test_a_job_survives_a_restart(tree, users, test_kinds):
    ran = []

    @test_kinds("test.count")
    def count(job, actor, progress):
        progress(1, 2, "Bước một")
        ran.append((job.params["n"], actor))
        return {"summary": f"Đã đếm {job.params['n']}"}

    job = jobs.enqueue("test.count", actor=users.office, label="Đếm", organization=tree.root, n=7)
    # no worker: the job waits in the database, nothing runs
    assert Job.objects.get(pk=job.pk).status == JobStatus.QUEUED
    assert DBTaskResult.objects.get(id=job.task_id).status == "READY"
    assert ran == []
    # the process "restarts": nothing of the job lives in memory; a new worker finds it in the database
    jobs._discovered = False
    jobs.run_pending()
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.result == {"summary": "Đã đếm 7"} and job.percent == 100
    assert ran == [(7, users.office)]
    assert DBTaskResult.objects.get(id=job.task_id).status == "SUCCESSFUL"
    # run again: nothing left to run
    jobs.run_pending()
    assert len(ran) == 1


def test_a_job_left_running_by_a_dead_worker_is_taken_back_and_run_again(tree, test_kinds):
    ran = []
    test_kinds("test.again")(lambda job, actor, progress: ran.append(job.pk))
    job = jobs.enqueue("test.again", actor=None, label="Lại", organization=tree.root)
    # a worker claimed it, then died
    DBTaskResult.objects.filter(id=job.task_id).update(status="RUNNING")
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, worker=dead_worker(), done=5, total=10)
    job.refresh_from_db()
    assert jobs.is_dead(job)
    jobs.run_pending()  # the next worker starts: takes it back, then runs it
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and ran == [job.pk]
    # a job running in a live worker (this process) is left alone
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, worker=jobs.worker_name())
    assert jobs.take_back() == []


def test_a_job_that_may_not_run_twice_fails_with_its_clean_up(tree, test_kinds):
    cleaned = []

    def on_dead(job):
        cleaned.append(job.pk)
        return "Đã hoàn tác phần đã ghi."

    test_kinds("test.once", rerun=False, on_dead=on_dead)(lambda job, actor, progress: None)
    job = jobs.enqueue("test.once", actor=None, label="Một lần", organization=tree.root)
    DBTaskResult.objects.filter(id=job.task_id).update(status="RUNNING")
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, worker=dead_worker())
    assert jobs.take_back() == [job.pk]
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.error == "Đã hoàn tác phần đã ghi." and cleaned == [job.pk]
    assert DBTaskResult.objects.get(id=job.task_id).status == "FAILED"


def test_a_failing_job_records_a_vietnamese_error(tree, test_kinds):
    def refused(job, actor, progress):
        raise ValidationError("Tháng 11/2026 đã khóa sổ.")

    def broken(job, actor, progress):
        raise RuntimeError("boom")

    test_kinds("test.refused")(refused)
    test_kinds("test.broken")(broken)
    a = jobs.enqueue("test.refused", actor=None, label="Từ chối", organization=tree.root)
    b = jobs.enqueue("test.broken", actor=None, label="Hỏng", organization=tree.root)
    jobs.run_pending()
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.status == b.status == JobStatus.FAILED and a.finished_at
    assert a.error == "Tháng 11/2026 đã khóa sổ."
    assert b.error == "Lỗi không mong đợi (RuntimeError); công việc đã dừng." and "boom" not in b.error


def test_a_failing_import_job_marks_its_batch_failed(tree, users, tmp_path):
    from dangbo.exchange import jobs as import_jobs
    from dangbo.exchange.models import ImportBatch, ImportStatus

    batch = ImportBatch.objects.create(user=users.office, organization=tree.root, org_path=tree.root.path,
                                       file_name="mat.xlsx", file_sha256="0" * 64, status=ImportStatus.READING)
    assert import_jobs.start(batch, users.office, "preview")  # the file was never stored
    assert not import_jobs.start(batch, users.office, "preview")  # one job at a time
    jobs.run_pending()
    batch.refresh_from_db()
    job = jobs.latest_for(f"import:{batch.pk}")
    assert job.status == JobStatus.FAILED and "tải tệp lên lại" in job.error
    assert batch.status == ImportStatus.FAILED and batch.message == job.error


# -- progress in the job's own transactions ----------------------------------------------------------------------
@pytest.mark.django_db(transaction=True)
def test_progress_is_seen_from_another_connection_while_the_job_runs(make_org, test_kinds):
    from dangbo.organizations.models import OrgKind

    org = make_org("Đảng bộ Thử tiến độ", OrgKind.GRASSROOTS_COMMITTEE, code="TD")
    inside, release = threading.Event(), threading.Event()

    @test_kinds("test.slow")
    def slow(job, actor, progress):
        progress(1, 10, "Đang đọc")
        progress.flush()
        # a long transaction (an import's commit on PostgreSQL is one)
        with transaction.atomic():
            # (the tests' SQLite is in memory with table locks, not WAL: the main transaction writes on PostgreSQL)
            if connection.vendor == "postgresql":
                Job.objects.create(kind="test.marker", label="Ghi trong giao dịch chính")
            progress.last = 0
            progress(5, 10, "Đang ghi")
            inside.set()
            assert release.wait(20)
        progress(10, 10, "Xong")
        return {}

    job = jobs.enqueue("test.slow", actor=None, label="Thử tiến độ", organization=org)

    def worker():
        try:
            jobs.run_pending()
        finally:
            connection.close()

    t = threading.Thread(target=worker)
    t.start()
    try:
        assert inside.wait(20)
        seen = Job.objects.get(pk=job.pk)  # this thread's own connection
        assert seen.status == JobStatus.RUNNING and seen.total == 10
        if connection.vendor == "postgresql":
            # written through the job's second connection, committed while the main transaction is open
            assert (seen.done, seen.message, seen.percent) == (5, "Đang ghi", 50)
            assert not Job.objects.filter(kind="test.marker").exists()  # the main transaction is still open
        else:
            # SQLite: the step before the transaction (no write while it holds the lock)
            assert (seen.done, seen.message) == (1, "Đang đọc")
    finally:
        release.set()
        t.join(30)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.done == 10
    if connection.vendor == "postgresql":
        assert Job.objects.filter(kind="test.marker").exists()


# -- the apps' jobs, from their pages --------------------------------------------------------------------------
def test_dues_month_from_its_page_then_the_job_page(tree, members, users, as_office):
    from dangbo.dues.models import DuesObligation

    resp = as_office.post("/dang-phi/lap-so/", {"to_chuc": tree.root.pk, "thang": "11/2026", "nen": "1"})
    job = Job.objects.get(kind="dues.month")
    assert resp.status_code == 302 and resp["Location"] == f"/cong-viec/{job.pk}/"
    assert job.user == users.office and job.org_path == tree.root.path
    page = as_office.get(f"/cong-viec/{job.pk}/").content.decode()
    assert 'hx-trigger="every 1s"' in page and "Đang chờ" in page
    part = as_office.get(f"/cong-viec/{job.pk}/tien-do/", HTTP_HX_REQUEST="true")
    assert part.status_code == 200 and "progress-bar" in part.content.decode()
    assert not DuesObligation.objects.exists()
    jobs.run_pending()
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.error
    assert DuesObligation.objects.filter(org_path__startswith=tree.root.path).count() == 4
    part = as_office.get(f"/cong-viec/{job.pk}/tien-do/", HTTP_HX_REQUEST="true")
    assert part["HX-Redirect"] == f"/cong-viec/{job.pk}/"
    page = as_office.get(f"/cong-viec/{job.pk}/").content.decode()
    assert "Đã lập sổ đảng phí tháng 11/2026: 4 đảng viên" in page and "/dang-phi/" in page


def test_statistics_in_the_background_then_downloaded(tree, members, as_office, as_secretary_b):
    resp = as_office.post("/xuat/thong-ke/chay-nen/", {"nam": 2025, "to_chuc": tree.root.pk})
    job = Job.objects.get(kind="exchange.statistics")
    assert resp["Location"] == f"/cong-viec/{job.pk}/"
    jobs.run_pending()
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.error
    assert job.result["file"] == "thong-ke-TN-2025.xlsx"
    got = as_office.get(f"/cong-viec/{job.pk}/tep/")
    assert got.status_code == 200 and b"".join(got.streaming_content)[:2] == b"PK"
    assert as_secretary_b.get(f"/cong-viec/{job.pk}/tep/").status_code == 404
    # an organisation outside the reader's scope is refused, nothing queued
    resp = as_secretary_b.post("/xuat/thong-ke/chay-nen/", {"nam": 2025, "to_chuc": tree.a.pk})
    assert resp.status_code in (400, 403) and Job.objects.count() == 1


def test_year_end_report_in_the_background(tree, members, as_office, as_secretary, run_json):
    from dangbo.core.models import AuditEvent

    resp = as_office.post("/bao-cao/tong-ket/chay-nen/", {"to_chuc": tree.root.pk, "nam": 2025})
    job = Job.objects.get(kind="reports.year_end")
    assert resp["Location"] == f"/cong-viec/{job.pk}/"
    jobs.run_pending()
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.error
    got = as_office.get(f"/cong-viec/{job.pk}/tep/")
    assert got.status_code == 200 and b"".join(got.streaming_content)[:2] == b"PK"
    assert "công việc chạy nền" in AuditEvent.objects.filter(action="report.year_end").last().summary
    # the secretary of a chi bộ reads neither the root's report nor its job
    assert as_secretary.post("/bao-cao/tong-ket/chay-nen/", {"to_chuc": tree.root.pk, "nam": 2025}).status_code == 404
    assert as_secretary.get(f"/cong-viec/{job.pk}/").status_code == 404
    code, data, err = run_json("report", "year-end", "--org", "TN", "--year", "2025", "--background")
    assert code == 0 and Job.objects.get(pk=data["id"]).kind == "reports.year_end"


# -- scope ------------------------------------------------------------------------------------------------------
def test_a_user_sees_only_the_jobs_of_their_organisations(tree, users, client_as, test_kinds):
    test_kinds("test.noop")(lambda job, actor, progress: None)
    ja = jobs.enqueue("test.noop", actor=users.secretary, label="Việc của chi bộ A", organization=tree.a)
    jb = jobs.enqueue("test.noop", actor=users.secretary_b, label="Việc của chi bộ B", organization=tree.b)
    system = jobs.enqueue("test.noop", actor=None, label="Việc của hệ thống")
    sec = client_as("secretary")
    listing = sec.get("/cong-viec/").content.decode()
    assert "Việc của chi bộ A" in listing and "Việc của chi bộ B" not in listing and "hệ thống" not in listing
    assert sec.get(f"/cong-viec/{ja.pk}/").status_code == 200
    for url in (f"/cong-viec/{jb.pk}/", f"/cong-viec/{jb.pk}/tien-do/", f"/cong-viec/{system.pk}/"):
        assert sec.get(url).status_code == 404, url
    office = client_as("office").get("/cong-viec/").content.decode()
    assert "Việc của chi bộ A" in office and "Việc của chi bộ B" in office and "Việc của hệ thống" not in office
    assert "Việc của hệ thống" in client_as("admin").get("/cong-viec/").content.decode()


# -- the command line ------------------------------------------------------------------------------------------
def test_cli_background_then_worker_then_wait(tree, members, users, run, run_json):
    code, data, err = run_json("dues", "generate", "--org", "TN", "--month", "11/2026", "--user", "vanphong",
                               "--background")
    assert code == 0, err
    job_id = data["id"]
    assert Job.objects.get(pk=job_id).status == JobStatus.QUEUED
    code, listed, _ = run_json("jobs", "list", "--user", "bithu_b")
    assert listed == []  # the root's job is outside chi bộ B
    code, out, err = run("jobs", "show", str(job_id), "--user", "bithu_b")
    assert code == 1 and "Không có công việc số" in err
    assert run("worker", "--batch")[0] == 0
    code, shown, _ = run_json("jobs", "wait", str(job_id))
    assert code == 0 and shown["status"] == "done" and "4 đảng viên" in shown["result"]["summary"]
    # without --background the command runs the job itself, with a progress line, and says how it ended
    code, out, err = run("dues", "close", "--org", "TN-VP", "--month", "11/2026", "--user", "vanphong")
    assert code == 0, err
    assert "Đã xong" in out and "Đã khóa sổ đảng phí tháng 11/2026" in out
    code, out, err = run("dues", "close", "--org", "TN-VP", "--month", "11/2026", "--user", "vanphong")
    assert code == 1 and "Không thành công" in out


def test_cli_import_in_the_background(tree, users, run, run_json, tmp_path):
    from dangbo.exchange.models import ImportBatch, ImportStatus
    from tests.exchange.test_importer import row, write_xlsx

    path = write_xlsx(tmp_path / "dv.xlsx", [row("Phạm Văn Bình", "15/04/1985")])
    code, data, err = run_json("import", "members", str(path), "--org", "TN", "--user", "vanphong", "--background")
    assert code == 0, err
    assert run("worker", "--batch")[0] == 0
    job = Job.objects.get(pk=data["id"])
    assert job.status == JobStatus.DONE, job.error
    batch = ImportBatch.objects.get(pk=job.result["batch"])
    assert batch.status == ImportStatus.COMMITTED and job.result["created"] == 1


# -- the worker process --------------------------------------------------------------------------------------------
def test_the_worker_process_stops_cleanly_on_sigterm(tmp_path):
    env = {**os.environ, "DANGBO_DATA_DIR": str(tmp_path / "w")}
    env.pop("DATABASE_URL", None)
    (tmp_path / "w").mkdir()
    subprocess.run([sys.executable, "-m", "dangbo", "migrate", "--json"], env=env, check=True,
                   capture_output=True, timeout=300)
    proc = subprocess.Popen([sys.executable, "-m", "dangbo", "worker", "--interval", "0.2"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert "Ctrl+C" in proc.stderr.readline().decode()  # written once its signal handlers are in place
        time.sleep(1)
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(30) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
    code = subprocess.run([sys.executable, "-m", "dangbo", "jobs", "list", "--json"], env=env,
                          capture_output=True, timeout=120)
    assert code.returncode == 0 and json.loads(code.stdout) == []


def test_serve_starts_one_worker_beside_waitress_unless_told_not_to(monkeypatch, settings, tmp_path):
    import waitress.server

    from dangbo.cli import jobs as jobs_cli
    from dangbo.cli import server

    calls = []

    class Proc:
        pid = 4242

    class Server:
        def run(self):
            calls.append("run")

        def close(self):
            pass

    monkeypatch.setattr(jobs_cli, "start_worker_process", lambda: calls.append("start") or Proc())
    monkeypatch.setattr(jobs_cli, "stop_worker_process", lambda p: calls.append(("stop", getattr(p, "pid", None))))
    monkeypatch.setattr(waitress.server, "create_server", lambda *a, **kw: Server())
    settings.STATIC_ROOT = tmp_path / "static"
    assert server._serve("127.0.0.1", 8000) == 0
    assert calls == ["start", "run", ("stop", 4242)]
    calls.clear()
    assert server._serve("127.0.0.1", 8000, worker=False) == 0
    assert calls == ["run", ("stop", None)]
