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
