"""The read-only API: scoped lists and the signed result."""

import pytest

from dangbo.congresses import actions

from .conftest import NAMES, chi_uy, enter_both, ids

pytestmark = pytest.mark.django_db


def test_api_lists_are_scoped_and_show_the_signed_result(congress, counters, client_as):
    e = chi_uy(congress, counters.one)
    actions.start_counting(counters.one, e, issued=2)
    a, b, c, _ = ids(e, *NAMES[:4])
    enter_both(e, 1, [a, b, c], counters.one, counters.two)
    enter_both(e, 2, [a, b, c], counters.one, counters.two)
    actions.sign_result(counters.one, e)
    office = client_as(counters.office)
    got = office.get("/api/congresses/").json()["results"]
    assert [x["term_label"] for x in got] == ["2025–2030"] and got[0]["elections"] == [e.pk]
    r = office.get(f"/api/elections/{e.pk}/").json()
    assert r["result_version"] == 1 and r["result"]["base"] == 12 and r["result"]["elected"] == []
    assert client_as("secretary_b").get("/api/congresses/").json()["results"] == []
    assert client_as("secretary_b").get(f"/api/elections/{e.pk}/").status_code == 404
