"""Issue 11.6: the audit table refuses UPDATE/DELETE in the database; an anchor with a keyed MAC kept outside
the database detects deleted newest rows and a chain recomputed from an edited row."""

import json
import os
from datetime import date

import pytest
from django.db import DatabaseError, transaction

from dangbo.core import audit
from dangbo.core.audit import maintenance
from dangbo.core.models import AuditEvent
from dangbo.organizations.actions import found_organization
from dangbo.organizations.models import OrgKind

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _key_dir(tmp_path, settings, monkeypatch):
    settings.DATA_DIR = tmp_path
    monkeypatch.delenv("DANGBO_AUDIT_KEY", raising=False)
    return tmp_path


def _events(n=5, start=0):
    for i in range(start, start + n):
        found_organization(None, code=f"CB{i}", name=f"Chi bộ cơ sở số {i}", kind=OrgKind.GRASSROOTS_CELL,
                           founded_on=date(2000, 1, 1))


def _recompute_from(seq):
    """What an attacker with write access does after editing a row: rehash every row from there on."""
    with maintenance():
        prev = AuditEvent.objects.get(seq=seq - 1).hash if seq > 1 else audit.GENESIS
        for ev in AuditEvent.objects.filter(seq__gte=seq).order_by("seq"):
            ev.prev_hash = prev
            ev.hash = audit._digest(prev, audit._hashed_fields(ev))
            ev.save(update_fields=["prev_hash", "hash"])
            prev = ev.hash


def test_database_refuses_update_and_delete_of_audit_rows():
    _events(3)
    for attempt in (lambda: AuditEvent.objects.filter(seq=2).update(summary="khác"),
                    lambda: AuditEvent.objects.filter(seq=3).delete(),
                    lambda: AuditEvent.objects.all().delete()):
        with pytest.raises(DatabaseError, match="chỉ được ghi thêm"), transaction.atomic():
            attempt()
    assert AuditEvent.objects.count() == 3
    assert audit.verify_chain()[1] == []


def test_maintenance_lifts_the_lock_for_its_transaction_only():
    _events(2)
    with maintenance():
        AuditEvent.objects.filter(seq=2).update(summary="sửa trong bảo trì")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(seq=1).delete()


def test_anchor_then_verify_ok(run, tmp_path):
    _events(4)
    anchor = tmp_path / "neo.json"
    code, out, _ = run("audit", "anchor", "--out", anchor)
    assert code == 0 and "bản ghi số 4" in out
    key = tmp_path / "audit.key"
    assert oct(key.stat().st_mode & 0o777) == "0o600"
    data = json.loads(anchor.read_text())
    assert data["seq"] == 4 and data["count"] == 4 and len(data["mac"]) == 64
    _events(2, start=10)  # later rows are fine
    code, out, err = run("audit", "verify", "--anchor", anchor)
    assert code == 0 and out.startswith("OK"), err


def test_deleting_the_newest_rows_is_detected_by_the_anchor(run, tmp_path):
    _events(5)
    anchor = tmp_path / "neo.json"
    run("audit", "anchor", "--out", anchor)
    with maintenance():
        AuditEvent.objects.filter(seq__gte=4).delete()
    code, _, err = run("audit", "verify")
    assert code == 0  # the chain alone cannot see it
    code, _, err = run("audit", "verify", "--anchor", anchor)
    assert code == 1 and "số 5 đã neo không còn" in err


def test_recomputed_chain_is_detected_by_the_anchor(run, tmp_path):
    _events(5)
    anchor = tmp_path / "neo.json"
    run("audit", "anchor", "--out", anchor)
    with maintenance():
        AuditEvent.objects.filter(seq=2).update(summary="Thành lập một tổ chức khác")
    _recompute_from(2)
    assert audit.verify_chain()[1] == []  # the chain alone passes
    code, _, err = run("audit", "verify", "--anchor", anchor)
    assert code == 1 and "tính lại" in err


def test_a_forged_anchor_or_another_key_is_refused(run, tmp_path, monkeypatch):
    _events(3)
    anchor = tmp_path / "neo.json"
    run("audit", "anchor", "--out", anchor)
    data = json.loads(anchor.read_text())
    forged = tmp_path / "gia.json"
    forged.write_text(json.dumps({**data, "seq": 2, "hash": AuditEvent.objects.get(seq=2).hash, "count": 2}))
    code, _, err = run("audit", "verify", "--anchor", forged)
    assert code == 1 and "MAC" in err
    monkeypatch.setenv("DANGBO_AUDIT_KEY", "k" * 64)  # an environment key takes precedence
    code, _, err = run("audit", "verify", "--anchor", anchor)
    assert code == 1 and "MAC" in err


def test_a_key_file_readable_by_others_is_refused(run, tmp_path):
    _events(1)
    key = tmp_path / "audit.key"
    key.write_text("x" * 64)
    os.chmod(key, 0o644)
    code, _, err = run("audit", "anchor")
    assert code == 1 and "chmod 600" in err


def test_restore_still_replaces_the_audit_table(run, tmp_path):
    _events(3)
    backup = tmp_path / "b.gz"
    assert run("backup", backup)[0] == 0
    _events(2, start=20)
    code, _, err = run("restore", backup, "--force")
    assert code == 0, err
    assert AuditEvent.objects.count() == 3 and audit.verify_chain()[1] == []


def test_backups_are_readable_by_their_owner_only(run, tmp_path):
    _events(1)
    backup = tmp_path / "b.gz"
    (tmp_path / "b.gz.tmp").write_text("old")
    os.chmod(tmp_path / "b.gz.tmp", 0o644)
    assert run("backup", backup)[0] == 0
    assert oct(backup.stat().st_mode & 0o777) == "0o600"


@pytest.mark.django_db(transaction=True)
def test_flush_still_empties_the_database():
    """Tests with a live server end with Django's flush, which must be able to empty the audit table."""
    from django.core.management import call_command, get_commands

    assert get_commands()["flush"] == "dangbo.core"
    _events(2)
    call_command("flush", interactive=False, verbosity=0)
    assert AuditEvent.objects.count() == 0
