"""The evaluations routes in the scope proof (tests/test_scope_routes.py explains each hook)."""

from datetime import date

from tests.db import outside

KWARGS: dict[str, str] = {}
SEGMENTS: dict[str, str] = {"dot": "review", "xep-loai": "member_rating", "to-chuc-xep-loai": "org_rating"}


def _review(org):
    from dangbo.evaluations import actions
    from dangbo.evaluations.models import Review

    review = Review.objects.filter(organization=org, year=2026).first()
    return review or actions.open_review(None, org, year=2026, review_date=date(2026, 12, 15))


def make(kind, org, member):
    from dangbo.evaluations.models import MemberRating, OrgRating

    if kind == "review":
        return _review(org).pk
    if kind == "member_rating":
        review = _review(org)
        r = MemberRating.objects.filter(review=review, member=member).first() or MemberRating.objects.filter(
            review=review).first()
        return r.pk
    if kind == "org_rating":
        return OrgRating.objects.get(review=_review(org), organization=org).pk
    return None


def snapshot(outside_path):
    from dangbo.evaluations.models import Commitment, MemberRating, OrgRating, PublishedTotals, Review

    def rows(model, fields):
        qs = outside(model.objects.all(), outside_path)
        return sorted(map(tuple, qs.values_list(*fields)))

    common = ("pk", "status", "self_level", "proposed_level", "level", "version", "override_reason")
    return {
        "reviews": rows(Review, ("pk", "status", "version")),
        "member_ratings": rows(MemberRating, common + ("host_comment", "disciplined")),
        "org_ratings": rows(OrgRating, common),
        "commitments": rows(Commitment, ("pk", "member_id", "year", "content")),
        "published": rows(PublishedTotals, ("pk", "year", "members_excellent")),
    }


def body_fields(org, member):
    return {
        "step": "propose", "proposed_level": "4", "self_level": "4", "self_points": "95",
        "proposal_comment": "xâm nhập", "reason": "xâm nhập", "decision_number": "99-QĐ/XX",
        "decision_date": "20/12/2026", "override_reason": "xâm nhập", "commitment_year": "2026",
        "content": "cam kết", "signed_on": "01/02/2026", "published_year": "2020", "source_document": "x",
        "members_excellent": "1", "members_good": "1", "members_completed": "0", "members_not_completed": "0",
        "members_not_rated": "0", "orgs_excellent": "0", "orgs_good": "0", "orgs_completed": "0",
        "orgs_not_completed": "0", "year": "2025", "period": "year", "review_date": "15/12/2025",
    }
