"""`dangbo backup` and `dangbo restore`: a restore gives back exactly the same data."""

import gzip
import json
from datetime import date

import pytest

from tests.cli.conftest import wipe_database

pytestmark = pytest.mark.django_db


def _lines(path):
    """Everything but the header line (which carries the time of the backup)."""
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return f.readlines()[1:]


@pytest.fixture
def register(run, make_org, make_member, make_user):
    """Some of everything: seeded members, members and events through the actions, users, history."""
    from rest_framework.authtoken.models import Token

    from dangbo.members.actions import record_event, update_dossier
    from dangbo.organizations.models import OrgKind

    assert run("seed", "--members", 120, "--seed", 9)[0] == 0
    root = make_org("Đảng bộ Văn phòng UBND tỉnh", OrgKind.GRASSROOTS_COMMITTEE, code="VP")
    a = make_org("Chi bộ Phòng Tổng hợp", OrgKind.CELL, parent=root, code="VP-TH")
    b = make_org("Chi bộ Phòng Kinh tế", OrgKind.CELL, parent=root, code="VP-KT")
    men = make_member(a, "Nguyễn Văn Mến", religion="Phật giáo")
    record_event(
        None, men, "transfer", effective_date=date(2020, 3, 2), to_organization=b, decision_number="12-QĐ/ĐU"
    )
    update_dossier(None, men, {"phone": "0905123456", "hometown": "xã Bình Triều, huyện Thăng Bình"})
    user = make_user("office", root, username="vanphong")
    Token.objects.create(user=user)
    return root


def test_backup_restore_round_trip_gives_the_same_data(run, run_json, register, tmp_path):
    from django.contrib.auth import get_user_model

    from dangbo.core.models import AuditEvent
    from dangbo.members.models import Member

    first = tmp_path / "mot.jsonl.gz"
    code, data, err = run_json("backup", first)
    assert code == 0, err
    assert data["rows"] > 500 and len(data["sha256"]) == 64
    members = Member.objects.count()
    history = Member.history.count()
    assert history > 0

    # into a freshly created (empty) database
    wipe_database()
    assert Member.objects.count() == 0
    code, restored, err = run_json("restore", first)
    assert code == 0, err
    assert restored["rows"] == data["rows"]
    assert Member.objects.count() == members and Member.history.count() == history
    assert get_user_model().objects.get(username="vanphong").roles.get().role == "office"

    second = tmp_path / "hai.jsonl.gz"
    code, again, _ = run_json("backup", second)
    assert code == 0
    assert again["sha256"] == data["sha256"]
    assert _lines(second) == _lines(first)

    code, verify, _ = run_json("audit", "verify")
    assert code == 0 and verify["ok"] and verify["checked"] == AuditEvent.objects.count()
    assert run_json("check")[0] == 0


def test_after_restore_new_records_get_fresh_ids(run, run_json, register, tmp_path, make_org):
    from dangbo.core import audit
    from dangbo.organizations.models import OrgKind

    path = tmp_path / "b.jsonl.gz"
    run_json("backup", path)
    code, _, err = run("restore", path, "--force")
    assert code == 0, err
    org = make_org("Chi bộ cơ sở mới", OrgKind.GRASSROOTS_CELL, code="MOI")
    assert org.pk > register.pk
    assert audit.verify_chain()[1] == []
    code, _, err = run(
        "createuser", "moi", "--role", "reader", "--org", "MOI", "--password", "mat-khau-dai-2026"
    )
    assert code == 0, err


def test_restore_refuses_a_database_with_data_unless_forced(run, register, tmp_path):
    from dangbo.members.models import Member

    path = tmp_path / "b.jsonl.gz"
    assert run("backup", path)[0] == 0
    before = Member.objects.count()
    code, _, err = run("restore", path)
    assert code == 1 and "--force" in err and "Traceback" not in err
    assert Member.objects.count() == before
    code, _, err = run("restore", path, "--force")
    assert code == 0, err
    assert Member.objects.count() == before


def test_restore_refuses_a_damaged_or_foreign_file(run, register, tmp_path):
    from dangbo.members.models import Member

    path = tmp_path / "b.jsonl.gz"
    assert run("backup", path)[0] == 0
    lines = gzip.open(path, "rt", encoding="utf-8").readlines()
    i = next(n for n, line in enumerate(lines) if "Nguyễn Văn Mến" in line)
    lines[i] = lines[i].replace("Nguyễn Văn Mến", "Nguyễn Văn Khác")
    tampered = tmp_path / "sua.jsonl.gz"
    with gzip.open(tampered, "wt", encoding="utf-8") as f:
        f.writelines(lines)
    before = Member.objects.count()
    code, _, err = run("restore", tampered, "--force")
    assert code == 1 and "mã kiểm tra không khớp" in err
    assert Member.objects.filter(full_name="Nguyễn Văn Mến").exists() and Member.objects.count() == before

    truncated = tmp_path / "cut.jsonl.gz"
    with gzip.open(truncated, "wt", encoding="utf-8") as f:
        f.writelines(lines[: len(lines) // 2])
    code, _, err = run("restore", truncated, "--force")
    assert code == 1 and "cắt cụt" in err

    foreign = tmp_path / "khac.json"
    foreign.write_text(json.dumps({"hello": 1}))
    code, _, err = run("restore", foreign, "--force")
    assert code == 1 and "không phải bản sao lưu" in err


def test_backup_covers_the_register_history_and_accounts(run, register, tmp_path):
    path = tmp_path / "b.jsonl.gz"
    run("backup", path)
    with gzip.open(path, "rt", encoding="utf-8") as f:
        header = json.loads(f.readline())
    labels = [m["model"] for m in header["models"]]
    for label in (
        "organizations.organization",
        "organizations.historicalorganization",
        "members.member",
        "members.historicalmember",
        "members.memberevent",
        "members.badge",
        "core.auditevent",
        "core.roleassignment",
        "auth.user",
        "authtoken.token",
    ):
        assert label in labels, label
    # referenced tables come first
    assert (
        labels.index("organizations.organization")
        < labels.index("members.member")
        < labels.index("members.memberevent")
    )
    assert "sessions.session" not in labels
