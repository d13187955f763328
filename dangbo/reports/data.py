"""The data of the year-end report: one plain dict, each figure with where it came from.

Renderers (.docx, news text, dashboard, JSON) only format what is here; the tests recompute every figure
independently. A figure that cannot be computed is a `{"missing": "…"}` entry, never 0.
"""

from __future__ import annotations

from datetime import date, timedelta
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from dangbo.core import replica
from dangbo.core.i18n import VietnameseLabels
from dangbo.core.scopes import READ, Scope
from dangbo.documents.models import Document
from dangbo.documents.queries import year_summary
from dangbo.dues.report import year_end_section as dues_year_end
from dangbo.exchange import statistics
from dangbo.members import asof, closing
from dangbo.members.models import Badge
from dangbo.organizations.models import CELL_KINDS, Organization, OrgKind
from dangbo.recognition.models import Commendation, Form
from dangbo.recognition.models import Status as CommendationStatus
from dangbo.resolutions import compute
from dangbo.resolutions.models import Resolution, ResolutionKind, Review, ReviewKind
from dangbo.rules import documents as doc_rules
from dangbo.rules import targets as target_rules
from dangbo.rules.text import Text, reread
from dangbo.rules.text import text as _

from . import checks, sources

LEVEL_KEYS = [("excellent", "Hoàn thành xuất sắc nhiệm vụ"), ("good", "Hoàn thành tốt nhiệm vụ"),
              ("completed", "Hoàn thành nhiệm vụ"), ("not_completed", "Không hoàn thành nhiệm vụ")]
REVIEW_KINDS = VietnameseLabels(ReviewKind)
MOVEMENT_KEYS = ["admission", "readmission", "recognition", "transfer_in", "transfer_out", "reorganization_in",
                 "reorganization_out", "death", "expulsion", "removal", "resignation"]


def missing(absent: sources.Missing) -> dict:
    """A section without data: {"missing": the Text «chưa có dữ liệu …»} (Vietnamese as a value, in the .docx and
    the JSON; the page's language when shown)."""
    return {"missing": absent.text}


def _ratings(org, year: int, s=None) -> dict:
    s = sources.results_summary(org, year) if s is None else s
    if sources.is_missing(s):
        return missing(s)
    out = {"year": year, "source": f"Kết quả xếp loại chất lượng năm {year} ({s.get('source', 'members')})"}
    results = sources.results_url(org, year)
    counted = any((s.get(part) or {}).get("rated") for part in ("members", "organizations"))
    if s.get("published") and not counted:
        return _as_published(out, s, results)
    for part in ("members", "organizations"):
        counts = s.get(part) or {}
        rated = counts.get("rated") or 0
        rows = []
        for key, label in LEVEL_KEYS:
            n = counts.get(key) or 0
            url = sources.member_results_url(org, year, key) if part == "members" else results
            rows.append({"key": key, "label": label, "count": n, "share": target_rules.share(n, rated),
                         "url": sources.url_or_empty(url)})
        out[part] = {"rated": rated, "not_rated": counts.get("not_rated") or 0,
                     "undecided": counts.get("undecided") or 0, "rows": rows}
    out["self"] = s.get("self")
    out["url"] = sources.url_or_empty(results)
    return out


def _as_published(out: dict, s: dict, results) -> dict:
    """A year in its own scale (before 2018) or published as shares only: the figures as published, with the
    scale's labels and document (evaluations.queries.as_published); a share is never turned into a count."""
    g = s["published"][0]
    for part in ("members", "organizations"):
        rows = [{"key": r["key"], "label": r["label"], "count": r["count"], "share": r["share"],
                 "decimals": r["decimals"], "within": r["within"], "url": sources.url_or_empty(results)}
                for r in g[part]]
        counted = [r for r, src in zip(rows, g[part], strict=True) if not src["aggregate"] and not src["within"]]
        rated = g["bases"][part] if g["as_shares"] else sum(r["count"] for r in counted)
        out[part] = {"rated": rated, "not_rated": g["not_rated"] if part == "members" else 0, "undecided": 0,
                     "rows": rows}
    out["scale"] = {"key": g["scale"], "document": g["document"], "years_label": g["years_label"],
                    "current": g["current"], "as_shares": g["as_shares"], "url": g["url"],
                    "source_documents": g["source_documents"], "groups": len(s["published"])}
    out["self"] = None
    out["self_label"] = g["self"]
    out["url"] = sources.url_or_empty(results)
    return out


