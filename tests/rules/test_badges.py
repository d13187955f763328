from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from dangbo.rules.badges import (
    AWARD_OCCASIONS,
    DISCIPLINE_WAITING,
    WARNING,
    discipline_findings,
    due_milestone,
    milestones_on,
    next_milestone,
    next_occasion,
    occasions_between,
)
from dangbo.rules.membership import FINDING, party_age
from dangbo.rules.sources import REGISTRY, UNCONFIRMED


def test_milestones_per_regime():
    assert milestones_on(date(2016, 7, 24)) == (30, 40, 50, 60, 70, 80)
    assert milestones_on(date(2016, 7, 25)) == (30, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90)


def test_occasions():
    assert AWARD_OCCASIONS == ((2, 3), (5, 19), (9, 2), (11, 7))
    assert next_occasion(date(2026, 2, 3)) == date(2026, 2, 3)
    assert next_occasion(date(2026, 2, 4)) == date(2026, 5, 19)
    assert next_occasion(date(2026, 11, 8)) == date(2027, 2, 3)
    assert occasions_between(date(2025, 11, 7), date(2026, 9, 1)) == [
        date(2025, 11, 7), date(2026, 2, 3), date(2026, 5, 19),
    ]  # fmt: skip


@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2100, 1, 1)))
def test_next_occasion_is_first_on_or_after(d):
    o = next_occasion(d)
    assert o >= d and (o.month, o.day) in AWARD_OCCASIONS
    assert occasions_between(d, o) == [o]


def test_due_milestone():
    adm, off = date(1996, 2, 3), date(1997, 2, 3)
    assert due_milestone(adm, off, [], set(), date(2026, 2, 3)) == 30
    assert due_milestone(adm, off, [], {30}, date(2026, 2, 3)) is None
    assert due_milestone(date(1996, 2, 4), off, [], set(), date(2026, 2, 3)) is None  # one day short
    # reference date other than the occasion (UNCONFIRMED parameter)
    assert due_milestone(adm, off, [], set(), date(2026, 2, 3), reference=date(2026, 1, 15)) is None
    assert REGISTRY["badges.reference_date"].confidence == UNCONFIRMED


def test_due_milestone_regimes_and_highest():
    adm, off = date(1970, 1, 1), date(1971, 1, 1)
    assert due_milestone(adm, off, [], {40}, date(2016, 2, 3)) is None  # 46 years, no 45 badge before 2016
    assert due_milestone(adm, off, [], {40}, date(2016, 9, 2)) == 45
    assert due_milestone(date(1965, 1, 1), off, [], {40}, date(2016, 9, 2)) == 50  # highest, not 45
    assert due_milestone(adm, None, [], set(), date(2016, 9, 2)) is None  # not official


def test_due_milestone_with_gap():
    adm, off = date(1996, 2, 3), date(1997, 2, 3)
    gaps = [(date(2000, 1, 1), date(2000, 4, 1))]
    assert due_milestone(adm, off, gaps, set(), date(2026, 2, 3)) is None
    assert due_milestone(adm, off, gaps, set(), date(2026, 5, 19)) == 30


def test_next_milestone():
    adm, off = date(1996, 3, 15), date(1997, 3, 15)
    assert next_milestone(adm, off, [], set()) == (30, date(2026, 3, 15))
    assert next_milestone(adm, off, [], {30}) == (40, date(2036, 3, 15))
    assert next_milestone(adm, off, [(date(2000, 1, 1), date(2000, 4, 1))], set()) == (30, date(2026, 6, 15))
    assert next_milestone(adm, off, [(date(2000, 1, 1), None)], set()) is None
    assert next_milestone(adm, off, [], {90}) is None


@given(
    st.dates(min_value=date(1950, 1, 1), max_value=date(2020, 1, 1)),
    st.lists(st.tuples(st.integers(0, 20000), st.integers(0, 3000)), max_size=2),
)
def test_next_milestone_date_is_exact(adm, raw_gaps):
    gaps = [(adm + timedelta(days=s), adm + timedelta(days=s + n)) for s, n in raw_gaps]
    result = next_milestone(adm, adm, gaps, set())
    assert result is not None
    m, d = result
    assert party_age(adm, adm, gaps, d).total_months >= m * 12
    assert party_age(adm, adm, gaps, d - timedelta(days=1)).total_months < m * 12


def test_discipline_is_data_and_finding_only():
    assert len(DISCIPLINE_WAITING) >= 3
    [f] = discipline_findings(WARNING, date(2025, 1, 10), date(2025, 9, 2))
    assert f.severity == FINDING and "cảnh cáo" in f.message and "10/07/2025" in f.message
    assert discipline_findings(None, None, date(2025, 9, 2)) == []
