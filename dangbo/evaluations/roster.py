"""A review's lists and the register: who is on the member list on the review date, which organisations are
rated, and how an open review's list differs from the register later («Cập nhật theo sổ đảng viên»).

Reads and builds rows; the actions that write them are evaluations.actions.reviews.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Q

from dangbo.members import asof
from dangbo.members.models import Member
from dangbo.organizations import history
from dangbo.organizations.models import Organization, OrgStatus
from dangbo.rules import ratings as rules
from dangbo.rules.text import format_date, gettext_noop, joined_text
from dangbo.rules.text import text as _

from .models import MemberRating, OrgRating, RatingStatus, Review


def rated_fields(rated: bool, reason) -> dict:
    """The columns saying whether a row is rated, and if not why (rules.who_is_rated's reason with its source)."""
    return {"rated": rated, "status": RatingStatus.PENDING if rated else RatingStatus.NOT_RATED,
            "not_rated_code": reason.code if reason else "", "not_rated_reason": reason.message if reason else "",
            "not_rated_source": reason.source_key if reason else ""}


def member_rows_on(org: Organization, on: date):
    """The state of every member of `org`'s subtree on `on` (after their last event), one query."""
    return (asof.last_events(on, org.path)
            .values_list("member_id", "org_after_id", "org_after__path", "host_after_id", "exempted_after",
                         "suspended_after", "member__admission_decision_date"))


def fill_review(review: Review, org: Organization, regime) -> tuple[int, int]:
    """The member rows of a new review (the register on its date, bulk) and its organisation rows."""
    on = review.review_date
    rows = []
    for mid, oid, opath, host, exempted, suspended, admitted in member_rows_on(org, on).iterator(chunk_size=5000):
        rated, reason = rules.who_is_rated(
            rules.MemberFacts(admitted_on=admitted, exempted=exempted, suspended=suspended), on, regime)
        rows.append(MemberRating(
            review=review, year=review.year, org_path=opath, member_id=mid, organization_id=oid,
            host_organization_id=host, admitted_on=admitted, **rated_fields(rated, reason)))
    MemberRating.objects.bulk_create(rows, batch_size=2000)
    return len(rows), add_org_rows(review, org, regime)


def add_org_rows(review: Review, org: Organization, regime, skip=frozenset()) -> int:
    """A row for every organisation of the subtree existing on the review date (except `skip` ids)."""
    on = review.review_date
    orgs = Organization.objects.filter(history.under_q(org.path, on)).filter(
        Q(founded_on__isnull=True) | Q(founded_on__lte=on)).filter(
        Q(status=OrgStatus.ACTIVE) | Q(ended_on__gt=on)).values_list("id", "path", "founded_on")
    org_rows = []
    for oid, path, founded in orgs:
        if oid in skip:
            continue
        rated, reason = rules.organization_is_rated(founded, on, regime)
        org_rows.append(OrgRating(
            review=review, year=review.year, org_path=path, organization_id=oid, **rated_fields(rated, reason)))
    OrgRating.objects.bulk_create(org_rows, batch_size=2000)
    return len(org_rows)


# -- following the register ---------------------------------------------------------------------------------
NOT_MEMBER = "not_member"  # not_rated_code of a row whose member is not in the register on the review date
DECIDED_NOT_MEMBER = "decided_not_in_register"  # finding on a decided row that no longer belongs


def register_changes(review: Review) -> list[dict]:
    """How the review's member list differs from the register on the review date (nothing is written).

    Each change is a dict {kind, member_id, name, text, ...}: `added` (in the register, not in the list),
    `moved` (home or temporary chi bộ differs), `rated` / `not_rated` (who_is_rated says otherwise now, e.g. an
    admission date corrected), `not_member` (no longer a member there: not rated with the reason) and
    `decided_not_member` (already decided: kept, flagged with a finding for the competent level)."""
    on, regime = review.review_date, review.regime
    register = {row[0]: row for row in member_rows_on(review.organization, on).iterator(chunk_size=5000)}
    existing = {r[0]: r for r in MemberRating.objects.filter(review=review).values_list(
        "member_id", "organization_id", "host_organization_id", "rated", "not_rated_code", "status", "admitted_on",
        "findings", "pk")}
    changes = []
    for mid, (_name, oid, opath, host, exempted, suspended, admitted) in register.items():
        rated, reason = rules.who_is_rated(
            rules.MemberFacts(admitted_on=admitted, exempted=exempted, suspended=suspended), on, regime)
        code = reason.code if reason else ""
        base = {"member_id": mid, "organization_id": oid, "org_path": opath, "host_id": host, "admitted_on": admitted,
                "rated": rated, "code": code, "reason": reason.message if reason else "",
                "source": reason.source_key if reason else ""}
        old = existing.get(mid)
        if old is None:
            changes.append({**base, "kind": "added"})
            continue
        _, old_org, old_host, old_rated, old_code, status, old_admitted, _, pk = old
        if (old_org, old_host) != (oid, host):
            # A proposal of the old chi bộ is not the new chi bộ's: it is withdrawn (listed), the new one proposes.
            changes.append({**base, "kind": "moved", "pk": pk, "from_id": old_org, "from_host_id": old_host,
                            "withdraw": status == RatingStatus.PROPOSED and old_org != oid})
        if (old_rated, old_code) != (rated, code):
            if status != RatingStatus.DECIDED:
                changes.append({**base, "kind": "rated" if rated else "not_rated", "pk": pk})
            elif not rated and not _flagged(old[7]):  # decided: a finding, never a silent change
                changes.append({**base, "kind": "decided_not_member", "pk": pk})
        elif old_admitted != admitted:
            changes.append({**base, "kind": "admitted", "pk": pk})
    for mid, (_, old_org, _, _, old_code, status, _, findings, pk) in existing.items():
        if mid in register:
            continue
        if status == RatingStatus.DECIDED:
            if not _flagged(findings):
                changes.append({"kind": "decided_not_member", "member_id": mid, "pk": pk, "organization_id": old_org})
        elif old_code != NOT_MEMBER:
            changes.append({"kind": "not_member", "member_id": mid, "pk": pk, "organization_id": old_org})
    _describe(review, changes)
    return changes


def _flagged(findings) -> bool:
    return any(f.get("code") == DECIDED_NOT_MEMBER for f in findings)


CHANGE_ORDER = {"added": 0, "moved": 1, "admitted": 2, "rated": 3, "not_rated": 4, "not_member": 5,
                "decided_not_member": 6}


def _describe(review: Review, changes: list[dict]) -> None:
    """Add names and a line to every change (a Text: Vietnamese as a value, in the audit data and findings; the
    page's language when shown); sort them by kind, then name."""
    mids = {c["member_id"] for c in changes}
    members = {m[0]: m[1:] for m in Member.objects.filter(pk__in=mids).values_list("pk", "full_name", "sort_key")}
    oids = {c.get(k) for c in changes for k in ("organization_id", "from_id", "host_id", "from_host_id")} - {None}
    names = dict(Organization.objects.filter(pk__in=oids).values_list("pk", "name"))
    day = format_date(review.review_date)
    for c in changes:
        c["name"], sort_key = members.get(c["member_id"], ("", ""))
        c["sort_key"] = sort_key
        org = names.get(c.get("organization_id"), "")
        kind = c["kind"]
        if kind == "added":
            c["text"] = _("Thêm vào danh sách (%(org)s)", org=org) if c["rated"] else \
                _("Thêm vào danh sách (%(org)s); không xếp loại: %(reason)s", org=org, reason=c["reason"])
        elif kind == "moved":
            host = names.get(c["host_id"]) if c["host_id"] else _("không")
            old_host = names.get(c["from_host_id"]) if c["from_host_id"] else _("không")
            c["text"] = _("Chuyển từ %(old)s sang %(org)s", old=names.get(c["from_id"], ""), org=org) if c[
                "from_id"] != c["organization_id"] else _("Sinh hoạt tạm thời: %(old)s → %(host)s", old=old_host,
                                                          host=host)
            if c["withdraw"]:
                c["text"] = joined_text([c["text"], _("đề xuất của chi bộ cũ được rút, chi bộ mới đề xuất lại")])
        elif kind == "admitted":
            c["text"] = _("Ngày kết nạp theo sổ đảng viên: %(date)s", date=format_date(c["admitted_on"]))
        elif kind == "rated":
            c["text"] = _("Thuộc diện xếp loại theo sổ đảng viên")
        elif kind == "not_rated":
            c["text"] = _("Không xếp loại: %(reason)s", reason=c["reason"])
        elif kind == "not_member":
            c["reason"] = _("Không có trong sổ đảng viên của «%(org)s» ngày %(date)s: không xếp loại.",
                            org=review.organization.name, date=day)
            c["text"] = c["reason"]
        else:
            c["text"] = _("Đã quyết định xếp loại nhưng theo sổ đảng viên ngày %(date)s không còn thuộc diện xếp loại "
                          "của «%(org)s»: giữ kết quả, ghi cảnh báo để cấp có thẩm quyền xem xét.", date=day,
                          org=review.organization.name)
    changes.sort(key=lambda c: (CHANGE_ORDER[c["kind"]], c["sort_key"], c["member_id"]))


def decided_not_member_finding(review: Review, text: str) -> dict:
    regime = review.regime
    return {"code": DECIDED_NOT_MEMBER, "message": text, "source_key": regime.rules["levels"], "blocking": False,
            "cap": None, "document": regime.regulation, "clause": "", "confidence": regime.source("levels").confidence}


def change_counts(changes: list[dict]) -> dict[str, int]:
    out = dict.fromkeys(CHANGE_ORDER, 0)
    for c in changes:
        out[c["kind"]] += 1
    return out


# Vietnamese (the audit summary); a page shows them translated.
CHANGE_LABELS = {"added": gettext_noop("Thêm"), "moved": gettext_noop("Chuyển chi bộ"),
                 "rated": gettext_noop("Thuộc diện xếp loại"), "admitted": gettext_noop("Sửa ngày kết nạp"),
                 "not_rated": gettext_noop("Không xếp loại"), "not_member": gettext_noop("Không còn là đảng viên"),
                 "decided_not_member": gettext_noop("Đã quyết định, cần xem xét")}


def add_missing_orgs(review: Review) -> int:
    """Organisations founded in the subtree on or before the review date that have no row yet."""
    have = set(OrgRating.objects.filter(review=review).values_list("organization_id", flat=True))
    before = OrgRating.objects.filter(review=review).count()
    add_org_rows(review, review.organization, review.regime, skip=have)
    return OrgRating.objects.filter(review=review).count() - before
