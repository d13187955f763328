"""Members at year ends in one windowed scan agree with the recount, on random histories (hypothesis)."""

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dangbo.members.actions import record_event
from dangbo.reports.data import members_at_year_ends

from .recompute import members_on

pytestmark = pytest.mark.django_db

# (admission day offset, [(days after the previous event, or -1: on 31/12 of that year, kind)]) for each member
HISTORY = st.lists(st.tuples(st.integers(0, 2500), st.lists(st.tuples(
    st.one_of(st.integers(0, 500), st.just(-1)), st.sampled_from(["transfer", "death", "removal", "transfer_out"])),
    max_size=3)),
    min_size=1, max_size=6)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(HISTORY)
def test_year_ends_agree_with_the_recount(tree, make_member, histories):
    from dangbo.members.models import Member, MemberEvent

    MemberEvent.objects.filter(member__full_name__startswith="Ngẫu Nhiên").delete()
    Member.objects.filter(full_name__startswith="Ngẫu Nhiên").delete()
    start = date(2015, 1, 5)
    for i, (offset, events) in enumerate(histories):
        day = start + timedelta(days=offset)
        m = make_member(tree.a if i % 2 else tree.b, f"Ngẫu Nhiên {i}", official=False, decision_date=day,
                        citizen_id=f"0990{i:08d}", card_number=f"RN{i:06d}")
        day += timedelta(days=10)  # the ceremony (make_member: decision + 10 days) comes first
        for gap, kind in events:
            day = date(day.year, 12, 31) if gap < 0 else day + timedelta(days=gap)
            m.refresh_from_db()
            if m.status not in ("official", "probationary"):
                break
            target = tree.b if m.organization_id == tree.a.pk else tree.a
            record_event(None, m, kind, effective_date=day,
                         to_organization=target if kind == "transfer" else None,
                         external_place="Đảng bộ ngoài" if kind == "transfer_out" else "")
    years = list(range(2014, 2024))
    for org in (tree.root, tree.a, tree.b):
        got = members_at_year_ends(org.path, years)
        for y in years:
            assert got[y] == members_on(org.path, date(y, 12, 31)), (org.name, y)
