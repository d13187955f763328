"""Dossier upkeep (quản lý hồ sơ đảng viên, HD 06-HD/TW 2025 §8) and party cards (Chỉ thị 51-CT/TW).

Sources: HD 06-HD/TW of 2025 §8 through /work/shared/domain/rules-2025-2026.md §2.5 (CONFIRMED: a copy quoting
8.1.c, 8.2.h and 8.3); the same sentences stand in HD 01-HD/TW of 2021 §8, quoted by thuvienphapluat.vn and
lawnet.vn (pages searched while building this). Party cards: Quy định 29/294 point 6.1 (rules.md §3.6) and Chỉ thị
51-CT/TW of 08/8/2025 (rules-2025-2026.md §2.8; nld.com.vn, thanhnien.vn, vnexpress.net). How the periods are
counted (the day a 3-month wait starts, the day a slip must be made by) is not written anywhere we found: each
is a `DossierSettings` field with a default, registered UNCONFIRMED and shown on the pages as not confirmed.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date

from .calendar import DEFAULT_CALENDAR, WorkingCalendar
from .membership import ERROR, Finding, add_months
from .sources import CONFIRMED, UNCONFIRMED, Document, Source, register
from .text import gettext_noop
from .text import text as _

HD06 = Document("Hướng dẫn 06-HD/TW năm 2025 về một số vấn đề cụ thể thi hành Điều lệ Đảng, mục 8 (hồ sơ đảng viên)",
                date(2025, 1, 1))
CT51 = "Chỉ thị 51-CT/TW ngày 08/8/2025 của Ban Bí thư về đổi thẻ đảng viên"
TVPL = "https://thuvienphapluat.vn/hoi-dap-phap-luat/55B08-hd-trach-nhiem-cua-cap-co-so-ve-xay-dung-va-quan-ly-ho-so-dang-vien.html"

HD06.rule("dossier.supplement_yearly",
    clause="Hằng năm (và khi chuyển sinh hoạt đảng chính thức) đảng viên khai phiếu bổ sung hồ sơ "
    "đảng viên; cấp ủy cơ sở hướng dẫn, kiểm tra, thu nhận, ghi bổ sung vào lý lịch và danh sách đảng viên, chuyển "
    "phiếu lên cấp ủy cấp trên trực tiếp",
    confidence=CONFIRMED, url=TVPL,
    note="rules-2025-2026.md §2.5 (8.1.c); the same text in HD 01-HD/TW 2021 §8. The date a campaign's phiếu are "
         "due is the office's own (entered with the campaign).")
HD06.rule("dossier.transfer_in_late",
    clause="Định kỳ (3 tháng 1 lần) kiểm tra phiếu báo chuyển sinh hoạt đảng, báo cáo cấp ủy có "
    "thẩm quyền xử lý đảng viên quá 3 tháng không nộp hồ sơ chuyển sinh hoạt đảng mà không có lý do chính đáng",
    confidence=CONFIRMED, url=TVPL,
    note="rules-2025-2026.md §2.5. The period is a setting (transfer_months).")
HD06.rule("dossier.transfer_in_start", clause="Ngày bắt đầu tính 3 tháng chờ hồ sơ chuyển sinh hoạt đảng đến",
    confidence=UNCONFIRMED,
    note="Not found. Default: the effective date of the transfer in recorded in the register; late from the day "
         "after the same day 3 calendar months later (31/1 + 3 tháng = 30/4).")
HD06.rule("dossier.slip_deadline",
    clause="Viết phiếu báo đảng viên đã từ trần và phiếu báo đảng viên ra khỏi Đảng, chuyển giao cùng "
    "hồ sơ lên cấp ủy cấp trên trực tiếp trong thời hạn 30 ngày làm việc kể từ khi lập phiếu báo",
    confidence=CONFIRMED, url=TVPL,
    note="rules-2025-2026.md §2.5 (8.2.h). Working days from dangbo.rules.calendar; a setting (slip_days).")
HD06.rule("dossier.slip_start", clause="Thời hạn lập phiếu báo sau khi đảng viên từ trần hoặc ra khỏi Đảng",
    confidence=UNCONFIRMED,
    note="Not found. Default: a slip not yet made is due as if made on the day of the death or leaving (the "
         "event's effective date), so the 30 working days run from that day.")
HD06.rule("dossier.watch_window", clause="Khoảng thời gian theo dõi hồ sơ chuyển đến và phiếu báo (dangbo)",
    confidence=UNCONFIRMED,
    note="Not a rule of the documents: records entered from paper (an import) carry old transfers in, deaths and "
         "leavings whose dossiers were handled long ago. Only those of the last 12 months (a setting, "
         "watch_months) are open items.")
HD06.rule("dossier.reconciliation", clause="Định kỳ 6 tháng đối chiếu danh sách đảng viên với hồ sơ đảng viên",
    confidence=CONFIRMED,
    url="https://nganhangphapluat.lawnet.vn/tu-van-phap-luat/bo-may-hanh-chinh/to-chuc-quan-ly-ho-so-dang-vien-duoc-"
        "quy-dinh-ra-sao-350872",
    note="rules-2025-2026.md §2.5; the same in HD 01-HD/TW 2021 §8. dangbo compares with the upper level's list "
         "(.xlsx) and writes nothing to the register.")
HD06.rule("dossier.registers",
    clause="Sổ danh sách đảng viên; sổ đảng viên đã ra khỏi Đảng (xin ra, xóa tên, khai trừ); sổ đảng "
    "viên đã từ trần; sổ theo dõi giao nhận hồ sơ và mượn đọc hồ sơ đảng viên",
    confidence=CONFIRMED,
    note="rules-2025-2026.md §2.5; HD 01-HD/TW 2021 §8 (lawnet.vn).")
register("card.lost", Source(
    document="Quy định 294-QĐ/TW (trước đó 29-QĐ/TW, 24-QĐ/TW), điểm 6.1", clause="Đảng viên làm mất, làm hỏng thẻ "
    "phải báo ngay với chi ủy để xem xét, đề nghị cấp lại hoặc đổi thẻ",
    valid_from=None, valid_to=None, confidence=CONFIRMED,
    note="rules.md §3.6 (29-QĐ point 6.1). A card reported lost and not yet reissued is an open item."))
register("card.exchange_2025", Source(
    document=CT51, clause="Đổi thẻ đảng viên trong toàn Đảng, hoàn thành trước 02/9/2025; chỉ đổi cho đảng viên chính "
    "thức đã có thẻ; thẻ mới gắn chip, đồng bộ với cơ sở dữ liệu đảng viên",
    valid_from=date(2025, 8, 8), valid_to=None, confidence=CONFIRMED,
    url="https://vnexpress.net/tat-ca-dang-vien-doi-the-dang-truoc-2-9-4926542.html",
    note="rules-2025-2026.md §2.8; nld.com.vn and thanhnien.vn of 13/8/2025. dangbo records the series and dates, it "
         "does not issue cards."))

# Card series.
OLD, CHIP_2025 = "cu", "chip_2025"
SERIES_LABELS = {OLD: gettext_noop("Thẻ cũ (trước Chỉ thị 51-CT/TW)"),
                 CHIP_2025: gettext_noop("Thẻ gắn chip 2025 (Chỉ thị 51-CT/TW)")}
CT51_DATE = date(2025, 8, 8)


@dataclass(frozen=True)
class DossierSettings:
    """The counting rules not found in the documents (registered UNCONFIRMED); `settings.DANGBO_DOSSIER`
    overrides them."""

    transfer_months: int = 3  # dossier.transfer_in_late
    slip_days: int = 30  # dossier.slip_deadline (working days)
    reconciliation_months: int = 6  # dossier.reconciliation
    watch_months: int = 12  # dossier.watch_window: older transfers in and leavings are not watched

    @classmethod
    def from_dict(cls, data: dict | None) -> DossierSettings:
        names = {f.name for f in fields(cls)}
        return cls(**{k: int(v) for k, v in (data or {}).items() if k in names})


UNCONFIRMED_KEYS = ("dossier.transfer_in_start", "dossier.slip_start", "dossier.watch_window")


def applied_defaults(settings: DossierSettings) -> dict[str, str]:
    """What dangbo does where the documents say nothing (the UNCONFIRMED keys), in the words office staff read
    beside «chưa có văn bản xác nhận»: the value of the setting, not a developer's note."""
    return {
        "dossier.transfer_in_start": _("tính từ ngày chuyển sinh hoạt đến ghi trong sổ; quá hạn từ ngày sau ngày "
                                       "tròn %(months)s tháng", months=settings.transfer_months),
        "dossier.slip_start": _("phiếu báo chưa lập: %(days)s ngày làm việc tính từ ngày từ trần hoặc ra khỏi Đảng",
                                days=settings.slip_days),
        "dossier.watch_window": _("chỉ theo dõi việc chuyển đến, từ trần, ra khỏi Đảng trong %(months)s tháng gần "
                                  "nhất", months=settings.watch_months),
    }


