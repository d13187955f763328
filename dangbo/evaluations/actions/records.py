"""Records beside the workflow: the member's yearly commitment, and a past year's results (the review imported
results hang on, and an organisation's published totals when per-member data is lost)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

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
                           source_document: str, self_level=None, members_not_rated: int = 0,
                           as_shares: bool = False, members_base: int | None = None, orgs_base: int | None = None,
                           exemplary_within: bool | None = None) -> PublishedTotals:
    """An organisation's published totals for a past year (per-member data lost). From 2018, counts in the four
    levels are checked by the regime of that year and accepted with their findings (old reports often exceed
    today's quota). Before 2018 the dicts are keyed by the grades of that year's own scale
    (rules.rating_scales), and with `as_shares` any year's figures are percentages: both stored as published
    in `figures`, never mapped onto the four levels, never turned into counts."""
    try:
        scale = rules.scale_for(year)
    except ValueError as exc:
        fail("year", str(exc))
    if not source_document.strip():
        fail("source_document", _("Ghi văn bản nguồn (báo cáo, thông báo kết quả) của số liệu."))
    if not scale.current or as_shares:
        obj, summary, data = _enter_as_published(
            actor, org, scale, year=year, members=members, organizations=organizations,
            source_document=source_document.strip(), self_level=self_level, members_not_rated=members_not_rated,
            as_shares=as_shares, bases={"members": members_base, "organizations": orgs_base},
            exemplary_within=rules.EXEMPLARY_WITHIN_DEFAULT if exemplary_within is None else bool(exemplary_within))
        audit.record("rating.published_totals", actor=actor, obj=obj, org_path=org.path, summary=summary, data=data)
        return obj
    keys = ("excellent", "good", "completed", "not_completed")
    clean = {}
    for prefix, data in (("members", members), ("orgs", organizations)):
        for k in keys:
            clean[f"{prefix}_{k}"] = _whole(data.get(k) or 0, f"{prefix}_{k}")
    lv = int(parse_level(self_level, "self_level")) if self_level not in (None, "") else None
    findings = published_findings(year, {k: clean[f"members_{k}"] for k in keys},
                                  {k: clean[f"orgs_{k}"] for k in keys}, lv)
    obj, _created = PublishedTotals.objects.update_or_create(
        organization=org, year=year,
        defaults={**clean, "org_path": org.path, "self_level": lv, "source_document": source_document.strip(),
                  "members_not_rated": int(members_not_rated or 0), "findings": findings,
                  "entered_by": person(actor), "scale": "", "figures": {}, "as_shares": False,
                  "members_base": None, "orgs_base": None, "exemplary_within": True})
    audit.record("rating.published_totals", actor=actor, obj=obj, org_path=org.path,
                 summary=f"Nhập kết quả xếp loại năm {year} đã công bố của {org.name} ({source_document.strip()})",
                 data={**clean, "self_level": lv, "findings": [f["code"] for f in findings]})
    return obj


def _whole(value, field: str) -> int:
    """A count: a whole number, not negative (refused on `field`)."""
    try:
        n = int(value)
    except (TypeError, ValueError):
        fail(field, _("Phải là số nguyên."))
    if n < 0:
        fail(field, _("Không được âm."))
    return n


PART_FIELDS = {"members": "members", "organizations": "orgs"}
MAX_SHARE = Decimal("100.5")  # published shares are rounded: 99,99% or 100,01% in total is as printed


def published_figure(value, field: str, as_shares: bool):
    """A published figure: a count (int) or a share (a percentage as exact text); None when not published."""
    if value in (None, ""):
        return None
    text = str(value).strip().replace("%", "").strip()
    if as_shares:
        try:
            d = Decimal(text.replace(",", "."))
        except InvalidOperation:
            fail(field, _("«%(text)s» không phải tỷ lệ phần trăm."), text=text)
        if not d.is_finite() or d < 0 or d > 100:
            fail(field, _("Tỷ lệ phải từ 0 đến 100%."))
        if d.as_tuple().exponent < -2:
            fail(field, _("Tỷ lệ ghi tối đa 2 chữ số thập phân, như đã công bố."))
        return format(d.normalize(), "f")
    return _whole(text, field)


def check_part(scale, part: str, figures: dict, as_shares: bool, base, exemplary_within: bool) -> None:
    field = PART_FIELDS[part]
    whole = [g for g in scale.grades(part) if not g.aggregate and not (g.within and exemplary_within)]
    total = sum(Decimal(str(figures[g.key])) for g in whole if g.key in figures)
    for g in scale.grades(part):
        if g.within and exemplary_within and g.key in figures and g.within in figures \
                and Decimal(str(figures[g.key])) > Decimal(str(figures[g.within])):
            fail(f"{field}_{g.key}", _("«%(part)s» lớn hơn «%(whole)s» mà đã ghi là nằm trong số đó."),
                 part=g.label, whole=scale.grade(part, g.within).label)
    if as_shares and total > MAX_SHARE:
        fail(field, _("Các tỷ lệ cộng lại %(total)s%%, quá 100%%."), total=format(total, "f"))
    if not as_shares and base is not None and total > base:
        fail(field, _("Cộng các mức được %(total)s, nhiều hơn tổng số %(base)s."), total=total, base=base)


def _enter_as_published(actor, org, scale, *, year, members, organizations, source_document, self_level,
                        members_not_rated, as_shares, bases, exemplary_within) -> tuple[PublishedTotals, str, dict]:
    """The row of a year in its own scale or in shares, with its audit summary and data (the action records it)."""
    figures: dict = {}
    for part, data in (("members", members or {}), ("organizations", organizations or {})):
        field = PART_FIELDS[part]
        unknown = sorted(set(k for k, v in data.items() if v not in (None, "")) - {g.key for g in scale.grades(part)})
        if unknown:
            fail(field, _("«%(key)s» không phải mức xếp loại của năm %(year)s (%(document)s)."), key=unknown[0],
                 year=year, document=scale.document)
        values = {g.key: published_figure(data.get(g.key), f"{field}_{g.key}", as_shares) for g in scale.grades(part)}
        figures[part] = {k: v for k, v in values.items() if v is not None}
        base = bases.get(part)
        bases[part] = _whole(base, f"{field}_base") if base not in (None, "") else None
        check_part(scale, part, figures[part], as_shares, bases[part], exemplary_within)
    if not figures["members"] and not figures["organizations"]:
        fail(None, _("Chưa ghi số liệu nào."))
    if self_level not in (None, ""):
        if scale.current:
            figures["self"] = rules.Level(int(parse_level(self_level, "self_level"))).name.lower()
        elif scale.grade("organizations", str(self_level)) is None:
            fail("self_level", _("Mức xếp loại không hợp lệ."))
        else:
            figures["self"] = str(self_level)
    blank = {f"{p}_{k}": 0 for p in ("members", "orgs") for k in ("excellent", "good", "completed", "not_completed")}
    obj, _created = PublishedTotals.objects.update_or_create(
        organization=org, year=year,
        defaults={**blank, "org_path": org.path, "self_level": None, "source_document": source_document,
                  "members_not_rated": int(members_not_rated or 0), "findings": [], "entered_by": person(actor),
                  "scale": scale.key, "figures": figures, "as_shares": as_shares,
                  "members_base": bases["members"], "orgs_base": bases["organizations"],
                  "exemplary_within": exemplary_within})
    what = "tỷ lệ" if as_shares else "số lượng"
    return obj, (f"Nhập kết quả xếp loại năm {year} đã công bố của {org.name} theo {scale.document} "
                 f"({what}; {source_document})"), {"scale": scale.key, "figures": figures, "as_shares": as_shares,
                                                  "bases": bases, "exemplary_within": exemplary_within}
