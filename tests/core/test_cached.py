"""Cached figures (core/cached.py): kept until a registered action commits, built again after it."""

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from dangbo.core import cached
from dangbo.core.users import create_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _cached_figures_on(settings):
    settings.CACHED_FIGURES = True  # off for the rest of the suite (tests/conftest.py)


def _counter():
    built = []

    def build():
        built.append(1)
        return {"n": len(built)}

    return built, build


def test_a_figure_is_built_once_until_an_action_commits(make_user, django_capture_on_commit_callbacks):
    admin = make_user("admin")
    built, build = _counter()
    assert cached.figure("t", ("a",), build) == {"n": 1}
    assert cached.figure("t", ("a",), build) == {"n": 1} and len(built) == 1
    assert cached.figure("t", ("b",), build) == {"n": 2}  # other parts: another figure
    with django_capture_on_commit_callbacks(execute=True):
        create_user(admin, username="moi", role="admin", password="Mat-khau-moi-2026")
    assert cached.figure("t", ("a",), build) == {"n": 3}


def test_a_refused_action_keeps_the_figures(make_user, django_capture_on_commit_callbacks):
    admin = make_user("admin")
    built, build = _counter()
    cached.figure("t", ("a",), build)
    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(ValidationError):
        create_user(admin, username="", role="admin", password="Mat-khau-moi-2026")
    assert callbacks == [] and cached.figure("t", ("a",), build) == {"n": 1}


def test_the_figures_are_renewed_once_a_transaction(make_user, django_capture_on_commit_callbacks):
    admin = make_user("admin")
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        for n in range(3):
            create_user(admin, username=f"moi{n}", role="admin", password="Mat-khau-moi-2026")
    assert callbacks == [cached.renew]


def test_a_figure_that_cannot_be_stored_is_still_shown():
    assert cached.figure("t", ("lambda",), lambda: [lambda: 1])[0]() == 1


@pytest.mark.django_db(transaction=True)  # the writes commit, as in use
def test_the_due_work_and_ratings_pages_are_built_again_after_a_write(members, users, client_as):
    """The pages that keep their figures (the due work, the ratings results: seconds at the root of a national
    register) show a decision as soon as it commits, and are served from the cache until then."""
    from datetime import date

    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from dangbo.members import actions
    from dangbo.members.models import EventKind

    office = client_as("office")
    due = reverse("members:due")
    first = office.get(due)
    assert "Lê Thị Hoa" in first.content.decode()  # probationary since 2024: recognition is due
    results = reverse("evaluations:results")
    with CaptureQueriesContext(connection) as built:
        office.get(results)
    with CaptureQueriesContext(connection) as again:
        assert "Lê Thị Hoa" in office.get(due).content.decode()
        office.get(results)
    with CaptureQueriesContext(connection) as results_again:
        office.get(results)
    assert len(results_again) < len(built)  # the figures came from the cache
    assert len(again) - len(results_again) < len(built)
    actions.record_event(users.office, members.hoa, EventKind.RECOGNITION, decision_date=date(2025, 10, 1),
                         decision_number="9-QĐ/ĐU")
    assert "Lê Thị Hoa" not in office.get(due).content.decode()
