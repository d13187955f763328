from datetime import date
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dangbo.rules.elections import (
    BAN_THUONG_VU,
    BI_THU,
    CAP_UY,
    CHI_UY,
    CHU_NHIEM_UBKT,
    DAI_BIEU,
    ERROR,
    PHO_BI_THU,
    TIE_CONGRESS_DECIDES,
    Ballot,
    Candidate,
    Election,
    ElectionSettings,
    ballot_validity,
    check_attendance,
    check_candidates,
    count,
    count_totals,
    delegates,
    max_surplus,
    ordered_candidates,
    percent_of_base,
    regime_for,
)
from dangbo.rules.sources import CONFIRMED, REGISTRY, UNCONFIRMED

ON = date(2025, 5, 20)


def cands(*names):
    return tuple(Candidate(str(i), n) for i, n in enumerate(names))


def election(seats=2, names=("Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"), base=48, body=CAP_UY, **kw):
    kw.setdefault("surplus_allowed", len(names) > seats)
    return Election(body=body, seats=seats, candidates=cands(*names), base=base, on=ON, **kw)


def kept(*ids):
    return Ballot(kept=frozenset(ids))


# --- regimes ----------------------------------------------------------------------------------------


def test_regimes_are_dated():
    assert regime_for(date(2024, 10, 9)).key == "244"
    assert regime_for(date(2024, 10, 10)).key == "190"
    assert regime_for(date(2020, 1, 1)).threshold.clause.startswith("Điều 32")
    assert regime_for(ON).threshold.clause.startswith("Điều 30")
    assert regime_for(ON).ballot_validity.clause.startswith("Điều 15")
    assert regime_for(ON).threshold.confidence == CONFIRMED
    with pytest.raises(ValueError):
        regime_for(date(2010, 1, 1))
    assert REGISTRY["elections.244.threshold"].valid_to == date(2024, 10, 9)


def test_unconfirmed_rules_are_settings():
    for key in (
        "elections.tie_rule",
        "elections.quorum",
        "elections.surplus_rounding",
        "elections.single_name_unmarked",
        "elections.next_round",
    ):
        assert REGISTRY[key].confidence == UNCONFIRMED
    assert ElectionSettings().quorum is None
    with pytest.raises(ValueError):
        ElectionSettings(tie_rule="oldest")


# --- candidate list ---------------------------------------------------------------------------------


def test_surplus_worked_cases():
    # rules.md 2A.8: 8 seats -> 2, 9 -> 2, 10 -> 3; 3-5 seats: at most 1.
    assert [max_surplus(n) for n in (3, 4, 5, 8, 9, 10, 35)] == [1, 1, 1, 2, 2, 3, 10]
    assert max_surplus(3, ElectionSettings(small_body_max_surplus=None)) == 0
    e = Election(CAP_UY, 35, cands(*[f"A B{i}" for i in range(51)]), 100, True, ON)
    f = [x for x in check_candidates(e) if x.code == "surplus_over_30"]
    assert f and "45,71%" in f[0].message
    ok = Election(CAP_UY, 10, cands(*[f"A B{i}" for i in range(13)]), 100, True, ON)
    assert check_candidates(ok) == []
    nine = Election(CAP_UY, 9, cands(*[f"A B{i}" for i in range(12)]), 100, True, ON)
    assert [x.code for x in check_candidates(nine)] == ["surplus_over_30"]


def test_committee_list_must_exceed_seats():
    e = election(seats=3, surplus_allowed=True)
    assert [f.code for f in check_candidates(e)] == ["surplus_missing"]
    assert check_candidates(election(seats=1, body=BI_THU, names=("Nguyễn Văn An",))) == []


def test_chi_bo_under_nine_elects_only_secretary():
    e = election(body=CHI_UY, official_members=8)
    assert [f.code for f in check_candidates(e)] == ["chi_bo_under_nine"]
    assert check_candidates(election(body=CHI_UY, official_members=9)) == []  # 2 exempted still count


