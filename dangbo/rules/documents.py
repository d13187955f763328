"""Party documents: types, the abbreviations of their symbols, and numbering per type per term (rules.md §6).

A symbol is "number-TYPE/ISSUER", e.g. "15-BC/ĐU" (HD 36-HD/VPTW 2018, examples "Số 127-QĐ/TW"). Documents of a
cấp ủy are numbered from 01 for each document type within one term of the cấp ủy (HD 36, point 1.3.1).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .sources import CONFIRMED, PARTLY_CONFIRMED, UNCONFIRMED, Document, Source, register, sourced
from .text import Text, gettext_noop

HD36_NUMBERING = "https://thuvienphapluat.vn/hoi-dap-phap-luat/iframe/40E5A-hd-cach-trinh-bay-so-va-ky-hieu-van-ban-trong-van-ban-cua-dang.html"
HD36_LAYOUT = ("https://vpdangdoan.vinhuni.edu.vn/thong-bao-van-ban/seo/"
               "huong-dan-ve-the-thuc-va-ky-thuat-trinh-bay-van-ban-cua-dang-86250")
HD36 = Document("HD 36-HD/VPTW (03/4/2018)", date(2018, 4, 3))

register("documents.numbering", Source(
    "HD 36-HD/VPTW (03/4/2018), Văn phòng Trung ương", "điểm 1.3.1: đánh số liên tục từ số 01 cho mỗi tên loại "
    "văn bản trong một nhiệm kỳ cấp ủy", date(2018, 4, 3), None, CONFIRMED,
    note="Nhiệm kỳ: từ ngày liền kề sau ngày bế mạc đại hội đến hết ngày bế mạc đại hội lần kế tiếp",
    url=HD36_NUMBERING))
HD36.rule("documents.symbol", clause="ký hiệu: số - chữ viết tắt tên loại / chữ viết tắt cơ quan ban hành "
          "(ví dụ Số 127-QĐ/TW, 24-BS/UBKTTU)", confidence=CONFIRMED, url=HD36_NUMBERING)
register("documents.abbreviations", Source(
    "HD 36-HD/VPTW (phụ lục, chưa thu thập được)", "NQ, QĐ, CT, KL, HD, KH, CV, BS xác nhận qua số văn bản thực; "
    "BC, TB, TTr, BB, CTr, ĐA, QC, TT rất có thể nhưng chưa xác nhận", date(2018, 4, 3), None, PARTLY_CONFIRMED,
    note="Chữ viết tắt chưa xác nhận là thiết lập mặc định, đơn vị có thể sửa", url=HD36_NUMBERING))
HD36.rule("documents.layout", clause="khổ A4, phông chữ Times New Roman (TCVN 6909:2001); tiêu đề «ĐẢNG CỘNG SẢN "
          "VIỆT NAM», tên cơ quan ban hành, số và ký hiệu, địa danh và ngày tháng", confidence=PARTLY_CONFIRMED,
          note="Cỡ chữ theo bảng mẫu thứ cấp; lề trang chưa xác nhận", url=HD36_LAYOUT)
register("documents.issuer_cell", Source(
    "Thực tiễn (chưa có nguồn)", "chữ viết tắt «CB» cho chi bộ", None, None, UNCONFIRMED,
    note="Là thiết lập mặc định, chưa xác nhận"))


@dataclass(frozen=True)
class DocType:
    key: str
    name: str
    abbreviation: str
    confirmed: bool


# QĐ 399-QĐ/TW (2026) list of types (rules.md §6.2); abbreviations rules.md §6.3.
DOC_TYPES: tuple[DocType, ...] = (
    DocType("nghi_quyet", gettext_noop("Nghị quyết"), "NQ", True),
    DocType("quyet_dinh", gettext_noop("Quyết định"), "QĐ", True),
    DocType("quy_dinh", gettext_noop("Quy định"), "QĐ", True),
    DocType("chi_thi", gettext_noop("Chỉ thị"), "CT", True),
    DocType("ket_luan", gettext_noop("Kết luận"), "KL", True),
    DocType("huong_dan", gettext_noop("Hướng dẫn"), "HD", True),
    DocType("ke_hoach", gettext_noop("Kế hoạch"), "KH", True),
    DocType("cong_van", gettext_noop("Công văn"), "CV", True),
    DocType("ban_sao", gettext_noop("Bản sao"), "BS", True),
    DocType("bao_cao", gettext_noop("Báo cáo"), "BC", False),
    DocType("thong_bao", gettext_noop("Thông báo"), "TB", False),
    DocType("to_trinh", gettext_noop("Tờ trình"), "TTr", False),
    DocType("bien_ban", gettext_noop("Biên bản"), "BB", False),
    DocType("chuong_trinh", gettext_noop("Chương trình"), "CTr", False),
    DocType("de_an", gettext_noop("Đề án"), "ĐA", False),
    DocType("quy_che", gettext_noop("Quy chế"), "QC", False),
    DocType("thong_tri", gettext_noop("Thông tri"), "TT", False),
    DocType("giay_moi", gettext_noop("Giấy mời"), "GM", False),
    DocType("giay_gioi_thieu", gettext_noop("Giấy giới thiệu"), "GGT", False),
)
TYPES = {t.key: t for t in DOC_TYPES}
CHOICES = [(t.key, Text(t.name)) for t in DOC_TYPES]  # Vietnamese as str values, the page's language when shown
# Issuer abbreviations by organisation kind: ĐU confirmed (e.g. 09-KH/ĐU); CB for a chi bộ is not.
ISSUER_BY_KIND = {"upper": "ĐU", "grassroots_committee": "ĐU", "partial_committee": "ĐU",
                  "grassroots_cell": "CB", "cell": "CB"}


@sourced("documents.symbol")
def symbol(number: int, doc_type: str, issuer: str) -> str:
    """'15-BC/ĐU'. Numbers below 10 are written with a leading zero ('01'), as HD 36 numbers 'từ số 01'."""
    return f"{number:02d}-{TYPES[doc_type].abbreviation}/{issuer}"


@sourced("documents.numbering")
def next_number(used: list[int] | set[int]) -> int:
    """The next number of a type in a term: one above the highest used (gaps are not refilled)."""
    return max(used, default=0) + 1


def term_start_after_congress(closing_day: date) -> date:
    """A term runs from the day after the congress closes (HD 36, 1.3.1)."""
    from datetime import timedelta

    return closing_day + timedelta(days=1)


def change_percent(this_year: int, last_year: int) -> float | None:
    """'tăng 3,5% so với năm 2017': None when there is nothing to compare with."""
    if not last_year:
        return None
    return (this_year - last_year) * 100.0 / last_year


# -- the issuing body as written in the header and the signature block (HD 36-HD/VPTW, point 1.2.1) -------------
HD36_ISSUER = ("https://thuvienphapluat.vn/hoi-dap-phap-luat/40E57-hd-cach-trinh-bay-ten-co-quan-ban-hanh-van-ban-"
               "trong-van-ban-cua-dang.html")
HD36.rule("documents.issuing_body", clause="điểm 1.2.1: tên cơ quan ban hành ghi chính xác, đầy đủ theo Điều lệ Đảng "
          "hoặc văn bản thành lập; văn bản của cấp ủy ghi tên cấp ủy (ĐẢNG ỦY …, CHI BỘ …) dưới tên đảng bộ cấp trên "
          "trực tiếp (ĐẢNG BỘ …), có dấu «*» ở dưới", confidence=PARTLY_CONFIRMED,
          note="Các ví dụ của HD 36 đọc qua bản tóm tắt thứ cấp; cách gọi cấp ủy của đảng bộ tỉnh, huyện (Tỉnh ủy, "
               "Huyện ủy, Thành ủy, Quận ủy, Thị ủy) theo Điều lệ Đảng", url=HD36_ISSUER)

CELL_KINDS = ("grassroots_cell", "cell")
# A đảng bộ of a territory: its cấp ủy is named after it («Đảng bộ tỉnh Quảng Nam» → «Tỉnh ủy Quảng Nam»).
TERRITORIAL = (("tỉnh", "Tỉnh ủy"), ("thành phố", "Thành ủy"), ("huyện", "Huyện ủy"), ("quận", "Quận ủy"),
               ("thị xã", "Thị ủy"))


def _after(name: str, word: str) -> str | None:
    """The rest of `name` after the leading `word` (any case), None when it does not start with it."""
    if name[: len(word) + 1].lower() == word.lower() + " ":
        return name[len(word) + 1:].strip()
    return None


@sourced("documents.issuing_body")
def committee_name(name: str, kind: str) -> str:
    """The body that issues and signs for an organisation, as written: a chi bộ issues as itself («Chi bộ Phòng
    Tổng hợp»); a đảng bộ through its cấp ủy («Đảng bộ Văn phòng UBND tỉnh» → «Đảng ủy Văn phòng UBND tỉnh»; a
    đảng bộ tỉnh, thành phố, huyện, quận, thị xã → Tỉnh ủy, Thành ủy, Huyện ủy, Quận ủy, Thị ủy …). A name that
    already names a cấp ủy is kept."""
    name = " ".join((name or "").split())
    if kind in CELL_KINDS:
        return name
    rest = _after(name, "Đảng bộ")
    if rest is None:
        return name
    if kind == "upper":
        for word, committee in TERRITORIAL:
            place = _after(rest, word)
            if place:
                return f"{committee} {place}"
    return f"Đảng ủy {rest}"


@sourced("documents.issuing_body")
def party_body_name(name: str) -> str:
    """An organisation named as a đảng bộ, for the upper line of the header («ĐẢNG BỘ KHỐI CÁC CƠ QUAN TỈNH»):
    «Đảng ủy X» → «Đảng bộ X», «Tỉnh ủy Quảng Nam» → «Đảng bộ tỉnh Quảng Nam»; other names as written."""
    name = " ".join((name or "").split())
    rest = _after(name, "Đảng ủy")
    if rest is not None:
        return f"Đảng bộ {rest}"
    for word, committee in TERRITORIAL:
        place = _after(name, committee)
        if place:
            return f"Đảng bộ {word} {place}"
    return name


def on_behalf(committee: str, *, congress: bool = False, cell: bool = False) -> str:
    """The first line of the signature block: «T/M ĐẢNG ỦY», «T/M CHI BỘ», «T/M TỈNH ỦY»; a congress document is
    presented by the outgoing Ban Chấp hành (a chi bộ: its chi ủy)."""
    if congress:
        return "T/M CHI ỦY" if cell else "T/M BAN CHẤP HÀNH"
    if cell:
        return "T/M CHI BỘ"
    for _word, body in TERRITORIAL:
        if _after(committee, body) is not None:
            return f"T/M {body.upper()}"
    return "T/M ĐẢNG ỦY"
