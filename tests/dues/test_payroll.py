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


def xlsx(tmp_path, rows, name="luong.xlsx"):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Số CCCD", "Họ và tên", "Đối tượng", "Mức căn cứ", "Vùng", "Từ tháng"])
    for r in rows:
        ws.append(r)
    p = tmp_path / name
    wb.save(p)
    return p


def post_file(client, path):
    with path.open("rb") as f:
        return client.post("/dang-phi/bang-luong/", {"file": f})


def test_page_xlsx_preview_then_all_or_nothing(tmp_path, members, users, as_secretary, settings):
    settings.DATA_DIR = tmp_path / "data"
    men, lan, dung = members.men, members.lan, members.dung
    # A faulty row (no base for a pensioner) and a member of another chi bộ: listed, nothing can be written.
    bad = xlsx(tmp_path, [[men.citizen_id, men.full_name, "BHXH", 9_000_000, 1, "02/2026"],
                          [lan.citizen_id, lan.full_name, "Hưởng lương hưu", None, 1, "02/2026"],
                          [dung.citizen_id, dung.full_name, "Học sinh, sinh viên", None, None, "02/2026"]],
               "sai.xlsx")
    page = post_file(as_secretary, bad).content.decode()
    assert "2</strong> dòng lỗi: không ghi dòng nào" in page
    assert "Dòng 3, trường «Mức căn cứ»" in page and "Dòng 4: không có đảng viên" in page
    assert 'id="payroll-commit"' not in page and not DuesProfile.objects.exists()
    # The good file: preview (nothing written), then commit writes every row, one audit event.
    good = xlsx(tmp_path, [[men.citizen_id, men.full_name, "bhxh", 9_000_000, 1, "02/2026"],
                           [lan.citizen_id, lan.full_name, "Hưởng lương hưu", "6.500.000", 1, "02/2026"]])
    page = post_file(as_secretary, good).content.decode()
    assert "Sẽ nhập mức đóng của <strong>2</strong> đảng viên" in page and "9.000.000" in page
    assert not DuesProfile.objects.exists()
    tep = page.split('name="tep" value="')[1].split('"')[0]
    r = as_secretary.post("/dang-phi/bang-luong/", {"tep": tep})
    assert r.status_code == 302
    assert DuesProfile.objects.get(member=men, from_month=date(2026, 2, 1)).base == 9_000_000
    assert DuesProfile.objects.get(member=lan).base == 6_500_000
    assert AuditEvent.objects.filter(action="dues.profiles.import").count() == 1
    # A stale or forged file name: a message, nothing written, never a path from the user.
    r = as_secretary.post("/dang-phi/bang-luong/", {"tep": "../../etc/passwd"}, follow=True)
    assert "Tệp xem trước không còn" in r.content.decode()
    # Not a spreadsheet: a message on the field.
    other = tmp_path / "luong.txt"
    other.write_text("x", encoding="utf-8")
    page = post_file(as_secretary, other).content.decode()
    assert "Tệp phải là .xlsx" in page


def test_page_refused_to_a_member(members, as_member):
    assert as_member.get("/dang-phi/bang-luong/").status_code == 403
