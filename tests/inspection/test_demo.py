"""The demo's inspection work (issue 14 "must hold"): a year's programme, two conclusions, one discipline, an
overdue conclusion and an inspection under way that blocks a transfer."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from dangbo.inspection import demo
from dangbo.inspection.models import Complaint, Inspection, InspectionDiscipline, Programme
from dangbo.members import actions as member_actions
from dangbo.members.models import EventKind
from dangbo.organizations.models import Organization

pytestmark = pytest.mark.django_db


def test_demo_programme_conclusions_and_discipline(demo_office):
    cell_b = Organization.objects.get(code="VP-B")
    today = timezone.localdate()
    assert demo.load(today) == 4
    assert demo.load(today) == 0  # once
    p = Programme.objects.get()
    assert p.year == today.year and p.items.count() == 4
    concluded = Inspection.objects.filter(concluded_on__isnull=False)
    assert concluded.count() == 2 and concluded.filter(violation_found=True).count() == 1
    link = InspectionDiscipline.objects.get()
    assert link.form == "khien_trach" and link.discipline.decider == "chi_bo"
    assert Complaint.objects.get().outcome == "sai"
    under = Inspection.objects.open().get(kind="kiem_tra").subject_member
    with pytest.raises(ValidationError, match="đang bị kiểm tra"):
        member_actions.record_event(None, under, EventKind.TRANSFER, effective_date=today, to_organization=cell_b)
    assert Inspection.objects.open().filter(period_to__lt=today).count() == 1  # the overdue conclusion
