"""Register checks over stored data, for `dangbo check`: the current committee term of each organisation."""

from __future__ import annotations

from datetime import date

from .models import Term


def problems(today: date) -> list[str]:
    """One current term per organisation, and never an ended term kept current beside a newer approved one."""
    by_org: dict[int, list[Term]] = {}
    for t in Term.objects.select_related("organization").order_by("organization_id", "start_year", "pk"):
        by_org.setdefault(t.organization_id, []).append(t)
    out = []
    for terms in by_org.values():
        org = terms[0].organization
        current = [t for t in terms if t.is_current]
        if len(current) > 1:
            out.append(f"«{org.name}» có {len(current)} nhiệm kỳ cùng đánh dấu hiện tại: "
                       + ", ".join(t.label for t in current) + ".")
        for t in current:
            newer = [n for n in terms if n.start_year > t.start_year and n.approval_date <= today]
            if t.end_year <= today.year and newer:
                out.append(f"«{org.name}»: nhiệm kỳ {t.label} đã kết thúc nhưng vẫn ghi là hiện tại, trong khi "
                           f"nhiệm kỳ {newer[-1].label} đã được chuẩn y.")
    return out