def _members(org: Organization, year: int, at_year_ends: dict) -> dict:
    on, before = date(year, 12, 31), date(year - 1, 12, 31)
    end = statistics.Row("", *at_year_ends[year])
    start = statistics.Row("", *at_year_ends[year - 1])
    moves = {m.key: m.count for m in statistics.movements(org.path, before + timedelta(days=1), on)}
    orgs = statistics.organization_rows(org, on)
    known = {c: (p, pk) for c, p, pk in Organization.objects.filter(path__startswith=org.path).values_list(
        "code", "path", "pk")}
    paths = {c: p for c, (p, _) in known.items()}
    as_of = reverse("organizations:as_of")
    kind = VietnameseLabels(OrgKind)  # statistics.organization_rows gives the Vietnamese label
    cell_kinds = {kind[k] for k in CELL_KINDS}
    cells = sum(1 for r in orgs if r.level > 0 and r.kind in cell_kinds)
    sub = sum(1 for r in orgs if r.level > 0 and r.kind == kind[OrgKind.PARTIAL_COMMITTEE])
    grassroots = sum(1 for r in orgs if r.level > 0 and r.kind in (kind[OrgKind.GRASSROOTS_COMMITTEE],
                                                                    kind[OrgKind.GRASSROOTS_CELL]))
    return {
        "source": "Lịch sử sinh hoạt đảng của từng đảng viên (trạng thái sau sự kiện cuối cùng đến ngày 31/12)",
        "url": checks.members_url(org, on),
        # No member in the register by 31/12: the figures are unknown, not 0 (published totals may exist).
        "register_empty": not end.total and not register_started(org.path, on),
        "sub_orgs": [(paths.get(r.code, ""), r.name, r.level) for r in orgs if r.level > 0],
        "as_of": on, "start": {"official": start.official, "probationary": start.probationary, "total": start.total},
        "end": {"official": end.official, "probationary": end.probationary, "total": end.total},
        "movements": {k: moves.get(k, 0) for k in MOVEMENT_KEYS},
        "movements_url": {"admission": compute.admissions_url(org, before + timedelta(days=1), on)},
        "transfer_in_outside": moves.get("transfer_in_outside", 0),
        "transfer_out_outside": moves.get("transfer_out_outside", 0),
        "cells": cells, "partial_committees": sub, "grassroots": grassroots,
        # sub_* already include the unit's own members (statistics.organization_rows rolls up from itself).
        "units": [{"name": r.name, "kind": r.kind, "official": r.sub_official, "probationary": r.sub_probationary,
                   "total": r.sub_total, "url": checks.members_url(known[r.code][1], on, as_of)
                   if r.code in known else ""} for r in orgs if r.level == 1],
    }


def published_figures(org: Organization, years: list[int]) -> dict[int, dict]:
    """The figures published for `org` in `years` (reports.PublishedFigures), for the years the register does not
    cover: each {"figures": {key: int or None}, "source_document", "source", "not_rated_reasons", "warnings"}."""
    from .models import FIGURE_KEYS, PublishedFigures

    out = {}
    for p in PublishedFigures.objects.filter(organization=org, year__in=years):
        out[p.year] = {"figures": {k: getattr(p, k) for k in FIGURE_KEYS}, "source_document": p.source_document,
                       "source": f"Theo số liệu đã công bố: {p.source_document}",
                       "not_rated_reasons": p.not_rated_reasons, "warnings": list(p.warnings)}
    return out


def first_register_year(path: str) -> int | None:
    """The first year the register of the subtree has a member event (years before it are unknown)."""
    from django.db.models import Min

    from dangbo.members.models import MemberEvent

    first = MemberEvent.objects.filter(org_after__path__startswith=path).aggregate(d=Min("effective_date"))["d"]
    return first.year if first else None


def register_started(path: str, on: date) -> bool:
    from dangbo.members.models import MemberEvent

    return MemberEvent.objects.filter(org_after__path__startswith=path, effective_date__lte=on).exists()


