"""Records beside the workflow: the member's yearly commitment, and a past year's results (the review imported
results hang on, and an organisation's published totals when per-member data is lost)."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext_lazy as _

from dangbo.core import audit
from dangbo.core.actions import audited_action, fail, writes
from dangbo.members.models import Member
from dangbo.organizations.models import Organization
from dangbo.rules import ratings as rules
from dangbo.rules.text import format_date

from ..findings import published_findings
from ..models import Commitment, Period, PublishedTotals, Review
from .common import member_or_writer, parse_level, person


@audited_action("rating.commitment", scope=member_or_writer(
    lambda member, **_: member.pk, lambda member, **_: member.org_path,
    _("Chỉ đảng viên hoặc chi bộ của đảng viên được ghi bản cam kết.")))
def record_commitment(actor, member: Member, *, year: int, content: str, signed_on: date) -> Commitment:
    if not content.strip():
        fail("content", _("Nhập nội dung bản cam kết."))
    if signed_on is None:
        fail("signed_on", _("Nhập ngày ký bản cam kết."))
    c, created = Commitment.objects.update_or_create(
        member=member, year=year,
        defaults={"content": content.strip(), "signed_on": signed_on, "org_path": member.org_path,
                  "created_by": person(actor)})
    audit.record("rating.commitment", actor=actor, obj=c, org_path=member.org_path,
                 summary=f"{'Ghi' if created else 'Sửa'} bản cam kết năm {year} của {member.full_name}, ký ngày "
                         f"{format_date(signed_on)}")
    return c


def history_review(actor, org: Organization, year: int) -> Review:
    """The review a past year's imported results hang on (created on first use)."""
    regime = rules.regime_for(year)
    review, _created = Review.objects.get_or_create(
        organization=org, year=year, period=Period.YEAR, quarter=None,
        defaults={"org_path": org.path, "review_date": date(year, 12, 31), "regime_key": regime.key,
                  "quota_denominator": rules.DEFAULT_SETTINGS.quota_denominator,
                  "quota_rounding": rules.DEFAULT_SETTINGS.quota_rounding, "status": Review.Status.HISTORY,
                  "created_by": person(actor)})
    return review


def denied_totals(org) -> str:
    return _("Bạn không có quyền nhập số liệu của «%(org)s».") % {"org": org.name}


@audited_action("rating.published_totals", scope=writes(
    lambda org, **_: org.path, lambda org, **_: denied_totals(org)))
def enter_published_totals(actor, org: Organization, *, year: int, members: dict, organizations: dict,
                           source_document: str, self_level=None, members_not_rated: int = 0) -> PublishedTotals:
    """An organisation's published totals for a past year (per-member data lost): checked by the regime of
    that year and accepted with their findings (old reports often exceed today's quota)."""
    try:
        rules.regime_for(year)
    except ValueError as exc:
        fail("year", str(exc))
    if not source_document.strip():
        fail("source_document", _("Ghi văn bản nguồn (báo cáo, thông báo kết quả) của số liệu."))
    keys = ("excellent", "good", "completed", "not_completed")
    clean = {}
    for prefix, data in (("members", members), ("orgs", organizations)):
        for k in keys:
            v = data.get(k) or 0
            try:
                v = int(v)
            except (TypeError, ValueError):
                fail(f"{prefix}_{k}", _("Phải là số nguyên."))
            if v < 0:
                fail(f"{prefix}_{k}", _("Không được âm."))
            clean[f"{prefix}_{k}"] = v
    lv = int(parse_level(self_level, "self_level")) if self_level not in (None, "") else None
    findings = published_findings(year, {k: clean[f"members_{k}"] for k in keys},
                                  {k: clean[f"orgs_{k}"] for k in keys}, lv)
    obj, _created = PublishedTotals.objects.update_or_create(
        organization=org, year=year,
        defaults={**clean, "org_path": org.path, "self_level": lv, "source_document": source_document.strip(),
                  "members_not_rated": int(members_not_rated or 0), "findings": findings,
                  "entered_by": person(actor)})
    audit.record("rating.published_totals", actor=actor, obj=obj, org_path=org.path,
                 summary=f"Nhập kết quả xếp loại năm {year} đã công bố của {org.name} ({source_document.strip()})",
                 data={**clean, "self_level": lv, "findings": [f["code"] for f in findings]})
    return obj
