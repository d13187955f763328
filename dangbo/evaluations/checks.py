"""The rating rules re-run over stored, decided results, for `dangbo check`.

A decided rating that breaks a rule (the excellent quota, the 80% and all-completed conditions for an excellent
organisation) is reported unless the deciding level overrode it with a recorded reason (ARCHITECTURE §6: rules
produce findings, people decide). A rule whose source is unconfirmed blocks only when the review's settings say
so; its finding is then a note (never an error), and only when the decision did not already record it.
Published totals are historical figures and are not re-checked here: they import as published (their findings
are stored with them).
"""

from __future__ import annotations

from collections import defaultdict

from dangbo.organizations.models import CELL_KINDS, Organization
from dangbo.rules import ratings as rules
from dangbo.rules.text import text as _

from .findings import grassroots_pools
from .models import MemberRating, OrgRating, RatingStatus, Review


def _cite(f: rules.Finding) -> str:
    return f"{f.source.document}, {f.source.clause}"


def _codes(rating) -> set[str]:
    """The codes of the findings recorded on a rating when it was decided."""
    return {f.get("code") for f in rating.findings or []}


def _quota(review: Review, rows, subject: str) -> list[tuple[bool, str]]:
    """rows: decided ratings (org_path, level, override_reason, stored findings); one pool per tổ chức cơ sở."""
    pools = grassroots_pools(review.org_path, {r.org_path for r in rows})
    by_pool = defaultdict(list)
    for r in rows:
        by_pool[pools[r.org_path]].append(r)
    names = dict(Organization.objects.filter(path__in=list(by_pool)).values_list("path", "name"))
    out = []
    for pool, items in sorted(by_pool.items()):
        for f in rules.quota_findings([r.level for r in items], review.regime, review.settings, subject):
            unexplained = any(r.level == rules.Level.EXCELLENT and not r.override_reason for r in items)
            seen = any(f.code in _codes(r) for r in items)
            if unexplained and (f.blocking or not seen):
                out.append((f.blocking, _("Năm %(year)s, «%(pool)s»: %(message)s Chưa có lý do vượt cảnh báo được "
                                          "ghi (%(cite)s).", year=review.year, pool=names.get(pool, pool),
                                          message=f.message, cite=_cite(f))))
    return out


def _excellent_orgs(review: Review, org_rows: list[OrgRating],
                    member_rows: list[MemberRating]) -> list[tuple[bool, str]]:
    """An organisation decided excellent must have all children at least completed and 80% good or better."""
    members_of = defaultdict(list)
    for m in member_rows:
        members_of[m.organization_id].append(m.level)
    subs_of = defaultdict(list)
    for o in org_rows:
        subs_of[o.organization.parent_id].append(o.level)
    out = []
    for o in org_rows:
        if o.level != rules.Level.EXCELLENT or o.override_reason:  # decided over the findings, with a reason
            continue
        cell = o.organization.kind in CELL_KINDS
        levels = members_of[o.organization_id] if cell else subs_of[o.organization_id]
        found = rules.organization_findings(levels, rules.Level.EXCELLENT, review.regime, None, review.settings,
                                            "members" if cell else "organizations")
        for f in found:
            if f.code.startswith("org_excellent") and (f.blocking or f.code not in _codes(o)):
                out.append((f.blocking, _("Năm %(year)s, «%(org)s» được xếp loại 'Hoàn thành xuất sắc nhiệm vụ': "
                                          "%(message)s (%(cite)s).", year=review.year, org=o.organization.name,
                                          message=f.message, cite=_cite(f))))
    return out


def findings() -> list[tuple[bool, str]]:
    """(blocking, message) for each rule finding in every review's decided ratings that nobody overrode."""
    out = []
    for review in Review.objects.select_related("organization").order_by("year", "org_path"):
        members = list(MemberRating.objects.filter(review=review, rated=True, status=RatingStatus.DECIDED)
                       .only("organization_id", "org_path", "level", "override_reason", "findings"))
        orgs = list(OrgRating.objects.filter(review=review, rated=True, status=RatingStatus.DECIDED)
                    .select_related("organization"))
        out += _quota(review, members, "members")
        out += _quota(review, [o for o in orgs if o.org_path != review.org_path], "organizations")
        out += _excellent_orgs(review, orgs, members)
    return out
