import unicodedata
from datetime import date
from functools import cmp_to_key

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dangbo.rules.text import (
    amount_in_words,
    format_date,
    format_date_long,
    format_number,
    format_percent,
    name_sort_key,
    nfc,
    parse_date,
    search_key,
    split_name,
    vietnamese_sorted,
)

# --- independent reference comparator, built from precomposed letter tables ---------------------------

REF_LETTERS = "0123456789aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
# Each row: the vowel with tones ngang, huyền, hỏi, ngã, sắc, nặng (precomposed, NFC).
REF_TONE_ROWS = [
    "aàảãáạ", "ăằẳẵắặ", "âầẩẫấậ", "eèẻẽéẹ", "êềểễếệ", "iìỉĩíị",
    "oòỏõóọ", "ôồổỗốộ", "ơờởỡớợ", "uùủũúụ", "ưừửữứự", "yỳỷỹýỵ",
]  # fmt: skip
REF_CHAR = {}
for row in REF_TONE_ROWS:
    for tone, ch in enumerate(row):
        REF_CHAR[ch] = (row[0], tone)
for ch in REF_LETTERS:
    REF_CHAR.setdefault(ch, (ch, 0))


def ref_word(word):
    letters, tone = [], 0
    for ch in word.lower():
        base, t = REF_CHAR[ch]
        letters.append(REF_LETTERS.index(base))
        if t and not tone:
            tone = t
    return letters, tone


def ref_cmp(a, b):
    wa, wb = a.split(), b.split()
    wa, wb = [wa[-1], *wa[:-1]], [wb[-1], *wb[:-1]]
    for x, y in zip(wa, wb, strict=False):
        (lx, tx), (ly, ty) = ref_word(x), ref_word(y)
        if lx != ly:
            return -1 if lx < ly else 1
        if tx != ty:
            return -1 if tx < ty else 1
    return (len(wa) > len(wb)) - (len(wa) < len(wb))


ALL_CHARS = sorted(set(REF_CHAR))
words = st.text(alphabet=st.sampled_from(ALL_CHARS + [c.upper() for c in ALL_CHARS]), min_size=1, max_size=5)
names = st.lists(words, min_size=1, max_size=4).map(" ".join)


def sign(x):
    return (x > 0) - (x < 0)


@given(names, names)
def test_sort_key_matches_reference_comparator(a, b):
    ka, kb = name_sort_key(a), name_sort_key(b)
    assert sign((ka > kb) - (ka < kb)) == ref_cmp(a, b)


@given(st.lists(names, max_size=12))
def test_sorting_by_key_is_reference_order(lst):
    by_key = [name_sort_key(x) for x in vietnamese_sorted(lst)]
    by_ref = [name_sort_key(x) for x in sorted(lst, key=cmp_to_key(ref_cmp))]
    assert by_key == by_ref


@given(names)
def test_sort_key_ascii_nfd_and_case_insensitive(name):
    key = name_sort_key(name)
    assert key.isascii() and len(key) <= 255
    assert name_sort_key(unicodedata.normalize("NFD", name)) == key
    assert name_sort_key(name.upper()) == key == name_sort_key(name.lower())


def test_sort_example_given_names():
    given_names = [
        "Trần Văn Ánh",
        "Lê Thị Anh",
        "Nguyễn Văn Bình",
        "Phạm Thị Ấn",
        "Đỗ Văn Dũng",
        "Võ Đức",
        "Hoàng Văn An",
    ]
    # a < ă < â are letters; tones only break ties between equal letters; d < đ.
    assert vietnamese_sorted(given_names) == [
        "Hoàng Văn An",
        "Lê Thị Anh",
        "Trần Văn Ánh",
        "Phạm Thị Ấn",
        "Nguyễn Văn Bình",
        "Đỗ Văn Dũng",
        "Võ Đức",
    ]


def test_sort_examples_rest_of_name_and_tones():
    assert vietnamese_sorted(["Trần Văn An", "Lê Văn An", "Lê An"]) == ["Lê An", "Lê Văn An", "Trần Văn An"]
    # ngang, huyền, hỏi, ngã, sắc, nặng
    assert vietnamese_sorted(["X Mạnh", "X Mánh", "X Mãnh", "X Mảnh", "X Mành", "X Manh"]) == [
        "X Manh", "X Mành", "X Mảnh", "X Mãnh", "X Mánh", "X Mạnh",
    ]  # fmt: skip
    # letters of the whole word before tones: Ánh (a-n-h) after Anh, but An (shorter) before both
    assert vietnamese_sorted(["A Ánh", "A Án", "A Anh"]) == ["A Án", "A Anh", "A Ánh"]
    # old and new tone placement are the same name
    assert name_sort_key("Lê Thị Hoà") == name_sort_key("Lê Thị Hòa")
    assert vietnamese_sorted([{"n": "Ưng"}, {"n": "Uyên"}], key=lambda x: x["n"])[0]["n"] == "Uyên"


def test_sort_key_truncated():
    assert len(name_sort_key(" ".join(["Nguyễn"] * 100))) == 255
    assert name_sort_key("") == name_sort_key(None) == ""


