"""The demo's dossier work (issue 14 "must hold"): last year's phiếu bổ sung partly returned, a transfer in whose
dossier is late, a card lost and reissued."""

import pytest
from django.utils import timezone

from dangbo.core.scopes import Scope
from dangbo.dossier import demo, queries
from dangbo.dossier.models import Campaign, CardState, PartyCard, State, Supplement

pytestmark = pytest.mark.django_db


def test_demo_phieu_late_dossier_and_reissued_card(demo_office):
    office = demo_office
    today = timezone.localdate()
    assert demo.load(today) == 6
    assert demo.load(today) == 0  # once
    c = Campaign.objects.get()
    assert c.year == today.year - 1
    states = list(Supplement.objects.filter(campaign=c).values_list("state", flat=True))
    assert states.count(State.SENT) == 2 and State.APPLIED in states and State.CHECKED in states
    items = queries.open_items(Scope(is_admin=True), office, today)
    late = [i for i in items if i.kind == "ho_so_chuyen_den"]
    assert [i.member_name for i in late] == ["Lò Thị Hạnh"] and late[0].overdue
    assert [i.kind for i in items].count("phieu_bo_sung") == 2
    assert list(PartyCard.objects.order_by("id").values_list("state", flat=True)) == [
        CardState.REPLACED, CardState.ACTIVE]
    assert not [i for i in items if i.kind == "the_mat"]  # lost and reissued: nothing open
    assert [i.kind for i in items].count("muon_ho_so") == 1
