"""Every change of the yearly review: open, self-assess, propose, decide (with findings), revoke, commit.

Who may do what (scopes, dangbo.core.scopes):
- open a review: a writer of the organisation reviewed (its office);
- self-assessment: the member themself, or a writer of their chi bộ entering the written self-assessment;
- proposal for a member: a writer of the member's chi bộ (the chi bộ proposes only for its own members);
- decision for members: a writer of the review's organisation (the đảng ủy / its standing committee);
- decision for an organisation: a writer of its parent (the level that rates it);
- revoke a decision: a writer of the level above the one that decided (rules.md §1.5), with a reason.

A decided rating is locked: the only way back is `revoke`, audited with the old values.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone

from dangbo.core import audit
from dangbo.core.actions import check_version, fail
from dangbo.core.scopes import scope_for
from dangbo.members.models import Member, MemberEvent, Status
from dangbo.organizations.models import CELL_KINDS, GRASSROOTS_KINDS, Organization, OrgStatus
from dangbo.rules import ratings as rules
from dangbo.rules.text import format_date

from .models import (
    LEVEL_KEYS,
    Commitment,
    MemberRating,
    OrgRating,
    Period,
    PublishedTotals,
    RatingStatus,
    Review,
)

ACTIVE = [Status.OFFICIAL, Status.PROBATIONARY]


# -- helpers ------------------------------------------------------------------------------------------------
def _can_write(actor, path: str) -> bool:
    return actor is None or scope_for(actor).can_write_path(path)


def _require(actor, path: str, message: str):
    if not _can_write(actor, path):
        fail(None, message)


def _user(actor):
    return actor if getattr(actor, "pk", None) else None


def _level(value, field: str) -> rules.Level:
    try:
        return rules.Level(int(value))
    except (TypeError, ValueError):
        fail(field, "Mức xếp loại không hợp lệ.")


def finding_dict(f: rules.Finding) -> dict:
    src = f.source
    return {"code": f.code, "message": f.message, "source_key": f.source_key, "blocking": f.blocking,
            "cap": int(f.cap) if f.cap is not None else None, "document": src.document, "clause": src.clause,
            "confidence": src.confidence}


def parent_path(path: str) -> str:
    return path[:-4]


def competent_path_member(review: Review) -> str:
    return review.org_path


def competent_path_org(rating: OrgRating) -> str:
    """An organisation is rated by its parent (the review's own organisation by the level above)."""
    return parent_path(rating.org_path)


def revoker_path(decider_path: str) -> str:
    return parent_path(decider_path)


def member_facts(r: MemberRating) -> rules.MemberFacts:
    return rules.MemberFacts(
        admitted_on=r.admitted_on,
        self_reviewed=r.self_level is not None or r.imported,
        disciplined_in_year=rules.Discipline.KHIEN_TRACH if r.disciplined else None,
        discipline_self_detected=r.discipline_self_detected,
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


# -- opening a review --------------------------------------------------------------------------------------
def member_rows_on(org: Organization, on: date):
    """The state of every member of `org`'s subtree on `on` (after their last event), one query."""
    latest = (MemberEvent.objects.filter(member=OuterRef("member"), effective_date__lte=on)
              .order_by("-effective_date", "-id").values("id")[:1])
    return (MemberEvent.objects.filter(effective_date__lte=on, org_after__path__startswith=org.path,
                                       status_after__in=ACTIVE)
            .filter(id=Subquery(latest))
            .values_list("member_id", "org_after_id", "org_after__path", "host_after_id", "exempted_after",
                         "suspended_after", "member__admission_decision_date"))


@transaction.atomic
def open_review(actor, org: Organization, *, year: int, review_date: date, period: str = Period.YEAR,
                quarter: int | None = None, settings: rules.RatingSettings | None = None) -> Review:
    _require(actor, org.path, f"Bạn không có quyền mở đợt kiểm điểm của «{org.name}».")
    try:
        regime = rules.regime_for(year)
    except ValueError as exc:
        fail("year", str(exc))
    if period not in regime.periods:
        fail("period", f"Chế độ {regime.years_label} ({regime.regulation}) không có kỳ đánh giá "
                       f"«{Period(period).label.lower()}».")
    if period == Period.QUARTER and quarter not in (1, 2, 3, 4):
        fail("quarter", "Chọn quý 1, 2, 3 hoặc 4.")
    if period != Period.QUARTER:
        quarter = None
    if Review.objects.filter(organization=org, year=year, period=period, quarter=quarter).exists():
        fail("year", f"Đã có đợt kiểm điểm này của «{org.name}».")
    settings = settings or rules.DEFAULT_SETTINGS
    review = Review.objects.create(
        organization=org, org_path=org.path, year=year, period=period, quarter=quarter, review_date=review_date,
        regime_key=regime.key, quota_denominator=settings.quota_denominator,
        quota_rounding=settings.quota_rounding, enforce_unconfirmed=settings.enforce_unconfirmed,
        created_by=_user(actor))
    n_members, n_orgs = _fill_review(review, org, regime)
    audit.record("rating.review_open", actor=actor, obj=review, org_path=org.path,
                 summary=f"Mở {review}: {n_members} đảng viên, {n_orgs} tổ chức",
                 data={"year": year, "period": period, "quarter": quarter, "review_date": review_date,
                       "regime": regime.key, "settings": settings.__dict__})
    return review


def _fill_review(review: Review, org: Organization, regime) -> tuple[int, int]:
    on = review.review_date
    rows = []
    for mid, oid, opath, host, exempted, suspended, admitted in member_rows_on(org, on).iterator(chunk_size=5000):
        rated, reason = rules.who_is_rated(
            rules.MemberFacts(admitted_on=admitted, exempted=exempted, suspended=suspended), on, regime)
        rows.append(MemberRating(
            review=review, year=review.year, org_path=opath, member_id=mid, organization_id=oid,
            host_organization_id=host, admitted_on=admitted, rated=rated,
            status=RatingStatus.PENDING if rated else RatingStatus.NOT_RATED,
            not_rated_code=reason.code if reason else "", not_rated_reason=reason.message if reason else "",
            not_rated_source=reason.source_key if reason else ""))
    MemberRating.objects.bulk_create(rows, batch_size=2000)
    orgs = Organization.objects.filter(path__startswith=org.path).filter(
        Q(founded_on__isnull=True) | Q(founded_on__lte=on)).filter(
        Q(status=OrgStatus.ACTIVE) | Q(ended_on__gt=on)).values_list("id", "path", "founded_on")
    org_rows = []
    for oid, path, founded in orgs:
        rated, reason = rules.organization_is_rated(founded, on, regime)
        org_rows.append(OrgRating(
            review=review, year=review.year, org_path=path, organization_id=oid, rated=rated,
            status=RatingStatus.PENDING if rated else RatingStatus.NOT_RATED,
            not_rated_code=reason.code if reason else "", not_rated_reason=reason.message if reason else "",
            not_rated_source=reason.source_key if reason else ""))
    OrgRating.objects.bulk_create(org_rows, batch_size=2000)
    return len(rows), len(org_rows)


# -- the member's steps ------------------------------------------------------------------------------------
def _open_rating(r, label):
    if r.review.status != Review.Status.OPEN:
        fail(None, f"Đợt kiểm điểm của {label} đã kết thúc.")
    if not r.rated:
        fail(None, f"{label} không thuộc diện xếp loại: {r.not_rated_reason}")
    if r.is_locked:
        fail(None, f"Kết quả của {label} đã được quyết định; chỉ cấp trên có thể hủy để làm lại.")


@transaction.atomic
def self_assess(actor, rating: MemberRating, *, level, points=None, comment: str = "",
                version: int | None = None) -> MemberRating:
    own = actor is not None and scope_for(actor).own_member_id == rating.member_id
    if not own:
        _require(actor, rating.org_path, "Chỉ đảng viên hoặc chi bộ của đảng viên được ghi bản tự kiểm điểm.")
    _open_rating(rating, rating.member.full_name)
    lv = _level(level, "self_level")
    regime = rating.review.regime
    if points not in (None, ""):
        if not regime.uses_scores:
            fail("self_points", f"Năm {rating.year} chưa chấm điểm theo thang 100 điểm (từ năm 2025).")
        points = int(points)
        if not 0 <= points <= 100:
            fail("self_points", "Điểm tự chấm phải từ 0 đến 100.")
    else:
        points = None
    check_version(MemberRating, rating.pk, version, f"Xếp loại của {rating.member.full_name}")
    rating.refresh_from_db()
    rating.self_level, rating.self_points, rating.self_comment = int(lv), points, comment.strip()
    if rating.status == RatingStatus.PENDING:
        rating.status = RatingStatus.SELF
    rating.save()
    audit.record("rating.self_assess", actor=actor, obj=rating, org_path=rating.org_path,
                 summary=f"{rating.member.full_name} tự xếp loại {lv.label} năm {rating.year}",
                 data={"level": LEVEL_KEYS[int(lv)], "points": points})
    return rating


@transaction.atomic
def propose(actor, rating: MemberRating, *, level, comment: str = "", self_level=None, disciplined=None,
            discipline_self_detected=None, sick_leave_months=None, host_comment=None,
            version: int | None = None) -> MemberRating:
    """The chi bộ's proposal for one of its own members, with the facts the rules need."""
    _require(actor, rating.org_path, "Chi bộ chỉ đề xuất xếp loại cho đảng viên của mình.")
    _open_rating(rating, rating.member.full_name)
    lv = _level(level, "proposed_level")
    check_version(MemberRating, rating.pk, version, f"Xếp loại của {rating.member.full_name}")
    rating.refresh_from_db()
    if self_level not in (None, "") and rating.self_level is None:
        rating.self_level = int(_level(self_level, "self_level"))
    if disciplined is not None:
        rating.disciplined = bool(disciplined)
    if discipline_self_detected is not None:
        rating.discipline_self_detected = bool(discipline_self_detected)
    if sick_leave_months not in (None, ""):
        months = Decimal(str(sick_leave_months))
        if not 0 <= months <= 12:
            fail("sick_leave_months", "Số tháng nghỉ ốm phải từ 0 đến 12.")
        rating.sick_leave_months = months
    if host_comment is not None:
        rating.host_comment = host_comment.strip()
    rating.proposed_level, rating.proposal_comment = int(lv), comment.strip()
    rating.proposed_by, rating.status = _user(actor), RatingStatus.PROPOSED
    review = rating.review
    rating.findings = [finding_dict(f) for f in rules.member_findings(member_facts(rating), lv, review.regime,
                                                                      review.settings)]
    rating.save()
    audit.record("rating.propose", actor=actor, obj=rating, org_path=rating.org_path,
                 summary=f"Chi bộ đề xuất {rating.member.full_name}: {lv.label} năm {rating.year}",
                 data={"level": LEVEL_KEYS[int(lv)], "comment": rating.proposal_comment,
                       "findings": [f["code"] for f in rating.findings]})
    return rating


@transaction.atomic
def record_host_comment(actor, rating: MemberRating, *, comment: str) -> MemberRating:
    """The written comment of the chi bộ where the member is temporarily active (rules.md §1.6): entered by
    that chi bộ (or the home chi bộ from the paper it received)."""
    host_path = rating.host_organization.path if rating.host_organization_id else ""
    if not host_path:
        fail("host_comment", "Đảng viên không sinh hoạt tạm thời ở chi bộ khác.")
    if not (_can_write(actor, host_path) or _can_write(actor, rating.org_path)):
        fail(None, "Chỉ chi bộ nơi sinh hoạt tạm thời hoặc chi bộ chính thức được ghi ý kiến nhận xét.")
    _open_rating(rating, rating.member.full_name)
    if not comment.strip():
        fail("host_comment", "Nhập ý kiến nhận xét.")
    check_version(MemberRating, rating.pk, rating.version, f"Xếp loại của {rating.member.full_name}")
    rating.refresh_from_db()
    rating.host_comment = comment.strip()
    if rating.proposed_level:
        review = rating.review
        rating.findings = [finding_dict(f) for f in rules.member_findings(
            member_facts(rating), rating.proposed_level, review.regime, review.settings)]
    rating.save()
    audit.record("rating.host_comment", actor=actor, obj=rating, org_path=host_path,
                 summary=f"Chi bộ nơi sinh hoạt tạm thời nhận xét {rating.member.full_name} năm {rating.year}",
                 data={"comment": rating.host_comment})
    return rating


# -- deciding (members, then organisations: rules.md §1.5) ---------------------------------------------------
def pending_member_decisions(actor, review: Review) -> list[MemberRating]:
    qs = MemberRating.objects.filter(review=review, rated=True, status=RatingStatus.PROPOSED)
    return list(qs.select_related("member", "organization")) if _can_write(actor, review.org_path) else []


def member_decision_findings(review: Review, pending: list[MemberRating]) -> tuple[dict[int, list[dict]], list]:
    """Findings per pending rating (on its proposed level) and quota findings per tổ chức cơ sở đảng,
    counting the ratings already decided in the review together with the pending ones."""
    regime, settings = review.regime, review.settings
    per = {r.pk: [finding_dict(f) for f in rules.member_findings(member_facts(r), r.proposed_level, regime,
                                                                  settings)] for r in pending}
    decided = list(MemberRating.objects.filter(review=review, status=RatingStatus.DECIDED)
                   .exclude(pk__in=[r.pk for r in pending]).values_list("org_path", "level"))
    rows = decided + [(r.org_path, r.proposed_level) for r in pending]
    pools = grassroots_pools(review.org_path, {p for p, _ in rows})
    by_pool = defaultdict(list)
    for p, lv in rows:
        by_pool[pools[p]].append(lv)
    names = dict(Organization.objects.filter(path__in=list(by_pool)).values_list("path", "name"))
    quota = []
    for pool, levels in sorted(by_pool.items()):
        for f in rules.quota_findings(levels, regime, settings, "members"):
            d = finding_dict(f)
            d["message"] = f"{names.get(pool, '')}: {d['message']}"
            d["pool"] = pool
            quota.append(d)
    return per, quota


@transaction.atomic
def decide_members(actor, review: Review, *, decision_number: str, decision_date: date | None,
                   override_reason: str = "", version: int | None = None) -> int:
    """The competent level decides every proposed member of the review in one decision.

    Blocking findings (member rules, and the excellent quota per tổ chức cơ sở đảng) hold the decision
    unless `override_reason` is given: the override is recorded on each affected rating and audited."""
    _require(actor, review.org_path, f"Chỉ cấp ủy «{review.organization.name}» được quyết định xếp loại.")
    if review.status != Review.Status.OPEN:
        fail(None, "Đợt kiểm điểm đã kết thúc.")
    if not decision_number.strip():
        fail("decision_number", "Nhập số quyết định (hoặc thông báo) xếp loại.")
    if decision_date is None:
        fail("decision_date", "Nhập ngày quyết định.")
    check_version(Review, review.pk, version, str(review))
    pending = list(MemberRating.objects.select_for_update().filter(
        review=review, rated=True, status=RatingStatus.PROPOSED).select_related("member"))
    if not pending:
        fail(None, "Không có đề xuất nào đang chờ quyết định.")
    per, quota = member_decision_findings(review, pending)
    blocking = [f for fs in per.values() for f in fs if f["blocking"]] + [f for f in quota if f["blocking"]]
    override_reason = override_reason.strip()
    if blocking and not override_reason:
        fail("override_reason", "Còn cảnh báo chặn quyết định: " + "; ".join(f["message"] for f in blocking)
             + " Sửa đề xuất, hoặc ghi lý do để cấp có thẩm quyền quyết định vượt cảnh báo.")
    now = timezone.now()
    quota_pools = {f["pool"] for f in quota}
    pools = grassroots_pools(review.org_path, {r.org_path for r in pending})
    for r in pending:
        r.findings = per[r.pk] + [f for f in quota if f["pool"] == pools[r.org_path]]
        r.level, r.status = r.proposed_level, RatingStatus.DECIDED
        r.decision_number, r.decision_date = decision_number.strip(), decision_date
        r.decided_by, r.decided_at = _user(actor), now
        if any(f["blocking"] for f in r.findings):
            r.override_reason, r.overridden_by, r.overridden_at = override_reason, _user(actor), now
        r.version += 1
    MemberRating.objects.bulk_update(pending, ["findings", "level", "status", "decision_number", "decision_date",
                                               "decided_by", "decided_at", "override_reason", "overridden_by",
                                               "overridden_at", "version"], batch_size=1000)
    audit.record("rating.decide_members", actor=actor, obj=review, org_path=review.org_path,
                 summary=f"Quyết định xếp loại {len(pending)} đảng viên ({review}), số {decision_number}"
                 + (f"; vượt cảnh báo: {override_reason}" if blocking else ""),
                 data={"decision_number": decision_number, "decision_date": decision_date,
                       "ratings": {r.member_id: LEVEL_KEYS[r.level] for r in pending},
                       "overridden": [f["code"] for f in blocking], "override_reason": override_reason,
                       "quota_pools": sorted(quota_pools)})
    return len(pending)


@transaction.atomic
def propose_org(actor, rating: OrgRating, *, level, comment: str = "", points=None,
                version: int | None = None) -> OrgRating:
    """The organisation's own self-assessment and proposal (its committee / chi bộ); points from 2025."""
    _require(actor, rating.org_path, "Chỉ tổ chức đảng đó được tự đánh giá, đề xuất mức xếp loại của mình.")
    _open_rating(rating, rating.organization.name)
    lv = _level(level, "proposed_level")
    if points not in (None, ""):
        if not rating.review.regime.uses_scores:
            fail("self_points", f"Năm {rating.year} chưa chấm điểm theo thang 100 điểm (từ năm 2025).")
        points = int(points)
        if not 0 <= points <= 100:
            fail("self_points", "Điểm tự chấm phải từ 0 đến 100.")
    else:
        points = None
    check_version(OrgRating, rating.pk, version, f"Xếp loại của «{rating.organization.name}»")
    rating.refresh_from_db()
    rating.self_points = points
    rating.self_level = rating.self_level or int(lv)
    rating.proposed_level, rating.proposal_comment = int(lv), comment.strip()
    rating.proposed_by, rating.status = _user(actor), RatingStatus.PROPOSED
    rating.findings = org_findings(rating, int(lv))
    rating.save()
    audit.record("rating.propose_org", actor=actor, obj=rating, org_path=rating.org_path,
                 summary=f"{rating.organization.name} tự đánh giá, đề xuất {lv.label} năm {rating.year}",
                 data={"level": LEVEL_KEYS[int(lv)], "comment": rating.proposal_comment})
    return rating


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


def pending_org_decisions(actor, review: Review) -> list[OrgRating]:
    qs = OrgRating.objects.filter(review=review, rated=True, status=RatingStatus.PROPOSED).select_related(
        "organization")
    return [r for r in qs if _can_write(actor, competent_path_org(r))]


def org_decision_findings(review: Review, pending: list[OrgRating]):
    regime, settings = review.regime, review.settings
    per = {r.pk: org_findings(r, r.proposed_level) for r in pending}
    decided = list(OrgRating.objects.filter(review=review, status=RatingStatus.DECIDED).exclude(
        pk__in=[r.pk for r in pending]).exclude(org_path=review.org_path).values_list("org_path", "level"))
    rows = decided + [(r.org_path, r.proposed_level) for r in pending if r.org_path != review.org_path]
    pools = grassroots_pools(review.org_path, {p for p, _ in rows})
    by_pool = defaultdict(list)
    for p, lv in rows:
        by_pool[pools[p]].append(lv)
    quota = []
    for pool, levels in sorted(by_pool.items()):
        for f in rules.quota_findings(levels, regime, settings, "organizations"):
            d = finding_dict(f)
            d["pool"] = pool
            quota.append(d)
    return per, quota


@transaction.atomic
def decide_orgs(actor, review: Review, *, decision_number: str, decision_date: date | None,
                override_reason: str = "", version: int | None = None) -> int:
    """Decide every proposed organisation the actor is competent for (its parent's writer)."""
    if review.status != Review.Status.OPEN:
        fail(None, "Đợt kiểm điểm đã kết thúc.")
    if not decision_number.strip():
        fail("decision_number", "Nhập số quyết định (hoặc thông báo) xếp loại.")
    if decision_date is None:
        fail("decision_date", "Nhập ngày quyết định.")
    pending = pending_org_decisions(actor, review)
    if not pending:
        fail(None, "Không có tổ chức nào đang chờ quyết định thuộc thẩm quyền của bạn.")
    check_version(Review, review.pk, version, str(review))
    per, quota = org_decision_findings(review, pending)
    blocking = [f for fs in per.values() for f in fs if f["blocking"]] + [f for f in quota if f["blocking"]]
    override_reason = override_reason.strip()
    if any(f["code"] == "children_undecided" for f in blocking):
        fail(None, "Phải quyết định xếp loại đảng viên và tổ chức trực thuộc trước khi xếp loại tổ chức.")
    if blocking and not override_reason:
        fail("override_reason", "Còn cảnh báo chặn quyết định: " + "; ".join(f["message"] for f in blocking)
             + " Sửa đề xuất, hoặc ghi lý do để cấp có thẩm quyền quyết định vượt cảnh báo.")
    now = timezone.now()
    pools = grassroots_pools(review.org_path, {r.org_path for r in pending})
    for r in pending:
        r.findings = per[r.pk] + [f for f in quota if f["pool"] == pools[r.org_path]]
        r.level, r.status = r.proposed_level, RatingStatus.DECIDED
        r.decision_number, r.decision_date = decision_number.strip(), decision_date
        r.decided_by, r.decided_at = _user(actor), now
        if any(f["blocking"] for f in r.findings):
            r.override_reason, r.overridden_by, r.overridden_at = override_reason, _user(actor), now
        r.version += 1
    OrgRating.objects.bulk_update(pending, ["findings", "level", "status", "decision_number", "decision_date",
                                            "decided_by", "decided_at", "override_reason", "overridden_by",
                                            "overridden_at", "version"])
    audit.record("rating.decide_orgs", actor=actor, obj=review, org_path=review.org_path,
                 summary=f"Quyết định xếp loại {len(pending)} tổ chức đảng ({review}), số {decision_number}",
                 data={"decision_number": decision_number, "decision_date": decision_date,
                       "ratings": {r.organization_id: LEVEL_KEYS[r.level] for r in pending},
                       "overridden": [f["code"] for f in blocking], "override_reason": override_reason})
    return len(pending)


@transaction.atomic
def revoke(actor, rating: MemberRating | OrgRating, *, reason: str) -> MemberRating | OrgRating:
    """The level above the decider cancels a decision; the rating goes back to 'proposed' to be redone."""
    is_member = isinstance(rating, MemberRating)
    decider = competent_path_member(rating.review) if is_member else competent_path_org(rating)
    above = revoker_path(decider)
    if actor is not None and not (scope_for(actor).is_admin or (above and scope_for(actor).can_write_path(above))):
        fail(None, "Chỉ cấp trên của cấp đã quyết định được hủy kết quả xếp loại.")
    if rating.status != RatingStatus.DECIDED:
        fail(None, "Kết quả này chưa được quyết định.")
    if not reason.strip():
        fail("reason", "Ghi lý do hủy kết quả xếp loại.")
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


@transaction.atomic
def close_review(actor, review: Review, version: int | None = None) -> Review:
    _require(actor, review.org_path, "Bạn không có quyền kết thúc đợt kiểm điểm này.")
    check_version(Review, review.pk, version, str(review))
    review.refresh_from_db()
    review.status = Review.Status.CLOSED
    review.save(update_fields=["status"])
    audit.record("rating.review_close", actor=actor, obj=review, org_path=review.org_path, summary=f"Kết thúc {review}")
    return review


# -- commitments ---------------------------------------------------------------------------------------------
@transaction.atomic
def record_commitment(actor, member: Member, *, year: int, content: str, signed_on: date) -> Commitment:
    own = actor is not None and scope_for(actor).own_member_id == member.pk
    if not own:
        _require(actor, member.org_path, "Chỉ đảng viên hoặc chi bộ của đảng viên được ghi bản cam kết.")
    if not content.strip():
        fail("content", "Nhập nội dung bản cam kết.")
    if signed_on is None:
        fail("signed_on", "Nhập ngày ký bản cam kết.")
    c, created = Commitment.objects.update_or_create(
        member=member, year=year,
        defaults={"content": content.strip(), "signed_on": signed_on, "org_path": member.org_path,
                  "created_by": _user(actor)})
    audit.record("rating.commitment", actor=actor, obj=c, org_path=member.org_path,
                 summary=f"{'Ghi' if created else 'Sửa'} bản cam kết năm {year} của {member.full_name}, ký ngày "
                         f"{format_date(signed_on)}")
    return c


# -- history -------------------------------------------------------------------------------------------------
def history_review(actor, org: Organization, year: int) -> Review:
    """The review a past year's imported results hang on (created on first use)."""
    regime = rules.regime_for(year)
    review, _ = Review.objects.get_or_create(
        organization=org, year=year, period=Period.YEAR, quarter=None,
        defaults={"org_path": org.path, "review_date": date(year, 12, 31), "regime_key": regime.key,
                  "quota_denominator": rules.DEFAULT_SETTINGS.quota_denominator,
                  "quota_rounding": rules.DEFAULT_SETTINGS.quota_rounding, "status": Review.Status.HISTORY,
                  "created_by": _user(actor)})
    return review


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


@transaction.atomic
def enter_published_totals(actor, org: Organization, *, year: int, members: dict, organizations: dict,
                           source_document: str, self_level=None, members_not_rated: int = 0) -> PublishedTotals:
    """An organisation's published totals for a past year (per-member data lost): checked by the regime of
    that year and accepted with their findings (old reports often exceed today's quota)."""
    _require(actor, org.path, f"Bạn không có quyền nhập số liệu của «{org.name}».")
    try:
        rules.regime_for(year)
    except ValueError as exc:
        fail("year", str(exc))
    if not source_document.strip():
        fail("source_document", "Ghi văn bản nguồn (báo cáo, thông báo kết quả) của số liệu.")
    keys = ("excellent", "good", "completed", "not_completed")
    clean = {}
    for prefix, data in (("members", members), ("orgs", organizations)):
        for k in keys:
            v = data.get(k) or 0
            try:
                v = int(v)
            except (TypeError, ValueError):
                fail(f"{prefix}_{k}", "Phải là số nguyên.")
            if v < 0:
                fail(f"{prefix}_{k}", "Không được âm.")
            clean[f"{prefix}_{k}"] = v
    lv = int(_level(self_level, "self_level")) if self_level not in (None, "") else None
    findings = published_findings(year, {k: clean[f"members_{k}"] for k in keys},
                                  {k: clean[f"orgs_{k}"] for k in keys}, lv)
    obj, _ = PublishedTotals.objects.update_or_create(
        organization=org, year=year,
        defaults={**clean, "org_path": org.path, "self_level": lv, "source_document": source_document.strip(),
                  "members_not_rated": int(members_not_rated or 0), "findings": findings,
                  "entered_by": _user(actor)})
    audit.record("rating.published_totals", actor=actor, obj=obj, org_path=org.path,
                 summary=f"Nhập kết quả xếp loại năm {year} đã công bố của {org.name} ({source_document.strip()})",
                 data={**clean, "self_level": lv, "findings": [f["code"] for f in findings]})
    return obj
