"""The apps' commands share one lookup of --org and --user (dangbo/cli/lookups.py): the same refusals everywhere."""

import pytest

COMMANDS = [
    ("admission", "list"),
    ("inspection", "list"),
    ("quality",),
    ("dues", "report", "--year", "2025"),
]


@pytest.mark.django_db
@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_every_command_refuses_the_same_way(command, run, tree, users):
    code, _, err = run(*command, "--org", tree.root.code, "--user", "khong-ai")
    assert code == 1 and "Không có người dùng «khong-ai»." in err
    code, _, err = run(*command, "--org", "KHONG-CO")
    assert code == 1 and "Không có tổ chức đảng mã «KHONG-CO»." in err
    code, _, err = run(*command, "--org", tree.root.code, "--user", users.secretary_b.username)
    assert code == 1 and "Bạn không có quyền xem" in err and tree.root.name in err
    code, _, err = run(*command, "--org", tree.root.code, "--json")
    assert code == 0


@pytest.mark.django_db
def test_import_looks_up_user_and_organisation_the_same_way(run, tree, tmp_path):
    f = tmp_path / "dv.csv"
    f.write_text("Họ và tên,Ngày sinh\nNguyễn Văn A,01/01/1990\n", encoding="utf-8")
    code, _, err = run("import", "members", str(f), "--user", "khong-ai")
    assert code == 1 and "Không có người dùng «khong-ai»." in err
    code, _, err = run("import", "members", str(f), "--org", "KHONG-CO", "--dry-run")
    assert code == 1 and "Không có tổ chức đảng mã «KHONG-CO»." in err


@pytest.mark.django_db
@pytest.mark.parametrize("command", [("report", "check", "--year", "2025"),
                                     ("export", "members", "-o", "{out}")], ids=["report", "export"])
def test_reading_commands_look_up_the_viewer_the_same_way(command, run, tree, users, tmp_path):
    command = [c.format(out=tmp_path / "dv.xlsx") for c in command]
    code, _, err = run(*command, "--org", tree.root.code, "--user", "khong-ai")
    assert code == 1 and "Không có tài khoản «khong-ai» (hoặc tài khoản đã bị khóa)." in err
    users.secretary.is_active = False
    users.secretary.save()
    code, _, err = run(*command, "--org", tree.a.code, "--user", users.secretary.username)
    assert code == 1 and f"Không có tài khoản «{users.secretary.username}»" in err
    code, _, err = run(*command, "--org", tree.a.code, "--user", users.secretary_b.username)
    assert code == 1 and f"Không có tổ chức đảng mã «{tree.a.code}» trong phạm vi được xem." in err
    code, _, err = run(*command, "--org", tree.b.code, "--user", users.secretary_b.username)
    assert code == 0, err
