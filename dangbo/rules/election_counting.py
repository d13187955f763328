"""Counting (rules.md §2): elected ⇔ votes × 2 > base, where base = convened official members (or delegates)
minus the exclusions (QĐ 190 Điều 30, QĐ 244 Điều 32), never the valid ballots; ties, further rounds, and the
split of elected delegates into official and alternate. Pure Python, shared by the web app and
`dangbo election count`."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from .election_lists import (
    Ballot,
    Candidate,
    Election,
    ballot_validity,
    check_figures,
    ordered_candidates,
    percent_of_base,
    percent_text,
)
from .election_regimes import (
    BI_THU,
    DAI_BIEU,
    DEFAULT_SETTINGS,
    TIE_NEXT_ROUND,
    ElectionRegime,
    ElectionSettings,
)
from .membership import FINDING, Finding
from .sources import sourced
from .text import text as _

# --- counting -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CandidateResult:
    candidate: Candidate
    votes: int
    percent: Fraction  # of the base
    passed: bool  # votes × 2 > base
    elected: bool

    @property
    def percent_text(self) -> str:
        return percent_text(self.percent)


@dataclass(frozen=True)
class Result:
    election: Election
    regime: ElectionRegime
    issued: int
    returned: int
    valid: int
    invalid: int
    invalid_reasons: tuple[tuple[str, int], ...]  # (reason, number of ballots), sorted
    rows: tuple[CandidateResult, ...]  # most votes first, then name order
    elected: tuple[Candidate, ...]  # most votes first
    tie: tuple[Candidate, ...]  # tied at the last seat, none of them elected
    unfilled: int  # seats left for a next round
    next_round_candidates: tuple[Candidate, ...]
    messages: tuple[str, ...]
    findings: tuple[Finding, ...] = field(default=())
    over_half: tuple[Candidate, ...] = field(default=())  # delegates above half once every seat is filled
    upper_level_appoints: bool = False  # a chi bộ's bí thư not elected by the third round (QĐ 294)

    @property
    def votes(self) -> dict[str, int]:
        return {r.candidate.id: r.votes for r in self.rows}


def _select(ranked: Sequence[tuple[Candidate, int]], seats: int) -> tuple[list[Candidate], list[Candidate]]:
    """From candidates that passed, most votes first: (elected, tied at the last seat, none of them elected)."""
    if len(ranked) <= seats:
        return [c for c, _ in ranked], []
    if seats == 0:
        return [], []
    cutoff = ranked[seats - 1][1]
    if ranked[seats][1] != cutoff:
        return [c for c, _ in ranked[:seats]], []
    return [c for c, v in ranked if v > cutoff], [c for c, v in ranked if v == cutoff]


@sourced("elections.190.threshold")
def count(
    election: Election,
    ballots: Iterable[Ballot],
    settings: ElectionSettings = DEFAULT_SETTINGS,
    issued: int | None = None,
) -> Result:
    """Rule every ballot, count, and declare the elected (votes × 2 > base, most first, up to the seats)."""
    e = election
    ballots = list(ballots)
    tally: Counter[str] = Counter()
    reasons: Counter[str] = Counter()
    valid = 0
    for b in ballots:
        ok, reason = ballot_validity(b, e, settings)
        if ok:
            valid += 1
            tally.update(b.votes)
        else:
            reasons[reason] += 1
    from_board = sum(1 for b in ballots if b.issued_by_board)
    findings = []
    if issued is None:
        issued = from_board
    elif from_board > issued:
        findings.append(
            Finding(
                "returned_over_issued",
                "ballots",
                _("Số phiếu của ban kiểm phiếu thu về (%(from_board)s) nhiều hơn số phiếu phát ra (%(issued)s).",
                  from_board=from_board,
                  issued=issued),
                FINDING,
            )
        )
    return _result(e, tally, settings, issued, len(ballots), valid, reasons, findings)


def count_totals(
    election: Election,
    totals: dict[str, int],
    valid: int,
    invalid: int,
    issued: int,
    settings: ElectionSettings = DEFAULT_SETTINGS,
    returned: int | None = None,
) -> Result:
    """The same result from per-candidate totals counted by hand. Impossible figures (check_figures) are
    refused with a ValueError giving them."""
    if any(v < 0 or v > valid for v in totals.values()):
        raise ValueError("Số phiếu của một người phải từ 0 đến số phiếu hợp lệ.")
    unknown = set(totals) - {c.id for c in election.candidates}
    if unknown:
        raise ValueError(f"Mã người không có trong danh sách: {', '.join(sorted(unknown))}")
    wrong = check_figures(election, issued=issued, returned=valid + invalid if returned is None else returned,
                          valid=valid, invalid=invalid, votes=sum(totals.values()))
    if wrong:
        raise ValueError(" ".join(str(f.message) for f in wrong))
    reasons = Counter({"Không hợp lệ (kiểm bằng tay)": invalid}) if invalid else Counter()
    return _result(election, Counter(totals), settings, issued, valid + invalid, valid, reasons, [])


def _result(
    e: Election,
    tally: Counter[str],
    settings: ElectionSettings,
    issued: int,
    returned: int,
    valid: int,
    reasons: Counter[str],
    findings: list[Finding],
) -> Result:
    order = {c.id: i for i, c in enumerate(ordered_candidates(e.candidates))}
    ranked_all = sorted(e.candidates, key=lambda c: (-tally[c.id], order[c.id]))
    passed = [(c, tally[c.id]) for c in ranked_all if tally[c.id] * 2 > e.base]
    elected, tied = _select(passed, e.seats)
    elected_ids = {c.id for c in elected}
    rows = tuple(
        CandidateResult(
            c, tally[c.id], percent_of_base(tally[c.id], e.base), tally[c.id] * 2 > e.base, c.id in elected_ids
        )
        for c in ranked_all
    )
    unfilled = e.seats - len(elected)
    messages = []
    next_round: list[Candidate] = []
    appoints = e.body == BI_THU and e.cell and e.round >= 3 and unfilled > 0
    tied_ids = {c.id for c in tied}
    over_half = [c for c, _v in passed if c.id not in elected_ids and c.id not in tied_ids] \
        if e.body == DAI_BIEU and not unfilled else []
    if over_half:
        names = ", ".join(c.name for c in over_half)
        if settings.over_half_delegates_alternate:
            msg = _("Đã bầu đủ %(seats)s đại biểu mà còn %(n)s người có số phiếu quá một nửa: %(names)s; theo thiết "
                    "lập của đại hội, những người này là đại biểu dự khuyết (quy định chưa được xác nhận, Điều 18, "
                    "QĐ 190-QĐ/TW).", seats=e.seats, n=len(over_half), names=names)
        else:
            msg = _("Đã bầu đủ %(seats)s đại biểu mà còn %(n)s người có số phiếu quá một nửa: %(names)s. Đoàn chủ "
                    "tịch xem xét, quyết định (có tính là đại biểu dự khuyết hay không chưa được xác nhận, Điều 18, "
                    "QĐ 190-QĐ/TW).", seats=e.seats, n=len(over_half), names=names)
        findings = [*findings, Finding("delegates_over_half", "elected", msg, FINDING)]
    if tied:
        names = ", ".join(c.name for c in ordered_candidates(tied))
        messages.append(
            _("%(tied)s người bằng phiếu (%(tally)s phiếu) ở suất cuối: %(names)s; không ai trong số đó trúng cử "
              "suất này (cách xử lý chưa được xác nhận, đại hội quyết định).",
              tied=len(tied),
              tally=tally[tied[0].id],
              names=names)
        )
        if settings.tie_rule == TIE_NEXT_ROUND:
            next_round = ordered_candidates(tied)
            messages.append(_("Bầu tiếp %(unfilled)s người trong số những người bằng phiếu.", unfilled=unfilled))
    elif appoints:
        messages.append(
            _("Đã bầu đến lần thứ ba mà không có đồng chí nào trúng cử bí thư chi bộ: không bầu lần thứ tư; cấp ủy cấp "
              "trên trực tiếp chỉ định bí thư chi bộ (Quy định 294-QĐ/TW).")
        )
    elif unfilled:
        messages.append(
            _("Mới bầu được %(elected)s/%(seats)s; còn thiếu %(unfilled)s người. Đại hội quyết định có bầu tiếp hay "
              "không.", elected=len(elected), seats=e.seats, unfilled=unfilled)
        )
        next_round = ordered_candidates(c for c in e.candidates if c.id not in elected_ids)
    return Result(
        election=e,
        regime=e.regime,
        issued=issued,
        returned=returned,
        valid=valid,
        invalid=sum(reasons.values()),
        invalid_reasons=tuple(sorted(reasons.items())),
        rows=rows,
        elected=tuple(elected),
        tie=tuple(tied),
        unfilled=unfilled,
        next_round_candidates=tuple(next_round),
        messages=tuple(messages),
        findings=tuple(findings),
        over_half=tuple(over_half),
        upper_level_appoints=appoints,
    )


# --- delegations --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Delegation:
    official: tuple[Candidate, ...]
    alternates: tuple[Candidate, ...]
    tie: tuple[Candidate, ...]  # tied at the last official (or alternate) place, none placed
    official_unfilled: int
    alternates_unfilled: int


@sourced("elections.190.delegates")
def delegates(result: Result, official_seats: int, alternate_seats: int,
              settings: ElectionSettings = DEFAULT_SETTINGS) -> Delegation:
    """One combined list: official delegates first, then alternates, each in order of votes, all above half.

    `result` is the count of the combined ballot (its seats = official + alternates). A tie at the last
    official place leaves those places and every alternate place undecided (a next round decides).
    """
    if official_seats + alternate_seats != result.election.seats:
        raise ValueError("official + alternate seats must equal the seats of the election")
    passed = [(r.candidate, r.votes) for r in result.rows if r.passed]
    official, tie = _select(passed, official_seats)
    alternates: list[Candidate] = []
    if not tie:
        taken = {c.id for c in official}
        alternates, tie = _select([(c, v) for c, v in passed if c.id not in taken], alternate_seats)
        if settings.over_half_delegates_alternate and not tie:
            alternates += list(result.over_half)  # the setting (unconfirmed): above half once full = alternate
    return Delegation(
        official=tuple(official),
        alternates=tuple(alternates),
        tie=tuple(tie),
        official_unfilled=official_seats - len(official),
        alternates_unfilled=alternate_seats - len(alternates),
    )
