"""The steps before a decision: the member's self-assessment, the chi bộ's proposal (one member or a whole chi bộ
on one screen), withdrawing it, the host chi bộ's comment, and an organisation's own proposal.

Who: the member themself or a writer of their chi bộ (self-assessment); a writer of the member's chi bộ, which
proposes only for its own members; the chi bộ where the member is temporarily active, or the home chi bộ
(rules.md §1.6); a writer of the organisation for its own proposal.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from dangbo.core import audit
from dangbo.core.actions import audited_action, check_version, fail, per_row, writes
from dangbo.core.scopes import ScopeDenied
from dangbo.organizations.models import Organization
from dangbo.rules import ratings as rules

from ..findings import finding_dict, member_facts, org_findings
from ..models import LEVEL_KEYS, MemberRating, OrgRating, RatingStatus, Review
from .common import can_write, later, member_or_writer, parse_level, parse_points, person, require_open, row_error

_rating_path = lambda rating, **_: rating.org_path  # noqa: E731


def _level_and_points(rating, who: str, level, field: str, points, version: int | None, what: str):
    """The checks of a level and points typed on an open rating (the review open, the row not decided, the
    level and the 100-point total valid, nobody saved the row since the page was shown); the row is read
    again. Returns the level and the points."""
    require_open(rating, who)
    lv = parse_level(level, field)
    points = parse_points(points, rating.review.regime, rating.year)
    check_version(type(rating), rating.pk, version, what)
    rating.refresh_from_db()
    return lv, points


@audited_action("rating.self_assess", scope=member_or_writer(
    lambda rating, **_: rating.member_id, _rating_path,
    _("Chỉ đảng viên hoặc chi bộ của đảng viên được ghi bản tự kiểm điểm.")))
def self_assess(actor, rating: MemberRating, *, level, points=None, comment: str = "",
                version: int | None = None) -> MemberRating:
    lv, points = _level_and_points(rating, rating.member.full_name, level, "self_level", points, version,
                                   f"Xếp loại của {rating.member.full_name}")
    rating.self_level, rating.self_points, rating.self_comment = int(lv), points, comment.strip()
    if rating.status == RatingStatus.PENDING:
        rating.status = RatingStatus.SELF
    rating.save()
    audit.record("rating.self_assess", actor=actor, obj=rating, org_path=rating.org_path,
                 summary=f"{rating.member.full_name} tự xếp loại {lv.label} năm {rating.year}",
                 data={"level": LEVEL_KEYS[int(lv)], "points": points})
    return rating


def _apply_proposal(actor, rating: MemberRating, lv: rules.Level, *, comment: str = "", self_level=None,
                    points=None, disciplined=None, discipline_self_detected=None, sick_leave_months=None,
                    host_comment=None) -> None:
    """Write one proposal on a locked, fresh row (the caller checked scope, state and version)."""
    if self_level not in (None, "") and rating.self_level is None:
        rating.self_level = int(parse_level(self_level, "self_level"))
    review = rating.review
    points = parse_points(points, review.regime, rating.year)
    if points is not None:
        rating.self_points = points
    if disciplined is not None:
        rating.disciplined = bool(disciplined)
    if discipline_self_detected is not None:
        rating.discipline_self_detected = bool(discipline_self_detected)
    if sick_leave_months not in (None, ""):
        months = Decimal(str(sick_leave_months))
        if not 0 <= months <= 12:
            fail("sick_leave_months", _("Số tháng nghỉ ốm phải từ 0 đến 12."))
        rating.sick_leave_months = months
    if host_comment is not None:
        rating.host_comment = host_comment.strip()
    rating.proposed_level, rating.proposal_comment = int(lv), comment.strip()
    rating.proposed_by, rating.status = person(actor), RatingStatus.PROPOSED
    rating.findings = [finding_dict(f) for f in rules.member_findings(member_facts(rating), lv, review.regime,
                                                                      review.settings)]


@audited_action("rating.propose", scope=writes(
    _rating_path, "Chi bộ chỉ đề xuất xếp loại cho đảng viên của mình."))
def propose(actor, rating: MemberRating, *, level, comment: str = "", self_level=None, points=None,
            disciplined=None, discipline_self_detected=None, sick_leave_months=None, host_comment=None,
            version: int | None = None) -> MemberRating:
    """The chi bộ's proposal for one of its own members, with the facts the rules need (and, from 2025,
    the 100-point total of the member's written review)."""
    require_open(rating, rating.member.full_name)
    lv = parse_level(level, "proposed_level")
    check_version(MemberRating, rating.pk, version, f"Xếp loại của {rating.member.full_name}")
    rating.refresh_from_db()
    _apply_proposal(actor, rating, lv, comment=comment, self_level=self_level, points=points,
                    disciplined=disciplined, discipline_self_detected=discipline_self_detected,
                    sick_leave_months=sick_leave_months, host_comment=host_comment)
    rating.save()
    audit.record("rating.propose", actor=actor, obj=rating, org_path=rating.org_path,
                 summary=f"Chi bộ đề xuất {rating.member.full_name}: {lv.label} năm {rating.year}",
                 data={"level": LEVEL_KEYS[int(lv)], "comment": rating.proposal_comment, "points": rating.self_points,
                       "findings": [f["code"] for f in rating.findings]})
    return rating


