"""Exports: members, organisations, due work to xlsx/csv; templates; pages; CLI. Read back with openpyxl,
python_calamine and the csv module."""

import csv
import io
import json
from datetime import date, datetime

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from dangbo.core.models import AuditEvent
from dangbo.exchange import exports
from dangbo.exchange.exports import HEADER_ROW, MEMBER_COLUMNS, ORG_COLUMNS, neutralize
from dangbo.exchange.parsing import headers

pytestmark = pytest.mark.django_db

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ALL_HEADERS = [c.header for c in MEMBER_COLUMNS]
PUBLIC_HEADERS = [c.header for c in MEMBER_COLUMNS if not c.sensitive]


def body(resp) -> bytes:
    return b"".join(resp.streaming_content) if resp.streaming else resp.content


def xlsx_rows(data: bytes) -> list[list]:
    """All rows of the first sheet (openpyxl), trailing empty cells trimmed."""
    ws = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    out = []
    for row in ws.iter_rows(values_only=True):
        row = list(row)
        while row and row[-1] is None:
            row.pop()
        out.append(row)
    return out


def table(data: bytes) -> tuple[list[str], list[dict]]:
    """Header row and data rows as dicts (openpyxl), from the export's layout."""
    rows = xlsx_rows(data)
    head = rows[HEADER_ROW - 1]
    return head, [dict(zip(head, r, strict=False)) for r in rows[HEADER_ROW:]]


def csv_table(data: bytes) -> tuple[list[str], list[dict]]:
    assert data.startswith(b"\xef\xbb\xbf"), "CSV must start with a UTF-8 BOM"
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=","))
    return rows[0], [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]


def get(client, url, **params):
    return client.get(url, params)


# -- members -------------------------------------------------------------------------------------------------
def test_member_xlsx_as_office_has_every_column_real_dates_and_a_title(as_office, members, tree):
    resp = as_office.get("/xuat/dang-vien/", {"dinh_dang": "xlsx"})
    assert resp.status_code == 200
    assert resp["Content-Type"] == XLSX_TYPE
    assert "attachment" in resp["Content-Disposition"] and ".xlsx" in resp["Content-Disposition"]
    data = body(resp)
    rows = xlsx_rows(data)
    assert "Danh sách đảng viên" in rows[0][0] and tree.root.name in rows[0][0]
    head, recs = table(data)
    assert head == ALL_HEADERS
    by_name = {r["Họ và tên"]: r for r in recs}
    assert set(by_name) == {"Nguyễn Văn Mến", "Trần Thị Lan", "Đặng Văn Dũng", "Lê Thị Hoa"}
    men = by_name["Nguyễn Văn Mến"]
    members.men.refresh_from_db()
    assert men["Ngày sinh"] == datetime(1975, 8, 19)
    assert men["Giới tính"] == "Nam"
    assert men["Số CCCD"] == members.men.citizen_id and isinstance(men["Số CCCD"], str)
    assert men["Số thẻ đảng viên"] == members.men.card_number
    assert men["Chi bộ"] == tree.a.code
    assert men["Ngày quyết định kết nạp"] == datetime(2010, 3, 2)
    assert men["Ngày chính thức"] == datetime.combine(members.men.official_date, datetime.min.time())
    assert by_name["Lê Thị Hoa"]["Ngày chính thức"] == datetime.combine(members.hoa.official_date,
                                                                        datetime.min.time())
    assert by_name["Lê Thị Hoa"]["Giới tính"] == "Nữ"
    # Ordered as the list (Vietnamese sort key): Dũng, Hoa, Lan, Mến.
    assert [r["Họ và tên"] for r in recs] == ["Đặng Văn Dũng", "Lê Thị Hoa", "Trần Thị Lan", "Nguyễn Văn Mến"]
    # Formats, frozen header, autofilter.
    ws = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    assert ws.cell(HEADER_ROW + 1, 2).number_format == "dd/mm/yyyy"
    assert ws.freeze_panes == f"B{HEADER_ROW + 1}"
    assert ws.auto_filter.ref.startswith(f"A{HEADER_ROW}:")
    assert ws.column_dimensions["A"].width > 20
    # python_calamine reads the same file, dates as dates.
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()
    assert sheet[HEADER_ROW - 1][: len(ALL_HEADERS)] == ALL_HEADERS
    first = sheet[HEADER_ROW]
    assert first[0] == "Đặng Văn Dũng" and first[1] == date(1979, 11, 30)


