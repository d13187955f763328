"""The congresses forms: a refused input shows the page again with the error beside its field and everything typed
kept (the candidate list above all), never a 500, and nothing is written."""

import pytest
from django.test import Client

from dangbo.congresses.models import BallotEntry, Congress, Election, Meeting

from .conftest import NAMES, chi_uy

pytestmark = pytest.mark.django_db

CANDIDATES = "\n".join(NAMES[:4]) + "\nLê Thị Mới; đề cử; 9"


def _client(user):
    c = Client()
    c.force_login(user)
    return c


def test_an_election_definition_with_an_error_keeps_the_typed_candidate_list(congress, counters):
    r = _client(counters.one).post(f"/dai-hoi/{congress.pk}/bau-cu/", {
        "body": "chi_uy", "seats": "ba", "candidates": CANDIDATES, "board": "Ngô Văn Minh\nDương Thị Nga",
        "at_conference": "1", "conference_members": "7"})
    assert r.status_code == 200 and not Election.objects.exists()
    page = r.content.decode()
    assert CANDIDATES in page and "Ngô Văn Minh\nDương Thị Nga" in page  # the lists as typed
    form = r.context["election_form"]
    assert form.errors["seats"] == ["Số lượng cần bầu phải là một số nguyên."]
    assert 'id="f-seats" name="seats" inputmode="numeric" value="ba"' in page
    assert "Số lượng cần bầu phải là một số nguyên." in page
    assert 'name="at_conference" value="1" checked' in page
    assert 'name="conference_members" inputmode="numeric" value="7"' in page


def test_an_election_refused_by_the_action_keeps_the_list_and_shows_the_error_on_its_field(congress, counters):
    """The action refuses (a dự khuyết count for a body that has none): its field error sits beside the field."""
    r = _client(counters.one).post(f"/dai-hoi/{congress.pk}/bau-cu/", {
        "body": "chi_uy", "seats": "3", "alternate_seats": "1", "candidates": CANDIDATES, "board": ""})
    assert r.status_code == 200 and not Election.objects.exists()
    assert CANDIDATES in r.content.decode()
    form = r.context["election_form"]
    assert form.errors and set(form.errors) <= {"alternate_seats", "__all__"}


def test_a_congress_with_a_bad_date_keeps_what_was_typed(cell, counters, tree):
    r = _client(counters.one).post("/dai-hoi/lap-moi/", {
        "organization": tree.a.pk, "kind": "members", "ordinal": "4", "term_start": "2025", "term_end": "2030",
        "opened_on": "31/02/2025", "place": "Hội trường xã"})
    assert r.status_code == 200 and not Congress.objects.exists()
    form = r.context["form"]
    assert list(form.errors) == ["opened_on"]
    page = r.content.decode()
    assert 'value="31/02/2025"' in page and 'value="Hội trường xã"' in page and 'value="2030"' in page


def test_a_ballot_refused_keeps_the_marks_typed(congress, counters):
    from dangbo.congresses import actions

    e = chi_uy(congress, counters.one)
    actions.start_counting(counters.one, e, issued=12)
    pks = {c.full_name: c.pk for c in e.candidates.all()}
    kept = [pks[n] for n in NAMES[:2]]
    r = _client(counters.one).post(f"/dai-hoi/bau-cu/{e.pk}/phieu/", {
        "number": "0", "counter": "2", **{f"c{pk}": "keep" for pk in kept}})
    assert r.status_code == 200
    form = r.context["ballot_form"]
    assert "number" in form.errors
    assert [c.pk for c, mark in form.marks() if mark] == kept
    assert not BallotEntry.objects.filter(election=e).exists()


def test_meeting_text_refused_keeps_the_minutes(congress, counters, tree):
    from dangbo.congresses import actions

    m = actions.record_meeting(counters.one, organization=tree.a, kind="monthly", held_on=congress.opened_on,
                               title="Sinh hoạt tháng 5")
    r = _client(counters.one).post(f"/dai-hoi/sinh-hoat/{m.pk}/sua/", {
        "version": str(m.version + 5), "title": "Sinh hoạt tháng 5", "minutes": "Biên bản mới gõ"})
    assert r.status_code == 200
    assert "Biên bản mới gõ" in r.content.decode()
    assert r.context["edit_form"].non_field_errors()
    m.refresh_from_db()
    assert m.minutes != "Biên bản mới gõ"
    assert Meeting.objects.count() == 1


def test_the_views_read_posted_input_only_through_forms():
    """Every change is a generic action view whose form gets the posted data (`get_form(data)`): the views
    never read request.POST or request.GET's fields themselves, except the pages' own display choices."""
    import re
    from pathlib import Path

    import dangbo.congresses.views as views
    from dangbo.core.generic import ActionButtonView, ActionFormView

    source = Path(views.__file__).read_text(encoding="utf-8")
    assert "request.POST" not in source
    assert re.findall(r"request\.GET\.get\(\"(\w+)\"", source) == ["nguoi_nhap"]  # which counter types next
    changes = [getattr(views, name).view_class for name in (
        "create", "edit", "attendance", "redraw", "delegates", "approve", "election_create", "election_list",
        "election_start", "election_ballot", "election_resolve", "election_totals", "election_sign",
        "election_correct", "election_next", "meeting_create", "meeting_edit", "meeting_attendance")]
    assert all(issubclass(v, ActionFormView | ActionButtonView) for v in changes)


def test_hand_totals_through_the_page_keep_the_numbers_typed_when_refused(congress, counters):
    from dangbo.congresses import actions

    from .conftest import ids

    e = chi_uy(congress, counters.one)
    actions.start_counting(counters.one, e, issued=12, by_totals=True)
    a, b, c_, d = ids(e, *NAMES[:4])
    client = _client(counters.one)
    typed = {"valid": "12", "invalid": "0", f"t{a}": "13", f"t{b}": "10", f"t{c_}": "7", f"t{d}": "6"}
    r = client.post(f"/dai-hoi/bau-cu/{e.pk}/tong-so/", typed)
    assert r.status_code == 200
    form = r.context["totals_form"]
    assert any("từ 0 đến" in m for m in form.non_field_errors())  # the action's error, on top
    assert [typed_value for _, typed_value, _ in form.rows()] == ["13", "10", "7", "6"]
    e.refresh_from_db()
    assert e.totals_valid is None
    r = client.post(f"/dai-hoi/bau-cu/{e.pk}/tong-so/", typed | {f"t{a}": "mười hai"})
    assert r.context["totals_form"].errors[f"t{a}"] == [f"Số phiếu của {NAMES[0]} phải là một số nguyên."]
    r = client.post(f"/dai-hoi/bau-cu/{e.pk}/tong-so/", typed | {f"t{a}": "12"})
    assert r.status_code == 302
    e.refresh_from_db()
    assert (e.totals, e.totals_valid) == ({str(a): 12, str(b): 10, str(c_): 7, str(d): 6}, 12)