@audited_action("rating.propose_many", scope=per_row("each row: a writer of its member's chi bộ"))
def propose_many(actor, review: Review, rows: list[dict]) -> list[MemberRating]:
    """A chi bộ's proposals for many members on one screen: every row valid, or nothing is written.

    `rows`: [{"rating": pk, "level", "self_level", "points", "version"}] in screen order; a row without a level
    is left as it is (proposed later). Errors name the row and the member: {"rows": ["Dòng 3 (…): …"]}."""
    if review.status != Review.Status.OPEN:
        fail(None, _("Đợt kiểm điểm đã kết thúc."))
    by_pk = MemberRating.objects.select_for_update(of=("self",)).select_related("member", "review").in_bulk(
        [r["rating"] for r in rows if str(r.get("rating", "")).isdigit()])
    errors, done = [], []
    for n, row in enumerate(rows, start=1):
        r = by_pk.get(int(row["rating"])) if str(row.get("rating", "")).isdigit() else None
        who = later(lambda n=n, r=r: _("Dòng %(row)s (%(name)s)") % {"row": n, "name": r.member.full_name} if r
                    else _("Dòng %(row)s") % {"row": n})
        has_level = row.get("level") not in (None, "")
        if r is None or r.review_id != review.pk or not can_write(actor, r.org_path):
            errors.append(row_error(_("%(who)s: không thuộc chi bộ của bạn trong đợt kiểm điểm này."), who))
            continue
        if not has_level:
            if row.get("points") not in (None, "") or row.get("self_level") not in (None, ""):
                errors.append(row_error(_("%(who)s: chọn mức đề xuất (đã nhập điểm hoặc mức tự xếp loại)."), who))
            continue
        try:
            require_open(r, r.member.full_name)
            version = str(row.get("version") or "")
            if version and version != str(r.version):
                fail(None, _("vừa được người khác cập nhật sau khi bạn mở trang; hãy tải lại trang."))
            _apply_proposal(actor, r, parse_level(row["level"], "proposed_level"), self_level=row.get("self_level"),
                            points=row.get("points"))
        except ValidationError as exc:
            errors.append(row_error(_("%(who)s: %(reason)s"), who, reason=later(lambda e=exc: " ".join(e.messages))))
            continue
        r.version += 1
        done.append(r)
    if errors:
        raise ValidationError({"rows": errors})
    if not done:
        fail(None, _("Chưa chọn mức đề xuất cho đảng viên nào."))
    MemberRating.objects.bulk_update(done, ["self_level", "self_points", "proposed_level", "proposal_comment",
                                            "proposed_by", "status", "findings", "version"])
    orgs = sorted({r.organization_id for r in done})
    names = ", ".join(Organization.objects.filter(pk__in=orgs).order_by("path").values_list("name", flat=True))
    audit.record("rating.propose_many", actor=actor, obj=review,
                 org_path=done[0].org_path if len(orgs) == 1 else review.org_path,
                 summary=f"{names} đề xuất xếp loại {len(done)} đảng viên năm {review.year}",
                 data={"ratings": {r.member_id: {"level": LEVEL_KEYS[r.proposed_level], "points": r.self_points,
                                                 "findings": [f["code"] for f in r.findings]} for r in done}})
    return done