@given(st.text())
def test_search_key_idempotent_and_diacritic_free(s):
    k = search_key(s)
    assert search_key(k) == k
    assert not any(unicodedata.combining(c) for c in unicodedata.normalize("NFD", k))
    assert k == k.strip() and "  " not in k and "đ" not in k


@given(names)
def test_search_key_vietnamese_is_ascii(name):
    k = search_key(name)
    assert k.isascii()
    assert search_key(unicodedata.normalize("NFD", name)) == k


def test_search_key_examples():
    assert search_key("Nguyễn Văn Mến") == "nguyen van men"
    assert search_key(unicodedata.normalize("NFD", "ĐẶNG Thị  Ánh-Tuyết")) == "dang thi anh tuyet"
    assert search_key(None) == ""


def test_nfc_and_split_name():
    assert nfc(None) == ""
    assert nfc("  Nguyễn \u00a0 Văn\tMến ") == "Nguyễn Văn Mến"
    assert nfc(unicodedata.normalize("NFD", "Mến")) == "Mến"
    assert split_name(" Nguyễn  Văn Mến ") == ("Nguyễn Văn", "Mến")
    assert split_name("Mến") == ("", "Mến")
    assert split_name("") == ("", "")


def test_numbers_and_dates():
    assert format_number(2983) == "2.983"
    assert format_number(1_000_000) == "1.000.000"
    assert format_number(3.5, 1) == "3,5"
    assert format_number(-1234.567, 2) == "-1.234,57"
    assert format_number(0.25, 1) == "0,3"  # half up
    assert format_percent(3.5) == "3,5%"
    assert format_percent(3.0) == "3%"
    assert format_percent(12.345, 2) == "12,35%"
    d = date(2020, 12, 25)
    assert format_date(d) == "25/12/2020"
    assert format_date(date(2021, 1, 5)) == "05/01/2021"
    assert format_date_long(d) == "ngày 25 tháng 12 năm 2020"
    assert parse_date("25/12/2020") == d
    assert parse_date(" 5/1/2021 ") == date(2021, 1, 5)


@pytest.mark.parametrize("bad", ["2020-12-25", "25.12.2020", "25/12/20", "", "31/02/2020", "abc"])
def test_parse_date_rejects(bad):
    with pytest.raises(ValueError) as exc:
        parse_date(bad)
    msg = str(exc.value)
    assert "Ngày" in msg and unicodedata.is_normalized("NFC", msg)


@given(st.dates())
def test_parse_format_round_trip(d):
    if d.year >= 1000:
        assert parse_date(format_date(d)) == d


@given(st.sampled_from(["Nguyễn Văn Mến", "Lê Thị Lân", "Trần Đức Anh", "Phạm Thị Ấn", "Võ Văn Đông",
                        "Hoàng Yến", "Đặng Thị Oanh", "Bùi Văn Ưng"]), st.integers(min_value=1, max_value=4))
def test_given_name_key_prefixes_cover_exactly_the_given_names_with_that_prefix(name, n):
    from dangbo.rules.text import given_name_key_prefixes, name_sort_key, search_key, split_name

    given = search_key(split_name(name)[1])
    token = given[:n]
    prefixes = given_name_key_prefixes(token)
    assert any(name_sort_key(name).startswith(p) for p in prefixes)
    other = given_name_key_prefixes("x" + token)
    assert not any(name_sort_key(name).startswith(p) for p in other)


@pytest.mark.parametrize("n, words", [
    (0, "Không đồng"), (5, "Năm đồng"), (10, "Mười đồng"), (11, "Mười một đồng"), (15, "Mười lăm đồng"),
    (21, "Hai mươi mốt đồng"), (25, "Hai mươi lăm đồng"), (40, "Bốn mươi đồng"), (105, "Một trăm linh năm đồng"),
    (110, "Một trăm mười đồng"), (5_000, "Năm nghìn đồng"), (80_000, "Tám mươi nghìn đồng"),
    (30_001, "Ba mươi nghìn không trăm linh một đồng"), (115_500, "Một trăm mười lăm nghìn năm trăm đồng"),
    (1_000_005, "Một triệu không trăm linh năm đồng"), (1_250_000, "Một triệu hai trăm năm mươi nghìn đồng"),
    (2_000_000_000, "Hai tỷ đồng"), (1_000_000_001, "Một tỷ không trăm linh một đồng"),
    (3_005_000_000_000, "Ba nghìn không trăm linh năm tỷ đồng"), (-5_000, "Âm năm nghìn đồng"),
])
def test_amount_in_words(n, words):
    assert amount_in_words(n) == words


@given(st.integers(min_value=1, max_value=10**15))
def test_amount_in_words_is_nfc_and_well_formed(n):
    words = amount_in_words(n)
    assert words == unicodedata.normalize("NFC", words) and words.endswith(" đồng")
    assert "  " not in words and not words.startswith(("Không", "Linh", "Mươi"))


def test_roman_ordinals_of_terms_and_congresses():
    from dangbo.rules.text import roman

    assert [roman(n) for n in (1, 4, 9, 10, 11, 14, 19, 40, 90, 400, 1994)] == \
        ["I", "IV", "IX", "X", "XI", "XIV", "XIX", "XL", "XC", "CD", "MCMXCIV"]
