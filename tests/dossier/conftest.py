"""Dossier fixtures in tests/conftest.py's tree."""

from datetime import date, timedelta

import pytest
from django.utils import timezone


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def transferred(tree, today):
    """Phạm Thị Ngân, admitted elsewhere, transferred into chi bộ B 200 days ago from outside the register."""
    from dangbo.members.actions import admit_member

    return admit_member(None, organization=tree.b, dossier={"full_name": "Phạm Thị Ngân", "gender": "F",
                                                            "birth_date": date(1990, 2, 3)},
                        decision_date=date(2015, 5, 5), ceremony_date=date(2015, 5, 20),
                        transfer_in_date=today - timedelta(days=200))


@pytest.fixture
def office_scope(users):
    from dangbo.core.scopes import scope_for

    return scope_for(users.office)
