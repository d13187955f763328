"""Every change of the yearly review: open, self-assess, propose, decide (with findings), revoke, commit.

Each action is registered (dangbo.core.actions.audited_action): one transaction, its scope check first, exactly
one audit event. Who may do what:
- open, refresh or close a review: a writer of the organisation reviewed (its office) — reviews.py;
- self-assessment: the member themself, or a writer of their chi bộ entering the written self-assessment;
  proposal for a member: a writer of the member's chi bộ (only its own members) — proposals.py;
- decision for members: a writer of the review's organisation (the đảng ủy / its standing committee);
  decision for an organisation: a writer of its parent; revoking a decision: a writer of the level above the
  one that decided (rules.md §1.5), with a reason — decisions.py;
- commitments and a past year's published totals — records.py.
A decided rating is locked: the only way back is `revoke`, audited with the old values. What the rules find
on the rows is evaluations.findings; the member list against the register is evaluations.roster.
"""

from ..findings import (
    REGISTER_DISCIPLINE,
    competent_path_member,
    competent_path_org,
    finding_dict,
    grassroots_pools,
    member_decision_findings,
    member_facts,
    org_decision_findings,
    org_findings,
    parent_path,
    published_findings,
    revoker_path,
)
from ..roster import (
    CHANGE_LABELS,
    CHANGE_ORDER,
    DECIDED_NOT_MEMBER,
    NOT_MEMBER,
    change_counts,
    member_rows_on,
    register_changes,
)
from .decisions import (
    decide_members,
    decide_orgs,
    member_decision_plan,
    pending_by_organization,
    pending_member_decisions,
    pending_org_decisions,
    revoke,
)
from .proposals import propose, propose_many, propose_org, record_host_comment, self_assess, withdraw_proposal
from .records import enter_published_totals, history_review, record_commitment
from .reviews import close_review, open_review, refresh_review

__all__ = [
    "CHANGE_LABELS", "CHANGE_ORDER", "DECIDED_NOT_MEMBER", "NOT_MEMBER", "REGISTER_DISCIPLINE", "change_counts",
    "close_review", "competent_path_member", "competent_path_org", "decide_members", "decide_orgs",
    "enter_published_totals", "finding_dict", "grassroots_pools", "history_review", "member_decision_findings",
    "member_decision_plan", "member_facts", "member_rows_on", "open_review", "org_decision_findings", "org_findings",
    "parent_path", "pending_by_organization", "pending_member_decisions", "pending_org_decisions", "propose",
    "propose_many", "propose_org", "published_findings", "record_commitment", "record_host_comment",
    "refresh_review", "register_changes", "revoke", "revoker_path", "self_assess", "withdraw_proposal",
]
