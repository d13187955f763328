"""The 6-monthly reconciliation with a real .xlsx written by openpyxl: missing here, missing there, differing
fields, a bad row named by row and column; nothing written to the register; the diff's .xlsx; CCCD only for who
may see it."""

import io
from datetime import date

import openpyxl
import pytest

from dangbo.core.models import AuditEvent
from dangbo.dossier.models import Reconciliation
from dangbo.members.models import Member

pytestmark = pytest.mark.django_db


def upper_list(rows) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["STT", "Họ và tên", "Ngày tháng năm sinh", "Số thẻ Đảng", "CCCD", "Ngày vào Đảng"])
    for i, r in enumerate(rows, start=1):
        ws.append([i, *r])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


@pytest.fixture
def upload(tree, members):
    Member.objects.filter(pk=members.men.pk).update(card_number="1001", citizen_id="038080000001")
    Member.objects.filter(pk=members.lan.pk).update(card_number="1002")
    return upper_list([
        ["Nguyễn Văn Mến", members.men.birth_date, "1001", "038080000009", members.men.admission_decision_date],
        ["Trần Thị Lan", members.lan.birth_date.strftime("%d/%m/%Y"), "0001002", None, date(2011, 3, 2)],
        ["Hoàng Văn Xa", "01/02/1975", "5555", None, None],  # missing here
        ["Lý Văn Lỗi", "31/02/1980", None, None, None],  # a bad row: no 31 February
    ])


def test_upload_gives_the_diff_and_writes_nothing(tree, members, users, as_office, upload):
    before = list(Member.objects.order_by("pk").values())
    f = io.BytesIO(upload)
    f.name = "danh-sach-cap-tren.xlsx"
    resp = as_office.post(f"/ho-so-dang-vien/doi-chieu/them/?to_chuc={tree.root.pk}",
                          {"hs-file": f, "hs-done_on": "30/06/2026"})
    assert resp.status_code == 302, resp.content.decode()[:3000]
    r = Reconciliation.objects.get()
    assert r.counts == {"register": 4, "file": 3, "matched": 2, "missing_here": 1, "missing_there": 2,
                        "differing": 2, "bad_rows": 1}
    assert list(Member.objects.order_by("pk").values()) == before  # the register is untouched
    [err] = r.diff["errors"]
    assert err.startswith("Dòng 5, cột «Ngày tháng năm sinh»")
    diffs = {d["full_name"]: {f["field"]: (f["here"], f["there"]) for f in d["fields"]} for d in r.diff["differing"]}
    lan_admitted = members.lan.admission_decision_date.strftime("%d/%m/%Y")
    assert diffs == {"Nguyễn Văn Mến": {"citizen_id": ("038080000001", "038080000009")},  # CCCD differs
                     "Trần Thị Lan": {"admission_decision_date": (lan_admitted, "02/03/2011")}}  # card 0001002 = 1002
    assert [x["full_name"] for x in r.diff["missing_here"]] == ["Hoàng Văn Xa"]
    assert sorted(x["full_name"] for x in r.diff["missing_there"]) == ["Lê Thị Hoa", "Đặng Văn Dũng"]
    assert AuditEvent.objects.filter(action="dossier.reconcile").count() == 1

    page = as_office.get(resp["Location"]).content.decode()
    assert "Hoàng Văn Xa" in page and "038080000009" in page and "Dòng 5" in page
    xlsx = as_office.get(f"/ho-so-dang-vien/doi-chieu/{r.pk}/chenh-lech.xlsx")
    assert xlsx.status_code == 200
    wb = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    assert wb.sheetnames == ["Thiếu ở đây", "Thiếu ở cấp trên", "Khác nhau", "Dòng lỗi"]
    cells = [c.value for row in wb["Khác nhau"].iter_rows() for c in row]
    assert "Trần Thị Lan" in cells and "02/03/2011" in cells
    # A reader of the đảng bộ sees the diff without CCCD (the office may, the reader may not).
    reader = as_office.__class__()
    reader.force_login(users.reader)
    page = reader.get(f"/ho-so-dang-vien/doi-chieu/{r.pk}/").content.decode()
    assert "038080000009" not in page and "Trần Thị Lan" in page


def test_bad_files_get_a_vietnamese_message(tree, as_office, as_secretary):
    f = io.BytesIO(b"%PDF-1.4 not a list")
    f.name = "ds.xlsx"
    resp = as_office.post(f"/ho-so-dang-vien/doi-chieu/them/?to_chuc={tree.root.pk}",
                          {"hs-file": f, "hs-done_on": "30/06/2026"})
    assert resp.status_code == 200 and "không phải" in resp.content.decode().lower()
    wb = openpyxl.Workbook()
    wb.active.append(["Họ và tên", "Số thẻ", "Chi bộ"])
    wb.active.append(["Nguyễn Văn A", "1", "x"])
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    buf.name = "thieu-cot.xlsx"
    resp = as_office.post(f"/ho-so-dang-vien/doi-chieu/them/?to_chuc={tree.root.pk}",
                          {"hs-file": buf, "hs-done_on": "30/06/2026"})
    assert resp.status_code == 200 and "Thiếu cột bắt buộc «Ngày sinh»" in resp.content.decode()
    assert not Reconciliation.objects.exists()
    # The secretary of chi bộ A may not reconcile the đảng bộ.
    assert as_secretary.get(f"/ho-so-dang-vien/doi-chieu/them/?to_chuc={tree.root.pk}").status_code == 404
