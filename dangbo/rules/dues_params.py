"""Parameters of the dues rules (rules.md §5, rules-2025-2026.md §3): regimes, the regional minimum wage,
the retirement age, and the settings an office may change because no text fixes them.

Everything here is dated and sourced; what no source confirmed is a field of `DuesSettings` with a default,
registered UNCONFIRMED so the pages show it as such.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from .membership import add_months
from .sources import CONFIRMED, PARTLY_CONFIRMED, SOFTWARE_DEFAULT, UNCONFIRMED, Document, Source, register
from .text import gettext_noop, joined_text
from .text import text as _

REGIME_342 = "342"
REGIME_01 = "01"
REGIME_342_START = date(2011, 4, 1)
REGIME_01_START = date(2026, 2, 1)  # QĐ 01-QĐ/TW of 03/02/2026 applies from 01/02/2026
RATE_STEP_2028 = date(2028, 1, 1)  # the "other members" rates rise on 01/01/2028
QD342 = Document("Quyết định 342-QĐ/TW ngày 28/12/2010", REGIME_342_START, date(2026, 1, 31))
QD01 = Document("Quy định 01-QĐ/TW ngày 03/02/2026", REGIME_01_START)

REGIME_LABELS = {
    REGIME_342: "Quyết định 342-QĐ/TW ngày 28/12/2010",
    REGIME_01: "Quy định 01-QĐ/TW ngày 03/02/2026",
}

# Member categories (rules-2025-2026.md §3); the same codes are used in the file format and the database.
BHXH = "bhxh"  # in compulsory social insurance (salary, allowances)
SICK_LEAVE = "sick_leave"  # on BHXH sick or maternity allowance
PENSIONER = "pensioner"  # BHXH pension
SOCIAL_PENSION = "social_pension"  # trợ cấp hưu trí xã hội
STUDENT = "student"
OTHER = "other"  # outside BHXH, not on a pension: by the regional minimum wage
ABROAD = "abroad"
# Plain Vietnamese (file columns are matched against them); marked for the catalogue, shown through gettext.
CATEGORIES = {
    BHXH: gettext_noop("Đóng BHXH bắt buộc (tiền lương tháng trước liền kề)"),
    SICK_LEAVE: gettext_noop("Hưởng trợ cấp ốm đau, thai sản"),
    PENSIONER: gettext_noop("Hưởng lương hưu"),
    SOCIAL_PENSION: gettext_noop("Hưởng trợ cấp hưu trí xã hội"),
    STUDENT: gettext_noop("Học sinh, sinh viên"),
    OTHER: gettext_noop("Đảng viên khác (theo lương tối thiểu vùng)"),
    ABROAD: gettext_noop("Đảng viên ở nước ngoài"),
}
REGIONS = (1, 2, 3, 4)

QD342.rule(
    "dues.regime_342",
    also="; Công văn 141-CV/VPTW/nb ngày 17/3/2011",
    confidence=CONFIRMED,
    clause="Đóng hằng tháng 1% tiền lương, các khoản phụ cấp tính đóng BHXH, tiền công; đảng viên hưởng "
    "lương BHXH đóng 0,5% mức tiền lương BHXH",
    url="https://luatminhkhue.vn/cong-van-141-cv-vptw-nb-huong-dan-thuc-hien-quyet-dinh-342-qd-tw-che-do-dang-phi.aspx",
)
QD342.rule(
    "dues.fixed_342",
    confidence=UNCONFIRMED,
    clause="Đảng viên khác (nông nghiệp, học sinh, sinh viên…) đóng từ 2.000 đồng đến 30.000 đồng/tháng; "
    "ngoài độ tuổi lao động đóng 50%",
    note="Only a paraphrase was found; the amount per category is a setting (rules.md §5.1).",
    url="https://phapluat24h.org/?p=13771",
)
QD01.rule(
    "dues.regime_01",
    confidence=CONFIRMED,
    clause="Điều 3: 1% tiền lương làm căn cứ đóng BHXH bắt buộc của tháng trước liền kề; 1% trợ cấp ốm đau, "
    "thai sản; 0,5% lương hưu; học sinh, sinh viên 5.000 đồng/tháng",
    url="https://dantri.com.vn/thoi-su/bo-chinh-tri-ra-quy-dinh-ve-muc-dong-dang-phi-20260206210920568.htm",
)
QD01.rule(
    "dues.other_01",
    confidence=CONFIRMED,
    clause="Điều 3 khoản 2 điểm 2.2: theo mức lương tối thiểu tháng theo vùng nơi đảng viên sinh hoạt đảng: "
    "dưới tuổi nghỉ hưu 0,3% (2026–2027), 0,5% (từ 2028); từ tuổi nghỉ hưu 0,2%, 0,3% (từ 2028)",
    url="http://tintuc.thuvienphapluat.com/ho-tro-phap-luat/chinh-sach-moi/104998/dong-dang-phi-theo-luong-toi-thieu-vung-tu-02-2026-doi-tuong-muc-dong-nhu-the-nao",
)
QD01_342 = Document("Quy định 01-QĐ/TW ngày 03/02/2026; Quyết định 342-QĐ/TW", REGIME_342_START)
QD01_342.rule(
    "dues.abroad",
    confidence=UNCONFIRMED,
    clause="Đảng viên ở nước ngoài: mức đóng do cấp có thẩm quyền quy định (văn phòng nhập mức cụ thể)",
    note="The amounts for members abroad were not found; the office enters each member's amount as the base.",
)
QD01.rule(
    "dues.exemptions",
    confidence=CONFIRMED,
    clause="Điều 5: miễn đóng khi từ đủ 50 năm tuổi đảng, hưởng trợ cấp hưu trí xã hội, hoặc khó khăn đặc "
    "biệt (có đơn); giảm 30%, 50%, 70% hoặc miễn, mỗi lần tối đa 12 tháng",
    url="https://phapluatvacuocsong.vn/cac-nhom-duoc-mien-giam-dang-phi-a87793.html",
)
QD342.rule(
    "dues.relief_342",
    confidence=UNCONFIRMED,
    clause="Đảng viên có khó khăn về kinh tế được xét miễn, giảm đảng phí",
    note="The 342 wording on hardship relief was not retrieved; recorded decisions are applied as entered.",
)
QD01_342.rule(
    "dues.voluntary",
    confidence=CONFIRMED,
    clause="Đảng viên tự nguyện đóng cao hơn mức quy định; chi bộ báo cáo cấp ủy cấp trên trực tiếp",
    url="https://vietnamnet.vn/quy-dinh-moi-cua-bo-chinh-tri-ve-muc-dong-dang-phi-2488577.html",
)
register(
    "dues.unpaid_three_months",
    Source(
        document="Điều lệ Đảng, Điều 8; Quy định 01-QĐ/TW ngày 03/02/2026",
        clause="Đảng viên không đóng đảng phí 03 tháng trong năm mà không có lý do chính đáng thì chi bộ xem xét, "
        "đề nghị xóa tên",
        valid_from=None,
        valid_to=None,
        confidence=CONFIRMED,
        note="A finding for the chi bộ to consider; dangbo never removes a member by itself.",
        url="http://tintuc.thuvienphapluat.com/ho-tro-phap-luat/chinh-sach-moi/106226/09-quy-dinh-moi-ve-the-dang-va-dang-phi-tu-thang-02-2026",
    ),
)
register(
    "dues.minimum_wage",
    Source(
        document="Nghị định 293/2025/NĐ-CP (hiệu lực 01/01/2026)",
        clause="Mức lương tối thiểu tháng theo vùng I, II, III, IV",
        valid_from=date(2026, 1, 1),
        valid_to=None,
        confidence=UNCONFIRMED,
        note="The decree is confirmed (an increase of 250.000–350.000 đồng on Nghị định 74/2024/NĐ-CP) but its "
        "figures were not retrieved: the defaults are a setting the office checks against the decree.",
        url="https://kinhtetieudung.vn/tag/muc-luong-toi-thieu-t28502.html",
    ),
)
register(
    "dues.retirement_age",
    Source(
        document="Bộ luật Lao động 2019, Điều 169; Nghị định 135/2020/NĐ-CP",
        clause="Tuổi nghỉ hưu trong điều kiện lao động bình thường: từ 2021 nam 60 tuổi 3 tháng, mỗi năm thêm 3 "
        "tháng đến 62 tuổi; nữ 55 tuổi 4 tháng, mỗi năm thêm 4 tháng đến 60 tuổi",
        valid_from=date(2021, 1, 1),
        valid_to=None,
        confidence=PARTLY_CONFIRMED,
        note="Normal working conditions only; the decree's table by birth month was not retrieved, the schedule "
        "is computed from the Code's yearly steps.",
    ),
)
SOFTWARE_DEFAULT.rule(
    "dues.rounding",
    confidence=UNCONFIRMED,
    clause="Số tiền đảng phí làm tròn đến đồng (từ 0,5 đồng trở lên làm tròn lên)",
    note="No text on rounding was found; setting `rounding`: dong, dong_down, hundred, thousand.",
)
SOFTWARE_DEFAULT.rule(
    "dues.edge_month",
    confidence=UNCONFIRMED,
    clause="Đủ 50 năm tuổi đảng hoặc đủ tuổi nghỉ hưu trong tháng nào thì áp dụng từ chính tháng đó",
    note="No text says whether the month in which the age is reached counts; setting `edge` (month_end or "
    "month_start: the age must be reached on the 1st).",
)
QD342.rule(
    "dues.split_342",
    also=" (trích nộp đảng phí)",
    confidence=CONFIRMED,
    clause="Chi bộ trực thuộc đảng bộ cơ sở để lại 30–50%; tổ chức cơ sở đảng xã, phường, thị trấn để lại "
    "90%; tổ chức cơ sở đảng khác để lại 70%; cấp trên cơ sở để lại 50%",
    url="https://tintuc.thuvienphapluat.com/ho-tro-phap-luat/tu-van-phap-luat/59663/muc-trich-nop-dang-phi-thu-duoc-moi-nhat",
)
QD01.rule(
    "dues.split_01",
    confidence=UNCONFIRMED,
    clause="Tỷ lệ trích để lại, nộp lên giữa các cấp",
    note="No source gave the 2026 percentages; a setting per organisation kind, defaulting to 342's.",
)

# Nghị định 293/2025/NĐ-CP, from 01/01/2026 (UNCONFIRMED figures: see "dues.minimum_wage").
MINIMUM_WAGE_2026 = {1: 5_310_000, 2: 4_730_000, 3: 4_140_000, 4: 3_700_000}

ROUNDINGS = ("dong", "dong_down", "hundred", "thousand")
EDGES = ("month_end", "month_start")

# Percent kept by each organisation kind under 342 (the rest is remitted upward). The codes are the
# organisation kinds of dangbo.organizations; "commune" is a grassroots organisation of a xã/phường.
SPLIT_342 = {
    "cell": 30,
    "partial_committee": 50,
    "grassroots_committee": 70,
    "grassroots_cell": 70,
    "commune": 90,
    "upper": 50,
}


@dataclass(frozen=True)
class DuesSettings:
    """What an office may set because no text fixes it; every field's rule is registered UNCONFIRMED."""

    rounding: str = "dong"
    edge: str = "month_end"
    # [(valid from, {region: đồng})], newest last.
    minimum_wage: tuple[tuple[date, dict[int, int]], ...] = ((date(2026, 1, 1), MINIMUM_WAGE_2026),)
    # 342 fixed amounts per category (đồng a month) and the share paid outside working age (percent).
    fixed_342: dict[str, int] = field(default_factory=lambda: {STUDENT: 3_000, OTHER: 5_000, SOCIAL_PENSION: 3_000})
    outside_working_age_percent_342: int = 50
    # Percent kept per organisation kind under 01-QĐ/TW (UNCONFIRMED: defaults to 342's).
    split_01: dict[str, int] = field(default_factory=lambda: dict(SPLIT_342))
    # Percent a chi bộ trực thuộc keeps under 342 (30–50 by the đảng ủy's decision).
    cell_kept_342: int = 30

    def __post_init__(self) -> None:
        if self.rounding not in ROUNDINGS:
            raise ValueError(f"Cách làm tròn “{self.rounding}” không hợp lệ (chọn một trong {', '.join(ROUNDINGS)}).")
        if self.edge not in EDGES:
            raise ValueError(f"Cách tính tháng đủ tuổi “{self.edge}” không hợp lệ.")
        if not 30 <= self.cell_kept_342 <= 50:
            raise ValueError("Tỷ lệ chi bộ trực thuộc được để lại theo Quyết định 342 phải từ 30% đến 50%.")

    def with_(self, **changes) -> DuesSettings:
        return replace(self, **changes)


