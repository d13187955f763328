"""The classification scale of a year: its labels for party organisations and for members, with the document that
set them (rules.md §1.1). From 2018 the four levels of the rating regimes (rating_regimes.py); before 2018 the
older scales, kept for published history only (no rule of those years is checked):

* 2014–2017: Hướng dẫn 27-HD/BTCTW ngày 25/9/2014 («kiểm điểm tập thể, cá nhân và đánh giá, phân loại chất
  lượng tổ chức cơ sở đảng, đảng viên hằng năm»);
* 2008–2013: Hướng dẫn 20-HD/BTCTW ngày 10/10/2008 («về đánh giá chất lượng tổ chức cơ sở đảng và đảng viên»).

An organisation «trong sạch, vững mạnh tiêu biểu» is its own figure. Whether published reports count it inside
«trong sạch, vững mạnh» differs (Đồng Tháp 2012: inside; Biên Hòa 2013: beside), so each entry says which; the
default (inside) is a setting, UNCONFIRMED. Years before 2008: no scale is known (refused with a message).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .rating_types import LEVEL_LABELS, Level
from .sources import PARTLY_CONFIRMED, UNCONFIRMED, Source, register
from .text import text as _

HD27 = "Hướng dẫn 27-HD/BTCTW ngày 25/9/2014 của Ban Tổ chức Trung ương"
HD20 = "Hướng dẫn 20-HD/BTCTW ngày 10/10/2008 của Ban Tổ chức Trung ương"
URL_HD27 = "https://minhtungland.com/huong-dan-so-27-ngay-25-thang-9-nam-2014/"
URL_HD27_USED_2016 = (
    "https://lawnet.vn/thong-tin-phap-luat/en/chinh-sach-moi/guidance-on-evaluation-and-classification-of-"
    "party-members-at-the-end-of-2016-159669.html"
)
URL_HD27_ORGS_2016 = (
    "https://baocantho.com.vn/nang-cao-nang-luc-lanh-dao-pham-chat-cua-nguoi-dung-dau-van-de-cap-bach-a19333.html"
)
URL_HD20 = (
    "https://luatminhkhue.vn/huong-dan-20-hd-btctw-ve-danh-gia-chat-luong-to-chuc-co-so-dang-va-dang-vien-do-ban-"
    "to-chuc-trung-uong-ban-hanh.aspx"
)
URL_HD20_LABELS_2012 = "https://baodongthap.vn/chinh-tri/20-59-co-so-dang-dat-trong-sach-vung-manh-tieu-bieu-29592.aspx"
URL_HD20_COUNTS_2013 = (
    "http://baodongnai.com.vn/tintuc/201402/dang-bo-tpbien-hoa-so-co-so-dang-dat-trong-sach-vung-manh-tang-cao-"
    "2291992/"
)

EXEMPLARY = "exemplary"  # «trong sạch, vững mạnh tiêu biểu»
CLEAN_STRONG = "clean_strong"  # «trong sạch, vững mạnh»
FIRST_YEAR = 2008


@dataclass(frozen=True)
class Grade:
    key: str
    label: str
    aliases: tuple[str, ...] = ()
    within: str = ""  # the figure this one is a part of (tiêu biểu within trong sạch, vững mạnh), when so counted
    aggregate: bool = False  # «… trở lên»: a sum of grades as published, never one level of its own


@dataclass(frozen=True)
class Scale:
    """The labels of one classification period; `rules` maps a topic to its registry key (the catalogue)."""

    key: str
    first_year: int
    last_year: int | None
    document: str
    url: str
    organizations: tuple[Grade, ...]
    members: tuple[Grade, ...]
    confidence: str
    rules: dict

    @property
    def years_label(self) -> str:
        if self.last_year is None:
            return _("từ %(year)s", year=self.first_year)
        return f"{self.first_year}–{self.last_year}"

    @property
    def current(self) -> bool:
        """The four levels of 2018 onwards (counts in PublishedTotals' own columns)."""
        return self.first_year >= 2018

    def grades(self, part: str) -> tuple[Grade, ...]:
        return self.members if part == "members" else self.organizations

    def grade(self, part: str, key: str) -> Grade | None:
        return next((g for g in self.grades(part) if g.key == key), None)


def _dated(document, clause, first, last, confidence, note="", url=""):
    return Source(document, clause, date(first, 1, 1), date(last, 12, 31) if last else None, confidence, note=note,
                  url=url)


def _register(prefix, first, last, specs) -> dict:
    keys = {}
    for topic, (document, clause, confidence, note, url) in specs.items():
        key = f"ratings.scale.{prefix}.{topic}"
        register(key, _dated(document, clause, first, last, confidence, note, url))
        keys[topic] = key
    return keys


EXEMPLARY_NOTE = (
    "Báo cáo các nơi tính khác nhau (Đồng Tháp 2012: nằm trong số TSVM; Biên Hòa 2013: tính riêng); mỗi lần nhập "
    "ghi rõ cách tính, mặc định: nằm trong số TSVM."
)
ORGS_OLD = (
    Grade(EXEMPLARY, "Trong sạch, vững mạnh tiêu biểu", ("tsvm tieu bieu", "trong sach vung manh tieu bieu"),
          within=CLEAN_STRONG),
    Grade(CLEAN_STRONG, "Trong sạch, vững mạnh", ("tsvm", "trong sach vung manh")),
    Grade("task_good", "Hoàn thành tốt nhiệm vụ", ("httnv",)),
    Grade("task_completed", "Hoàn thành nhiệm vụ", ("htnv",)),
    Grade("weak", "Yếu kém", ("yeu kem",)),
)
MEMBERS_HD27 = (
    Grade("qualified_excellent", "Đủ tư cách, hoàn thành xuất sắc nhiệm vụ",
          ("du tu cach hoan thanh xuat sac nhiem vu", "htxsnv")),
    Grade("qualified_good", "Đủ tư cách, hoàn thành tốt nhiệm vụ", ("du tu cach hoan thanh tot nhiem vu", "httnv")),
    Grade("qualified_limited", "Đủ tư cách, hoàn thành nhiệm vụ nhưng còn hạn chế",
          ("du tu cach hoan thanh nhiem vu", "du tu cach hoan thanh nhiem vu nhung con han che", "htnv")),
    Grade("violated", "Vi phạm tư cách hoặc không hoàn thành nhiệm vụ",
          ("vi pham tu cach", "khong hoan thanh nhiem vu", "khtnv")),
)
GOOD_OR_BETTER = "good_or_better"
MEMBERS_HD27 += (Grade(GOOD_OR_BETTER, "Đủ tư cách, hoàn thành tốt nhiệm vụ trở lên",
                       ("du tu cach hoan thanh tot nhiem vu tro len", "httnv tro len"), aggregate=True),)
MEMBERS_HD20 = (
    Grade("qualified_excellent", "Đủ tư cách, hoàn thành xuất sắc nhiệm vụ",
          ("du tu cach hoan thanh xuat sac nhiem vu", "htxsnv")),
    Grade("qualified_good", "Đủ tư cách, hoàn thành tốt nhiệm vụ", ("du tu cach hoan thanh tot nhiem vu", "httnv")),
    Grade("qualified_completed", "Đủ tư cách, hoàn thành nhiệm vụ", ("du tu cach hoan thanh nhiem vu", "htnv")),
    Grade("violated", "Vi phạm tư cách hoặc không hoàn thành nhiệm vụ",
          ("vi pham tu cach", "khong hoan thanh nhiem vu", "khtnv")),
    MEMBERS_HD27[-1],
)

RULES_HD27 = _register("2014-2017", 2014, 2017, {
    "organizations": (HD27, "Tổ chức cơ sở đảng: Trong sạch, vững mạnh (trong đó có tiêu biểu); Hoàn thành tốt "
                      "nhiệm vụ; Hoàn thành nhiệm vụ; Yếu kém", PARTLY_CONFIRMED,
                      "rules.md §1.1; kết quả năm 2016 công bố theo đúng các mức này (Cần Thơ).", URL_HD27_ORGS_2016),
    "members": (HD27, "Đảng viên: Đủ tư cách, hoàn thành xuất sắc nhiệm vụ; Đủ tư cách, hoàn thành tốt nhiệm vụ; "
                "Đủ tư cách, hoàn thành nhiệm vụ nhưng còn hạn chế; Vi phạm tư cách hoặc không hoàn thành nhiệm vụ",
                UNCONFIRMED, "Mức thứ ba: chữ «nhưng còn hạn chế» chưa đọc được trong bản gốc (bản trên mạng bị "
                "lỗi chữ); nhập vào chấp nhận cả «Đủ tư cách, hoàn thành nhiệm vụ».", URL_HD27),
    "period": (HD27, "Áp dụng cho việc đánh giá các năm 2014–2017 (đến Quy định 132-QĐ/TW năm 2018)",
               PARTLY_CONFIRMED, "Năm 2016 vẫn theo HD 27 (lawnet).", URL_HD27_USED_2016),
    "exemplary_within": ("Tham số của phần mềm (mặc định)", "Số tổ chức «trong sạch, vững mạnh tiêu biểu» nằm "
                         "trong số «trong sạch, vững mạnh» (mặc định) hoặc tính riêng", UNCONFIRMED, EXEMPLARY_NOTE,
                         ""),
})
RULES_HD20 = _register("2008-2013", 2008, 2013, {
    "organizations": (HD20, "Tổ chức cơ sở đảng: Trong sạch, vững mạnh (trong đó có tiêu biểu); Hoàn thành tốt "
                      "nhiệm vụ; Hoàn thành nhiệm vụ; Yếu kém", PARTLY_CONFIRMED,
                      "Theo kết quả năm 2012 đã công bố (Đồng Tháp); chưa đọc được phần phân loại của bản gốc.",
                      URL_HD20_LABELS_2012),
    "members": (HD20, "Đảng viên: Đủ tư cách, hoàn thành xuất sắc nhiệm vụ; Đủ tư cách, hoàn thành tốt nhiệm vụ; "
                "Đủ tư cách, hoàn thành nhiệm vụ; Vi phạm tư cách hoặc không hoàn thành nhiệm vụ", PARTLY_CONFIRMED,
                "Theo kết quả năm 2012, 2013 đã công bố (Đồng Tháp, Biên Hòa).", URL_HD20_COUNTS_2013),
    "period": (HD20, "Áp dụng cho việc đánh giá các năm 2008–2013 (đến HD 27-HD/BTCTW năm 2014)", UNCONFIRMED,
               "Ngày ban hành 10/10/2008 đã rõ; năm đầu áp dụng và việc không có hướng dẫn nào khác (ví dụ năm 2011) "
               "chưa xác nhận.", URL_HD20),
    "exemplary_within": ("Tham số của phần mềm (mặc định)", "Số tổ chức «trong sạch, vững mạnh tiêu biểu» nằm "
                         "trong số «trong sạch, vững mạnh» (mặc định) hoặc tính riêng", UNCONFIRMED, EXEMPLARY_NOTE,
                         ""),
})

OLD_SCALES: tuple[Scale, ...] = (
    Scale("2014-2017", 2014, 2017, HD27, URL_HD27, ORGS_OLD, MEMBERS_HD27, UNCONFIRMED, RULES_HD27),
    Scale("2008-2013", 2008, 2013, HD20, URL_HD20, ORGS_OLD, MEMBERS_HD20, PARTLY_CONFIRMED, RULES_HD20),
)
FOUR = tuple(Grade(lv.name.lower(), LEVEL_LABELS[lv]) for lv in sorted(Level, reverse=True))
FOUR_MEMBERS = (*FOUR, Grade(GOOD_OR_BETTER, "Hoàn thành tốt nhiệm vụ trở lên", ("httnv tro len",), aggregate=True))
EXEMPLARY_WITHIN_DEFAULT = True  # ratings.scale.*.exemplary_within


def scale_for(year: int) -> Scale:
    """The scale of a classification year; ValueError (a Vietnamese message) before 2008."""
    for s in OLD_SCALES:
        if s.first_year <= year <= s.last_year:
            return s
    if year >= 2018:
        from .rating_regimes import regime_for

        regime = regime_for(year)
        return Scale(regime.key, regime.first_year, regime.last_year, f"{regime.regulation}; {regime.guideline}",
                     regime.source("levels").url, FOUR, FOUR_MEMBERS, regime.source("levels").confidence,
                     {"levels": regime.rules["levels"]})
    raise ValueError(f"năm {year}: chưa có thang xếp loại trước năm {FIRST_YEAR} (HD 20-HD/BTCTW 2008)")


def same_scale(a: int, b: int) -> bool:
    """Two years' figures can stand in one series only on the same labels (2018+ is one scale)."""
    try:
        sa, sb = scale_for(a), scale_for(b)
    except ValueError:
        return False
    return sa.current == sb.current and (sa.current or sa.key == sb.key)
