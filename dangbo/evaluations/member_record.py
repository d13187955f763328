"""What the member's printed record («Bản in», members:print) shows of the ratings: one line a year (issue 17).

Reached through the registry hook `DangboApp.member_record` (the members app sits below this one)."""

from __future__ import annotations

from django.utils.translation import gettext

from dangbo.rules.text import format_date

from .models import MemberRating, RatingStatus


def record_sections(member) -> list[dict]:
    """[{"title", "headers", "rows"}]: the member's rating of each year, the decided one when there is one."""
    by_year: dict[int, MemberRating] = {}
    for r in MemberRating.objects.filter(member=member).order_by("year", "id"):
        kept = by_year.get(r.year)
        if kept is None or r.status == RatingStatus.DECIDED or kept.status != RatingStatus.DECIDED:
            by_year[r.year] = r
    rows = []
    for year, r in sorted(by_year.items()):
        if not r.rated:
            result = gettext("Không xếp loại: %(reason)s") % {"reason": r.not_rated_reason}
        elif r.status == RatingStatus.DECIDED and r.level:
            result = r.get_level_display()
        else:
            result = gettext("Chưa có kết quả (%(status)s)") % {"status": r.get_status_display().lower()}
        decision = gettext(" ngày ").join(x for x in (r.decision_number, format_date(r.decision_date)) if x)
        rows.append([str(year), result, decision])
    return [{"title": gettext("KẾT QUẢ XẾP LOẠI CHẤT LƯỢNG HẰNG NĂM"),
             "headers": [gettext("Năm"), gettext("Kết quả xếp loại"), gettext("Quyết định")],
             "rows": rows, "empty": gettext("Chưa có kết quả xếp loại nào.")}]
