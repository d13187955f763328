"""Yearly review and quality rating (rules.md §1 and §1A): dated regimes, who is rated, findings, quota.

Four regimes, by classification year:

* 2018: QĐ 132-QĐ/TW + HD 16-HD/BTCTW (HD 16's content is not in the research: its rules are the
  HD 21 rules applied as UNCONFIRMED fallbacks, advisory only);
* 2019–2022: QĐ 132-QĐ/TW + HD 21-HD/BTCTW;
* 2023–2024: QĐ 124-QĐ/TW + HD 25-HD/BTCTW;
* 2025 onwards: QĐ 366-QĐ/TW + HD 43-HD/BTCTW.

Every rule of a regime is a registered Source. A finding produced by a CONFIRMED or PARTLY CONFIRMED
rule is blocking (it holds the decision until fixed or overridden); one produced by an UNCONFIRMED rule
is advisory unless ``RatingSettings.enforce_unconfirmed`` is set. The app records fixes and overrides;
this module only computes.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import IntEnum
from fractions import Fraction

from .membership import add_months
from .sources import CONFIRMED, PARTLY_CONFIRMED, REGISTRY, UNCONFIRMED, Source, register
from .text import format_date

# --- levels ------------------------------------------------------------------------------------------


class Level(IntEnum):
    """The four levels (2018 onwards), ordered: a higher value is a better rating."""

    NOT_COMPLETED = 1
    COMPLETED = 2
    GOOD = 3
    EXCELLENT = 4

    @property
    def label(self) -> str:
        return LEVEL_LABELS[self]

    @property
    def short(self) -> str:
        """Abbreviation used in practice (not defined in any official text: display only)."""
        return LEVEL_SHORT[self]


LEVEL_LABELS = {
    Level.EXCELLENT: "Hoàn thành xuất sắc nhiệm vụ",
    Level.GOOD: "Hoàn thành tốt nhiệm vụ",
    Level.COMPLETED: "Hoàn thành nhiệm vụ",
    Level.NOT_COMPLETED: "Không hoàn thành nhiệm vụ",
}
LEVEL_SHORT = {
    Level.EXCELLENT: "HTXSNV",
    Level.GOOD: "HTTNV",
    Level.COMPLETED: "HTNV",
    Level.NOT_COMPLETED: "KHTNV",
}


class Discipline(IntEnum):
    """Forms of party discipline of a member, in increasing severity (Điều lệ Điều 35)."""

    KHIEN_TRACH = 1
    CANH_CAO = 2
    CACH_CHUC = 3
    KHAI_TRU = 4


# --- documents ---------------------------------------------------------------------------------------

QD132 = "Quy định 132-QĐ/TW ngày 08/3/2018 của Bộ Chính trị"
HD16 = "Hướng dẫn 16-HD/BTCTW ngày 24/9/2018 của Ban Tổ chức Trung ương"
HD21 = "Hướng dẫn 21-HD/BTCTW ngày 18/10/2019 của Ban Tổ chức Trung ương"
QD124 = "Quy định 124-QĐ/TW ngày 04/10/2023 của Bộ Chính trị"
HD25 = "Hướng dẫn 25-HD/BTCTW ngày 10/11/2023 của Ban Tổ chức Trung ương"
QD366 = "Quy định 366-QĐ/TW ngày 30/8/2025 của Bộ Chính trị"
HD43 = "Hướng dẫn 43-HD/BTCTW ngày 31/10/2025 của Ban Tổ chức Trung ương"

GH = "https://github.com/tnt305/tai_lieu_noi_bo/blob/94c5034af72cc7e5020694d06eceb126a103d48b/src/etl/dataset/"
URL_HD21_QUOTA = (
    "https://thuvienphapluat.vn/hoi-dap-phap-luat/4C187-hd-co-giay-khen-hoan-thanh-xuat-sac-nhiem-vu-co-"
    "duoc-coi-la-dang-vien-du-tu-cach-hoan-thanh-xuat-sac-nhiem-vu.html"
)
URL_HD21_ORG = (
    "https://thuvienphapluat.vn/phap-luat/dieu-kien-de-to-chuc-dang-duoc-danh-gia-xep-loai-chat-luong-o-"
    "muc-hoan-thanh-xuat-sac-nhiem-vu-la-g-127357-56271.html"
)
URL_HD21_EXEMPT = (
    "https://lawnet.vn/ngan-hang-phap-luat/tu-van-phap-luat/bo-may-hanh-chinh/dang-vien-du-bi-co-phai-viet-"
    "ban-kiem-diem-danh-gia-cuoi-nam-khong-356189"
)
URL_HD21_KHTNV = (
    "https://thuvienphapluat.vn/hoi-dap-phap-luat/iframe/4B9E1-hd-tieu-chuan-danh-gia-dang-vien-khong-hoan-"
    "thanh-nhiem-vu-tu-18-10-2019.html"
)
URL_HD21_LEADER = (
    "https://thuvienphapluat.vn/hoi-dap-phap-luat/iframe/4BA5B-hd-dang-vien-giu-chuc-vu-quan-ly-bi-ky-luat-"
    "canh-cao-thi-xep-loai-dang-vien-ra-sao.html"
)
URL_HD21_SELF = (
    "https://thuvienphapluat.vn/hoi-dap-phap-luat/iframe/4CA8C-hd-dang-vien-vang-mat-trong-cuoc-hop-danh-"
    "gia-xep-loai-chat-luong-co-duoc-xep-loai-khong.html"
)
URL_HD21_TEMP = (
    "https://nganhangphapluat.thukyluat.vn/tu-van-phap-luat/bo-may-hanh-chinh/dang-vien-sinh-hoat-tam-thoi-"
    "co-duoc-xet-danh-gia-dang-cuoi-nam-310324"
)
URL_QD124_KHTNV = (
    "https://xaydungchinhsach.chinhphu.vn/print/quy-dinh-124-qd-tw-cac-truong-hop-tap-the-ca-nhan-duoc-xep-"
    "loai-khong-hoan-thanh-nhiem-vu-119231009165620474.htm"
)
URL_QD124_LEVELS = (
    "https://lawnet.vn/laws/nhung-luu-y-trong-viec-xep-loai-dang-vien-la-gi-quy-trinh-danh-gia-xep-loai-"
    "dang-vien-theo-quy-dinh-414443-128359.html"
)
URL_QD366_EXCELLENT = (
    "http://tintuc.thuvienphapluat.com/ho-tro-phap-luat/tu-van-phap-luat/100238/ty-le-dang-vien-hoan-"
    "thanh-xuat-sac-nhiem-vu-nam-2025"
)

FALLBACK_NOTE = (
    "Quy tắc của HD 21 (2019–2022) dùng tạm cho năm này vì chưa tìm được văn bản trích dẫn; chỉ cảnh báo, "
    "không chặn quyết định (rules.md §1.6, §8)."
)


def _years(first: int, last: int | None) -> tuple[date, date | None]:
    return date(first, 1, 1), (date(last, 12, 31) if last else None)


def _src(document, clause, years, confidence, note="", url="") -> Source:
    start, end = years
    return Source(document, clause, start, end, confidence, note=note, url=url)


# --- settings ----------------------------------------------------------------------------------------

EXACTLY_GOOD = "exactly_good"  # denominator: those rated exactly Hoàn thành tốt (literal reading)
GOOD_OR_BETTER = "good_or_better"  # denominator: Hoàn thành tốt and above
FLOOR, HALF_UP, CEIL = "floor", "half_up", "ceil"

register(
    "ratings.quota_denominator",
    Source(
        "Tham số của phần mềm (mặc định)",
        "Mẫu số của tỷ lệ 20%: số được xếp loại đúng 'Hoàn thành tốt nhiệm vụ' (mặc định) hoặc từ 'Hoàn "
        "thành tốt nhiệm vụ' trở lên",
        None,
        None,
        UNCONFIRMED,
        note="rules.md §1.2: chưa rõ mẫu số; mặc định theo nghĩa đen 'số … được xếp loại Hoàn thành tốt'.",
    ),
)
register(
    "ratings.quota_rounding",
    Source(
        "Tham số của phần mềm (mặc định)",
        "Làm tròn số lượng tối đa 'Hoàn thành xuất sắc nhiệm vụ': làm tròn xuống (mặc định), làm tròn "
        "thông thường hoặc làm tròn lên",
        None,
        None,
        UNCONFIRMED,
        note="rules.md §1.2, §1A.2: chưa có văn bản nói cách làm tròn.",
    ),
)
register(
    "ratings.new_member_reference_date",
    Source(
        "Tham số của phần mềm (mặc định)",
        "'Mới kết nạp chưa đủ 06 tháng' tính từ ngày ghi trong quyết định kết nạp đến ngày xếp loại, theo "
        "tháng dương lịch; đủ đúng 6 tháng thì được xếp loại",
        None,
        None,
        UNCONFIRMED,
        note="Văn bản không nói rõ mốc tính (ngày quyết định hay ngày lễ kết nạp) và ngày đối chiếu; phần "
        "mềm nhận cả hai ngày từ người dùng.",
    ),
)


@dataclass(frozen=True)
class RatingSettings:
    """Unconfirmed parameters, with their defaults (set per organisation by the app)."""

    quota_denominator: str = EXACTLY_GOOD  # ratings.quota_denominator
    quota_rounding: str = FLOOR  # ratings.quota_rounding
    enforce_unconfirmed: bool = False  # make findings of UNCONFIRMED rules blocking

    def __post_init__(self) -> None:
        if self.quota_denominator not in (EXACTLY_GOOD, GOOD_OR_BETTER):
            raise ValueError(f"unknown quota denominator {self.quota_denominator!r}")
        if self.quota_rounding not in (FLOOR, HALF_UP, CEIL):
            raise ValueError(f"unknown quota rounding {self.quota_rounding!r}")


DEFAULT_SETTINGS = RatingSettings()


# --- regimes -----------------------------------------------------------------------------------------

NO_EXCEPTION = "none"  # discipline in the year always means Không hoàn thành
EXEMPT_IF_SELF_DETECTED = "exempt"  # QĐ 124: unless self-detected and remedied
DISCRETION_IF_SELF_DETECTED = "discretion"  # QĐ 366: the competent level may take it into account


@dataclass(frozen=True)
class RatingRegime:
    """Documents and parameters of one rating regime; `rules` maps a rule name to its registry key."""

    key: str
    first_year: int
    last_year: int | None
    regulation: str
    guideline: str
    rules: Mapping[str, str]
    quota_percent: int = 20
    quota_exception_percent: int | None = None  # QĐ 366: up to 25% for outstanding units
    quota_scope: str = ""
    new_member_months: int = 6
    new_org_months: int = 6
    new_members_do_self_review: bool = True
    sick_leave_cap_months: int | None = 3
    org_excellent_min_good: Fraction = Fraction(4, 5)
    discipline_exception: str = NO_EXCEPTION
    uses_scores: bool = False
    periods: tuple[str, ...] = ("year",)
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def documents(self) -> tuple[str, str]:
        return (self.regulation, self.guideline)

    @property
    def years_label(self) -> str:
        if self.last_year is None:
            return f"từ {self.first_year}"
        if self.last_year == self.first_year:
            return str(self.first_year)
        return f"{self.first_year}–{self.last_year}"

    def applies(self, rule: str) -> bool:
        return rule in self.rules

    def source(self, rule: str) -> Source:
        return REGISTRY[self.rules[rule]]

    def enforced(self, rule: str, settings: RatingSettings = DEFAULT_SETTINGS) -> bool:
        """Blocking if the rule's source is at least partly confirmed (or the settings say so)."""
        return self.source(rule).confidence != UNCONFIRMED or settings.enforce_unconfirmed

    def rule_sources(self) -> list[tuple[str, str, Source]]:
        """(rule, key, source) for every rule of the regime, for the "regime in force" page."""
        return [(rule, key, REGISTRY[key]) for rule, key in sorted(self.rules.items())]


