"""Every change to congresses, elections, ballots, results and meetings: scope check, rules, write, audit.

The legal rules are in dangbo.rules.elections; these actions enforce the procedure: lists are frozen once the
counting starts, a ballot counts only when two counters agree, the board's signature locks the result, a
correction is a new version with a reason, and the committee becomes current only after chuẩn y. Each action is
registered (dangbo.core.actions.audited_action): one transaction, its scope check first, one audit event.
congress.py (particulars, convened list, attendance, chuẩn y), elections.py (lists, start, next round),
ballots.py (counting, signature, corrections), meetings.py; the lists themselves are congresses.roster.
"""

from ..roster import members_as_of
from .ballots import ballot_reading, correct_result, enter_totals, record_ballot, resolve_ballot, sign_result
from .congress import (
    COMMITTEE_BODIES,
    POSITION_OF_BODY,
    approve_congress,
    create_congress,
    elected_by_body,
    pause_elections,
    redraw_convened,
    resume_elections,
    set_attendance,
    set_contents,
    set_delegates,
    set_upper_delegates,
    update_congress,
)
from .elections import create_election, findings, next_round, start_counting, update_list
from .meetings import (
    cancel_plan,
    email_configured,
    plan_meeting,
    record_meeting,
    set_meeting_attendance,
    set_meeting_day,
    update_meeting,
)

__all__ = [
    "COMMITTEE_BODIES", "POSITION_OF_BODY", "approve_congress", "ballot_reading", "correct_result",
    "create_congress", "create_election", "elected_by_body", "enter_totals", "findings", "members_as_of",
    "next_round", "pause_elections",
    "record_ballot", "resume_elections", "record_meeting", "redraw_convened", "resolve_ballot", "set_attendance",
    "set_delegates", "set_meeting_attendance", "sign_result", "start_counting", "update_congress", "update_list",
    "update_meeting", "cancel_plan", "email_configured", "plan_meeting", "set_meeting_day", "set_contents",
    "set_upper_delegates",
]
