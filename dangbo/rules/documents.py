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