def _register_regime(prefix: str, years: tuple[date, date | None], specs: dict) -> dict[str, str]:
    keys: dict[str, str] = {}
    for rule, (document, clause, confidence, *rest) in specs.items():
        note = rest[0] if rest else ""
        url = rest[1] if len(rest) > 1 else ""
        key = f"ratings.{prefix}.{rule}"
        register(key, _src(document, clause, years, confidence, note, url))
        keys[rule] = key
    keys["quota_denominator"] = "ratings.quota_denominator"
    keys["quota_rounding"] = "ratings.quota_rounding"
    keys["new_member_reference_date"] = "ratings.new_member_reference_date"
    return keys


# Clauses quoted from HD 21 (CONFIRMED for 2019–2022), reused as fallbacks elsewhere.
C_LEVELS = (
    "4 mức: Hoàn thành xuất sắc nhiệm vụ; Hoàn thành tốt nhiệm vụ; Hoàn thành nhiệm vụ; Không hoàn thành "
    "nhiệm vụ"
)
C_EXEMPT = (
    "Không đánh giá, xếp loại đảng viên được miễn công tác và sinh hoạt đảng, đảng viên bị đình chỉ sinh "
    "hoạt đảng (cấp ủy viên chỉ bị đình chỉ sinh hoạt cấp ủy vẫn kiểm điểm, xếp loại)"
)
C_NEW_MEMBER = (
    "Không đánh giá, xếp loại đảng viên mới kết nạp chưa đủ 06 tháng, nhưng vẫn phải kiểm điểm"
)
C_NEW_ORG = "Không đánh giá, xếp loại tổ chức đảng mới thành lập chưa đủ 06 tháng, nhưng vẫn phải kiểm điểm"
C_SELF_REVIEW = "Tập thể, cá nhân phải hoàn thành việc kiểm điểm mới được đánh giá, xếp loại chất lượng"
C_DISCIPLINE = (
    "Không hoàn thành nhiệm vụ: đảng viên bị thi hành kỷ luật trong năm (một vi phạm bị xử lý kỷ luật chỉ "
    "tính một lần khi xếp loại)"
)
C_DEGRADATION = "Không hoàn thành nhiệm vụ: có kết luận suy thoái về tư tưởng chính trị, đạo đức, lối sống"
C_SICK = (
    "Đảng viên nghỉ ốm tổng thời gian trong năm từ 03 tháng trở lên thì không xếp loại đạt mức 'Hoàn thành "
    "tốt nhiệm vụ' trở lên"
)
C_MATERNITY = "Đảng viên nghỉ thai sản: xếp loại theo kết quả của thời gian làm việc thực tế"
C_TEMPORARY = (
    "Đảng viên sinh hoạt tạm thời được kiểm điểm, xếp loại ở chi bộ nơi sinh hoạt chính thức, căn cứ ý kiến "
    "nhận xét bằng văn bản của chi bộ nơi sinh hoạt tạm thời"
)
C_CIVIL = (
    "Đảng viên là cán bộ, công chức, viên chức phải được xếp loại cán bộ, công chức, viên chức 'Hoàn thành "
    "xuất sắc nhiệm vụ' (để được HTXSNV); xếp loại CBCCVC 'Không hoàn thành nhiệm vụ' thì KHTNV"
)
C_ORG_EXCELLENT = (
    "Tổ chức đảng HTXSNV: đảng bộ có 100% tổ chức đảng trực thuộc, chi bộ có 100% đảng viên được xếp loại "
    "'Hoàn thành nhiệm vụ' trở lên, trong đó có từ 80% 'Hoàn thành tốt nhiệm vụ' trở lên"
)
C_ORG_LEADER = (
    "Tập thể Không hoàn thành nhiệm vụ: có thành viên của tập thể lãnh đạo, quản lý bị xử lý kỷ luật từ "
    "cảnh cáo trở lên"
)
C_QUOTA_21 = (
    "Số lượng đảng viên được xếp loại 'Hoàn thành xuất sắc nhiệm vụ' không vượt quá 20% số đảng viên được "
    "xếp loại 'Hoàn thành tốt nhiệm vụ' trong từng tổ chức cơ sở đảng"
)
C_QUOTA_ORG = "Số lượng tổ chức đảng 'Hoàn thành xuất sắc nhiệm vụ' không vượt quá 20% số 'Hoàn thành tốt nhiệm vụ'"

