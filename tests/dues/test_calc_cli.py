"""`dangbo dues calc FILE [--json]`: the documented example, xlsx, and errors naming the row and field."""

import json
from pathlib import Path

import pytest
import xlsxwriter

EXAMPLE = Path(__file__).parents[2] / "docs" / "examples" / "dues-members.json"


def test_documented_example(run):
    code, out, err = run("dues", "calc", EXAMPLE, "--json")
    assert code == 0, err
    data = json.loads(out)
    by = {(r["name"], r["month"]): r for r in data["rows"]}
    an_jan, an_feb, an_mar = (by[("Nguyễn Văn An", m)] for m in ("01/2026", "02/2026", "03/2026"))
    assert (an_jan["regime"], an_jan["amount"]) == ("342", 92_000)
    assert (an_feb["regime"], an_feb["amount"]) == ("01", 92_000)  # January's base
    assert an_mar["amount"] == 98_000
    assert not an_feb["unconfirmed"] and "01-QĐ/TW" in an_feb["source"]
    binh = by[("Trần Thị Bình", "02/2026")]
    assert binh["amount"] == 35_001 and binh["unconfirmed_rules"] == ["dues.rounding"]
    assert by[("Hoàng Văn Em", "03/2026")]["exempt"]
    assert by[("Vũ Thị Phương", "07/2026")]["amount"] == 32_500
    assert by[("Vũ Thị Phương", "08/2026")]["amount"] == 65_000
    assert data["total"] == sum(r["amount"] for r in data["rows"])


def test_text_output(run):
    code, out, _ = run("dues", "calc", EXAMPLE)
    assert code == 0
    assert "Dòng 1 Nguyễn Văn An tháng 02/2026: 92.000 đồng" in out and "Tổng cộng:" in out


def write(tmp_path, data, name="m.json"):
    p = tmp_path / name
    p.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return p


@pytest.mark.parametrize(
    ("member", "message"),
    [
        ({"category": "other", "region": 5, "month": "02/2026"}, "Dòng 2, trường «region»"),
        ({"category": "bhxh", "month": "02/2026"}, "Dòng 2, trường «base»"),
        ({"category": "bhxh", "base": "tám triệu", "month": "02/2026"}, "Dòng 2, trường «base»"),
        ({"category": "abc", "month": "02/2026"}, "Dòng 2, trường «category»"),
        ({"category": "student", "month": "13/2026"}, "Dòng 2, trường «month»"),
        ({"category": "other", "region": 1, "month": "02/2026"}, "Dòng 2, trường «birth_date»"),
        ({"category": "student", "month": "02/2026",
          "reliefs": [{"percent": 40, "from": "02/2026", "to": "03/2026", "document": "QĐ"}]},
         "Dòng 2, trường «reliefs.percent»"),
        ({"category": "bhxh", "bases": [{"from": "02/2026", "base": 1}], "month": "02/2026"}, "Dòng 2, trường «base»"),
    ],
)
def test_errors_name_row_and_field_and_print_nothing(run, tmp_path, member, message):
    ok = {"category": "student", "month": "02/2026"}
    code, out, err = run("dues", "calc", write(tmp_path, {"members": [ok, member]}))
    assert code == 1 and out == ""
    assert message in err, err


def test_xlsx(run, tmp_path):
    p = tmp_path / "dp.xlsx"
    wb = xlsxwriter.Workbook(p)
    ws = wb.add_worksheet()
    rows = [["Họ và tên", "Đối tượng", "Mức căn cứ", "Vùng", "Ngày sinh", "Giới tính", "Tháng"],
            ["Nguyễn Văn An", "bhxh", 8_000_000, 1, "12/05/1975", "Nam", "02/2026"],
            ["Lê Thị Hoa", "Hưởng lương hưu", 5_000_000, 1, "01/01/1955", "Nữ", "01/2026"],
            ["Trần Văn Ba", "other", None, 9, "01/01/1980", "Nam", "02/2026"]]
    for i, r in enumerate(rows):
        ws.write_row(i, 0, r)
    wb.close()
    code, out, err = run("dues", "calc", p)
    assert code == 1 and "Dòng 4, trường «region»" in err
    wb = xlsxwriter.Workbook(p)
    ws = wb.add_worksheet()
    for i, r in enumerate(rows[:3]):
        ws.write_row(i, 0, r)
    wb.close()
    code, out, err = run("dues", "calc", p, "--json")
    assert code == 0, err
    assert [r["amount"] for r in json.loads(out)["rows"]] == [80_000, 25_000]


def test_no_database_needed(run, tmp_path, monkeypatch):
    import dangbo.cli

    def no_database(command):
        raise dangbo.cli.CliError("Chưa có cơ sở dữ liệu")

    monkeypatch.setattr(dangbo.cli, "check_database", no_database)
    code, _, err = run("dues", "calc", write(tmp_path, [{"category": "student", "month": "02/2026"}]))
    assert code == 0, err
