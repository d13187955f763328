"""A review's life: open it with the register on its date, bring its list in line with the register, close it."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext_lazy as _

from dangbo.core import audit
from dangbo.core.actions import audited_action, check_version, fail, writes
from dangbo.organizations.models import Organization
from dangbo.rules import ratings as rules
from dangbo.rules.text import format_date

from ..models import MemberRating, Period, RatingStatus, Review
from ..roster import (
    CHANGE_LABELS,
    DECIDED_NOT_MEMBER,
    NOT_MEMBER,
    add_missing_orgs,
    change_counts,
    decided_not_member_finding,
    fill_review,
    register_changes,
)
from .common import lower, person

_review_path = lambda review, **_: review.org_path  # noqa: E731


def _denied_open(org) -> str:
    return _("Bạn không có quyền mở đợt kiểm điểm của «%(org)s».") % {"org": org.name}


@audited_action("rating.review_open", scope=writes(
    lambda org, **_: org.path, lambda org, **_: _denied_open(org)))
def open_review(actor, org: Organization, *, year: int, review_date: date, period: str = Period.YEAR,
                quarter: int | None = None, settings: rules.RatingSettings | None = None) -> Review:
    try:
        regime = rules.regime_for(year)
    except ValueError as exc:
        fail("year", str(exc))
    if period not in regime.periods:
        fail("period", _("Chế độ %(years)s (%(regulation)s) không có kỳ đánh giá «%(period)s»."),
             years=regime.years_label, regulation=regime.regulation, period=lower(Period(period).label))
    if period == Period.QUARTER and quarter not in (1, 2, 3, 4):
        fail("quarter", _("Chọn quý 1, 2, 3 hoặc 4."))
    if period != Period.QUARTER:
        quarter = None
    if Review.objects.filter(organization=org, year=year, period=period, quarter=quarter).exists():
        fail("year", _("Đã có đợt kiểm điểm này của «%(org)s»."), org=org.name)
    settings = settings or rules.DEFAULT_SETTINGS
    review = Review.objects.create(
        organization=org, org_path=org.path, year=year, period=period, quarter=quarter, review_date=review_date,
        regime_key=regime.key, quota_denominator=settings.quota_denominator,
        quota_rounding=settings.quota_rounding, enforce_unconfirmed=settings.enforce_unconfirmed,
        created_by=person(actor))
    n_members, n_orgs = fill_review(review, org, regime)
    audit.record("rating.review_open", actor=actor, obj=review, org_path=org.path,
                 summary=f"Mở {review}: {n_members} đảng viên, {n_orgs} tổ chức",
                 data={"year": year, "period": period, "quarter": quarter, "review_date": review_date,
                       "regime": regime.key, "settings": settings.__dict__})
    return review


@audited_action("rating.review_refresh", scope=writes(
    _review_path, _("Chỉ cấp ủy mở đợt kiểm điểm được cập nhật danh sách theo sổ đảng viên.")))
def refresh_review(actor, review: Review, version: int | None = None) -> list[dict]:
    """Bring an open review's member list in line with the register on the review date («Cập nhật theo sổ
    đảng viên»): add the missing, move the transferred, mark those no longer members as not rated with the
    reason, flag decided ones that no longer belong. Returns the changes (also stored in the audit event)."""
    if review.status != Review.Status.OPEN:
        fail(None, _("Đợt kiểm điểm đã kết thúc: không cập nhật danh sách."))
    check_version(Review, review.pk, version, str(review))
    changes = register_changes(review)
    if not changes:
        fail(None, _("Danh sách đảng viên của đợt đã khớp sổ đảng viên: không có gì thay đổi."))
    new, touched = [], {}
    rows = MemberRating.objects.select_for_update().in_bulk([c["pk"] for c in changes if "pk" in c])
    for c in changes:
        kind, r = c["kind"], rows.get(c.get("pk"))
        if kind == "added":
            new.append(MemberRating(
                review=review, year=review.year, org_path=c["org_path"], member_id=c["member_id"],
                organization_id=c["organization_id"], host_organization_id=c["host_id"], admitted_on=c["admitted_on"],
                rated=c["rated"], status=RatingStatus.PENDING if c["rated"] else RatingStatus.NOT_RATED,
                not_rated_code=c["code"], not_rated_reason=c["reason"], not_rated_source=c["source"]))
            continue
        if kind == "moved":
            r.organization_id, r.host_organization_id = c["organization_id"], c["host_id"]
            r.org_path = c["org_path"]
            if c["withdraw"]:
                r.proposed_level, r.proposal_comment, r.proposed_by, r.findings = None, "", None, []
                r.status = RatingStatus.SELF if r.self_level is not None else RatingStatus.PENDING
        elif kind == "admitted":
            r.admitted_on = c["admitted_on"]
        elif kind in ("rated", "not_rated", "not_member"):
            r.rated = kind == "rated"
            r.admitted_on = c.get("admitted_on", r.admitted_on)
            r.not_rated_code, r.not_rated_reason = c.get("code", NOT_MEMBER), c["reason"]
            r.not_rated_source = c.get("source", "")
            if r.rated:
                r.status = RatingStatus.SELF if r.self_level is not None else RatingStatus.PENDING
            else:
                r.status = RatingStatus.NOT_RATED
        else:
            r.findings = [f for f in r.findings if f.get("code") != DECIDED_NOT_MEMBER] + [
                decided_not_member_finding(review, c["text"])]
        touched[r.pk] = r
    MemberRating.objects.bulk_create(new, batch_size=2000)
    for r in touched.values():
        r.version += 1
    MemberRating.objects.bulk_update(list(touched.values()), [
        "organization", "host_organization", "org_path", "rated", "admitted_on", "not_rated_code",
        "not_rated_reason", "not_rated_source", "status", "findings", "proposed_level", "proposal_comment",
        "proposed_by", "version"], batch_size=1000)
    n_orgs = add_missing_orgs(review)
    counts = change_counts(changes)
    audit.record("rating.review_refresh", actor=actor, obj=review, org_path=review.org_path,
                 summary=f"Cập nhật danh sách {review} theo sổ đảng viên ngày {format_date(review.review_date)}: "
                         + ", ".join(f"{CHANGE_LABELS[k].lower()} {n}" for k, n in counts.items() if n),
                 data={"counts": counts, "organizations_added": n_orgs,
                       "changes": [{"kind": c["kind"], "member_id": c["member_id"], "name": c["name"],
                                    "text": c["text"]} for c in changes]})
    return changes


@audited_action("rating.review_close", scope=writes(
    _review_path, _("Bạn không có quyền kết thúc đợt kiểm điểm này.")))
def close_review(actor, review: Review, version: int | None = None) -> Review:
    check_version(Review, review.pk, version, str(review))
    review.refresh_from_db()
    review.status = Review.Status.CLOSED
    review.save(update_fields=["status"])
    audit.record("rating.review_close", actor=actor, obj=review, org_path=review.org_path, summary=f"Kết thúc {review}")
    return review
