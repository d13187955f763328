"""An election, its candidate list and its ballots: the data the engine takes, the surplus rules, the checks of
a list before counting (each finding naming its source) and the validity of a paper ballot. Pure Python."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction

from .election_regimes import (
    BAN_THUONG_VU,
    BODY_LABELS,
    CHI_UY,
    DEFAULT_SETTINGS,
    SURPLUS_BODIES,
    ElectionRegime,
    ElectionSettings,
    regime_for,
)
from .membership import ERROR, FINDING, Finding
from .sources import sourced
from .text import Text, format_percent, vietnamese_sorted
from .text import text as _

# --- data --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    id: str
    name: str
    floor_approvals: int | None = None  # nominated from the floor / self-nominated: votes approving the nomination


@dataclass(frozen=True)
class Ballot:
    """One collected ballot.

    List with a surplus: `kept` = the names not struck out. List without a surplus: `agree` / `disagree`
    columns; a name ticked in both or neither counts for no one. `invalid_reason` records the board's
    documented decision for a case the Quy chế text we have does not list (marked, unsealed…).
    """

    kept: frozenset[str] | None = None
    agree: frozenset[str] | None = None
    disagree: frozenset[str] = frozenset()
    issued_by_board: bool = True
    invalid_reason: str | None = None

    def __post_init__(self) -> None:
        if (self.kept is None) == (self.agree is None):
            raise ValueError("a ballot has either kept names or agree/disagree columns")
        for name in ("kept", "agree", "disagree"):
            v = getattr(self, name)
            if v is not None and not isinstance(v, frozenset):
                object.__setattr__(self, name, frozenset(v))

    @property
    def votes(self) -> frozenset[str]:
        """The candidates this ballot votes for (if it is valid)."""
        if self.kept is not None:
            return self.kept
        assert self.agree is not None
        return self.agree - self.disagree


@dataclass(frozen=True)
class Election:
    body: str
    seats: int
    candidates: tuple[Candidate, ...]
    base: int  # convened official members (or delegates) minus exclusions, Điều 30 (190)
    surplus_allowed: bool
    on: date
    official_members: int | None = None  # of the chi bộ, for the "fewer than nine" rule
    present: int | None = None
    counting_board: frozenset[str] = frozenset()  # candidate ids of members of the ban kiểm phiếu, if any
    round: int = 1
    cell: bool = False  # the organisation is a chi bộ (its bí thư: three rounds, then the level above appoints)

    def __post_init__(self) -> None:
        object.__setattr__(self, "candidates", tuple(self.candidates))
        object.__setattr__(self, "counting_board", frozenset(self.counting_board))
        if self.seats < 1:
            raise ValueError("seats must be at least 1")
        if self.base < 1:
            raise ValueError("the base must be at least 1")
        ids = [c.id for c in self.candidates]
        if len(set(ids)) != len(ids):
            raise ValueError("duplicate candidate id")

    @property
    def with_surplus(self) -> bool:
        return with_surplus(len(self.candidates), self.seats)

    @property
    def regime(self) -> ElectionRegime:
        return regime_for(self.on)

    def candidate(self, cid: str) -> Candidate:
        for c in self.candidates:
            if c.id == cid:
                return c
        raise KeyError(cid)


@sourced("elections.name_order")
def ordered_candidates(candidates: Iterable[Candidate]) -> list[Candidate]:
    """Candidates in Vietnamese alphabetical order by given name (ties by id, so the order is total)."""
    return vietnamese_sorted(sorted(candidates, key=lambda c: c.id), key=lambda c: c.name)


def percent_of_base(votes: int, base: int) -> Fraction:
    """Percentage of the base (exact); the decision never uses it, only votes × 2 > base."""
    return Fraction(100 * votes, base)


def percent_text(p: Fraction) -> str:
    """52,08% (two decimals, half up; a display convention only, no Party rule for it)."""
    return format_percent(Decimal(p.numerator) / Decimal(p.denominator), 2)


def surplus(candidates: int, seats: int) -> int:
    """The surplus of a list: names on it beyond the seats (negative when the list is short). The one copy:
    the ballot, the entry of ballots, the election page and the checks all read it."""
    return candidates - seats


def with_surplus(candidates: int, seats: int) -> bool:
    """A list with a surplus is voted by striking names out; without one, in đồng ý / không đồng ý columns."""
    return surplus(candidates, seats) > 0


def surplus_allowed(body: str) -> bool:
    """Every body may be elected from a list longer than the seats. The committees MUST have a surplus (Điều 14,
    190); nothing forbids one for a bí thư, phó bí thư, chủ nhiệm or the delegates (rules.md 2A.8: a one-name
    list is allowed for those posts, not required)."""
    return body in BODY_LABELS


@sourced("elections.surplus_rounding")
def max_surplus(seats: int, settings: ElectionSettings = DEFAULT_SETTINGS) -> int:
    """Largest surplus within 30% of the seats; up to 5 seats: the small-body setting (1 by default)."""
    cap = seats * 3 // 10
    if settings.small_body_max_surplus is not None and seats <= 5:
        return settings.small_body_max_surplus
    return cap


# --- checks of the list ------------------------------------------------------------------------------


def check_candidates(election: Election, settings: ElectionSettings = DEFAULT_SETTINGS) -> list[Finding]:
    e, out = election, []
    reg = e.regime
    n, seats = len(e.candidates), e.seats
    if n < seats:
        out.append(
            Finding(
                "too_few_candidates", "candidates", _("Danh sách có %(n)s người, ít hơn số lượng cần bầu (%(seats)s).",
                                                      n=n,
                                                      seats=seats), ERROR
            )
        )
    extra = surplus(n, seats)
    if extra > 0 and not e.surplus_allowed:
        out.append(
            Finding(
                "surplus_not_allowed",
                "candidates",
                _("Danh sách dư %(extra)s người nhưng cuộc bầu này không có số dư.", extra=extra),
                ERROR,
            )
        )
    if e.body in SURPLUS_BODIES:
        art = reg.surplus.clause.split(":")[0]
        if extra <= 0 and e.surplus_allowed:
            out.append(
                Finding(
                    "surplus_missing",
                    "candidates",
                    _("Danh sách bầu %(lower)s phải nhiều hơn số lượng cần bầu (%(art)s, %(label)s).",
                      lower=Text(BODY_LABELS[e.body]).lower(),
                      art=art,
                      label=reg.label),
                    ERROR,
                )
            )
        cap = max_surplus(seats, settings)
        if extra > cap:
            pct = percent_text(percent_of_base(extra, seats))
            out.append(
                Finding(
                    "surplus_over_30",
                    "candidates",
                    _("Số dư %(extra)s người (%(pct)s) vượt mức tối đa %(cap)s người (không quá 30%% số lượng cần "
                      "bầu, %(art)s, %(label)s); cần lấy phiếu xin ý kiến để rút bớt danh sách.",
                      extra=extra,
                      pct=pct,
                      cap=cap,
                      art=art,
                      label=reg.label),
                    ERROR,
                )
            )
    if e.body in (CHI_UY, BAN_THUONG_VU) and e.official_members is not None and e.official_members < 9:
        out.append(
            Finding(
                "chi_bo_under_nine",
                "body",
                _("Chi bộ có %(official_members)s đảng viên chính thức (dưới 9): chỉ bầu bí thư và, nếu cần, phó bí "
                  "thư; không bầu chi ủy (Điều lệ Đảng, Điều 24).", official_members=e.official_members),
                ERROR,
            )
        )
    on_board = [c for c in e.candidates if c.id in e.counting_board]
    for c in ordered_candidates(on_board):
        out.append(
            Finding(
                "counting_board_candidate",
                "candidates",
                _("Đồng chí %(name)s có tên trong danh sách bầu cử nên không được là thành viên ban kiểm phiếu (Điều "
                  "8, QĐ 190-QĐ/TW).", name=c.name),
                ERROR,
            )
        )
    for c in ordered_candidates(e.candidates):
        if c.floor_approvals is None:
            continue
        if e.present is None:
            out.append(
                Finding(
                    "floor_nomination_unknown_present",
                    "present",
                    _("Cần số có mặt để xét đề cử tại đại hội của đồng chí %(name)s.", name=c.name),
                    FINDING,
                )
            )
        elif c.floor_approvals * 10 <= e.present * 3:
            out.append(
                Finding(
                    "floor_nomination_under_30",
                    "candidates",
                    _("Đồng chí %(name)s được %(floor_approvals)s/%(present)s người dự đồng ý giới thiệu, chưa hơn "
                      "30%% nên không đưa vào danh sách bầu cử.",
                      name=c.name,
                      floor_approvals=c.floor_approvals,
                      present=e.present),
                    ERROR,
                )
            )
    return out


@sourced("elections.committee_surplus")
def check_committee_surplus(election: Election, committee_names: int) -> list[Finding]:
    """The outgoing committee's own list: a surplus of 10–15% of the seats (floor 10%, ceiling 15%, so that
    small committees can meet it). A finding only."""
    e = election
    if e.body not in SURPLUS_BODIES or committee_names <= 0:
        return []
    extra = surplus(committee_names, e.seats)
    low, high = e.seats // 10, -(-e.seats * 15 // 100)
    if low <= extra <= high and extra > 0:
        return []
    return [
        Finding(
            "committee_surplus_10_15",
            "candidates",
            _("Danh sách do cấp ủy chuẩn bị có %(committee_names)s người cho %(seats)s vị trí (dư %(extra)s); hướng "
              "dẫn là dư từ 10%% đến 15%% (khoảng %(low)s–%(high)s người; Điều 14, QĐ 190-QĐ/TW).",
              committee_names=committee_names,
              seats=e.seats,
              extra=extra,
              low=max(low, 1),
              high=max(high, 1)),
            FINDING,
        )
    ]


def check_attendance(election: Election, settings: ElectionSettings = DEFAULT_SETTINGS) -> list[Finding]:
    """Quorum (unconfirmed; none by default). Never blocks the count: it is a finding."""
    e = election
    if settings.quorum is None or e.present is None:
        return []
    if e.present < settings.quorum * e.base:
        return [
            Finding(
                "under_quorum",
                "present",
                _("Có mặt %(present)s/%(base)s, dưới tỷ lệ %(quorum)s đã đặt (quy định về số có mặt tối thiểu chưa "
                  "được xác nhận).", present=e.present, base=e.base, quorum=settings.quorum),
                FINDING,
            )
        ]
    return []


@sourced("elections.committee_short")
def check_committee_short(elected: int, seats: int) -> list[Finding]:
    """Before the ban thường vụ is elected: the new cấp ủy elected fewer members than its seats (8 of 9). A
    finding for the level above (HD 01-HD/TW 2016 point 15.1, PARTLY), never a block."""
    if seats < 1 or elected >= seats:
        return []
    return [
        Finding(
            "committee_short",
            "body",
            _("Cấp ủy khóa mới mới bầu được %(elected)s/%(seats)s ủy viên, chưa đủ số lượng đại hội quyết định: "
              "báo cáo cấp ủy cấp trên để chỉ đạo củng cố, xem xét chỉ định bổ sung cấp ủy viên trước khi bầu ban "
              "thường vụ (Hướng dẫn 01-HD/TW năm 2016, điểm 15.1; quy định hiện hành chưa xác nhận).",
              elected=elected, seats=seats),
            FINDING,
        )
    ]


def check_figures(
    election: Election,
    *,
    issued: int | None,
    returned: int | None = None,
    valid: int | None = None,
    invalid: int | None = None,
    votes: int | None = None,
) -> list[Finding]:
    """The counting record's figures that cannot all be true (errors, each giving the figures): more ballots
    issued than official members (delegates) present, more returned than issued, valid + invalid ≠ returned,
    more votes than valid ballots × seats. A figure not known is None and is not compared."""
    e, out = election, []
    if issued is not None and e.present is not None and issued > e.present:
        out.append(Finding("issued_over_present", "issued",
                           _("Số phiếu phát ra (%(issued)s) nhiều hơn số đảng viên (đại biểu) chính thức có mặt "
                             "(%(present)s).", issued=issued, present=e.present), ERROR))
    if returned is not None and issued is not None and returned > issued:
        out.append(Finding("returned_over_issued", "returned",
                           _("Số phiếu thu về (%(returned)s) nhiều hơn số phiếu phát ra (%(issued)s).",
                             returned=returned, issued=issued), ERROR))
    if returned is not None and valid is not None and invalid is not None and valid + invalid != returned:
        out.append(Finding("valid_invalid_not_returned", "valid",
                           _("Số phiếu hợp lệ (%(valid)s) cộng không hợp lệ (%(invalid)s) bằng %(sum)s, khác số "
                             "phiếu thu về (%(returned)s).", valid=valid, invalid=invalid, sum=valid + invalid,
                             returned=returned), ERROR))
    if votes is not None and valid is not None and votes > valid * e.seats:
        out.append(Finding("votes_over_ballots", "totals",
                           _("Tổng số phiếu bầu cho các người (%(votes)s) nhiều hơn số phiếu hợp lệ × số lượng cần "
                             "bầu (%(valid)s × %(seats)s = %(most)s).", votes=votes, valid=valid, seats=e.seats,
                             most=valid * e.seats), ERROR))
    return out


# --- ballots ------------------------------------------------------------------------------------------


def ballot_validity(
    ballot: Ballot, election: Election, settings: ElectionSettings = DEFAULT_SETTINGS
) -> tuple[bool, str]:
    """(valid, reason in Vietnamese), per Điều 17.2 (244) / Điều 15 (190)."""
    e = election
    art = f"{e.regime.ballot_validity.clause.split(':')[0]}, {e.regime.label}"
    known = {c.id for c in e.candidates}
    names = (ballot.kept or frozenset()) | (ballot.agree or frozenset()) | ballot.disagree
    unknown = names - known
    if unknown:
        raise ValueError(f"Phiếu có mã người không có trong danh sách: {', '.join(sorted(unknown))}")
    if ballot.agree is not None and e.with_surplus:
        raise ValueError("Danh sách có số dư dùng phiếu gạch tên, không dùng cột đồng ý/không đồng ý.")
    if not ballot.issued_by_board:
        return False, _("Phiếu không do ban kiểm phiếu phát ra (%(art)s).", art=art)
    if len(ballot.votes) > e.seats:
        return False, _("Phiếu bầu %(votes)s người, thừa so với số lượng cần bầu là %(seats)s (%(art)s).",
                         votes=len(ballot.votes), seats=e.seats, art=art)
    if e.with_surplus and not ballot.votes:
        return False, _("Phiếu không bầu ai trong danh sách có số dư (%(art)s).", art=art)
    if len(e.candidates) == 1 and ballot.agree is not None and not settings.single_name_unmarked_valid:
        (cid,) = known
        if (cid in ballot.agree) == (cid in ballot.disagree):
            return False, _("Danh sách một người: phải đánh dấu vào một trong hai ô (quy định chưa xác nhận).")
    if ballot.invalid_reason:
        return False, _("Ban kiểm phiếu xác định không hợp lệ: %(reason)s.", reason=ballot.invalid_reason)
    return True, _("Phiếu hợp lệ.")