def test_member_csv_is_utf8_with_bom_and_dd_mm_yyyy(as_office, members):
    resp = as_office.get("/xuat/dang-vien/", {"dinh_dang": "csv"})
    assert resp.status_code == 200 and resp["Content-Type"].startswith("text/csv")
    head, recs = csv_table(body(resp))
    assert head == ALL_HEADERS
    men = next(r for r in recs if r["Họ và tên"] == "Nguyễn Văn Mến")
    assert men["Ngày sinh"] == "19/08/1975"
    assert men["Ngày quyết định kết nạp"] == "02/03/2010"
    assert men["Số CCCD"].startswith("0010")


def test_export_is_exactly_the_filtered_list(as_office, members, tree):
    query = {"to_chuc": tree.b.pk, "gioi_tinh": "F"}
    page = as_office.get("/dang-vien/", query).content.decode()
    resp = as_office.get("/xuat/dang-vien/", {**query, "dinh_dang": "csv"})
    _, recs = csv_table(body(resp))
    assert [r["Họ và tên"] for r in recs] == ["Lê Thị Hoa"]
    assert "Lê Thị Hoa" in page and "Đặng Văn Dũng" not in page
    # status filter and name search
    _, recs = csv_table(body(as_office.get("/xuat/dang-vien/", {"tinh_trang": "probationary", "dinh_dang": "csv"})))
    assert [r["Họ và tên"] for r in recs] == ["Lê Thị Hoa"]
    _, recs = csv_table(body(as_office.get("/xuat/dang-vien/", {"q": "nguyen van men", "dinh_dang": "csv"})))
    assert [r["Họ và tên"] for r in recs] == ["Nguyễn Văn Mến"]
    # the list page offers the export with the same query string
    assert "/xuat/dang-vien/?to_chuc=" in page and "dinh_dang=xlsx" in page


def test_secretary_exports_only_their_chi_bo_without_sensitive_columns(as_secretary, members, tree):
    resp = as_secretary.get("/xuat/dang-vien/", {"dinh_dang": "xlsx"})
    head, recs = table(body(resp))
    assert head == PUBLIC_HEADERS
    assert sorted(r["Họ và tên"] for r in recs) == ["Nguyễn Văn Mến", "Trần Thị Lan"]
    csv_body = body(as_secretary.get("/xuat/dang-vien/", {"dinh_dang": "csv", "tinh_trang": "all"}))
    text = csv_body.decode("utf-8-sig")
    assert "Đặng Văn Dũng" not in text and "Lê Thị Hoa" not in text
    assert members.men.citizen_id not in text
    # asking for chi bộ B is refused, and nothing of B is sent
    resp = as_secretary.get("/xuat/dang-vien/", {"to_chuc": tree.b.pk, "dinh_dang": "csv"})
    assert resp.status_code == 400
    assert "Đặng Văn Dũng" not in body(resp).decode()


def test_member_user_gets_own_record_only_and_anonymous_is_sent_to_login(as_member, client, members):
    _, recs = csv_table(body(as_member.get("/xuat/dang-vien/", {"dinh_dang": "csv"})))
    assert [r["Họ và tên"] for r in recs] == ["Trần Thị Lan"]
    assert "Số CCCD" not in recs[0]
    resp = client.get("/xuat/dang-vien/")
    assert resp.status_code == 302 and "dang-nhap" in resp["Location"]


def test_every_export_is_audited_with_filter_count_and_sensitivity(as_office, as_secretary, users, members, tree):
    as_office.get("/xuat/dang-vien/", {"to_chuc": tree.a.pk, "dinh_dang": "csv"})
    ev = AuditEvent.objects.filter(action="export.members").latest("seq")
    assert ev.user == users.office
    assert ev.data["rows"] == 2 and ev.data["format"] == "csv" and ev.data["sensitive"] is True
    assert ev.data["filter"]["org_path"] == tree.a.path and ev.org_path == tree.a.path
    as_secretary.get("/xuat/dang-vien/", {"dinh_dang": "xlsx"})
    ev = AuditEvent.objects.filter(action="export.members").latest("seq")
    assert ev.user == users.secretary and ev.data["sensitive"] is False and ev.data["rows"] == 2
    as_office.get("/xuat/to-chuc/", {"dinh_dang": "csv"})
    as_office.get("/xuat/viec-can-lam/", {"dinh_dang": "csv"})
    assert {"export.organizations", "export.due"} <= set(AuditEvent.objects.values_list("action", flat=True))


