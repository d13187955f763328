"""Independent recomputation of the report's figures: plain Python over all rows, no shared query code."""

from datetime import date

from dangbo.members.models import MemberEvent


def members_on(path: str, on: date) -> tuple[int, int]:
    """(official, probationary) on `on`: each member's last event on or before it, replayed in Python."""
    last = {}
    for e in MemberEvent.objects.select_related("org_after").order_by("effective_date", "id"):
        if e.effective_date <= on:
            last[e.member_id] = e
    official = sum(1 for e in last.values() if e.status_after == "official" and e.org_after.path.startswith(path))
    prob = sum(1 for e in last.values() if e.status_after == "probationary" and e.org_after.path.startswith(path))
    return official, prob


def admissions(path: str, start: date, end: date) -> int:
    return sum(1 for e in MemberEvent.objects.select_related("org_after")
               if e.kind == "admission" and start <= e.effective_date <= end and e.org_after.path.startswith(path))
