"""headers.map_headers: template headers, the variants offices type, unknown/duplicate/missing columns."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dangbo.exchange.parsing.headers import (
    MEMBER_COLUMNS,
    ORGANIZATION_COLUMNS,
    column_letter,
    guess_key,
    header_key,
    map_headers,
    required_keys,
)

TEMPLATE = [c.header for c in MEMBER_COLUMNS]


def test_template_headers_map_to_their_keys():
    m = map_headers(TEMPLATE)
    assert m.ok and not m.unknown and not m.missing
    assert [m.columns[i] for i in range(len(TEMPLATE))] == [c.key for c in MEMBER_COLUMNS]
    org = map_headers([c.header for c in ORGANIZATION_COLUMNS], kind="organization")
    assert org.ok and set(org.keys) == {c.key for c in ORGANIZATION_COLUMNS}


@pytest.mark.parametrize(
    ("header", "key"),
    [
        ("Họ và tên", "full_name"),
        ("Ho ten", "full_name"),
        ("HỌ TÊN", "full_name"),
        ("Họ tên đảng viên", "full_name"),
        ("Họ, tên", "full_name"),
        ("  họ  và   TÊN  ", "full_name"),
        ("Họ và tên (*)", "full_name"),
        ("Họ và tên *", "full_name"),
        ("Ngày sinh (dd/mm/yyyy)", "birth_date"),
        ("Ngày vào Đảng", "admission_decision_date"),
        ("NGAY VAO DANG", "admission_decision_date"),
        ("CCCD", "citizen_id"),
        ("Số CMND/CCCD", "citizen_id"),
        ("Căn cước", "citizen_id"),
        ("Số thẻ", "card_number"),
        ("Số thẻ Đảng", "card_number"),
        ("Nam/Nữ", "gender"),
        ("Giới tính", "gender"),
        ("Chi bộ", "organization"),
        ("Mã chi bộ", "organization"),
        ("Ngày chính thức", "official_date"),
        ("Ngày chuyển đến", "transfer_in_date"),
        ("Lí luận chính trị", "political_theory"),
        ("Email", "email"),
        ("SĐT", "phone"),
        ("Ðảng viên", "full_name"),  # Ð (eth) typed for Đ
    ],
)
def test_variants(header, key):
    assert guess_key(header) == key
    assert map_headers([header]).columns == {0: key}


@pytest.mark.parametrize("header", ["STT", "TT", "stt", "Số TT", ""])
def test_row_numbers_and_empty_headers_are_ignored(header):
    m = map_headers([header, "Họ và tên"])
    assert 0 in m.ignored and m.columns == {1: "full_name"} and not m.unknown


def test_unknown_duplicate_missing():
    m = map_headers(["STT", "Họ và tên", "Họ tên", "Lương", "Ngày sinh"])
    assert m.unknown == [(3, "Lương")]
    assert m.duplicates == {"full_name": [1, 2]}
    assert m.columns[1] == "full_name" and 2 not in m.columns
    assert m.missing == ["gender", "organization", "admission_decision_date"]
    assert not m.ok
    errors = m.errors
    assert any("Thiếu cột bắt buộc «Giới tính»" in e for e in errors)
    assert any("«Họ và tên» (cột B), «Họ tên» (cột C)" in e for e in errors)
    assert m.warnings == ["Cột «Lương» (cột D) không khớp với cột nào của mẫu nhập nên sẽ bị bỏ qua."]


def test_required_columns():
    assert required_keys() == ("full_name", "birth_date", "gender", "organization", "admission_decision_date")


def test_overrides():
    headers = ["Tên", "Sinh", "Phái", "Đơn vị sinh hoạt", "Kết nạp", "Họ tên"]
    m = map_headers(headers)
    assert m.missing
    m = map_headers(headers, overrides={
        "Tên": "full_name", "sinh": "birth_date", "Đơn vị sinh hoạt": "organization",
        "Kết nạp": "admission_decision_date", "Họ tên": None,
    })
    assert m.ok, m.errors
    assert m.columns == {0: "full_name", 1: "birth_date", 2: "gender", 3: "organization",
                         4: "admission_decision_date"}
    assert 5 in m.ignored
    with pytest.raises(ValueError):
        map_headers(headers, overrides={"Tên": "salary"})


def test_row_dict_and_header_of():
    m = map_headers(["Họ tên", "Ngày sinh"])
    assert m.row_dict(["A"]) == {"full_name": "A", "birth_date": None}
    assert m.header_of("full_name") == "Họ tên"
    assert m.header_of("gender") == "Giới tính"
    assert m.as_dict()["missing"] == m.missing


def test_column_letter():
    assert [column_letter(i) for i in (0, 25, 26, 27, 701, 702)] == ["A", "Z", "AA", "AB", "ZZ", "AAA"]


def test_no_synonym_is_claimed_by_two_columns():
    for columns in (MEMBER_COLUMNS, ORGANIZATION_COLUMNS):
        seen: dict[str, str] = {}
        for col in columns:
            for name in (col.header, *col.synonyms):
                k = header_key(name)
                assert seen.setdefault(k, col.key) == col.key, (name, seen[k], col.key)


@given(st.lists(st.one_of(st.text(max_size=30), st.sampled_from(TEMPLATE + ["STT", "Ho ten", ""]), st.none()),
                max_size=40))
def test_random_header_lists(headers):
    m = map_headers(headers)
    n = len(headers)
    assert all(0 <= i < n for i in m.columns)
    assert len(set(m.columns.values())) == len(m.columns)
    placed = set(m.columns) | set(m.ignored) | {i for i, _ in m.unknown} | {
        i for idx in m.duplicates.values() for i in idx}
    assert placed == set(range(n))
    assert all(isinstance(e, str) for e in m.errors + m.warnings)
