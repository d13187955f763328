"""The congresses routes in the scope proof (tests/test_scope_routes.py explains each hook).

B's congress is drawn from B's register (its convened list names B's members), its election lists B's member as a
candidate and is open for ballot entry, and B's meeting records B's member's attendance, so a leak shows and an
unauthorised ballot, attendance, approval or meeting write would change the snapshot.
"""

from datetime import date

from tests.db import outside

KWARGS: dict[str, str] = {}
SEGMENTS: dict[str, str] = {"dai-hoi": "congress", "bau-cu": "election", "sinh-hoat": "meeting",
                             "congresses": "congress", "elections": "election", "meetings": "meeting",
                             "ke-hoach": "meeting_plan"}

OPENED = date(2024, 5, 6)


def _congress(org):
    from dangbo.congresses import actions
    from dangbo.congresses.models import Congress

    c = Congress.objects.filter(organization=org).first()
    if c is None:
        c = actions.create_congress(None, organization=org, kind="members", ordinal=1, term_start=2024,
                                    term_end=2029, opened_on=OPENED)
    return c


def _election(org, member):
    from dangbo.congresses import actions
    from dangbo.congresses.models import Election

    c = _congress(org)
    e = Election.objects.filter(congress=c).first()
    if e is None:
        e = actions.create_election(None, c, body="bi_thu", seats=1, candidates=member.full_name, board="")
        present = c.convened.filter(present=True).count()
        actions.start_counting(None, e, issued=max(present, 1))
    return e


def _meeting(org, member):
    from dangbo.congresses import actions
    from dangbo.congresses.models import Meeting

    m = Meeting.objects.filter(organization=org).first()
    if m is None:
        m = actions.record_meeting(None, organization=org, kind="monthly", held_on=date(2024, 6, 3),
                                   title="Sinh hoạt tháng 6", minutes=f"Đồng chí {member.full_name} phát biểu.")
    return m


def _plan(org):
    from django.utils import timezone

    from dangbo.congresses import actions
    from dangbo.congresses.models import MeetingPlan, PlanStatus

    p = MeetingPlan.objects.filter(organization=org, status=PlanStatus.PLANNED).first()
    if p is None:
        p = actions.plan_meeting(None, organization=org, kind="monthly", planned_on=timezone.localdate(),
                                 agenda="Chương trình của chi bộ khác")
    return p


def make(kind, org, member):
    if kind == "meeting_plan":
        return _plan(org).pk
    if kind == "congress":
        return _congress(org).pk
    if kind == "election":
        return _election(org, member).pk
    if kind == "meeting":
        return _meeting(org, member).pk
    return None


def snapshot(outside_path):
    from dangbo.congresses.models import (
        BallotEntry,
        Candidate,
        Congress,
        Convened,
        Election,
        Meeting,
        MeetingAttendance,
        MeetingDay,
        MeetingInvitation,
        MeetingPlan,
        ResultVersion,
    )
    from dangbo.organizations.models import CommitteeMember, Term

    def out(qs, field="org_path"):
        return outside(qs, outside_path, field)

    congresses = out(Congress.objects.all())
    elections = out(Election.objects.all())
    meetings = out(Meeting.objects.all())
    return {
        "congresses": sorted(map(tuple, congresses.values_list("pk", "status", "version", "approval_number",
                                                               "ordinal", "kind"))),
        "convened": sorted(map(tuple, Convened.objects.filter(congress__in=congresses).values_list(
            "pk", "present", "absence_approved", "absence_reason", "full_name"))),
        "elections": sorted(map(tuple, elections.values_list("pk", "status", "seats", "issued", "by_totals",
                                                             "totals_valid"))),
        "candidates": Candidate.objects.filter(election__in=elections).count(),
        "ballot_entries": BallotEntry.objects.filter(election__in=elections).count(),
        "results": ResultVersion.objects.filter(election__in=elections).count(),
        "meetings": sorted(map(tuple, meetings.values_list("pk", "title", "minutes", "version"))),
        "meeting_attendance": MeetingAttendance.objects.filter(meeting__in=meetings).count(),
        "meeting_modes": sorted(map(tuple, meetings.values_list("pk", "mode"))),
        "meeting_days": sorted(map(tuple, out(MeetingDay.objects.all()).values_list("pk", "day", "has_party_groups",
                                                                                  "version"))),
        "meeting_plans": sorted(map(tuple, out(MeetingPlan.objects.all()).values_list("pk", "status", "version",
                                                                                    "agenda"))),
        "meeting_invitations": MeetingInvitation.objects.filter(plan__in=out(MeetingPlan.objects.all())).count(),
        "terms": out(Term.objects.all()).count(),
        "committee": CommitteeMember.objects.filter(term__in=out(Term.objects.all())).count(),
    }


def body_fields(org, member):
    return {
        "number": 1, "counter": 1, "issued": 1, "seats": 1, "candidates": member.full_name, "board": "Người ngoài",
        "delegates": f"{member.full_name}; đơn vị", "present_1": "1", "decision_number": "99-QĐ/ĐU",
        "decision_date": "2024-06-01",
        "reason": "Điều chỉnh do kẻ xâm nhập", "held_on": "2024-07-01", "title": "Tiêu đề do kẻ xâm nhập",
        "minutes": "Biên bản do kẻ xâm nhập", "ordinal": 2, "term_start": 2024, "term_end": 2029,
        "opened_on": "2024-06-03", "body": "bi_thu", "valid": 1, "invalid": 0,
        "day": 9, "has_party_groups": "1", "planned_on": "2099-01-03", "agenda": "Chương trình do kẻ xâm nhập",
        "mode": "in_person",
    }