def _commendations(org: Organization, year: int) -> dict:
    # Received inside the subtree, whoever proposed it (an upper level may propose for one of its units).
    received = Q(member__org_path__startswith=org.path) | Q(recipient_org__path__startswith=org.path)
    qs = Commendation.objects.filter(received, year=year, status=CommendationStatus.DECIDED)
    rows = []
    for c in qs.select_related("member", "recipient_org").order_by("form", "id"):
        rows.append({"form": c.get_form_display(), "recipient": c.recipient_name, "collective": c.is_collective,
                     "basis": c.get_basis_display(), "decision": c.decision_number, "decision_date": c.decision_date,
                     "issuer": c.issuer})
    counts = {f"{f}_{'collective' if col else 'individual'}": 0 for f in Form.values for col in (True, False)}
    for c in rows:
        key = f"{'giay_khen' if c['form'] == Form.CERTIFICATE.label else 'bang_khen'}_" \
              f"{'collective' if c['collective'] else 'individual'}"
        counts[key] += 1
    proposed = Commendation.objects.filter(received, year=year, status=CommendationStatus.PROPOSED).count()
    return {"source": "Sổ khen thưởng (các quyết định có số, ngày)", "rows": rows, "counts": counts,
            "url": reverse("recognition:list") + "?" + urlencode({"to_chuc": org.pk, "nam": year}),
            "total": len(rows), "proposed": proposed}


def _badges(org: Organization, year: int) -> dict:
    qs = Badge.objects.filter(member__org_path__startswith=org.path, awarded_on__year=year)
    by_years = dict(qs.values_list("years").annotate(n=Count("id")).order_by())
    rows = [{"years": y, "count": by_years[y]} for y in sorted(by_years)]
    return {"source": "Huy hiệu Đảng đã trao trong năm", "rows": rows, "total": sum(by_years.values()),
            "url": reverse("recognition:badges") + "?" + urlencode({"to_chuc": org.pk})}


def _documents(org: Organization, year: int) -> dict:
    s = year_summary(Document.objects.all(), org.path, year)
    s["source"] = "Sổ văn bản đi, đến"
    s["url"] = reverse("documents:list") + "?" + urlencode({"to_chuc": org.pk})
    if not Document.objects.filter(org_path__startswith=org.path).exists():
        return missing(sources.missing(sources.NO_DOCUMENTS))
    return s


def target_rows(results: list[dict]) -> list[dict]:
    """A resolution's targets with their verdict's label (a Text: the page's language when shown) and their
    «chưa có dữ liệu …» and note as Texts, also when read from a review's stored results."""
    return [{**r, "verdict_label": Text(target_rules.VERDICT_LABELS[r["verdict"]]),
             "missing": sources.shown(r.get("missing") or ""),
             "note": reread(r.get("note") or "", [compute.PARTIAL_CELLS])} for r in results]


