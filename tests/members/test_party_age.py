"""Party age through the actions and the member pages (rules.md §3.3): removal before recognition, gaps, re-admission.

The pure rule (dangbo.rules.membership.party_age) is the reference: what the member page, the projection and
the badge due-work show must agree with it for the member's real history.
"""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from dangbo.core.models import Role, RoleAssignment
from dangbo.members import actions, queries
from dangbo.members.models import EventKind, Member, Status
from dangbo.rules import badges as rules_badges
from dangbo.rules import membership as rules

from .conftest import dossier

pytestmark = pytest.mark.django_db

FIRST = date(1990, 5, 2)  # first admission decision
LEFT = date(2000, 1, 1)  # xóa tên
BACK = date(2005, 1, 1)  # kết nạp lại (decision)


def admit(org, *, decided=FIRST, ceremony=date(1990, 5, 19), official=True, name="Nguyễn Văn Mến"):
    return actions.admit_member(
        None, organization=org, dossier=dossier(name, birth=date(1965, 1, 9)), decision_date=decided,
        decision_number="12-QĐ/ĐU", ceremony_date=ceremony,
        official_date=rules.official_date(ceremony) if official else None)


def event(m, kind, on, **kw):
    actions.record_event(None, m, kind, effective_date=on, **kw)
    m.refresh_from_db()
    return m


def readmitted(tree):
    """Official since 1991, removed on 1/1/2000, re-admitted on 1/1/2005 (decision), new ceremony 1/2/2005."""
    m = admit(tree["a"])
    event(m, EventKind.REMOVAL, LEFT, decision_number="3-QĐ/ĐU")
    event(m, EventKind.READMISSION, BACK, decision_date=BACK, decision_number="7-QĐ/ĐU", to_organization=tree["a"])
    return m


# -- removal before recognition ---------------------------------------------------------------------------
@pytest.mark.parametrize("kind", [EventKind.REMOVAL, EventKind.EXPULSION, EventKind.RESIGNATION])
def test_a_member_removed_before_recognition_has_no_party_age_ever(tree, kind):
    m = admit(tree["a"], decided=date(2023, 1, 10), ceremony=date(2023, 2, 1), official=False)
    event(m, kind, date(2023, 9, 1))
    assert m.status != Status.PROBATIONARY and m.party_age_start is None
    for on in (date(2023, 9, 1), date(2024, 3, 1), date(2030, 1, 1)):
        assert queries.party_age(m, on) is None


def test_an_official_member_removed_keeps_the_party_age_reached_on_leaving(tree):
    m = admit(tree["a"])
    event(m, EventKind.REMOVAL, LEFT)
    at_leaving = rules.party_age(FIRST, date(1991, 5, 19), [], LEFT)
    assert queries.party_age(m, date(2020, 1, 1)) == at_leaving == queries.party_age(m, LEFT)
    assert str(at_leaving) == "9 năm 7 tháng"


# -- re-admission -----------------------------------------------------------------------------------------
def test_a_readmitted_member_records_the_new_ceremony_and_is_recognised_again(tree):
    m = readmitted(tree)
    assert m.status == Status.PROBATIONARY and m.admission_decision_date == BACK
    assert m.ceremony_date is None and m.official_date is None
    assert queries.party_age(m, date(2005, 6, 1)) is None  # probationary again: no party age shown
    event(m, EventKind.CEREMONY, date(2005, 2, 1))
    assert m.ceremony_date == date(2005, 2, 1) and m.official_date == date(2006, 2, 1)
    actions.record_event(None, m, EventKind.RECOGNITION, decision_date=date(2006, 2, 20))
    m.refresh_from_db()
    assert m.status == Status.OFFICIAL
    # From the first admission decision minus the 60 months outside the Party (rules.md §3.3).
    gaps = [(LEFT, BACK)]
    for on in (date(2006, 2, 1), date(2015, 7, 1), date(2025, 5, 2)):
        assert queries.party_age(m, on) == rules.party_age(FIRST, m.official_date, gaps, on)
    assert str(queries.party_age(m, date(2025, 5, 2))) == "30 năm"
    assert queries.party_age(m, date(2025, 5, 1)).years == 29


