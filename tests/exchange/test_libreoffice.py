"""Our generated .xlsx files open in LibreOffice too, not only in the Python libraries that wrote them.

Each file is converted with a headless `soffice` (a fresh user profile per run) to CSV, one file per sheet,
UTF-8, cells as shown, and the Vietnamese headers, names and dd/mm/yyyy dates must come through.
Without LibreOffice the tests are skipped, except under CI, where a missing soffice is a failure
(scripts/test installs libreoffice-calc-nogui).
"""

import csv
import io
import subprocess
from datetime import date
from pathlib import Path

import pytest

from dangbo.core.scopes import scope_for

pytestmark = pytest.mark.django_db

# Field separator ",", text delimiter '"', charset 76 = UTF-8, from line 1, cells as shown (dd/mm/yyyy as
# formatted, not serials), and token 12 = -1: every sheet to its own file "<name>-<sheet>.csv".
CSV_FILTER = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1"


def convert(soffice: str, data: bytes, name: str, tmp_path: Path) -> dict[str, str]:
    """{sheet name: CSV text} of the workbook `data` as LibreOffice reads it."""
    src = tmp_path / name
    src.write_bytes(data)
    out = tmp_path / "csv"
    profile = tmp_path / "lo-profile"  # a fresh profile each run: no lock or state shared between runs
    proc = subprocess.run(
        [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
         "--convert-to", CSV_FILTER, "--outdir", str(out), str(src)],
        capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    stem = src.stem
    sheets = {p.stem[len(stem) + 1:]: p.read_text(encoding="utf-8") for p in sorted(out.glob("*.csv"))}
    assert sheets, f"LibreOffice wrote no CSV for {name}: {proc.stdout} {proc.stderr}"
    return sheets


def cells(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


@pytest.fixture
def transferred(tree, users):
    from dangbo.members.actions import admit_member

    return admit_member(users.office, organization=tree.a, dossier={
        "full_name": "Phạm Thị Hương Giang", "birth_date": date(1985, 4, 15), "gender": "F",
        "citizen_id": "001185012345", "ethnicity": "Kinh"}, decision_date=date(2010, 3, 2),
        ceremony_date=date(2010, 3, 12), official_date=date(2011, 3, 12), transfer_in_date=date(2020, 12, 25))


def test_member_export_opens_in_libreoffice(soffice, tmp_path, tree, members, users, transferred):
    from dangbo.exchange import exports
    from dangbo.members import queries

    out = io.BytesIO()
    exports.export_members(scope_for(users.office), queries.MemberFilter(), "xlsx", out, actor=users.office)
    sheets = convert(soffice, out.getvalue(), "danh-sach.xlsx", tmp_path)
    text = "\n".join(sheets.values())
    rows = [r for t in sheets.values() for r in cells(t)]
    header = next(r for r in rows if "Họ và tên" in r)
    assert "Ngày sinh" in header and "Ngày chuyển đến" in header
    giang = next(r for r in rows if "Phạm Thị Hương Giang" in r)
    assert giang[header.index("Ngày sinh")] == "15/04/1985"
    assert giang[header.index("Ngày chuyển đến")] == "25/12/2020"
    assert "Nguyễn Văn Mến" in text and "Trần Thị Lan" in text and "Đặng Văn Dũng" in text


def test_import_template_opens_in_libreoffice(soffice, tmp_path, tree, users):
    from dangbo.exchange.templates_xlsx import MEMBER_COLUMNS, build_template

    out = io.BytesIO()
    build_template("member", scope_for(users.office), out)
    sheets = convert(soffice, out.getvalue(), "mau-dang-vien.xlsx", tmp_path)
    assert "Đảng viên" in sheets, list(sheets)
    main = cells(sheets["Đảng viên"])
    header = main[0]
    assert header == [col.header for col in MEMBER_COLUMNS]
    assert "Họ và tên" in header and "Ngày chuyển đến" in header and "Ghi chú" in header
    example = dict(zip(header, main[1], strict=False))  # the example row, dates as dd/mm/yyyy
    dated = [example[c.header] for c in MEMBER_COLUMNS if c.kind == "date" and example.get(c.header)]
    assert dated and all(len(v) == 10 and v[2] == "/" and v[5] == "/" for v in dated), dated
    others = "\n".join(t for name, t in sheets.items() if name != "Đảng viên")
    assert "TN-VP" in others and "Chi bộ Văn phòng" in others  # the drop-down list of chi bộ in scope


def test_statistics_workbook_opens_in_libreoffice(soffice, tmp_path, tree, members, users, transferred):
    from dangbo.exchange import statistics

    out = io.BytesIO()
    statistics.export_statistics(scope_for(users.office), 2020, tree.root, out, actor=None,
                                 prepared_by="Nguyễn Văn Lập")
    sheets = convert(soffice, out.getvalue(), "thong-ke.xlsx", tmp_path)
    assert "Tăng giảm" in sheets and "Giới tính" in sheets and "Theo tổ chức" in sheets
    for name, text in sheets.items():
        assert "Thống kê đảng viên đến ngày 31/12/2020" in text, name
        assert "Nguyễn Văn Lập" in text, name
    moves = {r[0].strip(): r[1] for r in cells(sheets["Tăng giảm"]) if len(r) > 1 and r[0].strip()}
    assert moves["Chuyển sinh hoạt đến"] == "1"  # Phạm Thị Hương Giang, 25/12/2020
