"""`dangbo audit verify`, `seed`, `createuser`, `check`, and exit codes."""

from datetime import date

import pytest
from django.db import connection

from dangbo.core.audit import maintenance as audit_maintenance

pytestmark = pytest.mark.django_db


def _some_audit_events(n=5):
    from dangbo.organizations.actions import found_organization
    from dangbo.organizations.models import OrgKind

    for i in range(n):
        found_organization(
            None,
            code=f"CB{i}",
            name=f"Chi bộ cơ sở số {i}",
            kind=OrgKind.GRASSROOTS_CELL,
            founded_on=date(2000, 1, 1),
        )


# -- audit verify ----------------------------------------------------------------------------------------
def test_audit_verify_ok_prints_count_and_head(run, run_json):
    from dangbo.core.models import AuditEvent

    _some_audit_events()
    code, out, err = run("audit", "verify")
    head = AuditEvent.objects.order_by("-seq").first()
    assert code == 0 and err == ""
    assert out.startswith("OK") and "5 bản ghi" in out and head.hash in out
    code, data, _ = run_json("audit", "verify")
    assert data == {"ok": True, "checked": 5, "head_seq": 5, "head_hash": head.hash, "problems": []}


def test_audit_verify_names_an_altered_row(run, run_json):
    from dangbo.core.models import AuditEvent

    _some_audit_events()
    with audit_maintenance():  # an attacker who bypasses the triggers
        AuditEvent.objects.filter(seq=3).update(summary="Thành lập một tổ chức khác")
    code, out, err = run("audit", "verify")
    assert code == 1 and out == ""
    assert "bản ghi số 3 đã bị sửa" in err
    code, data, _ = run_json("audit", "verify")
    assert code == 1 and data["ok"] is False and [p["seq"] for p in data["problems"]] == [3]


def test_audit_verify_names_a_deleted_row(run):
    from dangbo.core.models import AuditEvent

    _some_audit_events()
    with audit_maintenance():  # an attacker who bypasses the triggers
        AuditEvent.objects.filter(seq=2).delete()
    code, _, err = run("audit", "verify")
    assert code == 1
    assert "thiếu bản ghi số 2" in err


def test_audit_verify_detects_a_changed_hash_field_in_data(run):
    from dangbo.core.models import AuditEvent

    _some_audit_events()
    ev = AuditEvent.objects.get(seq=4)
    with audit_maintenance():  # an attacker who bypasses the triggers
        AuditEvent.objects.filter(seq=4).update(data={**ev.data, "code": "KHAC"})
    code, _, err = run("audit", "verify")
    assert code == 1 and "bản ghi số 4 đã bị sửa" in err


# -- seed ------------------------------------------------------------------------------------------------
def _snapshot():
    from dangbo.members.models import Badge, Member, MemberEvent
    from dangbo.organizations.models import Organization

    orgs = list(
        Organization.objects.order_by("path").values_list(
            "code", "name", "kind", "path", "official_count", "probationary_count"
        )
    )
    members = list(
        Member.objects.order_by("id").values_list(
            "full_name",
            "birth_date",
            "gender",
            "citizen_id",
            "card_number",
            "organization__code",
            "status",
            "admission_decision_date",
            "ceremony_date",
            "official_date",
            "hometown",
            "search_name",
            "sort_key",
        )
    )
    events = list(
        MemberEvent.objects.order_by("id").values_list(
            "member__citizen_id",
            "kind",
            "effective_date",
            "decision_number",
            "org_after__code",
            "status_after",
        )
    )
    badges = list(Badge.objects.order_by("id").values_list("member__citizen_id", "years", "awarded_on"))
    return orgs, members, events, badges


def _wipe_seeded():
    from tests.cli.conftest import wipe_database

    wipe_database()


