"""The committee of an organisation on any date (issue 13.4): the one query read by the organisation page
(«Cấp ủy tại ngày …»), `dangbo org committee` and the API.

A term is in force from its approval (chuẩn y) or appointment date until the next term's; its memberships
(`CommitteeMember`) run from `start_date` (inclusive) to `end_date` (exclusive), written by the changes in
`organizations.committee_actions` (appoint_term, change_committee) and by the congress's approval."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q

from dangbo.rules.text import nfc

from .models import CommitteeMember, Organization, Term


def person_key(member_id: int | None, full_name: str) -> str:
    """One person on a committee: the member record when there is one, else the name as written (NFC, case
    folded; names differing only in a diacritic are different people)."""
    return f"m{member_id}" if member_id else "n:" + " ".join(nfc(full_name).split()).casefold()


def term_in_force(org: Organization, on: date) -> Term | None:
    """The latest term of `org` approved or appointed on or before `on`."""
    return (Term.objects.filter(organization=org, approval_date__lte=on)
            .order_by("-approval_date", "-pk").first())


def active_q(on: date) -> Q:
    return Q(start_date__lte=on) & (Q(end_date__isnull=True) | Q(end_date__gt=on))


@dataclass
class Committee:
    organization: Organization
    on: date
    term: Term | None
    members: list[CommitteeMember] = field(default_factory=list)

    @property
    def in_committee(self) -> list[CommitteeMember]:
        return [m for m in self.members if m.in_committee]

    def as_dict(self) -> dict:
        t = self.term
        return {
            "organization": self.organization.code, "as_of": self.on.isoformat(),
            "term": None if t is None else {
                "ordinal": t.ordinal, "label": t.label, "origin": t.origin, "origin_label": str(t.get_origin_display()),
                "months": t.months, "decision_number": t.approval_number,
                "decision_date": t.approval_date.isoformat(), "issuer": t.approval_issuer,
                "congress": t.congress_id},
            "committee_size": len(self.in_committee),
            "members": [{
                "full_name": m.full_name, "member": m.member_id, "position": m.position,
                "position_label": str(m.get_position_display()), "in_committee": m.in_committee,
                "from": m.start_date.isoformat(), "to": m.end_date.isoformat() if m.end_date else None,
                "decision_number": m.started_by.decision_number if m.started_by else t.approval_number,
                "decision_date": (m.started_by.decision_date.isoformat() if m.started_by and m.started_by.decision_date
                                  else None),
                "issuer": m.started_by.issuer if m.started_by else t.approval_issuer,
                "change": m.started_by.kind if m.started_by else None,
            } for m in self.members],
        }


def committee_as_of(org: Organization, on: date) -> Committee:
    """Exactly who was on `org`'s bodies on `on`, each with their position that day: the memberships of the term in
    force that day. A member on temporary transfer is still listed (294 6.3.2.c): only a recorded change ends a
    membership, never a member event."""
    term = term_in_force(org, on)
    if term is None:
        return Committee(org, on, None)
    rows = list(CommitteeMember.objects.filter(active_q(on), term=term).select_related("started_by")
                .order_by("rank", "sort_key", "id"))
    return Committee(org, on, term, rows)


def changes_of(org: Organization):
    """Every recorded change to the organisation's bodies, newest first."""
    from .models import CommitteeChange

    return CommitteeChange.objects.filter(term__organization=org).select_related("term").order_by(
        "-effective_date", "-id")
