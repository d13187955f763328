"""get_FOO_display() of the scoped models reads a dict kept on the field (core.scoped.ChoiceLabels) and still
translates the label in the request's language."""

from django.utils import translation

from dangbo.members.models import Gender, Member, Status


def test_the_label_in_the_language_of_the_moment():
    m = Member(status=Status.OFFICIAL, gender=Gender.FEMALE)
    assert m.get_status_display() == "Chính thức" and m.get_gender_display() == "Nữ"
    with translation.override("en"):
        assert m.get_status_display() == str(Status.OFFICIAL.label) != "Chính thức"
    assert m.get_status_display() == "Chính thức"


def test_a_value_without_a_label_is_shown_as_it_is():
    assert Member(status="lost").get_status_display() == "lost"
    assert Member(status=None).get_status_display() is None