Y2018 = _years(2018, 2018)
Y2019 = _years(2019, 2022)
Y2023 = _years(2023, 2024)
Y2025 = _years(2025, None)

D2018 = f"{QD132}; {HD16}"
D2019 = f"{QD132}; {HD21}"
D2023 = f"{QD124}; {HD25}"
D2025 = f"{QD366}; {HD43}"

RULES_2018 = _register_regime(
    "2018",
    Y2018,
    {
        "levels": (D2018, C_LEVELS, PARTLY_CONFIRMED, "rules.md §1.1: cùng 4 mức với 132/21, 124, 366."),
        "exempt_members": (D2018, C_EXEMPT, UNCONFIRMED, FALLBACK_NOTE),
        "new_member": (D2018, C_NEW_MEMBER, UNCONFIRMED, FALLBACK_NOTE),
        "new_org": (D2018, C_NEW_ORG, UNCONFIRMED, FALLBACK_NOTE),
        "self_review_first": (D2018, C_SELF_REVIEW, UNCONFIRMED, FALLBACK_NOTE),
        "discipline": (D2018, C_DISCIPLINE, UNCONFIRMED, FALLBACK_NOTE),
        "degradation": (D2018, C_DEGRADATION, UNCONFIRMED, FALLBACK_NOTE),
        "sick_leave_cap": (D2018, C_SICK, UNCONFIRMED, FALLBACK_NOTE),
        "maternity": (D2018, C_MATERNITY, UNCONFIRMED, FALLBACK_NOTE),
        "temporary_activity": (D2018, C_TEMPORARY, UNCONFIRMED, FALLBACK_NOTE),
        "civil_servant": (D2018, C_CIVIL, UNCONFIRMED, FALLBACK_NOTE),
        "org_excellent_children": (D2018, C_ORG_EXCELLENT, UNCONFIRMED, FALLBACK_NOTE),
        "org_leadership_discipline": (D2018, C_ORG_LEADER, UNCONFIRMED, FALLBACK_NOTE),
        "quota_members": (D2018, C_QUOTA_21, UNCONFIRMED, FALLBACK_NOTE),
        "quota_organizations": (D2018, C_QUOTA_ORG, UNCONFIRMED, FALLBACK_NOTE),
    },
)