def test_formula_cells_are_neutralised_in_csv_and_plain_strings_in_xlsx(as_office, tree, make_member):
    make_member(tree.a, "Phan Văn Công", workplace="=HYPERLINK(\"http://x\",\"bấm\")", phone="+84912345678",
                residence="@SUM(A1)", hometown="-1+2")
    _, recs = csv_table(body(as_office.get("/xuat/dang-vien/", {"dinh_dang": "csv"})))
    row = recs[0]
    assert row["Đơn vị công tác"] == "'=HYPERLINK(\"http://x\",\"bấm\")"
    assert row["Điện thoại"] == "'+84912345678"
    assert row["Nơi thường trú"] == "'@SUM(A1)" and row["Quê quán"] == "'-1+2"
    data = body(as_office.get("/xuat/dang-vien/", {"dinh_dang": "xlsx"}))
    ws = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    col = ALL_HEADERS.index("Đơn vị công tác") + 1
    cell = ws.cell(HEADER_ROW + 1, col)
    assert cell.data_type == "s" and cell.value == "=HYPERLINK(\"http://x\",\"bấm\")"
    assert "<f>" not in io.BytesIO(data).getvalue().decode("latin-1")  # no formula element anywhere


def test_neutralize():
    for bad in ("=1+1", "+1", "-1", "@x", "\tx", "\rx"):
        assert neutralize(bad) == "'" + bad
    for good in ("", "Nguyễn", "0912", "12/12", "a=b"):
        assert neutralize(good) == good


def test_member_headers_are_the_import_headers():
    mapping = headers.map_headers(ALL_HEADERS, kind="member")
    assert mapping.ok and not mapping.unknown and not mapping.ignored
    assert [mapping.columns[i] for i in range(len(ALL_HEADERS))] == [c.key for c in MEMBER_COLUMNS]
    assert [c.header for c in headers.MEMBER_COLUMNS] == ALL_HEADERS
    mapping = headers.map_headers(PUBLIC_HEADERS, kind="member")
    assert mapping.ok and not mapping.unknown
    org = headers.map_headers([c.header for c in exports.ORG_IMPORT_COLUMNS], kind="organization")
    assert org.ok and not org.unknown


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_exported_file_reads_back_through_the_importers_reader(as_office, members, fmt):
    readers = pytest.importorskip("dangbo.exchange.parsing.readers")
    data = body(as_office.get("/xuat/dang-vien/", {"dinh_dang": fmt}))
    tbl = readers.read_table(data, f"dang-vien.{fmt}")
    mapping = headers.map_headers(tbl.headers, kind="member")
    assert mapping.ok and not mapping.unknown, mapping.as_dict()
    rows = list(tbl.rows)
    assert len(rows) == 4


# -- organisations, due work ---------------------------------------------------------------------------------
def test_organization_export_with_own_and_subtree_counts(as_office, members, tree):
    head, recs = table(body(as_office.get("/xuat/to-chuc/", {"dinh_dang": "xlsx"})))
    assert head == [c.header for c in ORG_COLUMNS]
    by_code = {r["Mã tổ chức"]: r for r in recs}
    assert list(by_code) == ["TN", "TN-VP", "TN-TH"]
    root, a, b = by_code["TN"], by_code["TN-VP"], by_code["TN-TH"]
    assert (root["Đảng viên chính thức"], root["Chính thức (cả trực thuộc)"], root["Dự bị (cả trực thuộc)"],
            root["Tổng số (cả trực thuộc)"]) == (0, 3, 1, 4)
    assert (a["Đảng viên chính thức"], a["Đảng viên dự bị"], a["Tổng số (cả trực thuộc)"]) == (2, 0, 2)
    assert (b["Đảng viên chính thức"], b["Đảng viên dự bị"]) == (1, 1)
    assert a["Mã tổ chức cấp trên"] == "TN" and a["Loại tổ chức"] == "Chi bộ trực thuộc"
    assert root["Ngày thành lập"] == datetime(1990, 1, 1)
    head, recs = csv_table(body(as_office.get("/xuat/to-chuc/", {"dinh_dang": "csv", "to_chuc": tree.b.pk})))
    assert [r["Mã tổ chức"] for r in recs] == ["TN-TH"] and recs[0]["Ngày thành lập"] == "01/01/1990"


