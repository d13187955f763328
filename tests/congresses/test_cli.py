"""`dangbo election count FILE [--json]` on JSON and xlsx files, and its Vietnamese errors."""

import json
from pathlib import Path

import pytest

EXAMPLE = Path(__file__).parents[2] / "docs" / "examples" / "election-chi-uy.json"


def test_the_documented_example_counts(run):
    code, out, err = run("election", "count", EXAMPLE)
    assert code == 0, err
    assert "Trúng cử: Nguyễn Văn An, Trần Thị Bình" in out
    assert "cơ sở tính kết quả 11" in out
    assert "Mới bầu được 2/3" in out


def test_json_output(run):
    code, out, _ = run("election", "count", EXAMPLE, "--json")
    data = json.loads(out)
    assert code == 0
    assert (data["base"], data["valid"], data["invalid"]) == (11, 8, 3)
    assert data["elected"] == ["Nguyễn Văn An", "Trần Thị Bình"]
    assert data["next_round"] == ["Phạm Thị Dung", "Hồ Thị Lan"]
    assert [r["percent"] for r in data["rows"]][:2] == ["63,64%", "63,64%"]


def test_exactly_half_of_the_base_is_not_elected(run, tmp_path):
    f = tmp_path / "bt.json"
    f.write_text(json.dumps({"body": "bi_thu", "seats": 1, "date": "2024-05-02", "convened": 10,
                             "candidates": ["Nguyễn Văn An"], "totals": {"Nguyễn Văn An": 5}, "valid": 9}),
                 encoding="utf-8")
    code, out, _ = run("election", "count", f, "--json")
    data = json.loads(out)
    assert code == 0 and data["elected"] == [] and data["regime"] == "QĐ 244-QĐ/TW"
    assert data["rows"][0]["percent"] == "50%" and not data["rows"][0]["passed"]


def test_xlsx_input_ballots_and_totals(run, tmp_path):
    import xlsxwriter

    names = ["Trần Thị Bình", "Nguyễn Văn An", "Lê Văn Cường"]
    f = tmp_path / "bau.xlsx"
    wb = xlsxwriter.Workbook(f)
    info = wb.add_worksheet("Thông tin")
    for i, (k, v) in enumerate([("Bầu", "Chi ủy"), ("Số lượng cần bầu", 2), ("Ngày bầu", "20/05/2025"),
                                ("Triệu tập", 9), ("Được trừ", 0), ("Có mặt", 9), ("Phát ra", 9)]):
        info.write(i, 0, k)
        info.write(i, 1, v)
    ds = wb.add_worksheet("Danh sách")
    ds.write_row(0, 0, ["Họ và tên"])
    for i, n in enumerate(names, 1):
        ds.write(i, 0, n)
    ph = wb.add_worksheet("Phiếu")
    ph.write_row(0, 0, ["Số phiếu", *names, "Không hợp lệ vì"])
    rows = [[1, 1, 0], [1, 1, 0], [1, 1, 0], [1, 1, 0], [1, 1, 0], [0, 1, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]]
    for i, r in enumerate(rows, 1):
        ph.write_row(i, 0, [i, *[x or None for x in r]])
    wb.close()
    code, out, err = run("election", "count", f, "--json")
    assert code == 0, err
    data = json.loads(out)
    votes = {r["name"]: r["votes"] for r in data["rows"]}
    assert votes == {"Trần Thị Bình": 6, "Nguyễn Văn An": 7, "Lê Văn Cường": 3}
    assert data["invalid"] == 1  # three kept for two seats
    assert data["elected"] == ["Nguyễn Văn An", "Trần Thị Bình"]


@pytest.mark.parametrize(("change", "field"), [
    ({"seats": "ba"}, "seats"),
    ({"body": "hội đồng"}, "body"),
    ({"date": "32/13/2025"}, "date"),
    ({"candidates": []}, "candidates"),
    ({"ballots": [{"kept": ["Người Lạ"]}]}, "kept"),
    ({"excluded": 12}, "excluded"),
    # issue 13 item 5: each was a traceback, a wrong reading or an English line
    ({"ballots": [{"kept": 5}]}, "kept"),
    ({"ballots": [{"kept": "12"}]}, "kept"),  # not candidates 1 and 2
    ({"ballots": [{"kept": ["Nguyễn Văn An"], "issued_by_board": "false"}]}, "issued_by_board"),
    ({"ballots": [{"agree": {"a": 1}}]}, "agree"),
    ({"issued": 12}, "issued"),  # more ballots issued than the 11 official members present
    ({"totals": {"Nguyễn Văn An": 9, "Trần Thị Bình": 9, "Phạm Thị Dung": 9, "Hồ Thị Lan": 9}, "valid": 10,
      "invalid": 1, "ballots": None}, "totals"),  # 36 votes > 10 valid × 3 seats
    ({"totals": {"Nguyễn Văn An": 9}, "valid": 9, "invalid": 1, "returned": 11, "ballots": None}, "valid"),
])
def test_bad_input_names_the_field_in_vietnamese(run, tmp_path, change, field):
    data = json.loads(EXAMPLE.read_text(encoding="utf-8")) | change
    f = tmp_path / "bad.json"
    f.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    code, out, err = run("election", "count", f)
    assert code == 1 and not out
    assert err.startswith("Lỗi: ") and f"«{field}»" in err