def test_counting_board_and_floor_nominations():
    names = ("Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường")
    e = Election(
        CAP_UY,
        2,
        (
            Candidate("0", names[0]),
            Candidate("1", names[1], floor_approvals=15),
            Candidate("2", names[2], floor_approvals=14),
        ),
        50,
        True,
        ON,
        present=48,
        counting_board=frozenset({"0"}),
    )
    codes = [f.code for f in check_candidates(e)]
    assert codes == ["counting_board_candidate", "floor_nomination_under_30"]  # 15/48 > 30%; 14/48 not
    assert all(f.severity == ERROR for f in check_candidates(e))


def test_ordered_candidates_by_given_name():
    cs = cands("Trần Văn Bình", "Nguyễn Thị Ánh", "Lê An", "Đỗ Văn Đức", "Phạm Văn Dũng")
    assert [c.name for c in ordered_candidates(cs)] == [
        "Lê An",
        "Nguyễn Thị Ánh",
        "Trần Văn Bình",
        "Phạm Văn Dũng",
        "Đỗ Văn Đức",
    ]


def test_quorum_is_a_setting_and_never_blocks():
    e = election(present=30)
    assert check_attendance(e) == []
    assert [f.code for f in check_attendance(e, ElectionSettings(quorum=Fraction(2, 3)))] == ["under_quorum"]


# --- ballots ----------------------------------------------------------------------------------------


def test_ballot_validity_cases():
    e = election()
    assert ballot_validity(kept("0", "1"), e) == (True, "Phiếu hợp lệ.")
    assert ballot_validity(kept("0"), e)[0]
    ok, why = ballot_validity(kept("0", "1", "2"), e)
    assert not ok and "thừa" in why and "Điều 15" in why
    ok, why = ballot_validity(kept(), e)
    assert not ok and "không bầu ai" in why
    ok, why = ballot_validity(Ballot(kept=frozenset({"0"}), issued_by_board=False), e)
    assert not ok and "không do ban kiểm phiếu" in why
    ok, why = ballot_validity(Ballot(kept=frozenset({"0"}), invalid_reason="phiếu có ký tên"), e)
    assert not ok and "ký tên" in why
    old = Election(CAP_UY, 2, e.candidates, 48, True, date(2020, 6, 1))
    assert "Điều 17" in ballot_validity(kept(), old)[1]
    with pytest.raises(ValueError):
        ballot_validity(kept("9"), e)


def test_no_surplus_list_agree_disagree():
    e = election(seats=3, body=BI_THU)  # no surplus
    assert ballot_validity(kept(), e)[0]  # no name kept is valid without a surplus
    both = Ballot(agree=frozenset({"0", "1"}), disagree=frozenset({"1"}))
    assert ballot_validity(both, e)[0] and both.votes == {"0"}
    single = election(seats=1, names=("Nguyễn Văn An",), body=BI_THU)
    assert ballot_validity(Ballot(agree=frozenset({"0"})), single)[0]
    assert ballot_validity(Ballot(agree=frozenset(), disagree=frozenset({"0"})), single)[0]
    assert not ballot_validity(Ballot(agree=frozenset()), single)[0]
    assert ballot_validity(Ballot(agree=frozenset()), single, ElectionSettings(single_name_unmarked_valid=True))[0]
    with pytest.raises(ValueError):
        ballot_validity(Ballot(agree=frozenset({"0"})), election())


# --- counting: worked cases -------------------------------------------------------------------------


def test_exactly_half_of_base_is_not_elected():
    e = election(seats=2, base=48)
    ballots = [kept("0", "1")] * 24 + [kept("0", "2")] * 1 + [kept("2")] * 23
    r = count(e, ballots)
    assert r.votes == {"0": 25, "1": 24, "2": 24}
    assert [c.id for c in r.elected] == ["0"]  # 24 of 48 is exactly half: not elected
    assert r.unfilled == 1 and r.tie == ()
    assert {c.id for c in r.next_round_candidates} == {"1", "2"}
    assert r.rows[0].percent == Fraction(625, 12) and r.rows[0].percent_text == "52,08%"