def test_organization_export_of_a_secretary_is_their_chi_bo(as_secretary, members, tree):
    _, recs = csv_table(body(as_secretary.get("/xuat/to-chuc/", {"dinh_dang": "csv"})))
    assert [r["Mã tổ chức"] for r in recs] == ["TN-VP"]
    assert as_secretary.get("/xuat/to-chuc/", {"to_chuc": tree.b.pk}).status_code == 400


def test_due_export(as_office, as_secretary, members):
    # Hoa (chi bộ B) is past her 12 months' probation: recognition is due.
    _, recs = csv_table(body(as_office.get("/xuat/viec-can-lam/", {"dinh_dang": "csv"})))
    hoa = [r for r in recs if r["Họ và tên"] == "Lê Thị Hoa"]
    assert hoa and hoa[0]["Việc cần làm"] == "Xét công nhận đảng viên chính thức"
    assert hoa[0]["Mã chi bộ"] == "TN-TH"
    head, recs = table(body(as_office.get("/xuat/viec-can-lam/", {"dinh_dang": "xlsx"})))
    assert isinstance(next(r for r in recs if r["Họ và tên"] == "Lê Thị Hoa")["Hạn"], datetime)
    _, recs = csv_table(body(as_secretary.get("/xuat/viec-can-lam/", {"dinh_dang": "csv"})))
    assert all(r["Mã chi bộ"] == "TN-VP" for r in recs)


def test_unknown_format_is_refused(as_office, members):
    assert as_office.get("/xuat/dang-vien/", {"dinh_dang": "pdf"}).status_code == 400


# -- templates -------------------------------------------------------------------------------------------------
def test_member_template_has_headers_guide_lists_and_one_example(as_office, as_secretary, tree):
    resp = as_office.get("/xuat/mau/dang-vien.xlsx")
    assert resp.status_code == 200 and resp["Content-Type"] == XLSX_TYPE
    data = body(resp)
    wb = openpyxl.load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["Đảng viên", "Hướng dẫn", "Danh mục"]
    ws = wb["Đảng viên"]
    assert [c.value for c in ws[1]] == ALL_HEADERS
    assert ws.max_row == 2  # one example row
    assert ws.cell(2, 1).value == "Nguyễn Văn An" and ws.cell(2, 2).value == datetime(1985, 5, 17)
    sources = {str(dv.sqref).split(":")[0].rstrip("0123456789"): dv.formula1
               for dv in ws.data_validations.dataValidation if dv.type == "list"}
    col = {c.header: openpyxl.utils.get_column_letter(i + 1) for i, c in enumerate(MEMBER_COLUMNS)}
    assert sources[col["Giới tính"]] == '"Nam,Nữ"'
    assert "Trung cấp" in sources[col["Lý luận chính trị"]]
    assert "Danh mục" in sources[col["Chi bộ"]]
    codes = [r[0] for r in wb["Danh mục"].iter_rows(min_row=2, values_only=True)]
    assert codes == ["TN-VP", "TN-TH"]  # chi bộ only: members live in a chi bộ
    guide = [r for r in wb["Hướng dẫn"].iter_rows(values_only=True)]
    listed = {r[0]: r for r in guide if r and r[0] in ALL_HEADERS}
    assert set(listed) == set(ALL_HEADERS)
    assert listed["Họ và tên"][1] == "Có" and listed["Ngày sinh"][2].startswith("Ngày/tháng/năm")
    # headers of the template map onto the import columns
    assert headers.map_headers([c.value for c in ws[1]]).ok
    # a secretary's list holds only their chi bộ
    wb = openpyxl.load_workbook(io.BytesIO(body(as_secretary.get("/xuat/mau/dang-vien.xlsx"))))
    assert [r[0] for r in wb["Danh mục"].iter_rows(min_row=2, values_only=True)] == ["TN-VP"]
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_name("Đảng viên").to_python()
    assert sheet[0] == ALL_HEADERS


def test_organization_template(as_office, tree):
    wb = openpyxl.load_workbook(io.BytesIO(body(as_office.get("/xuat/mau/to-chuc.xlsx"))))
    ws = wb.worksheets[0]
    assert [c.value for c in ws[1]] == [c.header for c in exports.ORG_IMPORT_COLUMNS]
    kinds = next(dv.formula1 for dv in ws.data_validations.dataValidation if dv.type == "list"
                 and "Chi bộ" in (dv.formula1 or ""))
    assert "Đảng bộ cơ sở" in kinds
    assert headers.map_headers([c.value for c in ws[1]], kind="organization").ok


