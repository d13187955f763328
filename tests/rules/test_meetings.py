"""The 2025 meeting rules (dangbo.rules.meetings): the monthly day, CT 50's thematic meeting each quarter, the
tổ đảng pilot's conditions (HD 03-HD/TW, PARTLY: settings)."""

from datetime import date

import pytest

from dangbo.rules import REGISTRY, meetings
from dangbo.rules.meetings import MeetingSettings, Mode


def test_rules_carry_their_sources_and_confidence():
    assert REGISTRY["meetings.thematic_quarterly"].confidence == "CONFIRMED"
    assert "50-CT/TW" in REGISTRY["meetings.thematic_quarterly"].document
    assert REGISTRY["meetings.monthly_day"].confidence == "CONFIRMED"
    assert REGISTRY["meetings.mode_party_group"].confidence == "PARTLY CONFIRMED"
    assert REGISTRY["meetings.mode_online"].confidence == "PARTLY CONFIRMED"


def test_monthly_date_defaults_to_the_third_and_clamps_to_the_month():
    assert meetings.monthly_date(2026, 5) == date(2026, 5, 3)
    assert meetings.monthly_date(2026, 5, 4) == date(2026, 5, 4)
    assert meetings.monthly_date(2026, 2, 31) == date(2026, 2, 28)
    assert meetings.monthly_date(2028, 2, 30) == date(2028, 2, 29)
    with pytest.raises(ValueError, match="từ 1 đến 31"):
        meetings.monthly_date(2026, 5, 32)


def test_quarter_boundaries():
    assert [meetings.quarter_of(date(2025, m, 1)) for m in (1, 3, 4, 6, 7, 9, 10, 12)] == [1, 1, 2, 2, 3, 3, 4, 4]
    assert meetings.quarter_bounds(2025, 1) == (date(2025, 1, 1), date(2025, 3, 31))
    assert meetings.quarter_bounds(2024, 1)[1] == date(2024, 3, 31)
    assert meetings.quarter_bounds(2025, 4) == (date(2025, 10, 1), date(2025, 12, 31))


def test_quarters_owed_only_when_ended_and_from_ct50():
    # CT 50 dates from 23/7/2025: the first quarter checked is Q3 2025.
    assert meetings.quarters_owing_thematic(None, None, 2025, date(2026, 1, 10)) == [3, 4]
    # A quarter is owed from the day after its last day.
    assert meetings.quarters_owing_thematic(None, None, 2026, date(2026, 3, 31)) == []
    assert meetings.quarters_owing_thematic(None, None, 2026, date(2026, 4, 1)) == [1]
    assert meetings.quarters_owing_thematic(None, None, 2024, date(2026, 1, 1)) == []


def test_a_chi_bo_founded_or_ended_mid_quarter_owes_only_whole_quarters():
    today = date(2027, 1, 15)
    assert meetings.quarters_owing_thematic(date(2026, 2, 15), None, 2026, today) == [2, 3, 4]
    assert meetings.quarters_owing_thematic(date(2026, 4, 1), None, 2026, today) == [2, 3, 4]
    assert meetings.quarters_owing_thematic(date(2026, 4, 2), None, 2026, today) == [3, 4]
    assert meetings.quarters_owing_thematic(None, date(2026, 9, 29), 2026, today) == [1, 2]
    assert meetings.quarters_owing_thematic(None, date(2026, 9, 30), 2026, today) == [1, 2, 3]


def test_missing_thematic_counts_the_first_and_last_day_of_a_quarter():
    owed = [1, 2, 3, 4]
    assert meetings.missing_thematic(owed, [date(2026, 1, 1), date(2026, 6, 30)]) == [3, 4]
    assert meetings.missing_thematic(owed, [date(2026, 3, 31), date(2026, 4, 1)]) == [3, 4]
    assert meetings.missing_thematic([3], [date(2026, 10, 1)]) == [3]


def test_party_group_conditions():
    s = MeetingSettings()
    assert meetings.party_group_problems(Mode.IN_PERSON, has_party_groups=False, members=3, held_this_year=9) == (
        None, [])
    refusal, found = meetings.party_group_problems(Mode.PARTY_GROUP, has_party_groups=False, members=80,
                                                   held_this_year=1)
    assert "chưa khai báo có tổ đảng" in refusal and found == []
    assert meetings.party_group_problems(Mode.PARTY_GROUP, has_party_groups=True, members=50,
                                         held_this_year=s.party_group_yearly_cap) == (None, [])
    _, found = meetings.party_group_problems(Mode.PARTY_GROUP, has_party_groups=True, members=49,
                                             held_this_year=s.party_group_yearly_cap + 1)
    assert len(found) == 2 and "49 đảng viên" in found[0] and "4 lần" in found[1]
    # A deployment may set other figures (the conditions are known only partly).
    _, found = meetings.party_group_problems(Mode.PARTY_GROUP, has_party_groups=True, members=30, held_this_year=4,
                                             settings=MeetingSettings(party_group_min_members=30,
                                                                      party_group_yearly_cap=4))
    assert found == []


def test_rate():
    assert meetings.rate(0, 0) is None
    assert meetings.rate(119, 125) == 95.2
    assert meetings.rate(2, 3) == 66.7
