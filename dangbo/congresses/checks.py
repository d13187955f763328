"""Congress checks over stored data, for `dangbo check`: a congress that has not opened yet cannot have
attendance taken, ballots counted, or an approved result."""

from __future__ import annotations

from datetime import date

from django.db.models import Q

from dangbo.core.models import AuditEvent
from dangbo.rules.text import format_date

from .models import Congress, CongressStatus, ElectionStatus, Exclusion


def problems(today: date) -> list[str]:
    out = []
    future = Congress.objects.filter(opened_on__gt=today).select_related("organization")
    for c in future.order_by("opened_on", "pk"):
        done = []
        # Those away or suspended start absent (create_congress); any other absence was recorded by hand.
        marked = Q(present=False) & ~Q(exclusion__in=(Exclusion.TEMPORARY, Exclusion.SUSPENDED))
        attendance = c.convened.filter(marked | Q(absence_approved=True)).exists() or (
            AuditEvent.objects.filter(action="congress.attendance", object_type="congresses.congress",
                                      object_id=str(c.pk)).exists())
        if attendance:
            done.append("đã điểm danh")
        if c.elections.exclude(status=ElectionStatus.DRAFT).exists():
            done.append("đã kiểm phiếu")
        if c.status != CongressStatus.PREPARING:
            done.append(f"ở trạng thái «{c.get_status_display()}»")
        if done:
            out.append(f"{c.title} khai mạc ngày {format_date(c.opened_on)} (sau hôm nay) nhưng "
                       + ", ".join(done) + ": đại hội chưa diễn ra thì chưa có kết quả.")
    return out