RULES_2019 = _register_regime(
    "2019",
    Y2019,
    {
        "levels": (D2019, C_LEVELS, CONFIRMED, "", URL_HD21_QUOTA),
        "exempt_members": (HD21, C_EXEMPT, CONFIRMED, "", URL_HD21_EXEMPT),
        "new_member": (HD21, C_NEW_MEMBER, CONFIRMED, "", URL_HD21_EXEMPT),
        "new_org": (HD21, C_NEW_ORG, CONFIRMED, "", URL_HD21_EXEMPT),
        "self_review_first": (HD21, C_SELF_REVIEW, CONFIRMED, "", URL_HD21_SELF),
        "discipline": (HD21, C_DISCIPLINE, CONFIRMED, "Không có ngoại lệ tự phát hiện.", URL_HD21_KHTNV),
        "degradation": (HD21, C_DEGRADATION, CONFIRMED, "", URL_HD21_KHTNV),
        "sick_leave_cap": (HD21, C_SICK, CONFIRMED, "", URL_HD21_EXEMPT),
        "maternity": (HD21, C_MATERNITY, CONFIRMED, "", URL_HD21_EXEMPT),
        "temporary_activity": (HD21, C_TEMPORARY, CONFIRMED, "", URL_HD21_TEMP),
        "civil_servant": (HD21, C_CIVIL, CONFIRMED, "", URL_HD21_QUOTA),
        "org_excellent_children": (HD21, C_ORG_EXCELLENT, CONFIRMED, "", URL_HD21_ORG),
        "org_leadership_discipline": (HD21, C_ORG_LEADER, CONFIRMED, "", URL_HD21_LEADER),
        "quota_members": (
            HD21,
            C_QUOTA_21,
            CONFIRMED,
            "Tính trong từng tổ chức cơ sở đảng (gộp các chi bộ của đảng bộ cơ sở); do cấp có thẩm quyền áp "
            "dụng.",
            URL_HD21_QUOTA,
        ),
        "quota_organizations": (
            HD21,
            C_QUOTA_ORG,
            UNCONFIRMED,
            "rules.md §1.2: câu 'Lưu ý: Cấp có thẩm quyền xem xét, quyết định s…' bị cắt; tỷ lệ cho tổ chức "
            "đảng chưa xác nhận.",
            URL_HD21_ORG,
        ),
    },
)

NOTE_HD25 = (
    "rules.md §1A.4: danh sách không xếp loại của HD 25 chưa tìm được; dùng tạm danh sách HD 21 (§1.6)."
)
RULES_2023 = _register_regime(
    "2023",
    Y2023,
    {
        "levels": (QD124, f"Điều 12: {C_LEVELS}", CONFIRMED, "", URL_QD124_LEVELS),
        "exempt_members": (D2023, C_EXEMPT, UNCONFIRMED, NOTE_HD25),
        "new_member": (D2023, C_NEW_MEMBER, UNCONFIRMED, NOTE_HD25),
        "new_org": (D2023, C_NEW_ORG, UNCONFIRMED, NOTE_HD25),
        "self_review_first": (D2023, C_SELF_REVIEW, UNCONFIRMED, FALLBACK_NOTE),
        "discipline": (
            QD124,
            "Điều 12, điểm 4.3.d: bị xử lý kỷ luật trong năm (trừ trường hợp tự phát hiện và khắc phục xong "
            "hậu quả) thì Không hoàn thành nhiệm vụ",
            CONFIRMED,
            "",
            URL_QD124_KHTNV,
        ),
        "degradation": (D2023, C_DEGRADATION, UNCONFIRMED, FALLBACK_NOTE),
        "sick_leave_cap": (D2023, C_SICK, UNCONFIRMED, FALLBACK_NOTE),
        "maternity": (D2023, C_MATERNITY, UNCONFIRMED, FALLBACK_NOTE),
        "temporary_activity": (D2023, C_TEMPORARY, UNCONFIRMED, FALLBACK_NOTE),
        "org_excellent_children": (
            D2023,
            C_ORG_EXCELLENT,
            UNCONFIRMED,
            "rules.md §1A.5: không thấy tỷ lệ 80% trong 124/25; chỉ là kiểm tra tham khảo.",
        ),
        "org_leadership_discipline": (
            QD124,
            "Tập thể Không hoàn thành nhiệm vụ: tập thể lãnh đạo, quản lý bị xử lý kỷ luật",
            CONFIRMED,
            "",
            URL_QD124_KHTNV,
        ),
        "org_units_disciplined": (
            QD124,
            "Tập thể Không hoàn thành nhiệm vụ: có trên 20% số đơn vị trực thuộc bị kỷ luật trong năm",
            CONFIRMED,
            "",
            URL_QD124_KHTNV,
        ),
        "org_excellent_no_discipline": (
            QD124,
            "Tập thể HTXSNV: không có đảng viên, đơn vị bị kỷ luật",
            PARTLY_CONFIRMED,
            "rules.md §1.4: chỉ qua bản tóm tắt tiếng Anh của lawnet.",
        ),
        "quota_members": (
            D2023,
            "Tỷ lệ 'Hoàn thành xuất sắc nhiệm vụ' tối đa (mặc định 20% số 'Hoàn thành tốt nhiệm vụ')",
            UNCONFIRMED,
            "rules.md §1A.2: có hạn mức nhưng chưa tìm được con số và phạm vi trong 124/25; mặc định 20%, "
            "chỉ cảnh báo.",
        ),
        "quota_organizations": (
            D2023,
            "Tỷ lệ tổ chức đảng 'Hoàn thành xuất sắc nhiệm vụ' tối đa (mặc định 20%)",
            UNCONFIRMED,
            "rules.md §1A.2: chưa xác nhận.",
        ),
    },
)