DEFAULT_SETTINGS = DuesSettings()


def regime_of(month: date) -> str:
    """The dues regime of a month (any day of it)."""
    first = month.replace(day=1)
    if first >= REGIME_01_START:
        return REGIME_01
    if first >= REGIME_342_START:
        return REGIME_342
    raise ValueError(f"Tháng {first.month:02d}/{first.year} trước khi Quyết định 342-QĐ/TW có hiệu lực (04/2011).")


def minimum_wage(region: int, month: date, settings: DuesSettings = DEFAULT_SETTINGS) -> int:
    if region not in REGIONS:
        raise ValueError(f"Vùng “{region}” không hợp lệ (1, 2, 3 hoặc 4).")
    current = None
    for start, table in settings.minimum_wage:
        if start <= month:
            current = table
    if current is None:
        raise ValueError(f"Chưa có mức lương tối thiểu vùng cho tháng {month.month:02d}/{month.year}.")
    return current[region]


def retirement_age_months(gender: str, birth: date) -> int:
    """Retirement age in months (normal conditions) for a man ("M") or woman ("F") born on `birth`.

    The Code raises the age each year from 2021 (3 months a year for men up to 62, 4 for women up to 60);
    a person's age is the one of the year in which they reach it.
    """
    if gender not in ("M", "F"):
        raise ValueError("Giới tính phải là “M” (nam) hoặc “F” (nữ) để tính tuổi nghỉ hưu.")
    base, step, cap = (60 * 12, 3, 62 * 12) if gender == "M" else (55 * 12, 4, 60 * 12)
    if add_months(birth, base).year < 2021:
        return base  # reached before the 2021 steps
    for year in range(2021, 2041):
        age = min(base + step * (year - 2020), cap)
        if add_months(birth, age).year <= year:
            return age
    return cap