def test_seed_is_deterministic_and_consistent(run_json):
    from dangbo.members.models import ACTIVE_STATUSES, Member, MemberEvent, Status
    from dangbo.organizations.models import Organization

    code, data, err = run_json("seed", "--members", 400, "--seed", 7, "--as-of", "2026-01-15")
    assert code == 0, err
    assert data["members"] == 400 and data["seed"] == 7 and data["organizations"] >= 4
    assert data["events"] == MemberEvent.objects.count() >= 800
    assert isinstance(data["seconds"], float | int)
    first = _snapshot()

    root = Organization.objects.get(code="THU7")
    assert root.parent_id is None
    active = Member.objects.filter(status__in=ACTIVE_STATUSES).count()
    assert active == 400
    subtree = Organization.objects.filter(path__startswith=root.path)
    assert sum(o.official_count + o.probationary_count for o in subtree) == active
    assert Member.objects.filter(status=Status.OFFICIAL).count() > 300
    cells = {m.organization.kind for m in Member.objects.select_related("organization")}
    assert cells <= {"cell", "grassroots_cell"}
    from dangbo.rules.text import name_sort_key, search_key

    for m in Member.objects.all()[:50]:
        assert m.search_name == search_key(m.full_name) and m.sort_key == name_sort_key(m.full_name)

    # the same N, seed and date give the same data
    _wipe_seeded()
    code, again, _ = run_json("seed", "--members", 400, "--seed", 7, "--as-of", "2026-01-15")
    assert code == 0 and again["events"] == data["events"]
    assert _snapshot() == first

    # another seed gives other data
    _wipe_seeded()
    run_json("seed", "--members", 400, "--seed", 8, "--as-of", "2026-01-15")
    assert _snapshot()[1] != first[1]


def test_seed_twice_with_the_same_seed_is_refused(run):
    code, _, _ = run("seed", "--members", 50, "--seed", 3)
    assert code == 0
    code, out, err = run("seed", "--members", 50, "--seed", 3)
    assert code == 1 and "seed 3 đã có" in err and "Traceback" not in err


def test_seeded_projection_matches_the_actions_replay(run):
    from django.db import transaction

    from dangbo.members.actions import replay
    from dangbo.members.models import Member, MemberEvent

    run("seed", "--members", 150, "--seed", 11)
    before = list(
        MemberEvent.objects.order_by("id").values_list(
            "org_after", "host_after", "status_after", "exempted_after", "suspended_after"
        )
    )
    members = list(Member.objects.order_by("id").values_list("organization", "status", "party_age_start"))
    with transaction.atomic():
        for m in Member.objects.all():
            replay(m)
        assert (
            list(
                MemberEvent.objects.order_by("id").values_list(
                    "org_after", "host_after", "status_after", "exempted_after", "suspended_after"
                )
            )
            == before
        )
        assert (
            list(Member.objects.order_by("id").values_list("organization", "status", "party_age_start"))
            == members
        )
        transaction.set_rollback(True)


def test_seed_then_the_actions_still_work(run):
    """Ids written in bulk must not collide with the ones the database hands out afterwards."""
    from dangbo.members.actions import record_event
    from dangbo.members.models import Member, Status

    run("seed", "--members", 60, "--seed", 5)
    m = Member.objects.filter(status=Status.OFFICIAL).first()
    ev = record_event(None, m, "exemption", effective_date=date.today(), note="Sức khỏe yếu")
    assert ev.pk > 0 and Member.objects.get(pk=m.pk).is_exempted


# -- createuser ------------------------------------------------------------------------------------------
def test_createuser_with_role_and_organisation(run, run_json, make_org):
    from django.contrib.auth import get_user_model

    from dangbo.core.models import AuditEvent, RoleAssignment
    from dangbo.organizations.models import OrgKind

    root = make_org("Đảng bộ Văn phòng UBND tỉnh", OrgKind.GRASSROOTS_COMMITTEE, code="VP")
    make_org("Chi bộ Phòng Tổng hợp", OrgKind.CELL, parent=root, code="VP-TH")
    code, data, err = run_json(
        "createuser",
        "bithu",
        "--role",
        "secretary",
        "--org",
        "VP-TH",
        "--password",
        "mat-khau-that-dai-2026",
        "--full-name",
        "Võ Văn Hiệp",
    )
    assert code == 0, err
    user = get_user_model().objects.get(username="bithu")
    assert user.password.startswith("argon2") and user.check_password("mat-khau-that-dai-2026")
    assert user.last_name == "Hiệp"
    ra = RoleAssignment.objects.get(user=user)
    assert ra.role == "secretary" and ra.organization.code == "VP-TH"
    assert AuditEvent.objects.filter(action="user.create", object_id=str(user.pk)).exists()

    code, out, err = run("createuser", "quantri", "--role", "admin", "--password", "mat-khau-that-dai-2026")
    assert code == 0 and "quantri" in out
    assert get_user_model().objects.get(username="quantri").is_superuser


