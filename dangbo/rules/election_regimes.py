"""The two election regimes (QĐ 244, 2014, and QĐ 190, 2024: rules.md §2, §2A) with every rule's source, the
bodies elected, and the unconfirmed settings (quorum, ties) passed per congress. Pure Python."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from .membership import CHARTER_2011
from .sources import CONFIRMED, PARTLY_CONFIRMED, REGISTRY, SOFTWARE_DEFAULT, UNCONFIRMED, Document, Source, register
from .text import format_date, gettext_noop

QD_244 = "Quyết định 244-QĐ/TW ngày 09/6/2014 (Quy chế bầu cử trong Đảng)"
QD_190 = "Quyết định 190-QĐ/TW ngày 10/10/2024 (Quy chế bầu cử trong Đảng)"
HD_04_2024 = "Hướng dẫn 04-HD/TW ngày 31/12/2024"
CHARTER = CHARTER_2011.title
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

COUNTING_TEMPLATES = Document("Mẫu biên bản kiểm phiếu (đại hội chi bộ, đảng bộ)", None)

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

for _key, (_title, _from, _to) in _PER_REGIME.items():
    _thr, _bal, _sur, _del = _ARTICLES[_key]
    _doc = Document(_title, _from, _to)
    _doc.rule(
        f"elections.{_key}.threshold",
        confidence=CONFIRMED,
        clause=f"{_thr}: người trúng cử phải đạt số phiếu bầu quá một nửa so với tổng số đảng viên chính thức (đại "
        "biểu chính thức) được triệu tập, trừ số vắng mặt được loại trừ; kết quả tính trên số phiếu hợp lệ",
        note="Trúng cử ⇔ số phiếu × 2 > cơ sở; đúng một nửa là không trúng cử.",
        url=URL_RESULT_190,
    )
    _doc.rule(
        f"elections.{_key}.ballot_validity",
        confidence=PARTLY_CONFIRMED,
        clause=f"{_bal}: phiếu hợp lệ là phiếu do ban kiểm phiếu phát ra, bầu đủ hoặc thiếu số lượng cần bầu; "
        "không hợp lệ: không do ban kiểm phiếu phát ra, bầu thừa số lượng, không bầu ai trong danh sách có số dư",
        note="The invalid list is cut off in the source after three cases; other reasons are the board's "
        "documented decision. " + ("" if _key == "244" else "Whether 190 keeps the 244 wording is unconfirmed."),
        url=URL_BALLOTS_244,
    )
    _doc.rule(
        f"elections.{_key}.surplus",
        confidence=CONFIRMED if _key == "190" else PARTLY_CONFIRMED,
        clause=f"{_sur}: danh sách bầu cấp ủy, ban thường vụ phải nhiều hơn số lượng cần bầu; số dư không quá 30% "
        "số lượng cần bầu; người tự ứng cử, được đề cử tại đại hội phải được hơn 30% số đại biểu (đảng viên) dự "
        "đại hội đồng ý giới thiệu",
        note=""
        if _key == "190"
        else "Quoted for 190 Điều 14; 244 Điều 16 assumed the same (HD 03 2020 worked example uses 30%).",
        url=URL_SURPLUS_190,
    )
    _doc.rule(
        f"elections.{_key}.delegates",
        confidence=PARTLY_CONFIRMED,
        clause=f"{_del}: danh sách bầu đại biểu chính thức và dự khuyết lập chung một danh sách; bầu đại biểu "
        "chính thức trước, số còn lại bầu đại biểu dự khuyết; bầu lần thứ nhất chưa đủ thì bầu tiếp",
        note="The clause is cut off before saying what happens to candidates above half once the official seats "
        "are filled; alternates ranked by votes is our reading.",
        url=URL_DELEGATES_190 if _key == "190" else URL_DELEGATES_244,
    )

CHARTER_2011.rule(
    "elections.chi_bo_under_nine",
    confidence=CONFIRMED,
    clause="Điều 24: chi bộ có dưới chín đảng viên chính thức, bầu bí thư chi bộ; nếu cần, bầu phó bí thư; "
    "chín đảng viên chính thức trở lên thì bầu chi ủy",
    note="Members exempted from activities count in the nine.",
    url="https://daihoi13.dangcongsan.vn/hoi-dap/quy-dinh-ve-viec-bau-chi-uy-tai-dai-hoi-chi-bo-698",
)
QD190_2024 = Document(QD_190, D190_FROM)
QD190_2024.rule(
    "elections.counting_board",
    confidence=CONFIRMED,
    clause="Điều 8: thành viên ban kiểm phiếu là người không có tên trong danh sách bầu cử",
    note="Applied to 244 congresses too.",
    url="https://hethongphapluat.com/quyet-dinh-190-qd-tw-nam-2024-ve-quy-che-bau-cu-trong-dang-do-ban-chap-"
    "hanh-trung-uong-ban-hanh/dieu-8",
)
COUNTING_TEMPLATES.rule(
    "elections.name_order",
    confidence=PARTLY_CONFIRMED,
    clause="Danh sách bầu cử xếp theo thứ tự tên người theo vần A, B, C",
    note="Templates only; no Quy chế clause found. Order is text.name_sort_key (given name first).",
    url=URL_TEMPLATES,
)
COUNTING_TEMPLATES.rule(
    "elections.most_votes_first",
    confidence=PARTLY_CONFIRMED,
    clause="Người trúng cử xếp theo thứ tự số phiếu bầu từ cao đến thấp, vừa đủ số lượng cần bầu và có "
    "tỷ lệ quá bán",
    note="Standard practice shown in the templates; the exact Quy chế sentence is unconfirmed.",
    url=URL_TEMPLATES,
)
QD190_2024.rule(
    "elections.committee_surplus",
    confidence=CONFIRMED,
    clause="Điều 14: cấp ủy triệu tập đại hội chuẩn bị danh sách bầu cử cấp ủy, ban thường vụ có số dư từ "
    "10%-15% so với số lượng cần bầu",
    note="Advisory in dangbo (a finding, never a block): how 10% and 15% round for small committees is "
    "unconfirmed (rules.md 2A.8); we accept any whole number of names between the two, rounding outward.",
    url=URL_SURPLUS_190,
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
SOFTWARE_DEFAULT.rule(
    "elections.tie_rule",
    confidence=UNCONFIRMED,
    clause="Nhiều người bằng phiếu ở suất cuối: không ai trong số đó trúng cử suất đó; đại hội quyết định "
    "bầu tiếp trong số những người bằng phiếu",
    note="No Party tie rule found; the state rule (older person wins) must not be used. A setting.",
)
SOFTWARE_DEFAULT.rule(
    "elections.next_round",
    confidence=UNCONFIRMED,
    clause="Bầu chưa đủ số lượng: vòng sau bầu số còn thiếu trong số những người chưa trúng cử của danh "
    "sách; đại hội quyết định có bầu tiếp và có bổ sung danh sách hay không",
    note="Confirmed only for delegates (244 Điều 20.2); the cấp ủy wording under 190 is unconfirmed.",
)
register(
    "elections.conference_base",
    Source(
        document="Quy định 24-QĐ/TW (2021), điểm 9.3.3 (trích không đầy đủ); Điều 30 QĐ 190 phần hội nghị chưa "
        "xác nhận",
        clause="Bầu ban thường vụ, bí thư, phó bí thư, ủy ban kiểm tra tại hội nghị cấp ủy: cơ sở tính kết quả là "
        "số cấp ủy viên khóa mới được triệu tập, trừ số được trừ (đình chỉ, bị truy tố, tạm giam, vắng cả hội "
        "nghị có lý do được chấp nhận)",
        valid_from=None,
        valid_to=None,
        confidence=UNCONFIRMED,
        note="rules.md 2A.3: the source is cut at 'the total number of incum…'. Chosen per election; the "
        "exclusions are entered by the board.",
    ),
)
SOFTWARE_DEFAULT.rule(
    "elections.quorum",
    confidence=UNCONFIRMED,
    clause="Không có tỷ lệ có mặt tối thiểu; nếu đặt (ví dụ 2/3) thì chỉ nêu để xem xét, không chặn việc "
    "kiểm phiếu",
    note="No Party quorum rule found (rules.md 2A.7). A setting, default none.",
)
QD294 = Document("Quy định 294-QĐ/TW ngày 26/5/2025 (thi hành Điều lệ Đảng)", date(2025, 5, 26))
QD294.rule(
    "elections.chi_bo_secretary_third_round",
    confidence=CONFIRMED,
    clause="Chi bộ bầu bí thư đến lần thứ ba mà không có đồng chí nào trúng cử thì cấp ủy cấp trên trực tiếp chỉ "
    "định bí thư chi bộ; không bầu lần thứ tư",
    note="rules-2025-2026.md §2.7 (copy of 294); the same rule in QĐ 29 (2016) and QĐ 24 (2021) Mục 22, applied "
    "to earlier chi bộ congresses too.",
)
register(
    "elections.committee_short",
    Source(
        document="Hướng dẫn 01-HD/TW năm 2016, điểm 15.1",
        clause="Bầu không đủ số cấp ủy viên cần để bầu ban thường vụ: cấp ủy cấp trên chỉ đạo củng cố, xem xét chỉ "
        "định bổ sung cấp ủy viên để có đủ điều kiện bầu ban thường vụ",
        valid_from=None,
        valid_to=None,
        confidence=PARTLY_CONFIRMED,
        note="rules.md 2A.4: confirmed for the 2016 guidance (xã, phường đảng ủy); the 2021/2025 wording is "
        "unconfirmed. A finding before the ban thường vụ election, never a block.",
        url="http://camau.dcs.vn/chi-tiet-hoi-dap-27",
    ),
)
register(
    "elections.planned_not_elected",
    Source(
        document="Hỏi đáp đại hội 2025 (Báo Thái Nguyên)",
        clause="Người được phương án nhân sự dự kiến làm bí thư, phó bí thư (chủ nhiệm ủy ban kiểm tra) không trúng "
        "cử: tạm dừng việc bầu cử, báo cáo xin ý kiến chỉ đạo của ban thường vụ cấp ủy cấp trên trực tiếp",
        valid_from=None,
        valid_to=None,
        confidence=PARTLY_CONFIRMED,
        note="rules.md 2A.4: official provincial Q&A; the base document is not named.",
        url="https://baothainguyen.vn/dhd/hoi-dap/202503/thuc-hien-bau-cu-trong-dai-hoi-nhu-the-nao-61f1160",
    ),
)
SOFTWARE_DEFAULT.rule(
    "elections.delegates_over_half",
    confidence=UNCONFIRMED,
    clause="Bầu đại biểu chính thức đã đủ mà còn người có số phiếu quá một nửa: đoàn chủ tịch xem xét, quyết định "
    "(mặc định không tự tính là đại biểu dự khuyết)",
    note="Điều 18 (190) is cut off before its consequence (rules.md 2A.5). A setting "
    "(over_half_delegates_alternate), default: a finding for the presidium.",
    url=URL_DELEGATES_190,
)
SOFTWARE_DEFAULT.rule(
    "elections.single_name_unmarked",
    confidence=UNCONFIRMED,
    clause="Danh sách một người: đánh dấu cả hai ô hoặc không đánh dấu ô nào là phiếu không hợp lệ",
    note="244 Điều 17.2 says to tick one of the two boxes; the consequence is cut off. A setting.",
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
# Plain Vietnamese (file matching, documents); marked for the catalogue, read as Text(...) on pages.
BODY_LABELS = {
    CAP_UY: gettext_noop("Ban Chấp hành (cấp ủy)"),
    CHI_UY: gettext_noop("Chi ủy"),
    BAN_THUONG_VU: gettext_noop("Ban Thường vụ"),
    BI_THU: gettext_noop("Bí thư"),
    PHO_BI_THU: gettext_noop("Phó Bí thư"),
    UY_BAN_KIEM_TRA: gettext_noop("Ủy ban kiểm tra"),
    CHU_NHIEM_UBKT: gettext_noop("Chủ nhiệm Ủy ban kiểm tra"),
    DAI_BIEU: gettext_noop("Đại biểu dự đại hội cấp trên"),
}
# Bodies whose list must be longer than the seats, by at most 30% (Điều 14.1, 190).
SURPLUS_BODIES = frozenset({CAP_UY, CHI_UY, BAN_THUONG_VU})
# Bodies the new committee elects at its first conference rather than the congress (a chi bộ congress may
# elect its bí thư and phó bí thư directly: rules.md §2.10).
CONFERENCE_BODIES = frozenset({BAN_THUONG_VU, BI_THU, PHO_BI_THU, UY_BAN_KIEM_TRA, CHU_NHIEM_UBKT})

TIE_NEXT_ROUND = "next_round"  # another round among the tied candidates (default)
TIE_CONGRESS_DECIDES = "congress_decides"  # report the tie, prepare nothing


@dataclass(frozen=True)
class ElectionSettings:
    """The unconfirmed rules, as settings with defaults (each names its registry key)."""

    quorum: Fraction | None = None  # elections.quorum
    tie_rule: str = TIE_NEXT_ROUND  # elections.tie_rule
    small_body_max_surplus: int | None = 1  # elections.surplus_small_body (3–5 seats)
    single_name_unmarked_valid: bool = False  # elections.single_name_unmarked
    over_half_delegates_alternate: bool = False  # elections.delegates_over_half

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