URL_366_EXEMPT = GH + "faccc6a803c8b934.md"
URL_366_LEVELS = GH + "798cd4156f607f4a.md"
URL_43_ORG = GH + "1728827cd11225bf.md"
C_QUOTA_366 = (
    "Điều 11 điểm 1.5: số lượng tập thể, cá nhân được xếp loại 'Hoàn thành xuất sắc nhiệm vụ' không vượt "
    "quá 20% tổng số tập thể, cá nhân được xếp loại 'Hoàn thành tốt nhiệm vụ' theo đối tượng có vị trí, "
    "vai trò, chức năng, nhiệm vụ tương đồng; đơn vị có thành tích xuất sắc, nổi trội: không vượt quá 25%"
)
RULES_2025 = _register_regime(
    "2025",
    Y2025,
    {
        "levels": (QD366, f"Điều 11: {C_LEVELS}", CONFIRMED, "", URL_366_LEVELS),
        "exempt_members": (
            QD366,
            "Điều 5 khoản 2.1: trừ đảng viên được miễn công tác và sinh hoạt đảng; đảng viên bị đình chỉ "
            "sinh hoạt đảng (không kiểm điểm, không xếp loại)",
            CONFIRMED,
            "",
            URL_366_EXEMPT,
        ),
        "new_member": (
            QD366,
            "Điều 5 khoản 2.1: trừ đảng viên mới kết nạp chưa đủ 6 tháng (không kiểm điểm, không xếp loại)",
            CONFIRMED,
            "Khác HD 21: không phải kiểm điểm.",
            URL_366_EXEMPT,
        ),
        "new_org": (D2025, C_NEW_ORG, UNCONFIRMED, "rules.md §1A.4: chưa xác nhận cho 366/43; dùng quy tắc HD 21."),
        "score_bands": (
            QD366,
            "Điều 11: HTXSNV từ 90 điểm; HTTNV từ 70 đến dưới 90; HTNV từ 50 đến dưới 70; KHTNV dưới 50 điểm",
            CONFIRMED,
            "",
            URL_366_LEVELS,
        ),
        "discipline": (
            QD366,
            "Điều 11: bị kỷ luật từ khiển trách trở lên (vi phạm liên quan chức trách, nhiệm vụ) thì Không "
            "hoàn thành nhiệm vụ; cấp có thẩm quyền có thể xem xét trường hợp tự phát hiện, khắc phục xong "
            "hậu quả",
            CONFIRMED,
            "rules.md §1A.3: ngoại lệ tự phát hiện do con người quyết định (ghi đè có lý do), không tự động.",
            URL_366_LEVELS,
        ),
        "degradation": (QD366, "Điều 11: có kết luận suy thoái thì Không hoàn thành nhiệm vụ", CONFIRMED, "",
                        URL_366_LEVELS),
        "maternity": (
            HD43,
            "Điểm 7.5: nghỉ ốm tổng thời gian trong năm từ 03 tháng trở lên hoặc nghỉ thai sản thì xếp loại "
            "căn cứ kết quả làm việc thực tế của năm đó",
            CONFIRMED,
            "Không còn mức trần 'Hoàn thành nhiệm vụ' của HD 21 (rules.md §1A.4).",
            URL_366_LEVELS,
        ),
        "temporary_activity": (HD43, f"Điểm 7.6: {C_TEMPORARY}", CONFIRMED, "", URL_366_LEVELS),
        "org_excellent_children": (
            D2025,
            C_ORG_EXCELLENT,
            UNCONFIRMED,
            "rules.md §1A.5: không có tỷ lệ cố định trong 366/43; chỉ là kiểm tra tham khảo.",
            URL_43_ORG,
        ),
        "org_excellent_no_discipline": (
            QD366,
            "Điều 11 khoản 1: tập thể HTXSNV khi không có đơn vị trực thuộc hoặc thành viên tập thể lãnh đạo, "
            "quản lý bị kỷ luật",
            CONFIRMED,
            "",
            URL_QD366_EXCELLENT,
        ),
        "org_leadership_discipline": (
            QD366,
            "Điều 11: tập thể lãnh đạo, quản lý có thành viên bị kỷ luật từ khiển trách trở lên (vi phạm liên "
            "quan chức trách, nhiệm vụ) thì Không hoàn thành nhiệm vụ",
            CONFIRMED,
            "",
            URL_366_LEVELS,
        ),
        "quota_members": (QD366, C_QUOTA_366, CONFIRMED, "Tính theo nhóm đối tượng tương đồng (dữ liệu do cấp "
                          "có thẩm quyền xác định).", GH + "1902011048a58e9d.md"),
        "quota_organizations": (QD366, C_QUOTA_366, CONFIRMED, "Áp dụng như nhau cho tập thể.",
                                GH + "1902011048a58e9d.md"),
        "quota_exception": (QD366, C_QUOTA_366, CONFIRMED, "Mức 25% do cấp có thẩm quyền quyết định.",
                            GH + "798cd4156f607f4a.md"),
    },
)

