"""Bodies between congresses (rules-2025-2026.md §1.4, §1.5, §2.4, §2.7): how a term's body came about, the
contents a 2025 congress held, congress ordinals after a merger, and a cấp ủy member on temporary transfer.
Pure Python: no Django."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .sources import CONFIRMED, PARTLY_CONFIRMED, Document
from .text import text as _

CT45 = Document("Chỉ thị 45-CT/TW ngày 14/4/2025 của Bộ Chính trị", date(2025, 4, 14))
HD06 = Document("Hướng dẫn 06-HD/TW ngày 09/6/2025 của Ban Bí thư", date(2025, 6, 9))
QD294 = Document("Quy định 294-QĐ/TW ngày 26/5/2025 của Ban Chấp hành Trung ương", date(2025, 5, 26))

CT45.rule("committees.congress_contents", confidence=CONFIRMED,
          clause="Đại hội 4 nội dung; nơi khó khăn về nhân sự: 3 nội dung, chưa bầu cấp ủy khóa mới; đảng bộ, chi "
                 "bộ hợp nhất, sáp nhập, thành lập mới: 2 nội dung, không bầu cấp ủy khóa mới và đoàn đại biểu dự "
                 "đại hội cấp trên; ban thường vụ cấp ủy cấp trên trực tiếp chỉ định",
          note="rules-2025-2026.md §1.5 (TTXVN copy).")
HD06.rule("committees.congress_ordinal", confidence=CONFIRMED,
          clause="Đảng bộ, chi bộ do chia tách, hợp nhất, sáp nhập: số thứ tự đại hội qua các thời kỳ cộng thêm "
                 "nhiệm kỳ hiện tại; đảng bộ, chi bộ thành lập mới tính theo nhiệm kỳ mới",
          note="Practice varied (merged provinces held «lần thứ I»): a hint next to the field, never computed.")
QD294.rule("committees.chi_bo_term", confidence=CONFIRMED,
           clause="Nhiệm kỳ đại hội chi bộ 5 năm (thí điểm); nơi khác 2 lần trong 5 năm: độ dài nhiệm kỳ đọc từ "
                  "dữ liệu", note="rules-2025-2026.md §2.7.")
QD294.rule("committees.appointed_between", confidence=CONFIRMED,
           clause="Khi thật cần thiết, cấp ủy cấp trên trực tiếp chỉ định bí thư, phó bí thư, chi ủy viên",
           note="rules-2025-2026.md §2.7; the level above decides every change between congresses.")
QD294.rule("committees.temporary_transfer", confidence=PARTLY_CONFIRMED,
           clause="Điểm 6.3.2.c: cấp ủy viên chuyển sinh hoạt đảng tạm thời vẫn là cấp ủy viên nơi sinh hoạt đảng "
                  "chính thức", note="Quiz answer keys only (rules-2025-2026.md §2.4): a setting, default on.")

# The four contents of a congress (CT 45), in their order.
REVIEW, UPPER_DOCUMENTS, ELECT_COMMITTEE, ELECT_DELEGATES = "review", "upper_documents", "committee", "delegates"
CONTENTS = (REVIEW, UPPER_DOCUMENTS, ELECT_COMMITTEE, ELECT_DELEGATES)


@dataclass(frozen=True)
class CommitteeSettings:
    """The rules known only partly, with their defaults."""

    # 294 6.3.2.c (PARTLY): a cấp ủy member on temporary transfer stays on the committee where officially registered,
    # so recording their "transfer out" on a temporary transfer is refused.
    temporary_transfer_keeps_seat: bool = True


DEFAULT_SETTINGS = CommitteeSettings()


def contents_findings(held: list[str] | tuple[str, ...]) -> list[str]:
    """Refusals for a congress's list of contents held (CT 45): the review is always held; 4, 3 (no committee
    election) or 2 (neither the committee nor the delegates elected) contents."""
    held = set(held)
    unknown = held - set(CONTENTS)
    if unknown:
        return [_("Nội dung đại hội không hợp lệ: %(codes)s.", codes=", ".join(sorted(unknown)))]
    out = []
    if REVIEW not in held:
        out.append(_("Đại hội nào cũng thảo luận báo cáo chính trị, kiểm điểm của cấp ủy (Chỉ thị 45-CT/TW)."))
    if ELECT_DELEGATES in held and ELECT_COMMITTEE not in held and UPPER_DOCUMENTS not in held:
        out.append(_("Đại hội 2 nội dung không bầu đoàn đại biểu dự đại hội cấp trên (Chỉ thị 45-CT/TW)."))
    return out


def committee_appointed(held) -> bool:
    """A congress that did not elect the committee: the level above appoints it (CT 45)."""
    return ELECT_COMMITTEE not in set(held)


def delegates_appointed(held) -> bool:
    return ELECT_DELEGATES not in set(held)


def ordinal_hint() -> str:
    """The HD 06 rule as a hint only (practice varied): merged bodies continue the count, new ones start at I."""
    return _("Hướng dẫn 06-HD/TW: đảng bộ, chi bộ chia tách, hợp nhất, sáp nhập tính tiếp số thứ tự đại hội qua "
             "các thời kỳ; đảng bộ, chi bộ thành lập mới tính từ lần thứ I. Thực tế các nơi làm khác nhau: "
             "người dùng tự nhập.")
