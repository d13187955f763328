"""What the rating rules find on a review's rows (dangbo.rules.ratings applied to stored ratings), without writing.

Who decides what: a member is decided by the review's organisation, an organisation by its parent, a decision
is revoked by the level above the decider (rules.md §1.5). The excellent quota is counted per tổ chức cơ sở đảng
(rules.md §1.2). The actions (evaluations.actions) and the confirmation pages read these.
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Q

from dangbo.members.queries import disciplines_in_year
from dangbo.organizations.models import CELL_KINDS, GRASSROOTS_KINDS, Organization
from dangbo.organizations.queries import deciding_path
from dangbo.rules import ratings as rules

from .models import MemberRating, OrgRating, RatingStatus, Review


def finding_dict(f: rules.Finding) -> dict:
    src = f.source
    return {"code": f.code, "message": f.message, "source_key": f.source_key, "blocking": f.blocking,
            "cap": int(f.cap) if f.cap is not None else None, "document": src.document, "clause": src.clause,
            "confidence": src.confidence}


def parent_path(path: str) -> str:
    """The level directly above (organizations.queries.deciding_path, the one "cấp ủy cấp trên")."""
    return deciding_path(path)


def competent_path_member(review: Review) -> str:
    return review.org_path


def competent_path_org(rating: OrgRating) -> str:
    """An organisation is rated by its parent (the review's own organisation by the level above)."""
    return parent_path(rating.org_path)


def revoker_path(decider_path: str) -> str:
    return parent_path(decider_path)


REGISTER_DISCIPLINE = {"khien_trach": rules.Discipline.KHIEN_TRACH, "canh_cao": rules.Discipline.CANH_CAO,
                       "cach_chuc": rules.Discipline.CACH_CHUC}


def member_facts(r: MemberRating, register: dict | None = None) -> rules.MemberFacts:
    """The facts the rules need. A discipline decided in the year and recorded in the register
    (members.Discipline) counts whatever the proposal form says; the form's tick box covers decisions not
    (yet) in the register. `register` is members.queries.disciplines_in_year(...) when the caller has it."""
    if register is None:
        register = disciplines_in_year([r.member_id], r.year)
    recorded = register.get(r.member_id)
    if recorded is not None:
        disciplined, self_detected = REGISTER_DISCIPLINE[recorded[0]], recorded[1]
    else:
        disciplined = rules.Discipline.KHIEN_TRACH if r.disciplined else None
        self_detected = r.discipline_self_detected
    return rules.MemberFacts(
        admitted_on=r.admitted_on,
        self_reviewed=r.self_level is not None or r.imported,
        disciplined_in_year=disciplined,
        discipline_self_detected=self_detected,
        sick_leave_months=float(r.sick_leave_months or 0),
        temporary_activity=r.host_organization_id is not None,
        host_comment_received=bool(r.host_comment.strip()),
        score=r.self_points,
    )


def grassroots_pools(review_path: str, paths) -> dict[str, str]:
    """Each path -> the path of its tổ chức cơ sở đảng (the quota pool, rules.md §1.2)."""
    roots = set(Organization.objects.filter(
        Q(path__startswith=review_path) | Q(path__in=[review_path[:i] for i in range(4, len(review_path), 4)]),
        kind__in=list(GRASSROOTS_KINDS)).values_list("path", flat=True))
    out = {}
    for p in paths:
        pool = next((p[:i] for i in range(4, len(p) + 1, 4) if p[:i] in roots), review_path)
        out[p] = pool
    return out


def quota_by_pool(review: Review, rows: list[tuple[str, int]], subject: str) -> list[dict]:
    """The quota findings of (org_path, level) rows counted per tổ chức cơ sở đảng; each finding names its pool."""
    pools = grassroots_pools(review.org_path, {p for p, _ in rows})
    by_pool = defaultdict(list)
    for p, lv in rows:
        by_pool[pools[p]].append(lv)
    quota = []
    for pool, levels in sorted(by_pool.items()):
        for f in rules.quota_findings(levels, review.regime, review.settings, subject):
            quota.append({**finding_dict(f), "pool": pool})
    return quota


def member_decision_findings(review: Review, pending: list[MemberRating]) -> tuple[dict[int, list[dict]], list]:
    """Findings per pending rating (on its proposed level) and quota findings per tổ chức cơ sở đảng,
    counting the ratings already decided in the review together with the pending ones."""
    regime, settings = review.regime, review.settings
    register = disciplines_in_year([r.member_id for r in pending], review.year)
    per = {r.pk: [finding_dict(f) for f in rules.member_findings(member_facts(r, register), r.proposed_level,
                                                                  regime, settings)] for r in pending}
    decided = list(MemberRating.objects.filter(review=review, status=RatingStatus.DECIDED)
                   .exclude(pk__in=[r.pk for r in pending]).values_list("org_path", "level"))
    rows = decided + [(r.org_path, r.proposed_level) for r in pending]
    quota = quota_by_pool(review, rows, "members")
    names = dict(Organization.objects.filter(path__in=[d["pool"] for d in quota]).values_list("path", "name"))
    for d in quota:
        d["message"] = f"{names.get(d['pool'], '')}: {d['message']}"
    return per, quota


def org_findings(rating: OrgRating, level: int) -> list[dict]:
    """Rules on an organisation's level: members/sub-organisations first (§1.5), 80% and all ≥ completed."""
    review = rating.review
    regime, settings = review.regime, review.settings
    org = rating.organization
    out = []
    if org.kind in CELL_KINDS:
        qs = MemberRating.objects.filter(review=review, organization=org, rated=True)
        children, who = "members", "đảng viên"
    else:
        qs = OrgRating.objects.filter(review=review, organization__parent=org, rated=True)
        children, who = "organizations", "tổ chức trực thuộc"
    rows = list(qs.values_list("status", "level"))
    undecided = sum(1 for s, _ in rows if s != RatingStatus.DECIDED)
    if undecided:
        out.append({"code": "children_undecided", "blocking": True, "cap": None,
                    "message": f"Còn {undecided} {who} chưa được quyết định xếp loại: xếp loại tổ chức sau "
                               f"{who} (rules.md §1.5).",
                    "source_key": regime.rules["levels"], "document": regime.regulation,
                    "clause": "Trình tự: đánh giá, xếp loại đảng viên, tổ chức trực thuộc trước",
                    "confidence": regime.source("levels").confidence})
    levels = [lv for s, lv in rows if s == RatingStatus.DECIDED]
    facts = rules.OrgFacts(score=rating.self_points)
    out += [finding_dict(f) for f in rules.organization_findings(levels, level, regime, facts, settings, children)]
    return out


def org_decision_findings(review: Review, pending: list[OrgRating]):
    per = {r.pk: org_findings(r, r.proposed_level) for r in pending}
    decided = list(OrgRating.objects.filter(review=review, status=RatingStatus.DECIDED).exclude(
        pk__in=[r.pk for r in pending]).exclude(org_path=review.org_path).values_list("org_path", "level"))
    rows = decided + [(r.org_path, r.proposed_level) for r in pending if r.org_path != review.org_path]
    return per, quota_by_pool(review, rows, "organizations")


def published_findings(year: int, counts: dict, org_counts: dict, self_level: int | None) -> list[dict]:
    regime = rules.regime_for(year)
    levels = [rules.Level[k.upper()] for k, n in counts.items() for _ in range(n)]
    out = [finding_dict(f) for f in rules.quota_findings(levels, regime, subject="members")]
    org_levels = [rules.Level[k.upper()] for k, n in org_counts.items() for _ in range(n)]
    out += [finding_dict(f) for f in rules.quota_findings(org_levels, regime, subject="organizations")]
    if self_level:
        out += [finding_dict(f) for f in rules.organization_findings(org_levels or levels, self_level, regime,
                                                                      children="organizations" if org_levels
                                                                      else "members")]
    return out
