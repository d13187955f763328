"""The demo's ratings: the published report figures, per-member years, an open review of 2026."""

from datetime import date

import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.heavy]


def test_demo_ratings():
    from dangbo.demo import load_demo
    from dangbo.evaluations import queries
    from dangbo.evaluations.models import Review
    from dangbo.organizations.models import Organization

    load_demo(today=date(2026, 11, 22))
    office = Organization.objects.get(code="VPUBND")
    s = queries.results_summary(office, 2020)
    assert s["source"] == "published"
    assert (s["members"]["excellent"], s["members"]["good"], s["members"]["completed"]) == (15, 49, 1)
    assert (s["organizations"]["excellent"], s["organizations"]["good"]) == (1, 4)
    s = queries.results_summary(office, 2025)
    assert s["source"] == "members" and s["members"]["undecided"] == 0 and s["self"] == "good"
    assert queries.excellent_in_a_row(office, 2025)["members"]
    assert queries.not_completed_twice(office, 2025)
    review = Review.objects.get(organization=office, year=2026)
    assert review.status == Review.Status.OPEN
    c = queries.commitment_counts(office, 2026)
    assert 0 < c["with"] < c["expected"]
