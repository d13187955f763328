"""Deciding ratings (members first, then organisations: rules.md §1.5) and revoking a decision.

A member is decided by a writer of the review's organisation (the đảng ủy / its standing committee), an
organisation by a writer of its parent, and a decision is revoked by a writer of the level above the one that
decided, with a reason (rules.md §1.5). Blocking findings need an override reason, recorded on each rating.
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dangbo.core import audit
from dangbo.core.actions import audited_action, check_version, fail, per_row, writes
from dangbo.core.scopes import WRITE, ScopeDenied, require, scope_for
from dangbo.organizations.models import Organization

from ..findings import (
    competent_path_member,
    competent_path_org,
    grassroots_pools,
    member_decision_findings,
    org_decision_findings,
    revoker_path,
)
from ..models import LEVEL_KEYS, MemberRating, OrgRating, RatingStatus, Review
from .common import can_write, person

DECIDED_FIELDS = ["findings", "level", "status", "decision_number", "decision_date", "decided_by", "decided_at",
                  "override_reason", "overridden_by", "overridden_at", "version"]


def _check_decision(review: Review, decision_number: str, decision_date: date | None):
    if review.status != Review.Status.OPEN:
        fail(None, _("Đợt kiểm điểm đã kết thúc."))
    if not decision_number.strip():
        fail("decision_number", _("Nhập số quyết định (hoặc thông báo) xếp loại."))
    if decision_date is None:
        fail("decision_date", _("Nhập ngày quyết định."))


def _mark_decided(actor, review: Review, pending, per: dict, quota: list, *, decision_number: str,
                  decision_date: date, override_reason: str) -> None:
    """Each pending rating takes its proposed level with its findings (and the quota findings of its pool);
    a rating with a blocking finding records the override."""
    now = timezone.now()
    pools = grassroots_pools(review.org_path, {r.org_path for r in pending})
    for r in pending:
        r.findings = per[r.pk] + [f for f in quota if f["pool"] == pools[r.org_path]]
        r.level, r.status = r.proposed_level, RatingStatus.DECIDED
        r.decision_number, r.decision_date = decision_number.strip(), decision_date
        r.decided_by, r.decided_at = person(actor), now
        if any(f["blocking"] for f in r.findings):
            r.override_reason, r.overridden_by, r.overridden_at = override_reason, person(actor), now
        r.version += 1


def pending_member_decisions(actor, review: Review) -> list[MemberRating]:
    qs = MemberRating.objects.filter(review=review, rated=True, status=RatingStatus.PROPOSED)
    return list(qs.select_related("member", "organization")) if can_write(actor, review.org_path) else []


def member_decision_plan(actor, review: Review, *, decision_number: str, decision_date: date | None,
                         override_reason: str = "", part: Organization | None = None, lock: bool = False):
    """Every check of a decision on the proposals of `part` (a chi bộ of the review; None: all of them), without
    writing: (pending, findings per rating, quota findings, blocking findings). The confirmation page shows it."""
    require(actor, WRITE, review.org_path, _decider_denied(review))
    _check_decision(review, decision_number, decision_date)
    if part is not None and not part.path.startswith(review.org_path):
        fail("to_chuc", _("«%(org)s» không thuộc đợt kiểm điểm này."), org=part.name)
    qs = MemberRating.objects.filter(review=review, rated=True, status=RatingStatus.PROPOSED)
    if part is not None:
        qs = qs.filter(org_path__startswith=part.path)
    if lock:
        qs = qs.select_for_update(of=("self",))
    pending = list(qs.select_related("member", "organization").order_by("org_path", "member__sort_key", "pk"))
    if not pending:
        if part is not None:
            fail(None, _("Không có đề xuất nào đang chờ quyết định của «%(org)s»."), org=part.name)
        fail(None, _("Không có đề xuất nào đang chờ quyết định."))
    per, quota = member_decision_findings(review, pending)
    blocking = [f for fs in per.values() for f in fs if f["blocking"]] + [f for f in quota if f["blocking"]]
    if blocking and not override_reason.strip():
        refuse_blocking(blocking)
    return pending, per, quota, blocking


def refuse_blocking(blocking: list[dict]):
    fail("override_reason", _("Còn cảnh báo chặn quyết định: %(findings)s Sửa đề xuất, hoặc ghi lý do để cấp có "
                              "thẩm quyền quyết định vượt cảnh báo."),
         findings="; ".join(f["message"] for f in blocking))


def pending_by_organization(pending: list[MemberRating]) -> list[tuple[Organization, int]]:
    """Whose proposals: (chi bộ, number of members) in tree order."""
    out: dict[int, list] = {}
    for r in pending:
        out.setdefault(r.organization_id, [r.organization, 0])[1] += 1
    return [(o, n) for o, n in sorted(out.values(), key=lambda x: x[0].path)]


def _decider_denied(review: Review, **arguments) -> str:
    return _("Chỉ cấp ủy «%(org)s» được quyết định xếp loại.") % {"org": review.organization.name}


@audited_action("rating.decide_members", scope=writes(lambda review, **_: review.org_path, _decider_denied))
def decide_members(actor, review: Review, *, decision_number: str, decision_date: date | None,
                   override_reason: str = "", version: int | None = None, part: Organization | None = None,
                   expected: list[int] | None = None) -> int:
    """The competent level decides the proposals of one chi bộ (`part`) or of the whole review.

    Blocking findings (member rules, and the excellent quota per tổ chức cơ sở đảng) hold the decision
    unless `override_reason` is given: the override is recorded on each affected rating and audited.
    `expected`: the rating ids the user confirmed; if the pending proposals differ, nothing is decided."""
    check_version(Review, review.pk, version, str(review))
    override_reason = override_reason.strip()
    pending, per, quota, blocking = member_decision_plan(
        actor, review, decision_number=decision_number, decision_date=decision_date,
        override_reason=override_reason, part=part, lock=True)
    if expected is not None and sorted(expected) != sorted(r.pk for r in pending):
        fail(None, _("Danh sách đề xuất đã thay đổi sau khi bạn xác nhận (nay có %(count)s đề xuất): hãy xem lại "
                     "và xác nhận lần nữa."), count=len(pending))
    quota_pools = {f["pool"] for f in quota}
    _mark_decided(actor, review, pending, per, quota, decision_number=decision_number, decision_date=decision_date,
                  override_reason=override_reason)
    MemberRating.objects.bulk_update(pending, DECIDED_FIELDS, batch_size=1000)
    whose = "; ".join(f"{o.name}: {n}" for o, n in pending_by_organization(pending))
    audit.record("rating.decide_members", actor=actor, obj=review, org_path=review.org_path,
                 summary=f"Quyết định xếp loại {len(pending)} đảng viên ({review}; {whose}), số {decision_number}"
                 + (f"; vượt cảnh báo: {override_reason}" if blocking else ""),
                 data={"decision_number": decision_number, "decision_date": decision_date,
                       "ratings": {r.member_id: LEVEL_KEYS[r.level] for r in pending},
                       "overridden": [f["code"] for f in blocking], "override_reason": override_reason,
                       "quota_pools": sorted(quota_pools), "part": part.pk if part else None})
    return len(pending)


def pending_org_decisions(actor, review: Review) -> list[OrgRating]:
    qs = OrgRating.objects.filter(review=review, rated=True, status=RatingStatus.PROPOSED).select_related(
        "organization")
    return [r for r in qs if can_write(actor, competent_path_org(r))]


@audited_action("rating.decide_orgs", scope=per_row(
    "pending_org_decisions keeps the organisations whose parent the actor writes"))
def decide_orgs(actor, review: Review, *, decision_number: str, decision_date: date | None,
                override_reason: str = "", version: int | None = None) -> int:
    """Decide every proposed organisation the actor is competent for (its parent's writer)."""
    _check_decision(review, decision_number, decision_date)
    pending = pending_org_decisions(actor, review)
    if not pending:
        fail(None, _("Không có tổ chức nào đang chờ quyết định thuộc thẩm quyền của bạn."))
    check_version(Review, review.pk, version, str(review))
    per, quota = org_decision_findings(review, pending)
    blocking = [f for fs in per.values() for f in fs if f["blocking"]] + [f for f in quota if f["blocking"]]
    override_reason = override_reason.strip()
    if any(f["code"] == "children_undecided" for f in blocking):
        fail(None, _("Phải quyết định xếp loại đảng viên và tổ chức trực thuộc trước khi xếp loại tổ chức."))
    if blocking and not override_reason:
        refuse_blocking(blocking)
    _mark_decided(actor, review, pending, per, quota, decision_number=decision_number, decision_date=decision_date,
                  override_reason=override_reason)
    OrgRating.objects.bulk_update(pending, DECIDED_FIELDS)
    audit.record("rating.decide_orgs", actor=actor, obj=review, org_path=review.org_path,
                 summary=f"Quyết định xếp loại {len(pending)} tổ chức đảng ({review}), số {decision_number}",
                 data={"decision_number": decision_number, "decision_date": decision_date,
                       "ratings": {r.organization_id: LEVEL_KEYS[r.level] for r in pending},
                       "overridden": [f["code"] for f in blocking], "override_reason": override_reason})
    return len(pending)


def _above_the_decider(actor, rating, **arguments):
    """Scope check of `revoke`: the level above the one that decided (rules.md §1.5)."""
    decider = competent_path_member(rating.review) if isinstance(rating, MemberRating) else competent_path_org(rating)
    above = revoker_path(decider)
    if actor is not None and not (scope_for(actor).is_admin or (above and scope_for(actor).can(WRITE, above))):
        raise ScopeDenied(_("Chỉ cấp trên của cấp đã quyết định được hủy kết quả xếp loại."))


@audited_action("rating.revoke", scope=_above_the_decider)
def revoke(actor, rating: MemberRating | OrgRating, *, reason: str) -> MemberRating | OrgRating:
    """The level above the decider cancels a decision; the rating goes back to 'proposed' to be redone."""
    is_member = isinstance(rating, MemberRating)
    if rating.status != RatingStatus.DECIDED:
        fail(None, _("Kết quả này chưa được quyết định."))
    if not reason.strip():
        fail("reason", _("Ghi lý do hủy kết quả xếp loại."))
    model = type(rating)
    old = {"level": LEVEL_KEYS[rating.level], "decision_number": rating.decision_number,
           "decision_date": rating.decision_date, "override_reason": rating.override_reason}
    check_version(model, rating.pk, rating.version, "Kết quả xếp loại")
    rating.refresh_from_db()
    rating.level, rating.status = None, RatingStatus.PROPOSED
    rating.decision_number, rating.decision_date, rating.decided_by, rating.decided_at = "", None, None, None
    rating.override_reason, rating.overridden_by, rating.overridden_at = "", None, None
    rating.save()
    who = rating.member.full_name if is_member else rating.organization.name
    audit.record("rating.revoke", actor=actor, obj=rating, org_path=rating.org_path,
                 summary=f"Hủy kết quả xếp loại năm {rating.year} của {who}: {reason.strip()}",
                 data={"old": old, "reason": reason.strip()})
    return rating