def test_percent_is_of_base_not_valid_ballots():
    e = election(seats=1, base=50)
    r = count(e, [kept("0")] * 30 + [kept("0", "1")] * 5)
    assert r.valid == 30 and r.invalid == 5
    assert r.rows[0].percent == Fraction(60) == percent_of_base(30, 50)
    assert r.invalid_reasons == (("Phiếu bầu 2 người, thừa so với số lượng cần bầu là 1 (Điều 15, QĐ 190-QĐ/TW).", 5),)


def test_most_votes_first_up_to_seats():
    e = election(seats=2, names=("A An", "B Bình", "C Cường", "D Dũng"), base=10)
    ballots = [kept("0", "1")] * 4 + [kept("0", "2")] * 3 + [kept("2", "1")] * 3
    r = count(e, ballots)
    assert r.votes == {"0": 7, "1": 7, "2": 6, "3": 0}
    assert [c.id for c in r.elected] == ["0", "1"]  # 2 ("C Cường") also passed, but ranks third
    assert [x.passed for x in r.rows] == [True, True, True, False]


def test_tie_at_last_seat():
    e = election(seats=2, names=("A An", "B Bình", "C Cường"), base=10)
    ballots = [kept("0", "1")] * 3 + [kept("0", "2")] * 3 + [kept("0")] + [kept("1", "2")] * 3
    r = count(e, ballots)
    assert r.votes == {"0": 7, "1": 6, "2": 6}
    assert [c.id for c in r.elected] == ["0"] and {c.id for c in r.tie} == {"1", "2"}
    assert r.unfilled == 1 and {c.id for c in r.next_round_candidates} == {"1", "2"}
    r2 = count(e, ballots, ElectionSettings(tie_rule=TIE_CONGRESS_DECIDES))
    assert r2.tie == r.tie and r2.next_round_candidates == ()


def test_hand_totals_and_issued():
    e = election(seats=2, base=48)
    r = count_totals(e, {"0": 30, "1": 26, "2": 10}, valid=45, invalid=2, issued=47)
    assert [c.id for c in r.elected] == ["0", "1"] and (r.issued, r.returned, r.invalid) == (47, 47, 2)
    r = count(e, [kept("0")] * 5, issued=4)
    assert [f.code for f in r.findings] == ["returned_over_issued"]


def test_chi_bo_secretary_not_elected_by_the_third_round_is_appointed_by_the_level_above():
    """QĐ 294 (rules-2025-2026.md §2.7, CONFIRMED): no fourth round; the level above appoints."""
    ballots = [Ballot(agree=frozenset({"0"}))] * 4 + [Ballot(agree=frozenset(), disagree=frozenset({"0"}))] * 5
    e = election(seats=1, names=("Nguyễn Văn An",), body=BI_THU, base=9, round=3, cell=True)
    r = count(e, ballots)
    assert r.elected == () and r.upper_level_appoints
    assert r.next_round_candidates == ()  # no fourth round is offered
    assert any("không bầu lần thứ tư" in m and "294-QĐ/TW" in m for m in r.messages)
    assert not any("Đại hội quyết định" in m for m in r.messages)
    assert REGISTRY["elections.chi_bo_secretary_third_round"].confidence == CONFIRMED
    second = count(election(seats=1, names=("Nguyễn Văn An",), body=BI_THU, base=9, round=2, cell=True), ballots)
    assert not second.upper_level_appoints and [c.id for c in second.next_round_candidates] == ["0"]


@pytest.mark.parametrize("body", [BI_THU, PHO_BI_THU, CHU_NHIEM_UBKT])
def test_a_secretary_list_with_more_than_one_name_is_accepted(body):
    """Nothing forbids a list longer than the seats for bí thư, phó bí thư or chủ nhiệm (rules.md 2A.8)."""
    from dangbo.rules.elections import surplus_allowed

    e = Election(body, 1, cands("Nguyễn Văn An", "Trần Thị Bình"), 9, surplus_allowed(body), ON)
    assert check_candidates(e) == []
    r = count(e, [kept("0")] * 6 + [kept("1")] * 3)
    assert [c.id for c in r.elected] == ["0"]
    ok, reason = ballot_validity(kept("0", "1"), e)  # two names kept for one seat
    assert not ok and "thừa" in reason