REGIMES: tuple[RatingRegime, ...] = (
    RatingRegime(
        "2018", 2018, 2018, QD132, HD16, RULES_2018,
        quota_scope="tổ chức cơ sở đảng (giả định theo HD 21)",
        notes=("Nội dung HD 16 chưa có trong tài liệu nghiên cứu; các quy tắc của HD 21 chỉ để cảnh báo.",),
    ),
    RatingRegime(
        "2019-2022", 2019, 2022, QD132, HD21, RULES_2019,
        quota_scope="tổ chức cơ sở đảng",
    ),
    RatingRegime(
        "2023-2024", 2023, 2024, QD124, HD25, RULES_2023,
        quota_scope="chưa xác nhận (mặc định: tổ chức cơ sở đảng)",
        discipline_exception=EXEMPT_IF_SELF_DETECTED,
    ),
    RatingRegime(
        "2025", 2025, None, QD366, HD43, RULES_2025,
        quota_exception_percent=25,
        quota_scope="nhóm đối tượng có vị trí, vai trò, chức năng, nhiệm vụ tương đồng",
        new_members_do_self_review=False,
        sick_leave_cap_months=None,
        discipline_exception=DISCRETION_IF_SELF_DETECTED,
        uses_scores=True,
        periods=("term", "year", "quarter"),
    ),
)


def regime_for(year: int) -> RatingRegime:
    """The regime for a classification year; before 2018 the old scale (HD 27, 2014) is not supported."""
    for regime in REGIMES:
        if regime.first_year <= year and (regime.last_year is None or year <= regime.last_year):
            return regime
    raise ValueError(f"năm {year}: trước 2018 dùng thang xếp loại cũ (HD 27-HD/BTCTW 2014), chưa hỗ trợ")


# --- findings ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    """A check result; a blocking finding holds the decision until fixed or overridden with a reason."""

    code: str
    message: str
    source_key: str
    blocking: bool
    cap: Level | None = None  # the highest level the rule allows, when it caps the level

    @property
    def source(self) -> Source:
        return REGISTRY[self.source_key]


def _finding(regime, rule, code, message, settings, cap=None, blocking=None) -> Finding:
    if blocking is None:
        blocking = regime.enforced(rule, settings)
    return Finding(code, message, regime.rules[rule], blocking, cap)


# --- who is rated ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MemberFacts:
    """What the rules need to know about a member for one review."""

    admitted_on: date | None = None  # date in the admission decision
    exempted: bool = False  # miễn công tác và sinh hoạt đảng
    suspended: bool = False  # đình chỉ sinh hoạt đảng (not: only from cấp ủy activities)
    suspended_from_committee_only: bool = False
    self_reviewed: bool = True  # has done kiểm điểm
    disciplined_in_year: Discipline | None = None  # heaviest discipline decided in the year
    discipline_self_detected: bool = False  # tự phát hiện và khắc phục xong hậu quả
    degradation_concluded: bool = False  # kết luận suy thoái
    sick_leave_months: float = 0  # total in the year
    maternity_leave: bool = False
    temporary_activity: bool = False  # sinh hoạt tạm thời elsewhere during the year
    host_comment_received: bool = False  # written comment of the temporary chi bộ
    civil_servant_level: Level | None = None  # state rating as cán bộ, công chức, viên chức
    score: int | None = None  # 100-point scale (QĐ 366)


@dataclass(frozen=True)
class NotRated:
    code: str
    message: str
    source_key: str
    self_review_required: bool  # must still do kiểm điểm

    def __str__(self) -> str:
        return self.message


def _months_reached(start: date, on: date, months: int) -> bool:
    """True when `months` whole calendar months have passed from `start` to `on` (exactly = reached)."""
    return add_months(start, months) <= on


def who_is_rated(
    facts: MemberFacts, review_date: date, regime: RatingRegime
) -> tuple[bool, NotRated | None]:
    """(rated, reason): whether a member is rated this period and, if not, why (with the source)."""
    rules = regime.rules
    if facts.exempted:
        return False, NotRated(
            "exempted", "Đảng viên được miễn công tác và sinh hoạt đảng: không đánh giá, xếp loại.",
            rules["exempt_members"], False,
        )
    if facts.suspended:
        return False, NotRated(
            "suspended", "Đảng viên bị đình chỉ sinh hoạt đảng: không đánh giá, xếp loại.",
            rules["exempt_members"], False,
        )
    if facts.admitted_on is not None and not _months_reached(
        facts.admitted_on, review_date, regime.new_member_months
    ):
        review = (
            "vẫn phải kiểm điểm" if regime.new_members_do_self_review else "không kiểm điểm"
        )
        return False, NotRated(
            "new_member",
            f"Đảng viên mới kết nạp ngày {format_date(facts.admitted_on)}, chưa đủ "
            f"{regime.new_member_months} tháng đến ngày {format_date(review_date)}: không xếp loại, {review}.",
            rules["new_member"],
            regime.new_members_do_self_review,
        )
    return True, None


def organization_is_rated(
    founded_on: date | None, review_date: date, regime: RatingRegime
) -> tuple[bool, NotRated | None]:
    """(rated, reason) for a party organisation: founded less than 6 months before is not rated."""
    if founded_on is not None and not _months_reached(founded_on, review_date, regime.new_org_months):
        return False, NotRated(
            "new_organization",
            f"Tổ chức đảng mới thành lập ngày {format_date(founded_on)}, chưa đủ {regime.new_org_months} "
            f"tháng đến ngày {format_date(review_date)}: không xếp loại, vẫn phải kiểm điểm.",
            regime.rules["new_org"],
            True,
        )
    return True, None


# --- member findings ---------------------------------------------------------------------------------


def score_level(score: int) -> Level:
    """QĐ 366 Điều 11 bands: ≥90, 70–<90, 50–<70, <50."""
    if score >= 90:
        return Level.EXCELLENT
    if score >= 70:
        return Level.GOOD
    if score >= 50:
        return Level.COMPLETED
    return Level.NOT_COMPLETED


