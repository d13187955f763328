"""Dues profiles from a payroll file: preview, all or nothing, one audit event, scope."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from dangbo.core.models import AuditEvent
from dangbo.dues import payroll
from dangbo.dues.models import DuesProfile

pytestmark = pytest.mark.django_db
HEAD = "Số CCCD,Họ và tên,Đối tượng,Mức căn cứ,Vùng,Từ tháng\n"


def write(tmp_path, body):
    p = tmp_path / "luong.csv"
    p.write_text(HEAD + body, encoding="utf-8")
    return p


def test_all_or_nothing(tmp_path, members, users):
    men, lan = members.men, members.lan
    bad = write(tmp_path, f"{men.citizen_id},{men.full_name},bhxh,9.000.000,1,02/2026\n"
                          f"{lan.citizen_id},{lan.full_name},Hưởng lương hưu,,1,02/2026\n")
    res = payroll.preview(users.office, bad)
    assert len(res.rows) == 1 and "Dòng 3, trường «Mức căn cứ»" in res.errors[0]
    with pytest.raises(ValidationError):
        payroll.commit(users.office, bad)
    assert not DuesProfile.objects.exists()
    good = write(tmp_path, f"{men.citizen_id},{men.full_name},bhxh,9.000.000,1,02/2026\n"
                           f"{lan.citizen_id},{lan.full_name},Hưởng lương hưu,6500000,1,02/2026\n")
    payroll.commit(users.office, good)
    assert DuesProfile.objects.get(member=men, from_month=date(2026, 2, 1)).base == 9_000_000
    assert DuesProfile.objects.get(member=lan).category == "pensioner"
    assert AuditEvent.objects.filter(action="dues.profiles.import").count() == 1


def test_secretary_cannot_set_another_chi_bo(tmp_path, members, users):
    dung = members.dung
    res = payroll.preview(users.secretary, write(tmp_path, f"{dung.citizen_id},{dung.full_name},student,,,02/2026\n"))
    assert not res.rows and "phạm vi" in res.errors[0]


def test_cli(tmp_path, members, capsys):
    from dangbo.cli import main

    men = members.men
    p = write(tmp_path, f"{men.citizen_id},{men.full_name},bhxh,9000000,1,02/2026\n")
    assert main(["dues", "import-profiles", str(p), "--dry-run"]) == 0
    assert "Sẽ nhập mức đóng của 1 đảng viên." in capsys.readouterr().out and not DuesProfile.objects.exists()
    assert main(["dues", "import-profiles", str(p)]) == 0 and DuesProfile.objects.count() == 1