def test_a_readmitted_member_reaches_the_badge_in_the_due_work(tree):
    m = readmitted(tree)
    event(m, EventKind.CEREMONY, date(2005, 2, 1))
    actions.record_event(None, m, EventKind.RECOGNITION, decision_date=date(2006, 2, 20))
    base = Member.objects.filter(pk=m.pk)
    # 30 years on 2/5/2025 with the gap: due at 19/5/2025, not at 3/2/2025.
    assert [i.label for i in queries.badges_due(base, date(2025, 1, 15))] == []
    assert [i.label for i in queries.badges_due(base, date(2025, 3, 1))] == ["Huy hiệu 30 năm tuổi đảng"]
    actions.award_badge(None, m, 30, awarded_on=date(2025, 5, 19))


def test_a_readmission_after_removal_before_recognition_counts_from_the_first_decision_minus_the_gap(tree):
    # 24-QĐ/TW 2021, point 4.5.2 makes no exception for one who left while probationary.
    m = admit(tree["a"], decided=date(2012, 3, 1), ceremony=date(2012, 3, 15), official=False)
    event(m, EventKind.REMOVAL, date(2012, 12, 1))
    assert queries.party_age(m, date(2016, 1, 1)) is None
    event(m, EventKind.READMISSION, date(2016, 6, 1), decision_date=date(2016, 6, 1), to_organization=tree["a"])
    event(m, EventKind.CEREMONY, date(2016, 6, 20))
    actions.record_event(None, m, EventKind.RECOGNITION)
    m.refresh_from_db()
    assert m.party_age_start == date(2015, 9, 1)  # 42 months outside the Party
    on = date(2020, 6, 1)
    assert queries.party_age(m, on) == rules.party_age(date(2012, 3, 1), m.official_date,
                                                       [(date(2012, 12, 1), date(2016, 6, 1))], on)
    assert str(queries.party_age(m, on)) == "4 năm 9 tháng"


def test_the_readmission_ceremony_is_checked_against_the_readmission(tree):
    m = readmitted(tree)
    with pytest.raises(ValidationError) as exc:
        event(m, EventKind.CEREMONY, date(2004, 12, 1))
    assert "01/01/2005" in str(exc.value)  # the re-admission, not the ceremony of 1990


# -- the web forms ------------------------------------------------------------------------------------------
@pytest.fixture
def office(tree, django_user_model, client):
    user = django_user_model.objects.create(username="vanphong")
    RoleAssignment.objects.create(user=user, role=Role.OFFICE, organization=tree["dbo"])
    client.force_login(user)
    return client


def post_event(client, m, **data):
    m.refresh_from_db()
    body = {"version": m.version, **data}
    return client.post(reverse("members:event", args=[m.pk]), body)


def test_readmission_through_the_web_forms_ends_official_with_the_right_party_age(tree, office):
    m = admit(tree["a"])
    assert post_event(office, m, kind="removal", effective_date="01/01/2000").status_code == 302
    resp = post_event(office, m, kind="readmission", effective_date="01/01/2005", decision_date="01/01/2005",
                      decision_number="7-QĐ/ĐU", to_organization=tree["a"].pk)
    assert resp.status_code == 302
    resp = post_event(office, m, kind="ceremony", effective_date="01/02/2005")
    assert resp.status_code == 302, resp.content.decode()[:3000]
    assert post_event(office, m, kind="recognition", decision_date="20/02/2006").status_code == 302
    m.refresh_from_db()
    assert m.status == Status.OFFICIAL and m.official_date == date(2006, 2, 1)
    page = office.get(reverse("members:detail", args=[m.pk])).content.decode()
    from django.utils import timezone

    expected = queries.party_age(m, timezone.localdate())
    assert expected == rules.party_age(FIRST, m.official_date, [(LEFT, BACK)], timezone.localdate())
    assert f">{expected}<" in page