# -- pages ----------------------------------------------------------------------------------------------------
def test_export_page_and_statistics_page(as_office, as_secretary, members, tree):
    page = as_office.get("/xuat/")
    assert page.status_code == 200
    text = page.content.decode()
    for name in ("exports:members", "exports:organizations", "exports:due", "exports:statistics"):
        from django.urls import reverse

        assert reverse(name) in text
    resp = as_office.get("/xuat/thong-ke/", {"nam": 2025, "to_chuc": tree.root.pk})
    assert resp.status_code == 200 and "Thống kê đảng viên đến ngày 31/12/2025" in resp.content.decode()
    resp = as_office.get("/xuat/thong-ke/", {"nam": 2025, "to_chuc": tree.root.pk, "dinh_dang": "xlsx"})
    assert resp["Content-Type"] == XLSX_TYPE
    wb = openpyxl.load_workbook(io.BytesIO(body(resp)))
    assert wb.worksheets[0]["A1"].value == "Thống kê đảng viên đến ngày 31/12/2025"
    assert AuditEvent.objects.filter(action="export.statistics").exists()
    # a secretary may not ask for B's statistics
    resp = as_secretary.get("/xuat/thong-ke/", {"nam": 2025, "to_chuc": tree.b.pk, "dinh_dang": "xlsx"})
    assert resp.status_code == 400 and "Đặng Văn Dũng" not in resp.content.decode()
    assert as_office.get(f"/to-chuc/{tree.a.pk}/").content.decode().count("/xuat/thong-ke/?to_chuc=") == 1


# -- CLI --------------------------------------------------------------------------------------------------------
def _cli(capsys, *argv):
    from dangbo.cli import main

    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_export_members_organizations_statistics(tmp_path, capsys, users, members, tree):
    path = tmp_path / "dv.xlsx"
    code, out, err = _cli(capsys, "export", "members", "-o", path, "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["rows"] == 4 and data["sensitive"] is True and data["format"] == "xlsx"
    head, recs = table(path.read_bytes())
    assert head == ALL_HEADERS and len(recs) == 4
    ev = AuditEvent.objects.filter(action="export.members").latest("seq")
    assert ev.user is None  # a system job
    # in a user's scope
    path = tmp_path / "dv.csv"
    code, out, err = _cli(capsys, "export", "members", "-o", path, "--user", users.secretary.username)
    assert code == 0, err
    _, recs = csv_table(path.read_bytes())
    assert sorted(r["Họ và tên"] for r in recs) == ["Nguyễn Văn Mến", "Trần Thị Lan"]
    code, out, err = _cli(capsys, "export", "organizations", "-o", tmp_path / "tc.csv", "--org", "TN-VP")
    assert code == 0 and "1 dòng" in out
    code, out, err = _cli(capsys, "export", "statistics", "-o", tmp_path / "tk.xlsx", "--year", 2025,
                          "--org", "TN", "--json")
    assert code == 0, err
    assert json.loads(out)["members"] == 4 and json.loads(out)["balanced"] is True
    assert openpyxl.load_workbook(tmp_path / "tk.xlsx").sheetnames[0] == "Tăng giảm"


def test_cli_export_errors_exit_non_zero(tmp_path, capsys, users, members, tree):
    assert _cli(capsys, "export", "members", "-o", tmp_path / "x.xlsx", "--org", "KHONG-CO")[0] == 1
    code, _, err = _cli(capsys, "export", "members", "-o", tmp_path / "x.xlsx", "--org", "TN-TH",
                        "--user", users.secretary.username)
    assert code == 1 and "phạm vi" in err
    assert _cli(capsys, "export", "statistics", "-o", tmp_path / "x.csv")[0] == 1
    assert _cli(capsys, "export", "members", "-o", tmp_path / "nowhere" / "x.xlsx")[0] == 1
    assert _cli(capsys, "export", "members")[0] == 2
    assert not list(tmp_path.iterdir())  # no half-written file left behind


def test_search_text_is_not_copied_into_the_audit_log(as_office, members):
    as_office.get("/xuat/dang-vien/", {"q": members.dung.citizen_id, "dinh_dang": "csv"})
    ev = AuditEvent.objects.filter(action="export.members").latest("seq")
    assert ev.data["filter"]["q"] == "số thẻ/CCCD" and ev.data["rows"] == 1
    assert members.dung.citizen_id not in str(ev.data) + ev.summary
