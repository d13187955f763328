"""Portal payments import (preview, all or none, unmatched lines listed, nothing guessed), its CLI, and
`dangbo dues report`."""

import json
from datetime import date

import pytest
from django.core.exceptions import ValidationError

from dangbo.core.models import AuditEvent
from dangbo.dues import actions, portal
from dangbo.dues.models import DuesPayment

pytestmark = pytest.mark.django_db
HEAD = "Mã giao dịch,Số CCCD,Họ và tên,Kỳ đóng,Số tiền,Ngày nộp\n"


def write(tmp_path, lines, name="cong.csv"):
    p = tmp_path / name
    p.write_text(HEAD + "".join(lines), encoding="utf-8")
    return p


def lines_for(members):
    men, lan, dung = members.men, members.lan, members.dung
    return [
        f"GD001,{men.citizen_id},{men.full_name},02/2026,80000,05/02/2026\n",
        f"GD002,{lan.citizen_id},{lan.full_name},02/2026,30.000,06/02/2026\n",
        f"GD003,{dung.citizen_id},Đặng Văn Dung,02/2026,5000,06/02/2026\n",  # name differs: not guessed
        "GD004,099999999999,Người Lạ,02/2026,5000,06/02/2026\n",
        f"GD005,{men.citizen_id},{men.full_name},02/2026,-5,06/02/2026\n",
    ]


def test_preview_writes_nothing_and_lists_unmatched(tmp_path, members, users):
    res = portal.preview(users.office, write(tmp_path, lines_for(members)))
    assert [x.ref for x in res.good] == ["GD001", "GD002"] and res.total == 110_000
    assert [x.row for x in res.unmatched] == [4, 5]
    assert "không khớp" in res.unmatched[0].problem
    assert [x.row for x in res.errors] == [6] and "Dòng 6" in res.errors[0].problem
    assert not DuesPayment.objects.exists()


def test_commit_all_good_lines_once_with_one_audit_event(tmp_path, members, users):
    path = write(tmp_path, lines_for(members))
    res = portal.commit(users.office, path)
    assert DuesPayment.objects.filter(channel="portal").count() == 2 == len(res.good)
    assert AuditEvent.objects.filter(action="dues.payments.import").count() == 1
    again = portal.preview(users.office, path)
    assert len(again.good) == 0 and len(again.already) == 2
    with pytest.raises(ValidationError):
        portal.commit(users.office, path)


def test_secretary_sees_other_chi_bo_lines_as_unmatched(tmp_path, members, users):
    men, dung = members.men, members.dung
    path = write(tmp_path, [f"GD1,{men.citizen_id},{men.full_name},02/2026,80000,05/02/2026\n",
                            f"GD2,{dung.citizen_id},{dung.full_name},02/2026,5000,05/02/2026\n"])
    res = portal.commit(users.secretary, path)
    assert [x.ref for x in res.good] == ["GD1"]
    assert "không thuộc chi bộ" in res.unmatched[0].problem and dung.full_name not in res.unmatched[0].problem


def test_closed_month_refuses_the_whole_file(tmp_path, tree, members, users):
    actions.close_month(users.office, tree.a, date(2026, 2, 1))
    with pytest.raises(ValidationError):
        portal.commit(users.office, write(tmp_path, lines_for(members)))
    assert not DuesPayment.objects.exists()


def test_missing_columns(tmp_path, users):
    p = tmp_path / "x.csv"
    p.write_text("Họ và tên,Số tiền,Ghi chú\nA,1,\n", encoding="utf-8")
    with pytest.raises(ValidationError) as e:
        portal.preview(users.office, p)
    assert "Mã giao dịch" in str(e.value) and "Kỳ đóng" in str(e.value)


def test_cli_import_and_report(run, tmp_path, tree, members, users):
    actions.set_profile(None, members.men, from_month=date(2025, 1, 1), category="bhxh", base=8_000_000)
    actions.set_profile(None, members.lan, from_month=date(2025, 1, 1), category="pensioner", base=6_000_000)
    actions.generate_month(None, tree.root, date(2026, 2, 1))
    path = write(tmp_path, lines_for(members))
    code, out, err = run("dues", "import-payments", path, "--dry-run")
    assert code == 0, err
    assert "Sẽ nhập 2 khoản nộp, 110.000 đồng." in out and "Không khớp: Dòng 4" in out
    assert not DuesPayment.objects.exists()
    code, out, err = run("dues", "import-payments", path, "--json", "--user", users.secretary.username)
    assert code == 0, err
    assert json.loads(out)["good"] == 2  # both matched lines are of the secretary's chi bộ
    code, out, err = run("dues", "report", "--org", tree.root.code, "--year", 2026, "--month", 2, "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["totals"]["owed"] == 80_000 + 30_000 and data["totals"]["collected"] == 110_000
    code, out, err = run("dues", "report", "--org", tree.b.code, "--year", 2026, "--user", users.secretary.username)
    assert code == 1 and "không có quyền" in err
    code, out, err = run("dues", "report", "--org", "KHONGCO", "--year", 2026)
    assert code == 1 and "KHONGCO" in err
    code, out, _ = run("dues", "report", "--org", tree.root.code, "--year", 2026)
    assert code == 0 and "thu đảng phí 110.000 đồng (phải thu 110.000 đồng)" in out