def member_findings(
    facts: MemberFacts,
    proposed_level: Level,
    regime: RatingRegime,
    settings: RatingSettings = DEFAULT_SETTINGS,
) -> list[Finding]:
    """Findings on a proposed level for a member, by the rules of the regime."""
    out: list[Finding] = []
    level = Level(proposed_level)
    r = regime.rules

    def cap(rule: str, code: str, limit: Level, message: str, blocking: bool | None = None) -> None:
        if rule in r and level > limit:
            out.append(_finding(regime, rule, code, message, settings, limit, blocking))

    if "self_review_first" in r and not facts.self_reviewed:
        out.append(_finding(regime, "self_review_first", "not_self_reviewed",
                            "Đảng viên chưa hoàn thành kiểm điểm nên chưa được đánh giá, xếp loại.", settings))

    if facts.disciplined_in_year is not None:
        ko = LEVEL_LABELS[Level.NOT_COMPLETED]
        if regime.discipline_exception == EXEMPT_IF_SELF_DETECTED and facts.discipline_self_detected:
            pass  # QĐ 124: self-detected and remedied — the discipline does not force KHTNV
        elif regime.discipline_exception == DISCRETION_IF_SELF_DETECTED and facts.discipline_self_detected:
            cap("discipline", "disciplined", Level.NOT_COMPLETED,
                f"Đảng viên bị kỷ luật trong năm: xếp loại '{ko}'; vi phạm tự phát hiện và khắc phục xong "
                "hậu quả, cấp có thẩm quyền có thể xem xét (ghi rõ lý do).")
        else:
            cap("discipline", "disciplined", Level.NOT_COMPLETED,
                f"Đảng viên bị kỷ luật trong năm: xếp loại '{ko}'.")

    if facts.degradation_concluded:
        cap("degradation", "degradation", Level.NOT_COMPLETED,
            f"Có kết luận suy thoái: xếp loại '{LEVEL_LABELS[Level.NOT_COMPLETED]}'.")

    if regime.sick_leave_cap_months is not None and facts.sick_leave_months >= regime.sick_leave_cap_months:
        cap("sick_leave_cap", "sick_leave_cap", Level.COMPLETED,
            f"Nghỉ ốm {facts.sick_leave_months:g} tháng trong năm (từ {regime.sick_leave_cap_months} tháng "
            f"trở lên): không xếp loại cao hơn '{LEVEL_LABELS[Level.COMPLETED]}'.")

    if "maternity" in r and (facts.maternity_leave or (
        regime.sick_leave_cap_months is None and facts.sick_leave_months >= 3
    )):
        out.append(_finding(regime, "maternity", "actual_work_basis",
                            "Xếp loại căn cứ kết quả làm việc thực tế trong năm (nghỉ thai sản hoặc nghỉ ốm).",
                            settings, blocking=False))

    if "temporary_activity" in r and facts.temporary_activity and not facts.host_comment_received:
        out.append(_finding(regime, "temporary_activity", "host_comment_missing",
                            "Đảng viên sinh hoạt tạm thời: cần ý kiến nhận xét bằng văn bản của chi bộ nơi sinh "
                            "hoạt tạm thời trước khi xếp loại.", settings))

    if "civil_servant" in r and facts.civil_servant_level is not None:
        cs = Level(facts.civil_servant_level)
        if cs == Level.NOT_COMPLETED:
            cap("civil_servant", "civil_servant_not_completed", Level.NOT_COMPLETED,
                "Xếp loại cán bộ, công chức, viên chức 'Không hoàn thành nhiệm vụ': đảng viên xếp loại "
                "'Không hoàn thành nhiệm vụ'.")
        elif cs < Level.EXCELLENT:
            cap("civil_servant", "civil_servant_not_excellent", Level.GOOD,
                "Chưa được xếp loại cán bộ, công chức, viên chức 'Hoàn thành xuất sắc nhiệm vụ': không xếp "
                "loại đảng viên 'Hoàn thành xuất sắc nhiệm vụ'.")

    if regime.uses_scores and "score_bands" in r:
        if facts.score is None:
            out.append(_finding(regime, "score_bands", "score_missing",
                                "Chưa có tổng điểm đánh giá (thang 100 điểm).", settings, blocking=False))
        else:
            band = score_level(facts.score)
            cap("score_bands", "score_band", band,
                f"Tổng điểm {facts.score}: mức cao nhất là '{band.label}'.")
    return out


def level_cap(findings: Iterable[Finding]) -> Level | None:
    """The lowest cap among blocking findings (None if none caps the level)."""
    caps = [f.cap for f in findings if f.blocking and f.cap is not None]
    return min(caps) if caps else None


# --- organisation findings ---------------------------------------------------------------------------


@dataclass(frozen=True)
class OrgFacts:
    """What the rules need about a party organisation besides its members' / sub-organisations' levels."""

    leadership_discipline: Discipline | None = None  # heaviest discipline of a leadership member
    units_total: int = 0  # directly subordinate units
    units_disciplined: int = 0  # of which disciplined in the year
    score: int | None = None  # 100-point scale (QĐ 366)


def excellent_share_ok(levels: Iterable[Level], min_good: Fraction = Fraction(4, 5)) -> tuple[bool, bool]:
    """(all at least Hoàn thành, at least `min_good` at Hoàn thành tốt or above); vacuous for none."""
    levels = [Level(x) for x in levels]
    all_completed = all(x >= Level.COMPLETED for x in levels)
    good = sum(1 for x in levels if x >= Level.GOOD)
    return all_completed, good >= min_good * len(levels)


