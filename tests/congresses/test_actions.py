"""The procedure around the counting engine: convened list, double entry, validity, rounds, lock, chuẩn y."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from dangbo.congresses import actions, counting, queries
from dangbo.congresses.models import BallotEntry, ElectionStatus, ResultVersion
from dangbo.core.models import AuditEvent
from dangbo.core.scopes import ScopeDenied
from dangbo.members.actions import record_event
from dangbo.organizations.models import CommitteeMember, Term

from .conftest import NAMES, OPENED, chi_uy, enter_both, ids

pytestmark = pytest.mark.django_db


def test_convened_list_is_drawn_as_of_the_opening_with_exclusions(cell, counters, tree, make_member):
    record_event(None, cell.by_name["Trần Thị Bình"], "exemption", effective_date=date(2024, 1, 5),
                 decision_number="1-QĐ/ĐU", decision_date=date(2024, 1, 4), end_date=date(2026, 1, 1))
    record_event(None, cell.by_name["Lê Văn Cường"], "suspension", effective_date=date(2025, 3, 1),
                 decision_number="2-QĐ/ĐU", decision_date=date(2025, 3, 1))
    record_event(None, cell.by_name["Phạm Thị Dung"], "temporary", effective_date=date(2025, 1, 10),
                 to_organization=tree.b, end_date=date(2025, 12, 31), decision_number="3-QĐ/ĐU",
                 decision_date=date(2025, 1, 9))
    make_member(tree.a, "Lý Văn Muộn", decision_date=date(2025, 6, 1), official=False)  # after the opening
    make_member(tree.a, "Mai Thị Dự Bị", decision_date=date(2024, 9, 1), official=False)  # probationary: no vote
    c = actions.create_congress(counters.one, organization=tree.a, kind="members", ordinal=3, term_start=2025,
                                term_end=2030, opened_on=OPENED)
    rows = {r.full_name: r for r in c.convened.all()}
    assert set(rows) == set(NAMES) - {"Lê Văn Cường"}  # suspended before the opening: not convened (HD 04)
    assert rows["Phạm Thị Dung"].excluded_reason.startswith("Đang sinh hoạt tạm thời")
    assert rows["Trần Thị Bình"].excluded_reason == ""  # exempted but present: counts (rules.md §2A.3)
    b = counting.base_of(c)
    assert (b.convened, b.base) == (11, 10)
    bi = rows["Trần Thị Bình"]
    actions.set_attendance(counters.one, c, {bi.pk: {"present": False}})
    assert counting.base_of(c).base == 9  # exempted and absent: excluded
    an = rows["Nguyễn Văn An"]
    actions.set_attendance(counters.one, c, {an.pk: {"present": False, "absence_approved": True,
                                                     "absence_reason": "Ốm nằm viện"}})
    b = counting.base_of(c)
    assert (b.present, b.base) == (8, 8)  # the member away is not present either


def test_congress_needs_write_scope(cell, make_user, tree):
    outsider = make_user("secretary", tree.b)
    with pytest.raises(ScopeDenied):
        actions.create_congress(outsider, organization=cell.org, kind="members", ordinal=1, term_start=2025,
                                term_end=2030, opened_on=OPENED)


def test_findings_block_counting_until_the_list_is_right(congress, counters):
    e = actions.create_election(counters.one, congress, body="chi_uy", seats=3, candidates="\n".join(NAMES[:6]),
                                board="Nguyễn Văn An")
    msgs = [f.message for f in actions.findings(e)]
    assert any("vượt mức tối đa" in m for m in msgs)  # 3 over 3 seats: more than 30% / small body 1
    assert any("ban kiểm phiếu" in m for m in msgs)  # Nguyễn Văn An is on the list and on the board
    with pytest.raises(ValidationError):
        actions.start_counting(counters.one, e, issued=12)
    actions.update_list(counters.one, e, candidates="\n".join(NAMES[:4]), board="Ngô Văn Minh")
    assert actions.findings(e) == []
    actions.start_counting(counters.one, e, issued=12)
    with pytest.raises(ValidationError):
        actions.update_list(counters.one, e, candidates="\n".join(NAMES[:3]), board="")


def test_candidates_in_vietnamese_order_and_floor_nominations(congress, counters):
    e = actions.create_election(counters.one, congress, body="chi_uy", seats=3,
                                candidates="Trần Thị Bình\nNguyễn Văn An\nLê Văn Cường\nHồ Thị Lan; đề cử; 3",
                                board="Ngô Văn Minh")
    assert [c.full_name for c in e.candidates.all()] == ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường",
                                                         "Hồ Thị Lan"]
    msgs = [f.message for f in actions.findings(e)]
    assert any("Hồ Thị Lan" in m and "chưa hơn 30%" in m for m in msgs)  # 3/12 is not more than 30%
    actions.update_list(counters.one, e, candidates="Trần Thị Bình\nNguyễn Văn An\nLê Văn Cường\nHồ Thị Lan; đề cử; 4",
                        board="Ngô Văn Minh")
    assert not [f for f in actions.findings(e) if "Hồ Thị Lan" in f.message]


def test_double_entry_disagreement_and_resolution(congress, counters):
    e = chi_uy(congress, counters.one)
    actions.start_counting(counters.one, e, issued=12)
    a, b, c_, d = ids(e, *NAMES[:4])
    actions.record_ballot(counters.one, e, number=1, counter=1, kept=[a, b, c_])
    with pytest.raises(ValidationError, match="hai người khác nhau"):
        actions.record_ballot(counters.one, e, number=1, counter=2, kept=[a, b, c_])
    with pytest.raises(ValidationError, match="đã được người nhập thứ 1"):
        actions.record_ballot(counters.two, e, number=1, counter=1, kept=[a, b])
    actions.record_ballot(counters.two, e, number=1, counter=2, kept=[a, b, d])
    r = counting.readings(e)
    assert set(r.disagreements) == {1} and not r.final
    with pytest.raises(ValidationError, match="không khớp"):
        actions.sign_result(counters.one, e)
    actions.resolve_ballot(counters.one, e, number=1, kept=[a, b, d], note="Xem lại phiếu giấy")
    r = counting.readings(e)
    assert set(r.final) == {1} and not r.disagreements
    assert r.final[1].counter == BallotEntry.CHAIR
    actions.record_ballot(counters.one, e, number=2, counter=1, kept=[a])
    with pytest.raises(ValidationError, match="một người nhập"):
        actions.sign_result(counters.one, e)


def test_invalid_ballots_are_ruled_with_their_reason(congress, counters):
    e = chi_uy(congress, counters.one)
    actions.start_counting(counters.one, e, issued=12)
    a, b, c_, d = ids(e, *NAMES[:4])
    enter_both(e, 1, [a, b, c_, d], counters.one, counters.two)  # four names kept for three seats
    enter_both(e, 2, [], counters.one, counters.two)  # nobody kept on a list with surplus
    actions.record_ballot(counters.one, e, number=3, counter=1, kept=[a], issued_by_board=False)
    actions.record_ballot(counters.two, e, number=3, counter=2, kept=[a], issued_by_board=False)
    enter_both(e, 4, [a, b], counters.one, counters.two)
    result, _ = counting.count(e)
    assert (result.valid, result.invalid) == (1, 3)
    reasons = " ".join(r for r, _ in result.invalid_reasons)
    assert "thừa" in reasons and "không bầu ai" in reasons and "không do ban kiểm phiếu" in reasons
    assert result.votes[str(a)] == 1 and result.votes[str(d)] == 0  # invalid ballots count for no one


def _count_chi_uy(congress, counters, ballots):
    e = chi_uy(congress, counters.one)
    actions.start_counting(counters.one, e, issued=len(ballots))
    cands = ids(e, *NAMES[:4])
    for n, kept in enumerate(ballots, 1):
        enter_both(e, n, [cands[i] for i in kept], counters.one, counters.two)
    return e, cands


def test_sign_locks_and_a_correction_is_a_new_version(congress, counters):
    # 12 ballots; base 12: more than 6 votes needed. A 12, B 9, C 7, D 6 (exactly half: not elected).
    ballots = [(0, 1, 2)] * 6 + [(0, 1, 3)] * 3 + [(0, 2, 3)] + [(0, 3)] * 2
    e, cands = _count_chi_uy(congress, counters, ballots)
    rv = actions.sign_result(counters.one, e)
    assert [x["name"] for x in rv.data["elected"]] == ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"]
    e.refresh_from_db()
    assert e.status == ElectionStatus.SIGNED
    with pytest.raises(ValidationError, match="đã khóa"):
        actions.record_ballot(counters.one, e, number=13, counter=1, kept=[cands[0]])
    with pytest.raises(ValidationError, match="lý do"):
        actions.correct_result(counters.one, e, reason="", number=1, kept=[cands[0]])
    rv2 = actions.correct_result(counters.one, e, reason="Đọc lại phiếu số 1 khi niêm phong", number=1,
                                 kept=[cands[0], cands[1], cands[3]])
    assert rv2.number == 2
    assert ResultVersion.objects.filter(election=e).count() == 2
    rv.refresh_from_db()
    assert [x["name"] for x in rv.data["elected"]] == ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"]
    # Now C 6 (half: not elected), D 7: the correction changed the result, the first version is intact.
    assert [x["name"] for x in rv2.data["elected"]] == ["Nguyễn Văn An", "Trần Thị Bình", "Phạm Thị Dung"]
    assert AuditEvent.objects.filter(action="election.correct").count() == 1
    assert e.current_result().number == 2


def test_too_few_elected_prepares_the_next_round(congress, counters):
    ballots = [(0, 1)] * 7 + [(2, 3)] * 5  # A, B 7 (> 6); C, D 5
    e, cands = _count_chi_uy(congress, counters, ballots)
    rv = actions.sign_result(counters.one, e)
    assert rv.data["unfilled"] == 1
    new = actions.next_round(counters.one, e)
    assert (new.round, new.seats) == (2, 1)
    assert sorted(c.full_name for c in new.candidates.all()) == sorted(["Lê Văn Cường", "Phạm Thị Dung"])
    with pytest.raises(ValidationError):
        actions.next_round(counters.one, e)  # only once


def test_hand_totals(congress, counters):
    e = chi_uy(congress, counters.one)
    actions.start_counting(counters.one, e, issued=12, by_totals=True)
    a, b, c_, d = ids(e, *NAMES[:4])
    with pytest.raises(ValidationError, match="từ 0 đến"):
        actions.enter_totals(counters.one, e, totals={a: 13}, valid=12, invalid=0)
    actions.enter_totals(counters.one, e, totals={a: 12, b: 10, c_: 7, d: 6}, valid=12, invalid=0)
    rv = actions.sign_result(counters.one, e)
    assert [x["name"] for x in rv.data["elected"]] == ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"]


def test_approval_makes_the_committee_current(congress, counters, users, cell):
    ballots = [(0, 1, 2)] * 9 + [(0, 1, 3)] * 3
    e, cands = _count_chi_uy(congress, counters, ballots)
    actions.sign_result(counters.one, e)
    bt = actions.create_election(counters.one, congress, body="bi_thu", seats=1, candidates="Nguyễn Văn An",
                                 board="Ngô Văn Minh")
    actions.start_counting(counters.one, bt, issued=12)
    (an,) = ids(bt, "Nguyễn Văn An")
    for n in range(1, 11):
        actions.record_ballot(counters.one, bt, number=n, counter=1, agree=[an])
        actions.record_ballot(counters.two, bt, number=n, counter=2, agree=[an])
    actions.sign_result(counters.one, bt)
    assert not Term.objects.exists()
    assert congress.committee_size is None
    with pytest.raises(ScopeDenied, match="cấp trên"):  # the chi bộ's own secretary cannot approve
        actions.approve_congress(counters.one, congress, decision_number="12-QĐ/ĐU", decision_date=date(2025, 6, 2))
    term = actions.approve_congress(counters.office, congress, decision_number="12-QĐ/ĐU",
                                    decision_date=date(2025, 6, 2))
    assert term.is_current and term.label == "2025–2030"
    people = {m.full_name: m.get_position_display() for m in CommitteeMember.objects.filter(term=term)}
    assert people == {"Nguyễn Văn An": "Bí thư", "Trần Thị Bình": "Cấp ủy viên", "Lê Văn Cường": "Cấp ủy viên"}
    congress.refresh_from_db()
    assert congress.committee_size == 3
    got = queries.latest_congress(cell.org, date(2025, 12, 31))
    assert got == congress and got.term_label == "2025–2030" and got.ordinal == 3
    assert queries.latest_congress(cell.org, date(2025, 1, 1)) is None


def test_monthly_meetings(tree, cell, counters, members):
    for month in range(1, 13):
        actions.record_meeting(counters.one, organization=tree.a, kind="monthly", held_on=date(2024, month, 5),
                               title=f"Sinh hoạt tháng {month}")
    absent = cell.by_name["Hồ Thị Lan"].pk
    m = actions.record_meeting(counters.office, organization=tree.b, kind="monthly", held_on=date(2024, 3, 4))
    assert m.attendance.count() == 1  # Lê Thị Hoa was admitted in September 2024, after the meeting
    with pytest.raises(ValidationError, match="đã có"):
        actions.record_meeting(counters.one, organization=tree.a, kind="monthly", held_on=date(2024, 1, 20))
    with pytest.raises(ScopeDenied):
        actions.record_meeting(counters.one, organization=tree.b, kind="monthly", held_on=date(2024, 4, 4))
    a = actions.record_meeting(counters.one, organization=tree.a, kind="annual", held_on=date(2024, 12, 20),
                               absences={absent: "Đi công tác"})
    assert a.attendance.filter(present=False).get().reason == "Đi công tác"
    got = queries.monthly_meetings(tree.root, 2024)
    assert got["cells"] == 2 and got["met_every_month"] == 1
    assert got["by_cell"] == {tree.a.pk: list(range(1, 13)), tree.b.pk: [3]}
    assert queries.meetings_url(tree.root, 2024).endswith(f"?to_chuc={tree.root.pk}&nam=2024")


def test_unconfirmed_settings_of_the_congress(cell, counters, tree):
    c = actions.create_congress(counters.one, organization=tree.a, kind="members", ordinal=7, term_start=2025,
                                term_end=2030, opened_on=OPENED, quorum="2/3", tie_rule="congress_decides")
    rows = list(c.convened.all())
    actions.set_attendance(counters.one, c, {r.pk: {"present": i >= 5} for i, r in enumerate(rows)})  # 7 of 12
    e = actions.create_election(counters.one, c, body="chi_uy", seats=2, candidates="\n".join(NAMES[5:8]),
                                board="Ngô Văn Minh")
    codes = [f.code for f in actions.findings(e)]
    assert "under_quorum" in codes  # shown, never blocking
    actions.start_counting(counters.one, e, issued=7)
    a, b, c_ = ids(e, *NAMES[5:8])
    for n in range(1, 8):
        enter_both(e, n, [a, b] if n <= 3 else ([a, c_] if n <= 6 else [a]), counters.one, counters.two)
    # Base 12 (all absences unapproved): A 7 elected; B 3 and C 3: nobody else passes.
    rv = actions.sign_result(counters.one, e)
    assert [x["name"] for x in rv.data["elected"]] == ["Vũ Thị Giang"]
    assert rv.data["unfilled"] == 1


def test_tie_at_the_last_seat_with_each_setting(cell, counters, tree):
    for ordinal, rule in ((8, "next_round"), (9, "congress_decides")):
        c = actions.create_congress(counters.one, organization=tree.a, kind="members", ordinal=ordinal,
                                    term_start=2025, term_end=2030, opened_on=OPENED, tie_rule=rule)
        e = actions.create_election(counters.one, c, body="chi_uy", seats=2, candidates="\n".join(NAMES[5:8]),
                                    board="Ngô Văn Minh")
        actions.start_counting(counters.one, e, issued=12)
        a, b, c_ = ids(e, *NAMES[5:8])
        for n in range(1, 13):
            enter_both(e, n, [a, b] if n <= 5 else ([a, c_] if n <= 10 else [b, c_]), counters.one, counters.two)
        rv = actions.sign_result(counters.one, e)
        assert [x["name"] for x in rv.data["elected"]] == ["Vũ Thị Giang"]
        assert {x["name"] for x in rv.data["tie"]} == {"Đặng Văn Hải", "Bùi Thị Hạnh"}  # 7 each, both above half
        assert rv.data["unfilled"] == 1
        if rule == "next_round":
            new = actions.next_round(counters.one, e)
            assert new.candidates.count() == 2 and new.seats == 1
        else:
            with pytest.raises(ValidationError):
                actions.next_round(counters.one, e)


def test_entry_order_does_not_change_the_result(cell, counters, tree):
    """Whatever order the two counters type the ballots in, the stored count is the same."""
    import random

    results = []
    for seed, ordinal in ((1, 11), (2, 12), (3, 13)):
        c = actions.create_congress(counters.one, organization=tree.a, kind="members", ordinal=ordinal,
                                    term_start=2025, term_end=2030, opened_on=OPENED)
        e = chi_uy(c, counters.one)
        actions.start_counting(counters.one, e, issued=12)
        cands = ids(e, *NAMES[:4])
        rnd = random.Random(seed)
        plan = [(n, k) for n in range(1, 13) for k in (1, 2)]
        rnd.shuffle(plan)
        for n, k in plan:
            kept = [cands[i] for i in range(4) if (n + i) % 4 != 0]  # 3 names kept, rotating the struck one
            actions.record_ballot(counters.one if k == 1 else counters.two, e, number=n, counter=k, kept=kept)
        rv = actions.sign_result(counters.one, e)
        results.append([(r["name"], r["votes"], r["elected"]) for r in rv.data["rows"]])
    assert results[0] == results[1] == results[2]


def test_congress_particulars_are_corrected_and_the_list_follows_the_opening_date(congress, counters, cell,
                                                                                 make_member, tree):
    from datetime import timedelta

    late = make_member(cell.org, "Lý Văn Muộn", decision_date=OPENED - timedelta(days=400))  # official in time
    actions.redraw_convened(counters.one, congress)
    before = congress.convened.count()
    assert late.full_name in {r.full_name for r in congress.convened.all()}
    with pytest.raises(ValidationError) as exc:
        actions.update_congress(counters.one, congress, ordinal=3, term_start=2025, term_end=2025,
                                opened_on=OPENED)
    assert "Năm kết thúc" in exc.value.message_dict["term_end"][0]
    # An earlier opening date, before Lý Văn Muộn was admitted: the list is drawn again as of that date.
    earlier = OPENED - timedelta(days=500)
    actions.update_congress(counters.one, congress, ordinal=3, term_start=2025, term_end=2030, opened_on=earlier,
                            place="Hội trường tầng 3")
    congress.refresh_from_db()
    assert congress.opened_on == earlier and congress.place == "Hội trường tầng 3"
    assert congress.convened.count() == before - 1
    assert AuditEvent.objects.filter(action="congress.update").count() == 1
    # Once counting has started only the closing date and the place may change.
    e = chi_uy(congress, counters.one)
    actions.start_counting(counters.one, e, issued=5)
    with pytest.raises(ValidationError):
        actions.update_congress(counters.one, congress, ordinal=4, term_start=2025, term_end=2030,
                                opened_on=earlier)
    actions.update_congress(counters.one, congress, ordinal=3, term_start=2025, term_end=2030, opened_on=earlier,
                            closed_on=earlier + timedelta(days=1), place="Hội trường tầng 3")


def test_an_election_at_the_committee_conference_counts_against_the_committee(congress, counters):
    """Bí thư elected by the new chi ủy of 3 (one suspended): base 2, so 2 votes elect and 1 does not,
    whatever the size of the congress (rules.elections "elections.conference_base", unconfirmed)."""
    with pytest.raises(ValidationError) as exc:
        actions.create_election(counters.one, congress, body="chi_uy", seats=3, candidates="\n".join(NAMES[:4]),
                                at_conference=True, conference_members=3)
    assert "do đại hội bầu" in exc.value.message_dict["at_conference"][0]
    with pytest.raises(ValidationError) as exc:
        actions.create_election(counters.one, congress, body="bi_thu", seats=1, candidates=NAMES[0],
                                at_conference=True, conference_members=3, conference_excluded="Thiếu lý do")
    assert "Họ và tên: lý do" in exc.value.message_dict["conference_excluded"][0]
    e = actions.create_election(counters.one, congress, body="bi_thu", seats=1, candidates=NAMES[0],
                                board="Ngô Văn Minh", at_conference=True, conference_members=3,
                                conference_present=2, conference_excluded=f"{NAMES[2]}: Đình chỉ sinh hoạt")
    assert counting.base_for(e).base == 2 and counting.base_of(congress).base > 2
    actions.start_counting(counters.one, e, issued=2)
    with pytest.raises(ValidationError):  # more ballots than committee members present
        actions.start_counting(counters.one, e, issued=3)
    cand = ids(e, NAMES[0])
    enter_both(e, 1, cand, counters.one, counters.two)
    result, _ = counting.count(e)
    assert [c.name for c in result.elected] == []  # 1 vote of base 2: exactly half is not elected
    enter_both(e, 2, cand, counters.one, counters.two)
    result, base = counting.count(e)
    assert [c.name for c in result.elected] == [NAMES[0]]
    data = counting.serialize(result, base, e)
    assert data["at_conference"] and data["base"] == 2 and data["convened"] == 3


def test_a_chi_bo_merged_or_founded_in_the_year_owes_only_its_whole_months():
    assert queries.months_to_meet(date(2021, 3, 1), date(2025, 3, 1), 2025) == [1, 2]
    assert queries.months_to_meet(date(2025, 3, 15), None, 2025) == list(range(4, 13))
    assert queries.months_to_meet(date(2025, 3, 1), date(2025, 12, 31), 2025) == list(range(3, 13))
    assert queries.months_to_meet(None, None, 2024) == list(range(1, 13))
    assert queries.months_to_meet(date(2025, 12, 20), None, 2025) == []


def test_monthly_meetings_count_a_merged_chi_bo_by_the_months_it_existed(tree, counters, members):
    """The 2025 demo said «66,7% (4/6)» chi bộ met every month: one of the six was merged away on 01/03 after
    meeting in January and February; it met every month it owed."""
    for month in range(1, 13):
        actions.record_meeting(counters.one, organization=tree.a, kind="monthly", held_on=date(2024, month, 5))
    for month in (1, 2):
        actions.record_meeting(counters.office, organization=tree.b, kind="monthly", held_on=date(2024, month, 5))
    type(tree.b).objects.filter(pk=tree.b.pk).update(ended_on=date(2024, 3, 1))
    got = queries.monthly_meetings(tree.root, 2024)
    assert (got["cells"], got["met_every_month"], got["partial"]) == (2, 2, 1)
    assert got["owed"][tree.b.pk] == [1, 2]


def test_ballot_refusals_are_read_in_the_readers_language(congress, counters):
    """Refusals name the ballot and the figures; formatted when shown, in the reader's language."""
    from django.utils import translation

    e = chi_uy(congress, counters.one)
    actions.start_counting(counters.one, e, issued=12)
    a = ids(e, NAMES[0])
    with pytest.raises(ValidationError) as over:
        actions.record_ballot(counters.one, e, number=13, counter=1, kept=a)
    assert over.value.message_dict["number"] == ["Phiếu số 13 vượt quá số phiếu phát ra (12)."]
    actions.record_ballot(counters.one, e, number=1, counter=1, kept=a)
    with pytest.raises(ValidationError) as same:
        actions.record_ballot(counters.one, e, number=1, counter=2, kept=a)
    with pytest.raises(ValidationError) as frozen:
        actions.update_list(counters.one, e, candidates="\n".join(NAMES[:3]), board="")
    with pytest.raises(ValidationError) as typed:
        actions.create_election(counters.one, congress, body="bi_thu", seats=1, candidates="Nguyễn Văn An; đề cử",
                                board="Ngô Văn Minh")
    assert typed.value.message_dict["candidates"] == [
        "Dòng 1: đề cử, tự ứng cử tại đại hội phải ghi số người đồng ý giới thiệu."]
    with translation.override("en"):
        assert over.value.message_dict["number"] == ["Ballot no. 13 exceeds the number of ballots issued (12)."]
        assert same.value.message_dict["counter"] == [
            "Ballot no. 1: the two entries must be made by two different people."]
        assert frozen.value.messages == ["Counting has started: the list of candidates can no longer be changed."]
        assert typed.value.message_dict["candidates"] == [
            "Line 1: a nomination or self-nomination at the congress must give the number of people who approved it."]