def test_missing_and_unreadable_files(run, tmp_path):
    code, _, err = run("election", "count", tmp_path / "khong-co.json")
    assert code == 1 and "không tìm thấy tệp" in err
    bad = tmp_path / "hong.json"
    bad.write_text("{ không phải JSON", encoding="utf-8")
    code, _, err = run("election", "count", bad)
    assert code == 1 and "JSON không đọc được" in err and "dòng 1" in err
    empty = tmp_path / "trong.json"
    empty.write_text("", encoding="utf-8")
    code, out, err = run("election", "count", empty)
    assert code == 1 and not out and err.strip() == "Lỗi: tệp trong.json trống (không có nội dung)"


def test_impossible_figures_give_the_figures(run, tmp_path):
    data = json.loads(EXAMPLE.read_text(encoding="utf-8")) | {
        "ballots": None, "totals": {"Nguyễn Văn An": 9, "Trần Thị Bình": 9, "Phạm Thị Dung": 9, "Hồ Thị Lan": 9},
        "valid": 10, "invalid": 1}
    f = tmp_path / "tong.json"
    f.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    code, _, err = run("election", "count", f)
    assert code == 1 and "(36)" in err and "10 × 3 = 30" in err and len(err.strip().splitlines()) == 1


def test_an_xlsx_with_seats_in_words_names_the_field(run, tmp_path):
    import xlsxwriter

    f = tmp_path / "ba.xlsx"
    wb = xlsxwriter.Workbook(f)
    info = wb.add_worksheet("Thông tin")
    for i, (k, v) in enumerate([("Bầu", "Chi ủy"), ("Số lượng cần bầu", "ba"), ("Ngày bầu", "20/05/2025"),
                                ("Triệu tập", 9)]):
        info.write(i, 0, k)
        info.write(i, 1, v)
    ds = wb.add_worksheet("Danh sách")
    ds.write_column(0, 0, ["Họ và tên", "Nguyễn Văn An", "Trần Thị Bình"])
    ph = wb.add_worksheet("Phiếu")
    ph.write_row(0, 0, ["Số phiếu", "Nguyễn Văn An", "Trần Thị Bình"])
    ph.write_row(1, 0, [1, 1, None])
    wb.close()
    code, out, err = run("election", "count", f)
    assert code == 1 and not out
    assert err.strip() == "Lỗi: trường «seats»: phải là số nguyên, không phải «ba»"


def test_names_with_diacritics_are_two_people_and_namesakes_need_telling_apart(run, tmp_path):
    base = {"body": "bi_thu", "seats": 1, "date": "2025-05-20", "convened": 9}
    f = tmp_path / "tu.json"
    f.write_text(json.dumps(base | {"candidates": ["Nguyễn Văn Tú", "Nguyễn Văn Tư"],
                                    "ballots": [{"kept": ["Nguyễn Văn Tư"]}] * 5 + [{"kept": ["Nguyễn Văn Tú"]}] * 4},
                            ensure_ascii=False), encoding="utf-8")
    code, out, err = run("election", "count", f, "--json")
    assert code == 0, err
    assert json.loads(out)["elected"] == ["Nguyễn Văn Tư"]
    twins = [{"name": "Nguyễn Văn An", "id": "a", "born": 1968}, {"name": "Nguyễn Văn An", "id": "b", "born": 1980}]
    f.write_text(json.dumps(base | {"candidates": twins, "ballots": [{"kept": ["a"]}] * 5 + [{"kept": ["b"]}] * 4},
                            ensure_ascii=False), encoding="utf-8")
    code, out, err = run("election", "count", f, "--json")
    assert code == 0, err
    assert json.loads(out)["elected"] == ["Nguyễn Văn An (1968)"]
    f.write_text(json.dumps(base | {"candidates": ["Nguyễn Văn An", "Nguyễn Văn An"], "ballots": []},
                            ensure_ascii=False), encoding="utf-8")
    code, _, err = run("election", "count", f)
    assert code == 1 and "«candidates»" in err and "hai lần" in err
