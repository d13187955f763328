"""The bridge between the stored election and the pure counting engine (dangbo.rules.elections).

Reading the ballots: a paper ballot counts only when counters 1 and 2 read it the same way, or when the board
chair has resolved it (counter 0, newest revision wins). Everything else is pending or a disagreement.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from dangbo.rules import elections as rules
from dangbo.rules.text import format_date, nfc

from .models import BallotEntry, Convened, Election, ElectionStatus


@dataclass
class Base:
    convened: int
    present: int
    absent: int
    excluded: list[tuple[str, str]]  # (name, reason)

    @property
    def base(self) -> int:
        return self.convened - len(self.excluded)


def base_of(congress) -> Base:
    rows = list(Convened.objects.filter(congress=congress).only(
        "full_name", "exclusion", "present", "absence_approved", "absence_reason"))
    excluded = [(c.full_name, c.excluded_reason) for c in rows if c.excluded_reason]
    present = sum(1 for c in rows if c.present)
    return Base(convened=len(rows), present=present, absent=len(rows) - present, excluded=excluded)


def base_for(election: Election) -> Base:
    """The base an election is counted against: the congress's, or, for an election at the new committee's
    conference, the committee members convened there minus those excluded."""
    if not election.at_conference:
        return base_of(election.congress)
    convened = election.conference_members or 0
    excluded = [(x.get("name", ""), x.get("reason", "")) for x in election.conference_excluded or []]
    present = election.conference_present if election.conference_present is not None else convened
    return Base(convened=convened, present=present, absent=convened - present, excluded=excluded)


def engine_election(election: Election, base: Base | None = None, candidates=None) -> rules.Election:
    congress = election.congress
    base = base or base_for(election)
    candidates = candidates if candidates is not None else list(election.candidates.all())
    member_ids = {c.member_id: str(c.pk) for c in candidates if c.member_id}
    board_ids = frozenset(member_ids[b["member_id"]] for b in election.board
                          if b.get("member_id") in member_ids)
    board_names = {b["name"].strip().lower() for b in election.board}
    board_ids |= {str(c.pk) for c in candidates if c.full_name.strip().lower() in board_names}
    small_cell = congress.kind == "members" and congress.organization.is_cell and not election.at_conference
    return rules.Election(
        body=election.body,
        seats=election.seats,
        candidates=tuple(rules.Candidate(str(c.pk), name, c.floor_approvals)
                         for c, name in zip(candidates, shown_names(candidates), strict=True)),
        base=max(base.base, 1),
        surplus_allowed=rules.surplus_allowed(election.body),
        on=congress.opened_on,
        official_members=base.convened if small_cell else None,
        present=base.present,
        counting_board=board_ids,
        round=election.round,
        cell=congress.organization.is_cell,
    )


def shown_names(candidates) -> list[str]:
    """Each candidate's name as the ballot, the count and the record show it: two people of the same full name
    are told apart by what the list gave (unit or birth year), «Nguyễn Văn An (sinh năm 1968)»."""
    from collections import Counter

    same = Counter(nfc(c.full_name).casefold() for c in candidates)
    return [f"{c.full_name} ({c.unit})" if same[nfc(c.full_name).casefold()] > 1 and c.unit else c.full_name
            for c in candidates]


@dataclass
class Readings:
    final: dict[int, BallotEntry] = field(default_factory=dict)  # number -> the entry that counts
    disagreements: dict[int, tuple[BallotEntry, BallotEntry]] = field(default_factory=dict)
    pending: dict[int, BallotEntry] = field(default_factory=dict)  # entered by one counter only

    @property
    def numbers(self) -> set[int]:
        return set(self.final) | set(self.disagreements) | set(self.pending)


def readings(election: Election) -> Readings:
    by_number: dict[int, dict] = {}
    for e in BallotEntry.objects.filter(election=election).order_by("number", "counter", "revision"):
        slot = by_number.setdefault(e.number, {})
        slot[e.counter] = e  # counter 0: the highest revision comes last
    out = Readings()
    for n, slot in by_number.items():
        if BallotEntry.CHAIR in slot:
            out.final[n] = slot[BallotEntry.CHAIR]
        elif 1 in slot and 2 in slot:
            if slot[1].reading() == slot[2].reading():
                out.final[n] = slot[1]
            else:
                out.disagreements[n] = (slot[1], slot[2])
        else:
            out.pending[n] = slot.get(1) or slot.get(2)
    return out


def to_ballot(e: BallotEntry) -> rules.Ballot:
    return rules.Ballot(
        kept=frozenset(map(str, e.kept)) if e.kept is not None else None,
        agree=frozenset(map(str, e.agree)) if e.agree is not None else None,
        disagree=frozenset(map(str, e.disagree or ())),
        issued_by_board=e.issued_by_board,
        invalid_reason=e.invalid_reason or None,
    )


def count(election: Election) -> tuple[rules.Result, Base]:
    base = base_for(election)
    e = engine_election(election, base)
    if election.by_totals:
        totals = {str(k): int(v) for k, v in (election.totals or {}).items()}
        valid, invalid = election.totals_valid or 0, election.totals_invalid or 0
        result = rules.count_totals(e, totals, valid, invalid, election.issued or valid + invalid,
                                    settings=election.congress.settings)
    else:
        r = readings(election)
        result = rules.count(e, [to_ballot(b) for b in r.final.values()], settings=election.congress.settings,
                             issued=election.issued)
    return result, base


def serialize(result: rules.Result, base: Base, election: Election) -> dict:
    """Everything the counting record needs, as plain JSON (kept in ResultVersion.data)."""
    e = result.election
    data = {
        "election": election.title,
        "body": e.body,
        "body_label": rules.BODY_LABELS[e.body],
        "seats": e.seats,
        "round": e.round,
        "regime": result.regime.label,
        "regime_document": result.regime.document,
        "threshold_source": result.regime.threshold.clause.split(":")[0] + ", " + result.regime.label,
        "on": format_date(e.on),
        "convened": base.convened,
        "present": base.present,
        "absent": base.absent,
        "excluded": [{"name": n, "reason": r} for n, r in base.excluded],
        "base": e.base,
        "at_conference": election.at_conference,
        "issued": result.issued,
        "returned": result.returned,
        "valid": result.valid,
        "invalid": result.invalid,
        "invalid_reasons": [{"reason": r, "count": n} for r, n in result.invalid_reasons],
        "candidates": [{"id": c.id, "name": c.name} for c in rules.ordered_candidates(e.candidates)],
        "rows": [{"id": r.candidate.id, "name": r.candidate.name, "votes": r.votes, "percent": r.percent_text,
                  "passed": r.passed, "elected": r.elected} for r in result.rows],
        "elected": [{"id": c.id, "name": c.name, "votes": result.votes[c.id]} for c in result.elected],
        "tie": [{"id": c.id, "name": c.name} for c in result.tie],
        "unfilled": result.unfilled,
        "next_round": [c.id for c in result.next_round_candidates],
        "messages": list(result.messages),
        "findings": [f.message for f in result.findings],
        "over_half": [{"id": c.id, "name": c.name, "votes": result.votes[c.id]} for c in result.over_half],
        "upper_level_appoints": result.upper_level_appoints,
        "board": election.board,
    }
    if e.body == rules.DAI_BIEU and election.alternate_seats:
        d = rules.delegates(result, e.seats - election.alternate_seats, election.alternate_seats,
                            election.congress.settings)
        data["delegation"] = {
            "official": [{"id": c.id, "name": c.name, "votes": result.votes[c.id]} for c in d.official],
            "alternates": [{"id": c.id, "name": c.name, "votes": result.votes[c.id]} for c in d.alternates],
            "tie": [c.name for c in d.tie],
        }
    return data


def live_result(election: Election) -> dict | None:
    """The signed result, or the count so far while counting."""
    signed = election.current_result()
    if signed is not None:
        return signed.data
    if election.status == ElectionStatus.DRAFT:
        return None
    result, base = count(election)
    return serialize(result, base, election)