@pytest.mark.parametrize(
    "argv, message",
    [
        (
            ["createuser", "a1", "--role", "office", "--org", "KHONGCO", "--password", "mat-khau-that-dai"],
            "Không có tổ chức đảng mã «KHONGCO»",
        ),
        (
            ["createuser", "a2", "--role", "reader", "--password", "mat-khau-that-dai"],
            "cần chọn tổ chức đảng",
        ),
        (
            ["createuser", "a3", "--role", "secretary", "--org", "VP", "--password", "mat-khau-that-dai"],
            "phải gắn với một chi bộ",
        ),
        (["createuser", "a4", "--role", "admin", "--password", "123"], "Mật khẩu chưa đạt"),
        (["createuser", "a5", "--role", "member", "--password", "mat-khau-that-dai"], "--member"),
        (
            ["createuser", "a6", "--role", "member", "--member", "999", "--password", "mat-khau-that-dai"],
            "Không có đảng viên",
        ),
    ],
)
def test_createuser_refuses_bad_input_in_vietnamese(run, make_org, argv, message):
    from django.contrib.auth import get_user_model

    from dangbo.organizations.models import OrgKind

    make_org("Đảng bộ Văn phòng UBND tỉnh", OrgKind.GRASSROOTS_COMMITTEE, code="VP")
    code, out, err = run(*argv)
    assert code == 1 and message in err and "Traceback" not in err
    assert not get_user_model().objects.filter(username=argv[1]).exists()


def test_createuser_duplicate_and_member_link(run, make_org, make_member):
    from dangbo.members.models import Member
    from dangbo.organizations.models import OrgKind

    cell = make_org("Chi bộ cơ sở Sở Tư pháp", OrgKind.GRASSROOTS_CELL, code="STP")
    m = make_member(cell, "Trần Thị Lan")
    code, _, err = run(
        "createuser",
        "lan",
        "--role",
        "member",
        "--member",
        m.card_number,
        "--password",
        "mat-khau-that-dai-2026",
    )
    assert code == 0, err
    assert Member.objects.get(pk=m.pk).user.username == "lan"
    code, _, err = run(
        "createuser", "lan", "--role", "reader", "--org", "STP", "--password", "mat-khau-2026-x"
    )
    assert code == 1 and "đã có" in err


# -- exit codes and JSON ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "argv, expected",
    [
        ([], 2),
        (["khongco"], 2),
        (["audit"], 2),
        (["seed"], 2),
        (["seed", "--members", "abc"], 2),
        (["seed", "--members", "0"], 1),
        (["restore", "/khong/co/tep.jsonl.gz"], 1),
        (["backup", "/khong/co/thu-muc/tep.jsonl.gz"], 1),
        (["createuser", "x", "--role", "vua"], 2),
    ],
)
def test_errors_exit_non_zero_without_traceback(run, argv, expected):
    code, _, err = run(*argv)
    assert code == expected
    assert "Traceback" not in err
    if expected == 1:
        assert err.splitlines()[-1].startswith("Lỗi")  # after a warning, if any (a backup without a key)


def test_check_and_migrate_print_json(run_json):
    code, data, _ = run_json("check")
    assert code == 0 and data["ok"] is True and data["problems"] == []
    code, data, _ = run_json("migrate")
    assert code == 0 and data["ok"] is True and data["database"]


def test_check_reports_a_wrong_count(run_json, make_org, make_member):
    from dangbo.organizations.models import Organization, OrgKind

    cell = make_org("Chi bộ cơ sở Thanh tra tỉnh", OrgKind.GRASSROOTS_CELL, code="TT")
    make_member(cell, "Lê Văn Tám")
    Organization.objects.filter(pk=cell.pk).update(official_count=5)
    code, data, _ = run_json("check")
    assert code == 1 and any("Thanh tra tỉnh" in p for p in data["problems"])


def test_vendor_is_known():
    assert connection.vendor in ("sqlite", "postgresql")
