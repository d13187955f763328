"""Data quality against the national register (issue 14.5): each kind of finding, what it checks in words, and the
source it rests on. Pure Python: `dangbo.quality.queries` turns each kind into SQL.

dangbo is a local working tool beside the national CSDL đảng viên 3.0, which owns the member data (QĐ 384-QĐ/TW):
these findings are what an office cleans before it reconciles with that database ("đúng – đủ – sạch – sống").
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from .sources import CONFIRMED, PARTLY_CONFIRMED, REGISTRY, Source, register
from .text import text as _

register(
    "quality.citizen_id_key",
    Source(
        document="Quy định 384-QĐ/TW ngày 19/11/2025 của Ban Bí thư (kết nối, chia sẻ dữ liệu của các cơ quan Đảng)",
        clause="Dữ liệu đảng viên do Ban Tổ chức Trung ương quản lý tập trung; số CCCD là khóa đối chiếu với cơ sở "
        "dữ liệu đảng viên và Cơ sở dữ liệu quốc gia về dân cư",
        valid_from=date(2025, 11, 19),
        valid_to=None,
        confidence=PARTLY_CONFIRMED,
        note="That every member's CCCD must be recorded is the practice of the 2025 cleaning campaigns (TP.HCM: 100% "
        "đảng viên có số CCCD đến 9/10/2025), not a clause seen word for word.",
        url="https://thanhnien.vn/tphcm-15-ngay-dem-lam-sach-chuan-hoa-du-lieu-to-chuc-dang-dang-vien-185251120170706415.htm",
    ),
)
register(
    "quality.citizen_id_structure",
    Source(
        document="Nghị định 137/2015/NĐ-CP, Điều 13; Thông tư 59/2021/TT-BCA, Điều 7",
        clause="Số định danh cá nhân gồm 12 chữ số: 3 số mã nơi đăng ký khai sinh, 1 số mã thế kỷ và giới tính "
        "(thế kỷ 20: nam 0, nữ 1; thế kỷ 21: nam 2, nữ 3), 2 số cuối của năm sinh, 6 số ngẫu nhiên",
        valid_from=date(2016, 1, 1),
        valid_to=None,
        confidence=PARTLY_CONFIRMED,
        note="The structure is widely published; the clause text was not re-read for this rule. A mismatch is a "
        "finding to check against the card, not a refusal.",
    ),
)
register(
    "quality.card_number",
    Source(
        document="Chỉ thị 51-CT/TW ngày 08/8/2025 của Ban Bí thư (đổi thẻ đảng viên)",
        clause="Thẻ đảng viên chỉ đổi cho đảng viên chính thức đã có thẻ, đồng bộ với cơ sở dữ liệu đảng viên",
        valid_from=date(2025, 8, 8),
        valid_to=None,
        confidence=CONFIRMED,
        note="An official member holds a card; a probationary member does not yet, so only official members are "
        "checked.",
        url="https://vnexpress.net/tat-ca-dang-vien-doi-the-dang-truoc-2-9-4926542.html",
    ),
)
register(
    "quality.one_record",
    Source(
        document="Luật Căn cước 2023 (số định danh cá nhân là duy nhất); Chỉ thị 51-CT/TW (mỗi thẻ một số)",
        clause="Mỗi người một hồ sơ: hai hồ sơ cùng số CCCD, cùng số thẻ đảng viên, hoặc cùng họ tên (đúng từng dấu) "
        "và ngày sinh là cùng một người hoặc nhập sai",
        valid_from=None,
        valid_to=None,
        confidence=PARTLY_CONFIRMED,
        note="Same name and birth date is only a likely duplicate: the office checks the two records. Names that "
        "differ in a diacritic are different names. Card numbers are compared without spaces, dots, dashes and leading "
        "zeros.",
    ),
)
register(
    "quality.date_logic",
    Source(
        document="Kiểm tra logic của dữ liệu",
        clause="Một ngày đã xảy ra (sinh, kết nạp, lễ kết nạp, chính thức, ra khỏi danh sách) không thể ở tương lai; "
        "sau ngày từ trần không còn sự kiện sinh hoạt đảng nào",
        valid_from=None,
        valid_to=None,
        confidence=CONFIRMED,
        note="A logical necessity, no legal text is needed.",
    ),
)
register(
    "quality.in_a_cell",
    Source(
        document="Điều lệ Đảng Cộng sản Việt Nam (2011), Điều 1 khoản 2 và Điều 21",
        clause="Đảng viên hoạt động trong một tổ chức cơ sở đảng; chi bộ là nơi đảng viên sinh hoạt",
        valid_from=None,
        valid_to=None,
        confidence=PARTLY_CONFIRMED,
        note="A member filed under an đảng bộ (not a chi bộ) or under an organisation that ended is a record to move "
        "to the chi bộ where they meet.",
    ),
)
register(
    "quality.record_fields",
    Source(
        document="Hướng dẫn 09-HD/BTCTW ngày 05/6/2017 (mẫu 1-HSĐV lý lịch đảng viên, mẫu 2-HSĐV phiếu đảng viên); "
        "Hướng dẫn 06-HD/TW ngày 09/6/2025, 8.3",
        clause="Lý lịch và phiếu đảng viên ghi quê quán, nơi cư trú, ngày và số quyết định kết nạp, ngày lễ kết nạp, "
        "ngày công nhận chính thức",
        valid_from=date(2017, 6, 5),
        valid_to=None,
        confidence=PARTLY_CONFIRMED,
        note="The register does not record the paper dossier's documents (HD 06 8.3): only the fields of the record "
        "that the lý lịch and phiếu đảng viên carry are checked.",
        url="http://namha.edu.vn/490/12180/Huong-dan-Khai-ly-lich-dang-vien-phieu-dang-vien-va-phieu-bo-sung-ho-so-dang-vien-Sau-khi-ket-nap.html",
    ),
)


@dataclass(frozen=True)
class Kind:
    code: str
    label: str  # Vietnamese, shown on the page, the CLI and the JSON
    rule: str  # the rule in words (Vietnamese)
    sources: tuple[str, ...]  # registered rule keys

    def source_text(self) -> str:
        parts = []
        for key in self.sources:
            s = REGISTRY[key]
            parts.append(f"{s.document}: {s.clause}" + ("" if s.confidence == CONFIRMED else f" ({s.confidence})"))
        return "; ".join(parts)

    @property
    def confidence(self) -> str:
        levels = [REGISTRY[k].confidence for k in self.sources]
        return CONFIRMED if all(x == CONFIRMED for x in levels) else PARTLY_CONFIRMED


KINDS: tuple[Kind, ...] = (
    Kind("missing_citizen_id", _("Thiếu số CCCD"),
         _("Đảng viên đang sinh hoạt phải có số CCCD để đối chiếu với CSDL đảng viên."), ("quality.citizen_id_key",)),
    Kind("citizen_id_mismatch", _("Số CCCD không khớp năm sinh, giới tính"),
         _("Chữ số thứ 4 của số CCCD ghi thế kỷ và giới tính, chữ số thứ 5–6 ghi hai số cuối năm sinh."),
         ("quality.citizen_id_structure",)),
    Kind("missing_card_number", _("Thiếu số thẻ đảng viên"),
         _("Đảng viên chính thức phải có số thẻ đảng viên."), ("quality.card_number",)),
    Kind("birth_after_admission", _("Ngày sinh không trước ngày kết nạp"),
         _("Ngày sinh phải trước ngày quyết định kết nạp."), ("quality.date_logic",)),
    Kind("admitted_under_18", _("Kết nạp khi chưa đủ 18 tuổi"),
         _("Người vào Đảng phải đủ 18 tuổi tính theo tháng (tính đến ngày quyết định kết nạp, vì sổ không ghi ngày "
         "chi bộ xét)."), ("membership.admission_age",)),
    Kind("ceremony_before_decision", _("Lễ kết nạp trước ngày quyết định kết nạp"),
         _("Lễ kết nạp không được trước ngày quyết định kết nạp."), ("membership.ceremony_deadline",)),
    Kind("official_before_probation_end", _("Chính thức trước khi hết 12 tháng dự bị"),
         _("Ngày chính thức là ngày hết 12 tháng dự bị tính từ ngày lễ kết nạp (từ ngày quyết định kết nạp khi sổ "
         "không ghi lễ kết nạp)."), ("membership.probation_months", "membership.official_date")),
    Kind("future_date", _("Ngày ở tương lai"),
         _("Ngày sinh, kết nạp, lễ kết nạp, chính thức, ra khỏi danh sách không thể sau hôm nay."),
         ("quality.date_logic",)),
    Kind("event_after_death", _("Có sự kiện sau ngày từ trần"),
         _("Sau ngày từ trần không còn sự kiện sinh hoạt đảng nào."), ("quality.date_logic",)),
    Kind("duplicate_citizen_id", _("Trùng số CCCD"),
         _("Hai hồ sơ cùng số CCCD (kể cả người trong danh sách phát triển đảng viên) là cùng một người."),
         ("quality.one_record",)),
    Kind("duplicate_card_number", _("Trùng số thẻ đảng viên"),
         _("Hai hồ sơ cùng số thẻ đảng viên (so sánh bỏ dấu cách, dấu chấm, gạch ngang và số 0 ở đầu)."),
         ("quality.one_record",)),
    Kind("duplicate_name_birth", _("Có thể trùng người: cùng họ tên và ngày sinh"),
         _("Hai hồ sơ cùng họ tên (đúng từng dấu) và ngày sinh cần kiểm tra có phải một người."),
         ("quality.one_record",)),
    Kind("not_in_cell", _("Không sinh hoạt ở chi bộ"),
         _("Đảng viên đang sinh hoạt phải thuộc một chi bộ đang hoạt động (không ghi ở đảng bộ, không ở tổ chức đã "
         "giải thể, hợp nhất, chia tách)."), ("quality.in_a_cell",)),
    Kind("probation_overdue", _("Quá hạn xét công nhận chính thức"),
         _("Đảng viên dự bị quá 12 tháng kể từ lễ kết nạp và quá 30 ngày làm việc chi bộ được xét mà vẫn chưa được "
         "công nhận chính thức (hoặc xóa tên)."), ("membership.official_date", "membership.recognition_deadline")),
    Kind("record_incomplete", _("Hồ sơ trên sổ thiếu thông tin"),
         _("Đảng viên đang sinh hoạt phải có quê quán, nơi thường trú, số quyết định kết nạp, ngày lễ kết nạp và "
         "(đảng viên chính thức) ngày chính thức."), ("quality.record_fields",)),
)
BY_CODE = {k.code: k for k in KINDS}

# The 4th digit of a CCCD by (year // 100, gender) (quality.citizen_id_structure); other centuries do not occur here.
CENTURY_GENDER_DIGIT = {(19, "M"): "0", (19, "F"): "1", (20, "M"): "2", (20, "F"): "3"}


def expected_citizen_id_digits(birth: date, gender: str) -> str | None:
    """Digits 4–6 a CCCD must carry for this birth date and gender (None when the rule does not say)."""
    digit = CENTURY_GENDER_DIGIT.get((birth.year // 100, gender))  # 1900–1999: 19; 2000–2099: 20
    return None if digit is None else f"{digit}{birth.year % 100:02d}"


def card_key(card_number: str | None) -> str:
    """A card number as duplicates are compared (the same as quality.queries' SQL): upper case, without spaces,
    dots, dashes and leading zeros."""
    text = (card_number or "").upper()
    for ch in " .-":
        text = text.replace(ch, "")
    return text.lstrip("0")


def last_start_before(deadline: Callable[[date], date], today: date, span_days: int = 4 * 366) -> date:
    """The latest start date whose `deadline(start)` is already past on `today` (deadline < today).

    `deadline` must be non-decreasing in its start date (adding months and working days is), so a binary search
    over the `span_days` before today finds it; a probation overdue is then `start <= that date` in SQL.
    """
    lo = today - timedelta(days=span_days)
    days = [lo + timedelta(days=i) for i in range(span_days + 1)]
    i = bisect_left(days, True, key=lambda d: deadline(d) >= today)
    return days[i - 1] if i > 0 else lo - timedelta(days=1)
