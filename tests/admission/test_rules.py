"""The pipeline's rules at their edges: age by month, the 2/3 vote, 60 (+30) working days, the certificate's 60
months, introducers, education."""

from datetime import date, timedelta
from fractions import Fraction

import pytest

from dangbo.rules import admission as rules
from dangbo.rules import membership
from dangbo.rules.calendar import WorkingCalendar


def test_age_is_counted_by_month_on_the_day_the_chi_bo_reviews():
    born = date(2008, 3, 15)
    assert membership.check_admission(born, date(2026, 3, 14), date(2026, 3, 14))[0].code == "admission_under_18"
    assert membership.check_admission(born, date(2026, 3, 15), date(2026, 3, 15)) == []
    old = date(1966, 3, 15)
    assert membership.check_admission(old, date(2026, 3, 15), date(2026, 3, 15)) == []  # exactly 60: still fine
    over = membership.check_admission(old, date(2026, 4, 15), date(2026, 4, 15))
    assert over[0].code == "admission_over_60" and not over[0].is_error  # a finding for the TW-direct level


@pytest.mark.parametrize(("members", "needed"), [(1, 1), (3, 2), (9, 6), (10, 7), (12, 8), (100, 67)])
def test_two_thirds_of_official_members(members, needed):
    assert rules.votes_needed(members) == needed
    assert rules.check_branch_vote(needed, members) == []
    short = rules.check_branch_vote(needed - 1, members)
    assert short[0].code == "vote_short" and f"cần {needed}" in short[0].message


def test_vote_input_errors_and_the_threshold_is_a_setting():
    assert rules.check_branch_vote(10, 9)[0].code == "vote_too_many"
    assert rules.check_branch_vote(3, 0)[0].code == "vote_members"
    half = rules.AdmissionSettings.from_mapping({"branch_vote": "1/2"})
    assert half.branch_vote == Fraction(1, 2) and rules.check_branch_vote(5, 10, half) == []
    with pytest.raises(ValueError):
        rules.AdmissionSettings.from_mapping({"branch_vote": "3/2"})
    with pytest.raises(ValueError):
        rules.AdmissionSettings.from_mapping({"quorum": 1})


def test_decision_within_60_working_days_or_90_when_extended():
    cal = WorkingCalendar(use_known_announcements=False)
    branch = date(2026, 6, 1)  # a Monday
    # 60 working days = 12 weeks (no public holiday in June-August): Monday 24/8/2026.
    due = rules.decision_deadline(branch, calendar=cal)
    assert due == date(2026, 8, 24)
    # 90 = 18 weeks (Monday 5/10) plus the two Quốc khánh days off (1/9 and 2/9/2026): Wednesday 7/10.
    assert rules.decision_deadline(branch, True, cal) == date(2026, 10, 7)
    assert rules.check_decision_date(branch, due, calendar=cal) == []
    late = rules.check_decision_date(branch, due + timedelta(days=1), calendar=cal)
    assert late[0].code == "decision_late" and not late[0].is_error  # a finding: the decision stands
    assert "60 ngày làm việc" in late[0].message and "24/08/2026" in late[0].message
    assert rules.check_decision_date(branch, due + timedelta(days=1), extended=True, calendar=cal) == []
    assert rules.check_decision_date(branch, date(2026, 10, 8), extended=True, calendar=cal)[0].code == "decision_late"
    assert rules.check_decision_date(branch, branch - timedelta(days=1), calendar=cal)[0].is_error


def test_certificate_is_valid_60_months():
    issued = date(2021, 1, 10)
    assert rules.certificate_valid_until(issued) == date(2026, 1, 9)
    assert rules.certificate_valid_on(issued, date(2026, 1, 9))
    assert not rules.certificate_valid_on(issued, date(2026, 1, 10))
    assert not rules.certificate_valid_on(issued, date(2021, 1, 9))  # not before it was issued
    short = rules.AdmissionSettings.from_mapping({"certificate_validity_months": 24})
    assert not rules.certificate_valid_on(issued, date(2023, 1, 10), short)


def test_introducers():
    assert rules.check_introducer(12, True) == []
    assert rules.check_introducer(11, True)[0].code == "introducer_short"
    assert rules.check_introducer(24, False)[0].code == "introducer_not_official"
    assert rules.introductions_complete(2, False) and rules.introductions_complete(1, True)
    assert not rules.introductions_complete(1, False) and not rules.introductions_complete(0, True)


def test_education_and_its_exceptions():
    E = rules.EducationException
    assert rules.check_education(9) == [] and rules.check_education(8)[0].is_error
    assert rules.check_education(5, E.REMOTE) == [] and rules.check_education(4, E.REMOTE)[0].is_error
    elder = rules.check_education(2, E.ELDER)
    assert elder and not elder[0].is_error  # needs the TW-direct standing committee's written consent
    assert rules.check_education(None)[0].is_error and rules.check_education(13)[0].is_error


def test_settings_are_registered_partly_confirmed():
    from dangbo.rules.sources import PARTLY_CONFIRMED, REGISTRY

    for key in rules.AdmissionSettings.SOURCES.values():
        assert REGISTRY[key].confidence == PARTLY_CONFIRMED