def organization_findings(
    child_levels: Iterable[Level],
    proposed_level: Level,
    regime: RatingRegime,
    facts: OrgFacts | None = None,
    settings: RatingSettings = DEFAULT_SETTINGS,
    children: str = "members",
) -> list[Finding]:
    """Findings for an organisation: `child_levels` are its rated members (chi bộ) or directly
    subordinate organisations (đảng bộ); `children` is "members" or "organizations" (for messages)."""
    facts = facts or OrgFacts()
    level = Level(proposed_level)
    levels = [Level(x) for x in child_levels]
    out: list[Finding] = []
    r = regime.rules
    who = "đảng viên" if children == "members" else "tổ chức đảng trực thuộc"

    if level == Level.EXCELLENT and "org_excellent_children" in r:
        all_completed, share_ok = excellent_share_ok(levels, regime.org_excellent_min_good)
        good = sum(1 for x in levels if x >= Level.GOOD)
        if not all_completed:
            bad = sum(1 for x in levels if x < Level.COMPLETED)
            out.append(_finding(regime, "org_excellent_children", "org_excellent_not_all_completed",
                                f"Có {bad} {who} 'Không hoàn thành nhiệm vụ': tổ chức không được xếp loại "
                                "'Hoàn thành xuất sắc nhiệm vụ'.", settings, Level.GOOD))
        if not share_ok:
            pct = float(regime.org_excellent_min_good * 100)
            out.append(_finding(regime, "org_excellent_children", "org_excellent_share",
                                f"Chỉ {good}/{len(levels)} {who} 'Hoàn thành tốt nhiệm vụ' trở lên (cần từ "
                                f"{pct:g}%): tổ chức không được xếp loại 'Hoàn thành xuất sắc nhiệm vụ'.",
                                settings, Level.GOOD))

    if level == Level.EXCELLENT and "org_excellent_no_discipline" in r and (
        facts.leadership_discipline is not None or facts.units_disciplined > 0
    ):
        out.append(_finding(regime, "org_excellent_no_discipline", "org_excellent_discipline",
                            "Có đơn vị trực thuộc hoặc thành viên tập thể lãnh đạo, quản lý bị kỷ luật: không xếp "
                            "loại 'Hoàn thành xuất sắc nhiệm vụ'.", settings, Level.GOOD))

    if "org_leadership_discipline" in r and facts.leadership_discipline is not None:
        threshold = Discipline.CANH_CAO if regime.key in ("2018", "2019-2022") else Discipline.KHIEN_TRACH
        if facts.leadership_discipline >= threshold and level > Level.NOT_COMPLETED:
            out.append(_finding(regime, "org_leadership_discipline", "org_leadership_disciplined",
                                "Thành viên tập thể lãnh đạo, quản lý bị kỷ luật: tổ chức xếp loại 'Không hoàn "
                                "thành nhiệm vụ'.", settings, Level.NOT_COMPLETED))

    if "org_units_disciplined" in r and facts.units_total > 0 and level > Level.NOT_COMPLETED:
        if facts.units_disciplined * 5 > facts.units_total:  # more than 20%
            out.append(_finding(regime, "org_units_disciplined", "org_units_disciplined",
                                f"{facts.units_disciplined}/{facts.units_total} đơn vị trực thuộc bị kỷ luật (trên "
                                "20%): tổ chức xếp loại 'Không hoàn thành nhiệm vụ'.", settings,
                                Level.NOT_COMPLETED))

    if regime.uses_scores and "score_bands" in r and facts.score is not None:
        band = score_level(facts.score)
        if level > band:
            out.append(_finding(regime, "score_bands", "score_band",
                                f"Tổng điểm {facts.score}: mức cao nhất là '{band.label}'.", settings, band))
    return out


# --- quota -------------------------------------------------------------------------------------------


def _round(x: Fraction, rounding: str) -> int:
    if rounding == FLOOR:
        return math.floor(x)
    if rounding == CEIL:
        return math.ceil(x)
    return math.floor(x + Fraction(1, 2))


def quota_denominator(levels: Iterable[Level], settings: RatingSettings = DEFAULT_SETTINGS) -> int:
    """Those rated exactly Hoàn thành tốt (default) or Hoàn thành tốt and above (setting)."""
    levels = [Level(x) for x in levels]
    if settings.quota_denominator == EXACTLY_GOOD:
        return sum(1 for x in levels if x == Level.GOOD)
    return sum(1 for x in levels if x >= Level.GOOD)


def excellent_quota(
    denominator: int,
    regime: RatingRegime,
    settings: RatingSettings = DEFAULT_SETTINGS,
    exceptional: bool = False,
) -> int:
    """Most that may be rated Hoàn thành xuất sắc: percent × denominator, rounded per the settings.

    `exceptional` applies QĐ 366's 25% for an outstanding unit (decided by the competent level)."""
    if denominator < 0:
        raise ValueError("denominator must not be negative")
    percent = regime.quota_percent
    if exceptional:
        if regime.quota_exception_percent is None:
            raise ValueError(f"chế độ {regime.key} không có mức ngoại lệ")
        percent = regime.quota_exception_percent
    return _round(Fraction(percent, 100) * denominator, settings.quota_rounding)


def quota_findings(
    levels: Iterable[Level],
    regime: RatingRegime,
    settings: RatingSettings = DEFAULT_SETTINGS,
    subject: str = "members",
    exceptional: bool = False,
) -> list[Finding]:
    """Quota check over one pool (a tổ chức cơ sở đảng, or a comparison group under QĐ 366)."""
    levels = [Level(x) for x in levels]
    rule = "quota_members" if subject == "members" else "quota_organizations"
    if rule not in regime.rules:
        return []
    excellent = sum(1 for x in levels if x == Level.EXCELLENT)
    denominator = quota_denominator(levels, settings)
    limit = excellent_quota(denominator, regime, settings, exceptional)
    if excellent <= limit:
        return []
    percent = regime.quota_exception_percent if exceptional else regime.quota_percent
    base = "'Hoàn thành tốt nhiệm vụ'" if settings.quota_denominator == EXACTLY_GOOD else (
        "'Hoàn thành tốt nhiệm vụ' trở lên"
    )
    who = "đảng viên" if subject == "members" else "tổ chức đảng"
    key = "quota_exception" if exceptional else rule
    return [
        _finding(regime, key, "excellent_quota_exceeded",
                 f"{excellent} {who} 'Hoàn thành xuất sắc nhiệm vụ' vượt quá {percent}% của {denominator} "
                 f"{who} {base} (tối đa {limit}).", settings)
    ]
