"""The member's printed record (members:print) shows the party card history (registry hook `member_record`)."""

from django.utils.translation import gettext as _

from dangbo.rules.text import format_date

from .queries import card_history


def record_sections(member) -> list[dict]:
    """The card section of the record, in the page's language (built when the page is)."""
    rows = [[c.get_series_display(), c.number, format_date(c.issued_on), c.decision_number or "",
             c.get_state_display() + (f" ({format_date(c.lost_on)})" if c.lost_on else "")
             + (_(", thay thẻ số %(number)s") % {"number": c.replaces.number} if c.replaces_id else "")]
            for c in card_history(member)]
    return [{"title": _("THẺ ĐẢNG VIÊN"), "headers": [_("Loại thẻ"), _("Số thẻ"), _("Ngày phát"), _("Quyết định"),
                                                      _("Tình trạng")],
             "rows": rows, "empty": _("Chưa ghi thẻ đảng viên nào.")}]
