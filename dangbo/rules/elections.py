"""Party elections (rules.md §2, §2A): regimes, candidate lists, ballot validity, counting, delegations.

Pure Python. The counting engine is shared by the web app and `dangbo election count`.
Elected ⇔ votes × 2 > base, where base = convened official members (or delegates) minus the exclusions
(QĐ 190 Điều 30, QĐ 244 Điều 32); never the valid ballots. Percentages are of the base and informational.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from fractions import Fraction

from .membership import ERROR, FINDING, Finding
from .sources import CONFIRMED, PARTLY_CONFIRMED, REGISTRY, UNCONFIRMED, Source, register, sourced
from .text import format_date, format_percent, vietnamese_sorted

__all__ = [
    "BAN_THUONG_VU", "BI_THU", "CAP_UY", "CHI_UY", "CHU_NHIEM_UBKT", "DAI_BIEU", "ERROR", "FINDING",
    "PHO_BI_THU", "UY_BAN_KIEM_TRA", "Ballot", "Candidate", "CandidateResult", "Delegation", "Election",
    "ElectionRegime", "ElectionSettings", "Finding", "Result", "ballot_validity", "check_attendance",
    "check_candidates", "check_committee_surplus", "count", "delegates", "max_surplus", "ordered_candidates",
    "percent_of_base", "regime_for",
]  # fmt: skip

QD_244 = "Quyết định 244-QĐ/TW ngày 09/6/2014 (Quy chế bầu cử trong Đảng)"
QD_190 = "Quyết định 190-QĐ/TW ngày 10/10/2024 (Quy chế bầu cử trong Đảng)"
HD_04_2024 = "Hướng dẫn 04-HD/TW ngày 31/12/2024"
CHARTER = "Điều lệ Đảng Cộng sản Việt Nam (2011)"
D244_FROM, D244_TO, D190_FROM = date(2014, 6, 9), date(2024, 10, 9), date(2024, 10, 10)

URL_RESULT_190 = (
    "https://phapluat.suckhoedoisong.vn/huong-dan-tinh-ket-qua-bau-cu-trong-dang-theo-quyet-dinh-190-qd-tw-nam-"
    "2024-104977.html"
)
URL_BALLOTS_244 = (
    "https://lawnet.vn/en/laws/phan-biet-phieu-bau-cu-hop-le-va-phieu-bau-cu-khong-hop-le-trong-viec-bau-cu-dang-"
    "cong-san-viet-nam-18577.html"
)
URL_SURPLUS_190 = (
    "https://baobackan.vn/quy-dinh-ve-so-du-danh-sach-va-phieu-bau-cu-theo-quyet-dinh-moi-ve-quy-che-bau-cu-"
    "trong-dang-post66998.html"
)
URL_SMALL_BODY = (
    "https://baothainguyen.vn/dhd/hoi-dap/202503/so-du-doi-voi-nhung-noi-co-so-luong-ban-chap-hanh-ban-thuong-"
    "vu-tu-3-5-uy-vien-duoc-thuc-hien-nhu-the-nao-dca1127"
)
URL_DELEGATES_190 = (
    "https://thuvienphapluat.vn/tintuc/vn/ho-tro-phap-luat/chinh-sach-moi/78421/Nhung-truong-hop-khong-trieu-"
    "tap-du-dai-hoi-dang-bo-cap-tren-theo-Huong-dan-04-HD-TW"
)
URL_DELEGATES_244 = (
    "http://dangcongsan.vn/tien-toi-dai-hoi-dang-bo-cac-cap-va-dai-hoi-xiii-cua-dang/chuyen-muc-hoi-dap/dai-hoi-"
    "co-bieu-quyet-so-luong-dai-bieu-di-du-dai-hoi-cap-tren-khong-555570.html"
)
URL_TEMPLATES = (
    "https://123doc.top/document/11336936-bien-ban-kiem-phieu-bau-bi-thu-chi-bo-dang-bo-5-mau-bien-ban-kiem-"
    "phieu-dai-hoi-chi-bo.htm"
)

# --- the two regimes: rules whose article number differs ---------------------------------------------

_PER_REGIME = {
    "244": (QD_244, D244_FROM, D244_TO),
    "190": (QD_190, D190_FROM, None),
}
_ARTICLES = {
    #            threshold          ballots                    surplus           delegates
    "244": ("Điều 32", "Điều 17", "Điều 16", "Điều 20"),
    "190": ("Điều 30", "Điều 15", "Điều 14", "Điều 18"),
}

for _key, (_doc, _from, _to) in _PER_REGIME.items():
    _thr, _bal, _sur, _del = _ARTICLES[_key]
    register(
        f"elections.{_key}.threshold",
        Source(
            document=_doc,
            clause=f"{_thr}: người trúng cử phải đạt số phiếu bầu quá một nửa so với tổng số đảng viên chính "
            "thức (đại biểu chính thức) được triệu tập, trừ số vắng mặt được loại trừ; kết quả tính trên số "
            "phiếu hợp lệ",
            valid_from=_from,
            valid_to=_to,
            confidence=CONFIRMED,
            note="Trúng cử ⇔ số phiếu × 2 > cơ sở; đúng một nửa là không trúng cử.",
            url=URL_RESULT_190,
        ),
    )
    register(
        f"elections.{_key}.ballot_validity",
        Source(
            document=_doc,
            clause=f"{_bal}: phiếu hợp lệ là phiếu do ban kiểm phiếu phát ra, bầu đủ hoặc thiếu số lượng cần "
            "bầu; không hợp lệ: không do ban kiểm phiếu phát ra, bầu thừa số lượng, không bầu ai trong danh "
            "sách có số dư",
            valid_from=_from,
            valid_to=_to,
            confidence=PARTLY_CONFIRMED,
            note="The invalid list is cut off in the source after three cases; other reasons are the board's "
            "documented decision. " + ("" if _key == "244" else "Whether 190 keeps the 244 wording is unconfirmed."),
            url=URL_BALLOTS_244,
        ),
    )
    register(
        f"elections.{_key}.surplus",
        Source(
            document=_doc,
            clause=f"{_sur}: danh sách bầu cấp ủy, ban thường vụ phải nhiều hơn số lượng cần bầu; số dư không "
            "quá 30% số lượng cần bầu; người tự ứng cử, được đề cử tại đại hội phải được hơn 30% số đại biểu "
            "(đảng viên) dự đại hội đồng ý giới thiệu",
            valid_from=_from,
            valid_to=_to,
            confidence=CONFIRMED if _key == "190" else PARTLY_CONFIRMED,
            note=""
            if _key == "190"
            else "Quoted for 190 Điều 14; 244 Điều 16 assumed the same (HD 03 2020 worked example uses 30%).",
            url=URL_SURPLUS_190,
        ),
    )
    register(
        f"elections.{_key}.delegates",
        Source(
            document=_doc,
            clause=f"{_del}: danh sách bầu đại biểu chính thức và dự khuyết lập chung một danh sách; bầu đại "
            "biểu chính thức trước, số còn lại bầu đại biểu dự khuyết; bầu lần thứ nhất chưa đủ thì bầu tiếp",
            valid_from=_from,
            valid_to=_to,
            confidence=PARTLY_CONFIRMED,
            note="The clause is cut off before saying what happens to candidates above half once the official "
            "seats are filled; alternates ranked by votes is our reading.",
            url=URL_DELEGATES_190 if _key == "190" else URL_DELEGATES_244,
        ),
    )

register(
    "elections.chi_bo_under_nine",
    Source(
        document=CHARTER,
        clause="Điều 24: chi bộ có dưới chín đảng viên chính thức, bầu bí thư chi bộ; nếu cần, bầu phó bí thư; "
        "chín đảng viên chính thức trở lên thì bầu chi ủy",
        valid_from=date(2011, 1, 19),
        valid_to=None,
        confidence=CONFIRMED,
        note="Members exempted from activities count in the nine.",
        url="https://daihoi13.dangcongsan.vn/hoi-dap/quy-dinh-ve-viec-bau-chi-uy-tai-dai-hoi-chi-bo-698",
    ),
)
register(
    "elections.counting_board",
    Source(
        document=QD_190,
        clause="Điều 8: thành viên ban kiểm phiếu là người không có tên trong danh sách bầu cử",
        valid_from=D190_FROM,
        valid_to=None,
        confidence=CONFIRMED,
        note="Applied to 244 congresses too.",
        url="https://hethongphapluat.com/quyet-dinh-190-qd-tw-nam-2024-ve-quy-che-bau-cu-trong-dang-do-ban-chap-"
        "hanh-trung-uong-ban-hanh/dieu-8",
    ),
)
register(
    "elections.name_order",
    Source(
        document="Mẫu biên bản kiểm phiếu (đại hội chi bộ, đảng bộ)",
        clause="Danh sách bầu cử xếp theo thứ tự tên người theo vần A, B, C",
        valid_from=None,
        valid_to=None,
        confidence=PARTLY_CONFIRMED,
        note="Templates only; no Quy chế clause found. Order is text.name_sort_key (given name first).",
        url=URL_TEMPLATES,
    ),
)
register(
    "elections.most_votes_first",
    Source(
        document="Mẫu biên bản kiểm phiếu (đại hội chi bộ, đảng bộ)",
        clause="Người trúng cử xếp theo thứ tự số phiếu bầu từ cao đến thấp, vừa đủ số lượng cần bầu và có "
        "tỷ lệ quá bán",
        valid_from=None,
        valid_to=None,
        confidence=PARTLY_CONFIRMED,
        note="Standard practice shown in the templates; the exact Quy chế sentence is unconfirmed.",
        url=URL_TEMPLATES,
    ),
)
register(
    "elections.committee_surplus",
    Source(
        document=QD_190,
        clause="Điều 14: cấp ủy triệu tập đại hội chuẩn bị danh sách bầu cử cấp ủy, ban thường vụ có số dư từ "
        "10%-15% so với số lượng cần bầu",
        valid_from=D190_FROM,
        valid_to=None,
        confidence=CONFIRMED,
        note="Advisory in dangbo (a finding, never a block): how 10% and 15% round for small committees is "
        "unconfirmed (rules.md 2A.8); we accept any whole number of names between the two, rounding outward.",
        url=URL_SURPLUS_190,
    ),
)
register(
    "elections.surplus_rounding",
    Source(
        document="Cách tính của phần mềm (suy ra từ Điều 14 QĐ 190)",
        clause="Số dư không quá 30%: so sánh số dư × 10 ≤ số lượng cần bầu × 3 (tức là làm tròn xuống)",
        valid_from=None,
        valid_to=None,
        confidence=UNCONFIRMED,
        note="Derived: no official example with a fractional 30% was found (8 seats: 2; 9: 2; 10: 3).",
    ),
)
register(
    "elections.surplus_small_body",
    Source(
        document="Hỏi đáp đại hội 2025 (Báo Thái Nguyên)",
        clause="Cấp ủy, ban thường vụ có 3–5 ủy viên: số dư tối đa là 1 người",
        valid_from=None,
        valid_to=None,
        confidence=PARTLY_CONFIRMED,
        note="Official provincial Q&A; base document not named. A setting (small_body_max_surplus); we also "
        "apply it to 1–2 seats, where 30% rounds to 0 but the list must still be longer than the seats.",
        url=URL_SMALL_BODY,
    ),
)
register(
    "elections.tie_rule",
    Source(
        document="Mặc định của phần mềm",
        clause="Nhiều người bằng phiếu ở suất cuối: không ai trong số đó trúng cử suất đó; đại hội quyết định "
        "bầu tiếp trong số những người bằng phiếu",
        valid_from=None,
        valid_to=None,
        confidence=UNCONFIRMED,
        note="No Party tie rule found; the state rule (older person wins) must not be used. A setting.",
    ),
)
register(
    "elections.next_round",
    Source(
        document="Mặc định của phần mềm",
        clause="Bầu chưa đủ số lượng: vòng sau bầu số còn thiếu trong số những người chưa trúng cử của danh "
        "sách; đại hội quyết định có bầu tiếp và có bổ sung danh sách hay không",
        valid_from=None,
        valid_to=None,
        confidence=UNCONFIRMED,
        note="Confirmed only for delegates (244 Điều 20.2); the cấp ủy wording under 190 is unconfirmed.",
    ),
)
register(
    "elections.quorum",
    Source(
        document="Mặc định của phần mềm",
        clause="Không có tỷ lệ có mặt tối thiểu; nếu đặt (ví dụ 2/3) thì chỉ nêu để xem xét, không chặn việc "
        "kiểm phiếu",
        valid_from=None,
        valid_to=None,
        confidence=UNCONFIRMED,
        note="No Party quorum rule found (rules.md 2A.7). A setting, default none.",
    ),
)
register(
    "elections.single_name_unmarked",
    Source(
        document="Mặc định của phần mềm",
        clause="Danh sách một người: đánh dấu cả hai ô hoặc không đánh dấu ô nào là phiếu không hợp lệ",
        valid_from=None,
        valid_to=None,
        confidence=UNCONFIRMED,
        note="244 Điều 17.2 says to tick one of the two boxes; the consequence is cut off. A setting.",
    ),
)

# --- bodies ------------------------------------------------------------------------------------------

CAP_UY = "cap_uy"
CHI_UY = "chi_uy"
BAN_THUONG_VU = "ban_thuong_vu"
BI_THU = "bi_thu"
PHO_BI_THU = "pho_bi_thu"
UY_BAN_KIEM_TRA = "uy_ban_kiem_tra"
CHU_NHIEM_UBKT = "chu_nhiem_ubkt"
DAI_BIEU = "dai_bieu"
BODY_LABELS = {
    CAP_UY: "Ban Chấp hành (cấp ủy)",
    CHI_UY: "Chi ủy",
    BAN_THUONG_VU: "Ban Thường vụ",
    BI_THU: "Bí thư",
    PHO_BI_THU: "Phó Bí thư",
    UY_BAN_KIEM_TRA: "Ủy ban kiểm tra",
    CHU_NHIEM_UBKT: "Chủ nhiệm Ủy ban kiểm tra",
    DAI_BIEU: "Đại biểu dự đại hội cấp trên",
}
# Bodies whose list must be longer than the seats, by at most 30% (Điều 14.1, 190).
SURPLUS_BODIES = frozenset({CAP_UY, CHI_UY, BAN_THUONG_VU})

TIE_NEXT_ROUND = "next_round"  # another round among the tied candidates (default)
TIE_CONGRESS_DECIDES = "congress_decides"  # report the tie, prepare nothing


@dataclass(frozen=True)
class ElectionSettings:
    """The unconfirmed rules, as settings with defaults (each names its registry key)."""

    quorum: Fraction | None = None  # elections.quorum
    tie_rule: str = TIE_NEXT_ROUND  # elections.tie_rule
    small_body_max_surplus: int | None = 1  # elections.surplus_small_body (3–5 seats)
    single_name_unmarked_valid: bool = False  # elections.single_name_unmarked

    def __post_init__(self) -> None:
        if self.tie_rule not in (TIE_NEXT_ROUND, TIE_CONGRESS_DECIDES):
            raise ValueError(f"unknown tie rule {self.tie_rule!r}")


DEFAULT_SETTINGS = ElectionSettings()


@dataclass(frozen=True)
class ElectionRegime:
    key: str  # "244" or "190"
    document: str
    guidance: str
    valid_from: date
    valid_to: date | None
    threshold: Source
    ballot_validity: Source
    surplus: Source
    delegates: Source

    @property
    def label(self) -> str:
        """Short citation: "QĐ 190-QĐ/TW"."""
        return f"QĐ {self.key}-QĐ/TW"


_REGIMES = {
    k: ElectionRegime(
        key=k,
        document=doc,
        guidance=("Hướng dẫn 04-HD/TW ngày 06/10/2014; từ 20/3/2020 Hướng dẫn 03-HD/TW" if k == "244" else HD_04_2024),
        valid_from=start,
        valid_to=end,
        threshold=REGISTRY[f"elections.{k}.threshold"],
        ballot_validity=REGISTRY[f"elections.{k}.ballot_validity"],
        surplus=REGISTRY[f"elections.{k}.surplus"],
        delegates=REGISTRY[f"elections.{k}.delegates"],
    )
    for k, (doc, start, end) in _PER_REGIME.items()
}


def regime_for(on: date) -> ElectionRegime:
    """The Quy chế in force on `on`: QĐ 244 until 09/10/2024, QĐ 190 from 10/10/2024."""
    if on >= D190_FROM:
        return _REGIMES["190"]
    if on >= D244_FROM:
        return _REGIMES["244"]
    raise ValueError(f"Chưa có quy chế bầu cử cho ngày {format_date(on)} (trước QĐ 244-QĐ/TW ngày 09/6/2014).")


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
        return len(self.candidates) > self.seats

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
                "too_few_candidates", "candidates", f"Danh sách có {n} người, ít hơn số lượng cần bầu ({seats}).", ERROR
            )
        )
    surplus = n - seats
    if surplus > 0 and not e.surplus_allowed:
        out.append(
            Finding(
                "surplus_not_allowed",
                "candidates",
                f"Danh sách dư {surplus} người nhưng cuộc bầu này không có số dư.",
                ERROR,
            )
        )
    if e.body in SURPLUS_BODIES:
        art = reg.surplus.clause.split(":")[0]
        if surplus <= 0 and e.surplus_allowed:
            out.append(
                Finding(
                    "surplus_missing",
                    "candidates",
                    f"Danh sách bầu {BODY_LABELS[e.body].lower()} phải nhiều hơn số lượng cần bầu "
                    f"({art}, {reg.label}).",
                    ERROR,
                )
            )
        cap = max_surplus(seats, settings)
        if surplus > cap:
            pct = percent_text(percent_of_base(surplus, seats))
            out.append(
                Finding(
                    "surplus_over_30",
                    "candidates",
                    f"Số dư {surplus} người ({pct}) vượt mức tối đa {cap} người (không quá 30% "
                    f"số lượng cần bầu, {art}, {reg.label}); cần lấy phiếu xin ý kiến để rút "
                    "bớt danh sách.",
                    ERROR,
                )
            )
    if e.body in (CHI_UY, BAN_THUONG_VU) and e.official_members is not None and e.official_members < 9:
        out.append(
            Finding(
                "chi_bo_under_nine",
                "body",
                f"Chi bộ có {e.official_members} đảng viên chính thức (dưới 9): chỉ bầu bí thư và, "
                "nếu cần, phó bí thư; không bầu chi ủy (Điều lệ Đảng, Điều 24).",
                ERROR,
            )
        )
    on_board = [c for c in e.candidates if c.id in e.counting_board]
    for c in ordered_candidates(on_board):
        out.append(
            Finding(
                "counting_board_candidate",
                "candidates",
                f"Đồng chí {c.name} có tên trong danh sách bầu cử nên không được là thành viên "
                "ban kiểm phiếu (Điều 8, QĐ 190-QĐ/TW).",
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
                    f"Cần số có mặt để xét đề cử tại đại hội của đồng chí {c.name}.",
                    FINDING,
                )
            )
        elif c.floor_approvals * 10 <= e.present * 3:
            out.append(
                Finding(
                    "floor_nomination_under_30",
                    "candidates",
                    f"Đồng chí {c.name} được {c.floor_approvals}/{e.present} người dự đồng ý giới "
                    "thiệu, chưa hơn 30% nên không đưa vào danh sách bầu cử.",
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
    surplus = committee_names - e.seats
    low, high = e.seats // 10, -(-e.seats * 15 // 100)
    if low <= surplus <= high and surplus > 0:
        return []
    return [
        Finding(
            "committee_surplus_10_15",
            "candidates",
            f"Danh sách do cấp ủy chuẩn bị có {committee_names} người cho {e.seats} vị trí (dư {surplus}); "
            f"hướng dẫn là dư từ 10% đến 15% (khoảng {max(low, 1)}–{max(high, 1)} người; Điều 14, QĐ 190-QĐ/TW).",
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
                f"Có mặt {e.present}/{e.base}, dưới tỷ lệ {settings.quorum} đã đặt (quy định về số "
                "có mặt tối thiểu chưa được xác nhận).",
                FINDING,
            )
        ]
    return []


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
        return False, f"Phiếu không do ban kiểm phiếu phát ra ({art})."
    if len(ballot.votes) > e.seats:
        return False, f"Phiếu bầu {len(ballot.votes)} người, thừa so với số lượng cần bầu là {e.seats} ({art})."
    if e.with_surplus and not ballot.votes:
        return False, f"Phiếu không bầu ai trong danh sách có số dư ({art})."
    if len(e.candidates) == 1 and ballot.agree is not None and not settings.single_name_unmarked_valid:
        (cid,) = known
        if (cid in ballot.agree) == (cid in ballot.disagree):
            return False, "Danh sách một người: phải đánh dấu vào một trong hai ô (quy định chưa xác nhận)."
    if ballot.invalid_reason:
        return False, f"Ban kiểm phiếu xác định không hợp lệ: {ballot.invalid_reason}."
    return True, "Phiếu hợp lệ."


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
                f"Số phiếu của ban kiểm phiếu thu về ({from_board}) nhiều hơn số phiếu phát ra ({issued}).",
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
) -> Result:
    """The same result from per-candidate totals counted by hand."""
    if any(v < 0 or v > valid for v in totals.values()):
        raise ValueError("Số phiếu của một người phải từ 0 đến số phiếu hợp lệ.")
    unknown = set(totals) - {c.id for c in election.candidates}
    if unknown:
        raise ValueError(f"Mã người không có trong danh sách: {', '.join(sorted(unknown))}")
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
    if tied:
        names = ", ".join(c.name for c in ordered_candidates(tied))
        messages.append(
            f"{len(tied)} người bằng phiếu ({tally[tied[0].id]} phiếu) ở suất cuối: {names}; "
            "không ai trong số đó trúng cử suất này (cách xử lý chưa được xác nhận, đại hội quyết "
            "định)."
        )
        if settings.tie_rule == TIE_NEXT_ROUND:
            next_round = ordered_candidates(tied)
            messages.append(f"Bầu tiếp {unfilled} người trong số những người bằng phiếu.")
    elif unfilled:
        messages.append(
            f"Mới bầu được {len(elected)}/{e.seats}; còn thiếu {unfilled} người. Đại hội quyết "
            "định có bầu tiếp hay không."
        )
        next_round = ordered_candidates(c for c in e.candidates if c.id not in elected_ids)
        if e.body == BI_THU and e.round >= 3:
            messages.append(
                "Đã bầu đến lần thứ ba mà không có người trúng cử bí thư chi bộ: cấp ủy cấp trên "
                "chỉ định (QĐ 24-QĐ/TW, Mục 22; quy định hiện hành chưa xác nhận)."
            )
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
def delegates(result: Result, official_seats: int, alternate_seats: int) -> Delegation:
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
    return Delegation(
        official=tuple(official),
        alternates=tuple(alternates),
        tie=tuple(tie),
        official_unfilled=official_seats - len(official),
        alternates_unfilled=alternate_seats - len(alternates),
    )