def transfer_dossier_due(transfer_date: date, settings: DossierSettings = DossierSettings()) -> date:
    """The last day the dossier of a member transferred in may arrive without being «quá 3 tháng»."""
    return add_months(transfer_date, settings.transfer_months)


def transfer_dossier_late(transfer_date: date, received_on: date | None, today: date,
                          settings: DossierSettings = DossierSettings()) -> bool:
    """Late: not received and today is past the due day, or received after it."""
    due = transfer_dossier_due(transfer_date, settings)
    return (received_on or today) > due


def quarter_of(d: date) -> tuple[int, int]:
    """(year, quarter 1–4): the 3-monthly check a late dossier is listed in."""
    return d.year, (d.month - 1) // 3 + 1


def slip_due(start: date, settings: DossierSettings = DossierSettings(),
             calendar: WorkingCalendar | None = None) -> date:
    """The last day a slip made (or, not yet made, due from) `start` must be sent with the dossier."""
    return (calendar or DEFAULT_CALENDAR).add_working_days(start, settings.slip_days)


def slip_late(start: date, sent_on: date | None, today: date, settings: DossierSettings = DossierSettings(),
              calendar: WorkingCalendar | None = None) -> bool:
    return (sent_on or today) > slip_due(start, settings, calendar)


def reconciliation_due(last: date | None, settings: DossierSettings = DossierSettings()) -> date | None:
    """The day the next 6-monthly reconciliation falls due (None: never done, due now)."""
    return add_months(last, settings.reconciliation_months) if last else None


def check_exchange(*, official: bool, has_card: bool, on: date) -> list[Finding]:
    """Chỉ thị 51-CT/TW: the 2025 chip card replaces the card of an official member who holds one."""
    out = []
    if on < CT51_DATE:
        out.append(Finding("card.exchange_2025", "issued_on",
                           _("Đổi thẻ gắn chip theo %(ct51)s chỉ từ ngày 08/8/2025.", ct51=CT51), ERROR))
    if not official:
        out.append(Finding("card.exchange_2025", "", _("Chỉ đổi thẻ cho đảng viên chính thức (%(ct51)s).",
                                                       ct51=CT51), ERROR))
    if not has_card:
        out.append(Finding("card.exchange_2025", "", _("Chỉ đổi thẻ cho đảng viên đã có thẻ (%(ct51)s); đảng viên "
                                                       "chưa có thẻ thì ghi cấp thẻ.", ct51=CT51), ERROR))
    return out
