"""Issue 11.3: other users' writes while a large import commits on SQLite never answer 500 "database is locked"."""
import json
import os
import sqlite3
import subprocess
import sys
import time

from django.db import OperationalError
from django.test import RequestFactory

from dangbo.core.busy import MESSAGE
from dangbo.core.middleware import BusyDatabaseMiddleware
from tests.exchange.test_importer import row, write_xlsx

SETUP = """import django; django.setup()
from datetime import date
from django.contrib.auth import get_user_model
from dangbo.organizations.actions import found_organization as f
from dangbo.members.actions import admit_member
r = f(None, code='BR', name='Đảng bộ Thử', kind='grassroots_committee')
c = f(None, code='BR-1', name='Chi bộ Một', kind='cell', parent=r)
get_user_model().objects.create_superuser('quantri', password='mat-khau-dai-1')
m = admit_member(None, organization=c, dossier={'full_name': 'Lê Văn Có', 'birth_date': date(1980, 1, 2),
                 'gender': 'M', 'citizen_id': '001080000001'}, decision_date=date(2010, 3, 2))
print(m.pk)
"""

# Logs in (a session row, last_login) and opens the edit page (a sensitive-view audit row) until the
# import process ends; prints each answer's status.
WRITER = """import django, json, os, sys, time; django.setup()
from django.test import Client
pid, member, deadline = int(sys.argv[1]), sys.argv[2], time.monotonic() + 240
statuses, alive_hits = [], 0
def alive():
    try:
        os.kill(pid, 0)
        return not open(f'/proc/{pid}/stat').read().split()[2] == 'Z'
    except OSError:
        return False
while alive() and time.monotonic() < deadline:
    c = Client(raise_request_exception=False)
    r = c.post('/dang-nhap/', {'username': 'quantri', 'password': 'mat-khau-dai-1'})
    statuses.append(r.status_code)
    statuses.append(c.get(f'/dang-vien/{member}/sua/').status_code)
    alive_hits += 1
print(json.dumps({'statuses': statuses, 'rounds': alive_hits}))
"""


def test_writers_during_a_large_import_never_get_a_server_error(tmp_path):
    env = {**os.environ, "DANGBO_DATA_DIR": str(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path}/b.sqlite3",
           "DJANGO_SETTINGS_MODULE": "dangbo.config.settings", "DANGBO_ALLOWED_HOSTS": "testserver",
           # the writer logs in with a password alone (two-factor has its own tests)
           "DANGBO_REQUIRE_2FA_ROLES": ""}
    run = dict(env=env, cwd=os.getcwd(), capture_output=True, text=True, timeout=300)
    assert subprocess.run([sys.executable, "-m", "dangbo", "migrate"], **run).returncode == 0
    done = subprocess.run([sys.executable, "-c", SETUP], **run)
    assert done.returncode == 0, done.stderr
    member = done.stdout.strip().splitlines()[-1]
    rows = [row(f"Phạm Văn {chr(65 + i % 26)}{chr(65 + i // 26 % 26)}{chr(65 + i // 676)}", "15/04/1985",
                org="BR-1", cccd=f"0010{i:08d}") for i in range(30000)]
    path = write_xlsx(tmp_path / "big.xlsx", rows)
    db = sqlite3.connect(tmp_path / "b.sqlite3")
    importer = subprocess.Popen([sys.executable, "-m", "dangbo", "import", "members", str(path), "--org", "BR"],
                                env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and importer.poll() is None:
        if db.execute("SELECT count(*) FROM exchange_importbatch").fetchone()[0]:
            break  # the commit starts right after the batch is recorded
        time.sleep(0.05)
    writer = subprocess.run([sys.executable, "-c", WRITER, str(importer.pid), member], **run)
    importer.wait(timeout=240)
    assert importer.returncode == 0, importer.stderr.read()
    assert writer.returncode == 0, writer.stderr[-3000:]
    out = json.loads(writer.stdout.strip().splitlines()[-1])
    assert out["rounds"] >= 2, "the import ended before the writers could run: make the file larger"
    assert set(out["statuses"]) <= {200, 302}, out["statuses"]
    assert db.execute("SELECT count(*) FROM members_member").fetchone()[0] == 30001
    assert db.execute("SELECT count(*) FROM core_auditevent WHERE action = 'member.view_sensitive'"
                      ).fetchone()[0] == out["rounds"]


def test_a_lock_that_outlasts_the_wait_is_a_503_in_vietnamese_with_retry_after():
    mw = BusyDatabaseMiddleware(lambda r: None)
    for path in ("/dang-vien/1/sua/", "/api/members/1/"):
        response = mw.process_exception(RequestFactory().get(path), OperationalError("database is locked"))
        assert response.status_code == 503 and response["Retry-After"]
        assert MESSAGE in response.content.decode()
    assert mw.process_exception(RequestFactory().get("/"), OperationalError("no such table: x")) is None


def test_a_sensitive_view_that_cannot_be_logged_still_shows_the_page(world, client, monkeypatch, caplog):
    """Logging a read is a write; when SQLite stays busy the page is shown and the server log says so."""
    from dangbo.members import actions

    def locked(*a, **kw):
        raise OperationalError("database is locked")

    monkeypatch.setattr(actions, "_record_sensitive_view", locked)
    m = world.a_members[0]
    client.force_login(world.users["office"])
    response = client.get(f"/dang-vien/{m.pk}/sua/")
    assert response.status_code == 200
    assert any("not audited" in r.getMessage() for r in caplog.records)
    monkeypatch.setattr(actions, "_record_sensitive_view",
                        lambda *a, **kw: (_ for _ in ()).throw(OperationalError("disk I/O")))
    try:
        actions.log_sensitive_view(world.users["office"], m)
    except OperationalError:
        pass
    else:
        raise AssertionError("only a busy database may skip the audit line")