def _resolutions(org: Organization, year: int) -> list[dict]:
    """Resolutions of this organisation in force during the year, with the figures of their latest review in
    the year (as reported then) or, without one, computed now as of 31/12."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    out = []
    qs = Resolution.objects.filter(organization=org, period_start__lte=end, period_end__gte=start)
    for r in qs.prefetch_related("targets").order_by("adopted_on", "id"):
        review = (Review.objects.filter(resolution=r, review_date__year=year)
                  .order_by("-review_date", "-id").first())
        if review is not None:
            results = review.results
            basis = _("%(kind)s ngày %(date)s", kind=Text(REVIEW_KINDS[review.kind]),
                      date=f"{review.review_date:%d/%m/%Y}")
        else:
            review_kind = ReviewKind.END_OF_TERM if r.period_end <= end else ReviewKind.YEAR_END
            results = compute.compute_all(r, min(end, r.period_end), review_kind)
            basis = _("Chưa có kỳ tổng kết: tính từ dữ liệu khi lập báo cáo")
            if timezone.localdate() < min(end, r.period_end):
                # The year is not over: a target not reached yet is still being worked on, not missed.
                results = [{**t, "verdict": target_rules.IN_PROGRESS} if t["verdict"] == target_rules.NOT_MET
                           else t for t in results]
                basis = _("%(basis)s (năm %(year)s chưa kết thúc, chỉ tiêu chưa đạt ghi «đang thực hiện»)", basis=basis,
                          year=year)
        out.append({"title": r.title, "number": r.number, "kind": r.get_kind_display(), "basis": basis,
                    "targets": target_rows(results)})
    return out


def _next_targets(org: Organization, year: int) -> list[dict]:
    nxt_start, nxt_end = date(year + 1, 1, 1), date(year + 1, 12, 31)
    qs = Resolution.objects.filter(organization=org, period_start__lte=nxt_end, period_end__gte=nxt_start)
    yearly = qs.filter(kind=ResolutionKind.YEARLY, period_start__year=year + 1)
    chosen = yearly if yearly.exists() else qs
    return [{"label": t.label, "target_text": t.target_text, "resolution": r.title, "target_words": _words(t)}
            for r in chosen.prefetch_related("targets") for t in r.targets.all()]


def _words(t) -> str:
    """The target in running text (the news): «từ 5 đến 7» for a range, «… ở mỗi đơn vị trực thuộc» per unit."""
    words = target_rules.describe_words(t.comparison, t.value, t.unit, t.value_max)
    return f"{words} ở mỗi đơn vị trực thuộc" if t.per_unit else words


INSPECTION_KINDS = ("kiem_tra", "giam_sat")  # dangbo.rules.discipline.INSPECTION, SUPERVISION
COMPLAINT_KINDS = ("khieu_nai", "to_cao")  # dangbo.inspection.models.ComplaintKind


def _inspection(scope: Scope, org: Organization, year: int) -> dict:
    """The kiểm tra, giám sát, kỷ luật section: `inspection.queries.figures` as it answers (the list page's
    figures for the same organisation and year); «chưa có dữ liệu» when the year has no record at all."""
    f = sources.inspection_figures(scope, org, year)
    if sources.is_missing(f):
        return missing(f)
    if not (any(f[k]["total"] for k in INSPECTION_KINDS) or f["disciplined"]["members"]
            or any(f[k]["received"] for k in COMPLAINT_KINDS)):
        return missing(sources.missing(sources.NO_INSPECTION, year=year))
    try:
        url = reverse("inspection:list") + "?" + urlencode({"to_chuc": org.pk, "nam": year})
    except NoReverseMatch:
        url = ""
    return {**f, "source": "Sổ kiểm tra, giám sát, kỷ luật đảng (các quyết định có số, ngày)", "url": url}


def _admission(scope: Scope, org: Organization, year: int) -> dict:
    """The pipeline's figures (admission.queries.pipeline_figures); the admitted count stays the register's."""
    f = sources.admission_figures(scope, org, year)
    if sources.is_missing(f):
        return missing(f)
    try:
        url = reverse("admission:list") + "?" + urlencode({"to_chuc": org.pk})
    except NoReverseMatch:
        url = ""
    return {**f, "source": "Danh sách phát triển đảng viên (quần chúng đang bồi dưỡng, xem xét khi lập báo cáo)",
            "url": url}


def _congress(org: Organization, year: int) -> dict:
    c = sources.latest_congress(org, on=date(year, 12, 31))
    if sources.is_missing(c):
        return missing(sources.missing(sources.NO_TERM))
    return {"ordinal": getattr(c, "ordinal_roman", None) or getattr(c, "ordinal", None),
            "term_label": getattr(c, "term_label", ""),
            "opened_on": getattr(c, "opened_on", None),
            "committee_size": getattr(c, "committee_size", None) or getattr(c, "elected_count", None)}


def _meetings(org: Organization, year: int) -> dict:
    """The chi bộ meetings of the year and the members' attendance (congresses.queries.attendance_statistics, the
    figures of the meetings page)."""
    stats = sources.attendance_statistics(org, year)
    if sources.is_missing(stats):
        return missing(sources.missing(sources.NO_MEETINGS, year=year))
    t = stats["totals"]
    return {"regular": t["regular"], "thematic": t["thematic"], "present": t["present"], "slots": t["slots"],
            "rate": t["rate"], "cells": stats["cells"],
            "url": sources.url_or_empty(sources.meetings_url(org, year))}


def members_at_year_ends(path: str, years: list[int]) -> dict[int, tuple[int, int]]:
    """Members on the list on 31/12 of several years: a closed year end (chốt số liệu) from its table
    (members/closing.py), the others in one scan of the event history (members.asof.counts_on_dates)."""
    counts = asof.counts_on_dates(path, [date(y, 12, 31) for y in years])
    return {y: (counts[date(y, 12, 31)].official, counts[date(y, 12, 31)].probationary) for y in years}


TREND_YEARS = 5


def _trend_point(org: Organization, y: int, at_year_ends: dict, first: int | None, published: dict | None) -> dict:
    if first and y >= first:
        return {"year": y, "total": sum(at_year_ends[y]), "url": checks.members_url(org, date(y, 12, 31))}
    total = published["figures"]["members_total"] if published else None
    if total is None:
        return {"year": y, "total": None, "url": checks.members_url(org, date(y, 12, 31))}
    return {"year": y, "total": total, "url": "", "published": True, "source": published["source"]}


def _superior(org: Organization, year: int) -> Organization | None:
    """The level directly above on 31/12 of the report's year (an organisation moved by a decision since stood
    under its former parent then)."""
    from dangbo.organizations.queries import deciding_body

    return deciding_body(org, date(year, 12, 31))


@replica.reading()  # reads on the replica when there is one (core/replica.py)
def build(scope: Scope, org: Organization, year: int, *, place: str = "", made_on: date | None = None) -> dict:
    scope.require(READ, org.path, f"Bạn không có quyền xem số liệu của «{org.name}».")
    from dangbo.organizations.history import read_once

    with read_once(), closing.read_once():  # the tree as of many dates (its move records), the closed dates
        return _build(scope, org, year, place=place, made_on=made_on)


def _build(scope: Scope, org: Organization, year: int, *, place: str, made_on: date | None) -> dict:
    from dangbo.documents.actions import issuer_abbreviation

    from .heading import party_heading

    summary = sources.results_summary(org, year)
    ratings = _ratings(org, year, summary)
    previous = _ratings(org, year - 1)
    trend_years = list(range(year - TREND_YEARS + 1, year + 1))
    at_year_ends = members_at_year_ends(org.path, trend_years)
    members = _members(org, year, at_year_ends)
    progress = checks.provisional(org, year)
    cov = checks.coverage(org, year, members["sub_orgs"])
    findings = checks.run(org, year, summary=summary, progress=progress, cov=cov, sub_orgs=members["sub_orgs"],
                          register={"total": members["end"]["total"], "empty": members["register_empty"]})
    # Years before the register's first event are unknown; only looked up when some year end shows none.
    first = first_register_year(org.path) if not all(sum(at_year_ends[y]) for y in trend_years) else trend_years[0]
    # Years the register does not cover: the figures published then, labelled so, never added to computed ones.
    uncovered = [y for y in trend_years if not first or y < first]
    published = published_figures(org, uncovered) if uncovered else {}
    if members["register_empty"] and year in published:
        members["published"] = published[year]
    superior = _superior(org, year)
    return {
        "year": year, "next_year": year + 1,
        "organization": {"code": org.code, "name": org.name, "issuer": issuer_abbreviation(org),
                         "kind": org.get_kind_display(),
                         **party_heading(org, made_on or date(year, 12, 31), superior=superior)},
        "symbol": f"-{doc_rules.TYPES['bao_cao'].abbreviation}/{issuer_abbreviation(org)}",
        "place": place, "made_on": made_on,
        "members": members,
        "trend": [_trend_point(org, y, at_year_ends, first, published.get(y)) for y in trend_years],
        "checks": findings, "provisional": progress, "coverage": cov,
        "ratings": ratings, "ratings_previous": previous,
        "commendations": _commendations(org, year),
        "badges": _badges(org, year),
        "resolutions": _resolutions(org, year),
        "documents": _documents(org, year),
        "next_targets": _next_targets(org, year),
        "congress": _congress(org, year),
        "meetings": _meetings(org, year),
        "dues": dues_year_end(org, year),
        "inspection": _inspection(scope, org, year),
        "admission": _admission(scope, org, year),
    }


