"""The member's printed record (members:print) shows the party card history (registry hook `member_record`)."""

from dangbo.rules.text import format_date

from .queries import card_history


def record_sections(member) -> list[dict]:
    rows = [[c.get_series_display(), c.number, format_date(c.issued_on), c.decision_number or "",
             c.get_state_display() + (f" ({format_date(c.lost_on)})" if c.lost_on else "")
             + (f", thay thẻ số {c.replaces.number}" if c.replaces_id else "")]
            for c in card_history(member)]
    return [{"title": "THẺ ĐẢNG VIÊN", "headers": ["Loại thẻ", "Số thẻ", "Ngày phát", "Quyết định", "Tình trạng"],
             "rows": rows, "empty": "Chưa ghi thẻ đảng viên nào."}]