def test_removal_before_recognition_through_the_web_shows_no_party_age(tree, office):
    m = admit(tree["a"], decided=date(2023, 1, 10), ceremony=date(2023, 2, 1), official=False)
    assert post_event(office, m, kind="removal", effective_date="01/09/2023").status_code == 302
    page = office.get(reverse("members:detail", args=[m.pk])).content.decode()
    assert 'Tuổi đảng</dt><dd class="col-7">–<' in page


# -- gaps counted as the rule counts them ---------------------------------------------------------------------
@pytest.mark.parametrize(("left", "back"), [
    (date(2000, 1, 15), date(2005, 3, 1)),  # part-months at both ends
    (date(2000, 1, 31), date(2004, 12, 20)),
    (date(2001, 6, 1), date(2004, 6, 1)),  # whole months
])
def test_party_age_with_a_gap_agrees_with_the_rule_on_every_page(tree, left, back):
    m = admit(tree["a"])
    event(m, EventKind.REMOVAL, left)
    event(m, EventKind.READMISSION, back, decision_date=back, to_organization=tree["a"])
    ceremony = back + (date(2005, 3, 20) - date(2005, 3, 1))
    event(m, EventKind.CEREMONY, ceremony)
    actions.record_event(None, m, EventKind.RECOGNITION)
    m.refresh_from_db()
    gaps = [(left, back)]
    base = Member.objects.filter(pk=m.pk)
    for on in [date(2020, 1, 1) + (date(2020, 1, 2) - date(2020, 1, 1)) * k for k in range(0, 2200, 7)]:
        expected = rules.party_age(FIRST, m.official_date, gaps, on)
        assert queries.party_age(m, on) == expected, on
        due = [i.label for i in queries.badges_due(base, on)]
        occasion = rules_badges.next_occasion(on)
        milestone = rules_badges.due_milestone(FIRST, m.official_date, gaps, set(), occasion)
        assert due == ([f"Huy hiệu {milestone} năm tuổi đảng"] if milestone else []), on


def test_the_badge_list_of_an_occasion_counts_the_gap_as_the_rule_does(tree):
    from dangbo.recognition.queries import badge_list

    left, back = date(2000, 1, 15), date(2005, 3, 1)
    m = admit(tree["a"])
    event(m, EventKind.REMOVAL, left)
    event(m, EventKind.READMISSION, back, decision_date=back, to_organization=tree["a"])
    event(m, EventKind.CEREMONY, date(2005, 3, 20))
    actions.record_event(None, m, EventKind.RECOGNITION)
    cases = badge_list(Member.objects.filter(pk=m.pk), date(2025, 5, 19))
    reached = rules.months_reached_on(FIRST, [(left, back)], 360)
    assert [(c.milestone, c.early, c.reached_on) for c in cases] == [(30, True, reached)]


def test_a_ceremony_found_later_for_an_official_member_must_fit_the_official_date(tree):
    m = actions.admit_member(None, organization=tree["a"], dossier=dossier("Phạm Văn Cũ", birth=date(1950, 1, 1)),
                             decision_date=date(1975, 5, 4), official_date=date(1976, 5, 19))
    with pytest.raises(ValidationError) as exc:
        event(m, EventKind.CEREMONY, date(1975, 6, 1))
    assert "12 tháng" in exc.value.message_dict["effective_date"][0]
    assert Member.objects.get(pk=m.pk).official_date == date(1976, 5, 19)
    event(m, EventKind.CEREMONY, date(1975, 5, 19))
    assert (m.ceremony_date, m.official_date, m.status) == (date(1975, 5, 19), date(1976, 5, 19), Status.OFFICIAL)