@audited_action("rating.withdraw", scope=writes(_rating_path, _("Chỉ chi bộ của đảng viên được rút đề xuất.")))
def withdraw_proposal(actor, rating: MemberRating, *, version: int | None = None) -> MemberRating:
    """«Rút đề xuất»: the chi bộ takes back its proposal before the decision (the row returns to the member's
    self-assessment, or to pending)."""
    require_open(rating, rating.member.full_name)
    if rating.status != RatingStatus.PROPOSED:
        fail(None, _("Chi bộ chưa đề xuất xếp loại %(name)s."), name=rating.member.full_name)
    check_version(MemberRating, rating.pk, version, f"Xếp loại của {rating.member.full_name}")
    rating.refresh_from_db()
    old = {"level": LEVEL_KEYS[rating.proposed_level], "comment": rating.proposal_comment,
           "findings": [f["code"] for f in rating.findings]}
    rating.proposed_level, rating.proposal_comment, rating.proposed_by, rating.findings = None, "", None, []
    rating.status = RatingStatus.SELF if rating.self_level is not None else RatingStatus.PENDING
    rating.save()
    audit.record("rating.withdraw", actor=actor, obj=rating, org_path=rating.org_path,
                 summary=f"Chi bộ rút đề xuất xếp loại {rating.member.full_name} năm {rating.year}",
                 data={"old": old})
    return rating


def _host_or_home(actor, rating, **arguments):
    """Scope check of `record_host_comment`: the chi bộ where the member is temporarily active, or the home one."""
    if not rating.host_organization_id:
        return  # the body refuses it: the member is not temporarily active elsewhere
    if not (can_write(actor, rating.host_organization.path) or can_write(actor, rating.org_path)):
        raise ScopeDenied(_("Chỉ chi bộ nơi sinh hoạt tạm thời hoặc chi bộ chính thức được ghi ý kiến nhận xét."))


@audited_action("rating.host_comment", scope=_host_or_home)
def record_host_comment(actor, rating: MemberRating, *, comment: str) -> MemberRating:
    """The written comment of the chi bộ where the member is temporarily active (rules.md §1.6): entered by
    that chi bộ (or the home chi bộ from the paper it received)."""
    host_path = rating.host_organization.path if rating.host_organization_id else ""
    if not host_path:
        fail("host_comment", _("Đảng viên không sinh hoạt tạm thời ở chi bộ khác."))
    require_open(rating, rating.member.full_name)
    if not comment.strip():
        fail("host_comment", _("Nhập ý kiến nhận xét."))
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


@audited_action("rating.propose_org", scope=writes(
    _rating_path, _("Chỉ tổ chức đảng đó được tự đánh giá, đề xuất mức xếp loại của mình.")))
def propose_org(actor, rating: OrgRating, *, level, comment: str = "", points=None,
                version: int | None = None) -> OrgRating:
    """The organisation's own self-assessment and proposal (its committee / chi bộ); points from 2025."""
    lv, points = _level_and_points(rating, rating.organization.name, level, "proposed_level", points, version,
                                   f"Xếp loại của «{rating.organization.name}»")
    rating.self_points = points
    rating.self_level = rating.self_level or int(lv)
    rating.proposed_level, rating.proposal_comment = int(lv), comment.strip()
    rating.proposed_by, rating.status = person(actor), RatingStatus.PROPOSED
    rating.findings = org_findings(rating, int(lv))
    rating.save()
    audit.record("rating.propose_org", actor=actor, obj=rating, org_path=rating.org_path,
                 summary=f"{rating.organization.name} tự đánh giá, đề xuất {lv.label} năm {rating.year}",
                 data={"level": LEVEL_KEYS[int(lv)], "comment": rating.proposal_comment})
    return rating