def test_impossible_figures_are_refused_with_the_figures():
    from dangbo.rules.elections import check_figures

    e = election(seats=2, present=20, base=20)
    codes = {f.code: f.message for f in check_figures(e, issued=21, returned=22, valid=19, invalid=2, votes=39)}
    assert set(codes) == {"issued_over_present", "returned_over_issued", "valid_invalid_not_returned",
                          "votes_over_ballots"}
    assert "(21)" in codes["issued_over_present"] and "(20)" in codes["issued_over_present"]
    assert "19 × 2 = 38" in codes["votes_over_ballots"]
    assert check_figures(e, issued=20, returned=20, valid=19, invalid=1, votes=38) == []
    with pytest.raises(ValueError, match="19 × 2 = 38"):
        count_totals(e, {"0": 19, "1": 19, "2": 1}, valid=19, invalid=1, issued=20)
    with pytest.raises(ValueError, match="khác số phiếu thu về"):
        count_totals(e, {"0": 15}, valid=19, invalid=1, issued=20, returned=18)


def test_delegate_above_half_once_the_seats_are_full_is_a_finding_for_the_presidium():
    e = election(seats=2, names=("A An", "B Bình", "C Cường"), base=10, body=DAI_BIEU)
    r = count(e, [kept("0", "1")] * 5 + [kept("0", "2")] * 3 + [kept("1", "2")] * 3)  # 8, 8, 6: all above 5
    assert [c.id for c in r.elected] == ["0", "1"] and [c.id for c in r.over_half] == ["2"]
    (f,) = [f for f in r.findings if f.code == "delegates_over_half"]
    assert "Đoàn chủ tịch xem xét, quyết định" in f.message and "chưa được xác nhận" in f.message
    assert not f.is_error
    assert REGISTRY["elections.delegates_over_half"].confidence == UNCONFIRMED
    assert delegates(r, 2, 0).alternates == ()  # default: not made an alternate
    alt = ElectionSettings(over_half_delegates_alternate=True)
    r2 = count(e, [kept("0", "1")] * 5 + [kept("0", "2")] * 3 + [kept("1", "2")] * 3, settings=alt)
    assert [c.id for c in delegates(r2, 2, 0, alt).alternates] == ["2"]
    assert any("dự khuyết" in f.message for f in r2.findings)


def test_committee_elected_short_of_its_seats_is_a_finding():
    from dangbo.rules.elections import check_committee_short

    (f,) = check_committee_short(8, 9)
    assert f.code == "committee_short" and "8/9" in f.message and not f.is_error
    assert check_committee_short(9, 9) == []


def test_delegates_official_first_then_alternates():
    e = election(seats=3, names=("A An", "B Bình", "C Cường", "D Dũng"), base=10, body=DAI_BIEU)
    ballots = [kept("0", "1", "2")] * 6 + [kept("0", "3", "1")] * 2 + [kept("0")] * 1
    r = count(e, ballots)
    assert r.votes == {"0": 9, "1": 8, "2": 6, "3": 2}
    d = delegates(r, 2, 1)
    assert [c.id for c in d.official] == ["0", "1"] and [c.id for c in d.alternates] == ["2"]
    d = delegates(r, 1, 2)
    assert [c.id for c in d.official] == ["0"] and [c.id for c in d.alternates] == ["1", "2"]
    with pytest.raises(ValueError):
        delegates(r, 1, 1)


def test_ban_thuong_vu_body_gets_surplus_check():
    e = election(seats=3, names=("A An", "B Bình", "C Cường", "D Dũng", "E Em"), body=BAN_THUONG_VU)
    assert [f.code for f in check_candidates(e)] == ["surplus_over_30"]


# --- properties -------------------------------------------------------------------------------------


