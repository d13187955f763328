"""Appointed terms and the committee between congresses (issue 13.3, 13.4): worked cases, the committee as of several
dates, the refusals, the scope (the level above decides), and a Hypothesis replay."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dangbo.core.scopes import ScopeDenied
from dangbo.organizations import committee_actions as actions
from dangbo.organizations.committee import committee_as_of
from dangbo.organizations.models import CommitteeChange, OrgKind, Position, Term

T0 = date(2025, 7, 10)
K = CommitteeChange.Kind


@pytest.fixture
def merged(make_org):
    """A đảng bộ founded by the 2025 merger under a Đảng bộ UBND tỉnh."""
    top = make_org("Đảng bộ UBND tỉnh", OrgKind.UPPER, code="UBND", founded_on=date(2025, 7, 1))
    org = make_org("Đảng bộ Sở Nông nghiệp và Môi trường", OrgKind.GRASSROOTS_COMMITTEE, parent=top, code="SNNMT",
                   founded_on=date(2025, 7, 1))
    return top, org


PEOPLE = [
    {"full_name": "Nguyễn Văn Mến", "position": Position.SECRETARY},
    {"full_name": "Trần Thị Hoa", "position": Position.DEPUTY},
    {"full_name": "Lê Văn Tú", "position": Position.STANDING},
    {"full_name": "Lê Văn Tư", "position": Position.COMMITTEE},
    {"full_name": "Phạm Văn Hải", "position": Position.INSPECTION_CHAIR, "decision_number": "45-QĐ/ĐU",
     "decision_date": date(2025, 7, 20)},
]


def appoint(org, actor=None, **kw):
    args = {"ordinal": 1, "start_year": 2025, "end_year": 2030, "decision_number": "12-QĐ/ĐU", "decision_date": T0,
            "issuer": "Ban Thường vụ Đảng ủy UBND tỉnh", "people": [dict(p) for p in PEOPLE],
            "length_months": 60} | kw
    return actions.appoint_term(actor, org, **args)


def names(org, on):
    return {(m.full_name, m.position) for m in committee_as_of(org, on).members}


def change(org, kind, name, on, position="", **kw):
    return actions.change_committee(None, org, kind=kind, full_name=name, position=position, effective_date=on,
                                    decision_number=kw.pop("decision_number", "99-QĐ/ĐU"), **kw)


def test_appointed_term_and_separate_decisions(merged):
    _top, org = merged
    term = appoint(org)
    assert term.is_appointed and term.is_current and term.months == 60
    assert committee_as_of(org, T0 - timedelta(days=1)).term is None
    on_t0 = names(org, T0)
    assert ("Nguyễn Văn Mến", Position.SECRETARY) in on_t0
    assert ("Phạm Văn Hải", Position.INSPECTION_CHAIR) not in on_t0  # his own decision is dated 20/7
    c = committee_as_of(org, date(2025, 7, 20))
    assert len(c.members) == 5 and len(c.in_committee) == 4
    hai = next(m for m in c.members if m.full_name == "Phạm Văn Hải")
    assert hai.started_by.decision_number == "45-QĐ/ĐU" and not hai.in_committee
    data = c.as_dict()
    assert data["term"]["origin"] == "appointed" and data["members"][0]["full_name"] == "Nguyễn Văn Mến"
    # «Tú» and «Tư» are two people (names compared with their diacritics)
    assert {"Lê Văn Tú", "Lê Văn Tư"} <= {m["full_name"] for m in data["members"]}


def test_changes_between_congresses_as_of_several_dates(merged):
    _top, org = merged
    appoint(org)
    change(org, K.RESIGNED, "Nguyễn Văn Mến", date(2026, 1, 5))
    change(org, K.APPROVED, "Trần Thị Hoa", date(2026, 1, 5), Position.SECRETARY)  # the deputy becomes bí thư
    change(org, K.ADDED, "Võ Văn Sơn", date(2026, 3, 1), Position.COMMITTEE)
    change(org, K.APPOINTED, "Võ Văn Sơn", date(2026, 6, 1), Position.DEPUTY)
    change(org, K.TRANSFERRED, "Lê Văn Tú", date(2026, 6, 1))
    assert ("Nguyễn Văn Mến", Position.SECRETARY) in names(org, date(2026, 1, 4))
    on_jan5 = names(org, date(2026, 1, 5))
    assert ("Trần Thị Hoa", Position.SECRETARY) in on_jan5 and "Nguyễn Văn Mến" not in {n for n, _p in on_jan5}
    assert ("Võ Văn Sơn", Position.COMMITTEE) in names(org, date(2026, 3, 1))
    late = names(org, date(2026, 6, 1))
    assert ("Võ Văn Sơn", Position.DEPUTY) in late and ("Võ Văn Sơn", Position.COMMITTEE) not in late
    assert "Lê Văn Tú" not in {n for n, _p in late} and ("Lê Văn Tư", Position.COMMITTEE) in late
    assert CommitteeChange.objects.filter(term__organization=org).count() == 5 + 5


@pytest.mark.parametrize("case, message", [
    ("before_term", "trước nhiệm kỳ"),
    ("already", "đã là"),
    ("added_again", "không bổ sung lại"),
    ("two_secretaries", "đã có bí thư"),
    ("not_on", "không có tên"),
    ("end_on_start", "phải sau ngày bắt đầu"),
    ("no_decision", "số quyết định"),
    ("future", "tương lai"),
])
def test_refusals(merged, case, message):
    _top, org = merged
    appoint(org)
    on = date(2026, 2, 1)
    calls = {
        "before_term": lambda: change(org, K.ADDED, "Võ Văn Sơn", T0 - timedelta(days=1), Position.COMMITTEE),
        "already": lambda: change(org, K.APPROVED, "Trần Thị Hoa", on, Position.DEPUTY),
        "added_again": lambda: change(org, K.ADDED, "Lê Văn Tư", on, Position.COMMITTEE),
        "two_secretaries": lambda: change(org, K.APPROVED, "Trần Thị Hoa", on, Position.SECRETARY),
        "not_on": lambda: change(org, K.RESIGNED, "Võ Văn Sơn", on),
        "end_on_start": lambda: change(org, K.RESIGNED, "Nguyễn Văn Mến", T0),
        "no_decision": lambda: change(org, K.ADDED, "Võ Văn Sơn", on, Position.COMMITTEE, decision_number=""),
        "future": lambda: change(org, K.ADDED, "Võ Văn Sơn", date.today() + timedelta(days=3), Position.COMMITTEE),
    }
    before = CommitteeChange.objects.count()
    with pytest.raises(ValidationError) as exc:
        calls[case]()
    assert message in str(exc.value)
    assert CommitteeChange.objects.count() == before  # nothing half-written


def test_appointment_refusals(merged):
    _top, org = merged
    with pytest.raises(ValidationError, match="bí thư"):
        appoint(org, people=[dict(PEOPLE[0]), {"full_name": "Trần Thị Hoa", "position": Position.SECRETARY}])
    with pytest.raises(ValidationError, match="đã có ở dòng"):
        appoint(org, people=[dict(PEOPLE[0]), dict(PEOPLE[0])])
    with pytest.raises(ValidationError, match="trước ngày thành lập"):
        appoint(org, decision_date=date(2025, 6, 1))
    appoint(org)
    with pytest.raises(ValidationError, match="đã có nhiệm kỳ"):
        appoint(org, decision_date=T0)
    assert Term.objects.filter(organization=org).count() == 1


def test_the_level_above_decides(merged, make_user):
    top, org = merged
    own_office = make_user("office", org)
    upper = make_user("office", top)
    with pytest.raises(ScopeDenied):
        appoint(org, actor=own_office)
    appoint(org, actor=upper)
    with pytest.raises(ScopeDenied):
        actions.change_committee(own_office, org, kind=K.RESIGNED, full_name="Lê Văn Tư",
                                 effective_date=date(2026, 1, 1), decision_number="1-QĐ")
    actions.change_committee(upper, org, kind=K.RESIGNED, full_name="Lê Văn Tư", effective_date=date(2026, 1, 1),
                             decision_number="1-QĐ")
    from dangbo.core.models import AuditEvent

    assert AuditEvent.objects.filter(action="committee.change").count() == 1


def test_temporary_transfer_keeps_the_seat(merged, make_org, make_member):
    from dangbo.members.actions import record_event
    from dangbo.members.models import EventKind

    top, org = merged
    cell = make_org("Chi bộ Văn phòng Sở", OrgKind.CELL, parent=org, code="SNNMT-VP", founded_on=date(2025, 7, 1))
    other = make_org("Chi bộ nơi khác", OrgKind.CELL, parent=org, code="SNNMT-K", founded_on=date(2025, 7, 1))
    m = make_member(cell, "Đặng Văn Lâm")
    appoint(org, people=[dict(PEOPLE[0]), {"full_name": "Đặng Văn Lâm", "member_id": m.pk,
                                            "position": Position.COMMITTEE}])
    record_event(None, m, EventKind.TEMPORARY, effective_date=date(2025, 9, 1), to_organization=other,
                 end_date=date(2026, 3, 1))
    assert ("Đặng Văn Lâm", Position.COMMITTEE) in names(org, date(2025, 10, 1))
    with pytest.raises(ValidationError, match="6.3.2.c"):
        actions.change_committee(None, org, kind=K.TRANSFERRED, member=m, effective_date=date(2025, 10, 1),
                                 decision_number="5-QĐ")


def test_terms_of_two_and_a_half_years_from_data(make_org):
    top = make_org("Đảng bộ Xã An Hòa", OrgKind.UPPER, code="XAH", founded_on=date(2025, 7, 1))
    cell = make_org("Chi bộ Thôn 1", OrgKind.GRASSROOTS_CELL, parent=top, code="XAH-T1",
                    founded_on=date(2025, 7, 1))
    t = appoint(cell, people=[dict(PEOPLE[0])], length_months=30, start_year=2025, end_year=2027)
    assert t.months == 30
    t2 = Term(start_year=2020, end_year=2025)
    assert t2.months == 60  # older rows: from their years, not a constant


# -- Hypothesis: the committee on any date equals a brute-force replay of the changes ----------------------------

NAMES = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung", "Võ Văn Em", "Đỗ Thị Gấm"]
POSITIONS = [Position.SECRETARY, Position.DEPUTY, Position.STANDING, Position.COMMITTEE]
step = st.tuples(st.integers(0, 400), st.sampled_from(list(K)), st.sampled_from(NAMES), st.sampled_from(POSITIONS))


def replay(initial, accepted, on):
    """Brute force: start from the appointed committee, apply every accepted change dated on or before `on`."""
    state = {n: p for n, p in initial}
    for day, kind, name, position in sorted(accepted, key=lambda x: x[0]):
        if day > on:
            break
        if kind in (K.RESIGNED, K.TRANSFERRED):
            state.pop(name, None)
        else:
            state[name] = position
    return set(state.items())


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(step, max_size=12))
def test_committee_as_of_equals_replay(merged, steps):
    from django.db import transaction

    _top, org = merged
    sid = transaction.savepoint()
    try:
        initial = [("Nguyễn Văn An", Position.SECRETARY), ("Trần Thị Bình", Position.COMMITTEE)]
        appoint(org, people=[{"full_name": n, "position": p} for n, p in initial])
        accepted = []
        for offset, kind, name, position in sorted(steps, key=lambda s: s[0]):
            day = T0 + timedelta(days=offset)
            if kind == K.ELECTED:
                continue
            try:
                change(org, kind, name, day, position)
            except ValidationError:
                continue
            accepted.append((day, kind, name, position))
        for offset in range(-1, 402, 17):
            on = T0 + timedelta(days=offset)
            got = names(org, on)
            assert got == (replay(initial, accepted, on) if on >= T0 else set())
            assert sum(1 for _n, p in got if p == Position.SECRETARY) <= 1
    finally:
        transaction.savepoint_rollback(sid)
