"""Pure rules: document symbols and numbering, target verdicts, change on the year before."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dangbo.rules import documents, targets


def test_symbol_follows_hd36():
    assert documents.symbol(15, "bao_cao", "ĐU") == "15-BC/ĐU"
    assert documents.symbol(1, "ke_hoach", "ĐU") == "01-KH/ĐU"
    assert documents.symbol(127, "quyet_dinh", "TW") == "127-QĐ/TW"


def test_unconfirmed_abbreviations_are_marked():
    assert documents.TYPES["bao_cao"].confirmed is False
    assert documents.TYPES["nghi_quyet"].confirmed is True


def test_next_number_does_not_refill_gaps():
    assert documents.next_number([]) == 1
    assert documents.next_number([1, 2, 5]) == 6


@pytest.mark.parametrize("actual,comparison,target,expected", [
    (100, targets.GTE, 100, targets.MET), (95, targets.GTE, 90, targets.EXCEEDED),
    (89.9, targets.GTE, 90, targets.NOT_MET), (6, targets.FROM_UP, 5, targets.EXCEEDED),
    (5, targets.FROM_UP, 5, targets.MET), (2, targets.LTE, 3, targets.EXCEEDED), (3, targets.LTE, 3, targets.MET),
    (4, targets.LTE, 3, targets.NOT_MET), (3, targets.EQ, 3, targets.MET), (4, targets.EQ, 3, targets.NOT_MET),
    (None, targets.GTE, 3, targets.MISSING),
])
def test_verdict(actual, comparison, target, expected):
    assert targets.verdict(actual, comparison, target) == expected


@given(st.integers(0, 10_000), st.integers(0, 10_000))
def test_verdict_is_consistent_with_the_comparison(a, t):
    v = targets.verdict(a, targets.GTE, t)
    assert (v in (targets.MET, targets.EXCEEDED)) == (a >= t)
    w = targets.verdict(a, targets.LTE, t)
    assert (w in (targets.MET, targets.EXCEEDED)) == (a <= t)


def test_share_and_change():
    assert targets.share(49, 65) == Decimal("75.4")
    assert targets.share(1, 0) is None
    assert documents.change_percent(30900, 29855) == pytest.approx(3.5, abs=0.01)
    assert documents.change_percent(10, 0) is None


def test_describe():
    assert targets.describe(targets.FROM_UP, Decimal("5"), "") == "từ 5 trở lên"
    assert targets.describe(targets.GTE, Decimal("90"), "%") == "≥ 90%"
    assert targets.describe(targets.GTE, Decimal("3.5"), "%") == "≥ 3,5%"


def test_describe_words():
    assert targets.describe_words(targets.GTE, Decimal("100"), "%") == "đạt 100%"
    assert targets.describe_words(targets.GTE, Decimal("90"), "%") == "đạt 90% trở lên"
    assert targets.describe_words(targets.FROM_UP, Decimal("5"), "") == "từ 5 trở lên"
    assert targets.describe_words(targets.LTE, Decimal("2"), "") == "không quá 2"
