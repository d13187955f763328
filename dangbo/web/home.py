"""The dashboard: register totals, the user's own yearly-review steps, due work, recent audit events.

It reads members and evaluations, so it lives above them rather than in core.
"""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone, translation

from dangbo.congresses.queries import invitations_for
from dangbo.core import cached
from dangbo.core.models import AuditEvent
from dangbo.core.scopes import scope_for
from dangbo.evaluations.queries import member_tasks
from dangbo.members import queries as member_queries
from dangbo.members.models import Member
from dangbo.organizations import queries as org_queries


def _due_counts(scope, today) -> tuple[list[tuple], list[tuple]]:
    """(kind, label, number, overdue) of the work the scope may do, and of the work it only follows."""
    mine, watched = member_queries.due_counts(scope, today)
    return ([(c.kind, str(c.label), c.n, c.overdue) for c in mine],
            [(c.kind, str(c.label), c.n, c.overdue) for c in watched])


@login_required
def home(request):
    scope = scope_for(request.user)
    today = timezone.localdate()
    roots = list(org_queries.roots(scope).order_by("path"))
    root_rows = org_queries.children_with_totals(None, orgs=roots) if roots else []
    grand = org_queries.Totals(sum(t.official for _, t in root_rows),
                               sum(t.probationary for _, t in root_rows))
    own = Member.objects.filter(user=request.user).select_related("organization").first()
    own_tasks = member_tasks(own, today) if own is not None else []  # the member's yearly-review steps
    own_invitations = list(invitations_for(own, today)) if own is not None else []  # meetings they are invited to
    due_counts, overdue, watched, counted_at = [], 0, [], None
    if scope.can_read_any:
        # Only work the user can do is shown as work: an upper-level reader (or an office reading above its own
        # subtree) sees the rest as figures to follow, never as actions (issue 17). Counted, not listed.
        # Cached until the next write (core/cached.py): the labels as shown, in the page's language.
        due = cached.counted("home-due", (repr(scope), today, translation.get_language()),
                             lambda: _due_counts(scope, today), paths=scope.paths_read())
        (due_counts, watched), counted_at = due.value, cached.lagging(due)
        overdue = sum(late for _, _, _, late in due_counts)
    recent = []
    if scope.can_read_any:
        recent = list(scope.by_org_path(AuditEvent.objects.all()).exclude(action="member.view_sensitive")
                      .order_by("-seq")[:8])
    return render(request, "core/home.html", {
        "roots": root_rows, "grand": grand, "own_member": own, "own_tasks": own_tasks,
        "own_invitations": own_invitations, "due_counts": due_counts, "overdue": overdue, "watched": watched,
        "can_write": scope.can_write_any, "recent": recent, "today": today, "counted_at": counted_at,
    })