@st.composite
def elections_and_ballots(draw):
    n = draw(st.integers(1, 6))
    seats = draw(st.integers(1, n))
    ids = [str(i) for i in range(n)]
    base = draw(st.integers(1, 30))
    e = Election(CAP_UY, seats, tuple(Candidate(i, f"Người {chr(65 + int(i))}") for i in ids), base, n > seats, ON)
    ballot = st.builds(
        Ballot,
        kept=st.frozensets(st.sampled_from(ids), max_size=n),
        issued_by_board=st.booleans(),
    )
    ballots = draw(st.lists(ballot, max_size=35))
    return e, ballots


@settings(max_examples=300)
@given(elections_and_ballots())
def test_never_more_elected_than_seats_and_all_above_half(data):
    e, ballots = data
    r = count(e, ballots)
    assert len(r.elected) <= e.seats and len(r.elected) + r.unfilled == e.seats
    for c in r.elected:
        assert r.votes[c.id] * 2 > e.base
    assert r.valid + r.invalid == r.returned == len(ballots)
    votes = [r.votes[c.id] for c in r.elected]
    assert votes == sorted(votes, reverse=True)


@settings(max_examples=200)
@given(elections_and_ballots(), st.randoms())
def test_result_does_not_depend_on_ballot_order(data, rnd):
    e, ballots = data
    shuffled = list(ballots)
    rnd.shuffle(shuffled)
    assert count(e, shuffled) == count(e, ballots)


@settings(max_examples=300)
@given(elections_and_ballots(), st.data())
def test_one_more_valid_ballot_keeping_an_elected_candidate_keeps_them_elected(data, more):
    # Exactly as it holds: a candidate already elected stays elected (a tied, non-elected one may stay tied).
    e, ballots = data
    r = count(e, ballots)
    if not r.elected:
        return
    c = more.draw(st.sampled_from(r.elected))
    others = more.draw(st.frozensets(st.sampled_from([x.id for x in e.candidates]), max_size=e.seats - 1))
    extra = kept(c.id, *others)
    if not ballot_validity(extra, e)[0]:
        return
    r2 = count(e, [*ballots, extra])
    assert c in r2.elected


@settings(max_examples=300)
@given(elections_and_ballots(), st.data())
def test_an_invalid_ballot_never_changes_a_count(data, more):
    e, ballots = data
    ids = [x.id for x in e.candidates]
    bad = more.draw(
        st.one_of(
            st.builds(Ballot, kept=st.frozensets(st.sampled_from(ids)), issued_by_board=st.just(False)),
            st.builds(Ballot, kept=st.frozensets(st.sampled_from(ids), min_size=min(e.seats + 1, len(ids)))).filter(
                lambda b: len(b.kept) > e.seats
            ),
            st.just(Ballot(kept=frozenset(), invalid_reason="phiếu có ký hiệu riêng")),
        )
    )
    assert not ballot_validity(bad, e)[0]
    r, r2 = count(e, ballots), count(e, [*ballots, bad])
    assert r2.votes == r.votes and r2.valid == r.valid and r2.elected == r.elected and r2.tie == r.tie
    assert r2.invalid == r.invalid + 1


def test_committee_list_surplus_is_an_advisory_finding():
    from dangbo.rules.elections import FINDING, check_committee_surplus

    e = Election(CAP_UY, 8, cands(*[f"A B{i}" for i in range(10)]), 50, True, ON)
    assert check_committee_surplus(e, 9) == []  # 1 over 8: 12,5%
    assert check_committee_surplus(e, 10) == []  # 2 over 8: 25%, but 15% of 8 rounds outward to 2
    got = check_committee_surplus(e, 8)
    assert [f.code for f in got] == ["committee_surplus_10_15"] and got[0].severity == FINDING
    big = Election(CAP_UY, 35, cands(*[f"A B{i}" for i in range(42)]), 100, True, ON)
    assert check_committee_surplus(big, 39) == [] and check_committee_surplus(big, 40) == []
    assert check_committee_surplus(big, 42)  # 7 over 35 = 20%
    assert check_committee_surplus(Election(BI_THU, 1, cands("A B"), 9, False, ON), 1) == []