# -- the settings in words, for the pages (issue 17: office staff see "chưa có văn bản xác nhận" with the value) --
ROUNDING_LABELS = {"dong": _("làm tròn đến đồng (từ 0,5 đồng trở lên làm tròn lên)"),
                   "dong_down": _("bỏ phần lẻ dưới 1 đồng"), "hundred": _("làm tròn đến trăm đồng"),
                   "thousand": _("làm tròn đến nghìn đồng")}
EDGE_LABELS = {"month_end": _("áp dụng từ chính tháng đủ tuổi"),
               "month_start": _("áp dụng từ tháng sau, trừ khi đủ tuổi đúng ngày 01 của tháng")}
KIND_LABELS = {"cell": _("chi bộ trực thuộc"), "partial_committee": _("đảng bộ bộ phận"),
               "grassroots_committee": _("đảng bộ cơ sở"), "grassroots_cell": _("chi bộ cơ sở"),
               "commune": _("tổ chức cơ sở đảng xã, phường"), "upper": _("cấp trên cơ sở")}


def _dong(v: int) -> str:
    return f"{v:,}".replace(",", ".")


def setting_text(key: str, s: DuesSettings = DEFAULT_SETTINGS) -> str:
    """The value the deployment applies for the unconfirmed rule `key` (a Text: Vietnamese as a str, read in the
    page's language when shown; "" when it has none)."""
    if key == "dues.fixed_342":
        f = s.fixed_342
        return _("học sinh, sinh viên %(student)s đồng; đảng viên khác %(other)s đồng; hưởng trợ cấp hưu trí xã hội "
                 "%(social)s đồng một tháng; ngoài độ tuổi lao động đóng %(percent)s%%",
                 student=_dong(f.get(STUDENT, 0)), other=_dong(f.get(OTHER, 0)),
                 social=_dong(f.get(SOCIAL_PENSION, 0)), percent=s.outside_working_age_percent_342)
    if key == "dues.minimum_wage":
        since, table = s.minimum_wage[-1]
        regions = joined_text([_("vùng %(region)s %(amount)s đồng", region="I" * r if r < 4 else "IV",
                                 amount=_dong(v)) for r, v in sorted(table.items())])
        return _("từ %(month)s: %(regions)s", month=f"{since.month:02d}/{since.year}", regions=regions)
    if key == "dues.rounding":
        return ROUNDING_LABELS.get(s.rounding, s.rounding)
    if key == "dues.edge_month":
        return EDGE_LABELS.get(s.edge, s.edge)
    if key == "dues.split_01":
        return joined_text([_("%(kind)s để lại %(percent)s%%", kind=KIND_LABELS.get(k, k), percent=p)
                            for k, p in s.split_01.items()])
    if key == "dues.split_342":
        return _("chi bộ trực thuộc để lại %(percent)s%%", percent=s.cell_kept_342)
    return ""
