"""The data of the year-end report: one plain dict, each figure with where it came from.

Renderers (.docx, news text, dashboard, JSON) only format what is here; the tests recompute every figure
independently. A figure that cannot be computed is a `{"missing": "…"}` entry, never 0.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q

from dangbo.core.scopes import Scope
from dangbo.documents.models import Document
from dangbo.documents.queries import year_summary
from dangbo.exchange import statistics
from dangbo.members.models import Badge
from dangbo.organizations.models import CELL_KINDS, Organization, OrgKind
from dangbo.recognition.models import Commendation, Form
from dangbo.recognition.models import Status as CommendationStatus
from dangbo.resolutions import compute
from dangbo.resolutions.models import Resolution, ResolutionKind, Review, ReviewKind
from dangbo.rules import documents as doc_rules
from dangbo.rules import targets as target_rules

from . import sources

LEVEL_KEYS = [("excellent", "Hoàn thành xuất sắc nhiệm vụ"), ("good", "Hoàn thành tốt nhiệm vụ"),
              ("completed", "Hoàn thành nhiệm vụ"), ("not_completed", "Không hoàn thành nhiệm vụ")]
MOVEMENT_KEYS = ["admission", "readmission", "recognition", "transfer_in", "transfer_out", "death", "expulsion",
                 "removal", "resignation"]


def missing(text: str) -> dict:
    return {"missing": f"chưa có dữ liệu {text}" if not text.startswith("chưa") else text}


def _ratings(org, year: int) -> dict:
    s = sources.results_summary(org, year)
    if sources.is_missing(s):
        return missing(str(s))
    out = {"year": year, "source": f"Kết quả xếp loại chất lượng năm {year} ({s.get('source', 'members')})"}
    for part in ("members", "organizations"):
        counts = s.get(part) or {}
        rated = counts.get("rated") or 0
        rows = []
        for key, label in LEVEL_KEYS:
            n = counts.get(key) or 0
            rows.append({"key": key, "label": label, "count": n, "share": target_rules.share(n, rated)})
        out[part] = {"rated": rated, "not_rated": counts.get("not_rated") or 0, "rows": rows}
    out["self"] = s.get("self")
    return out


def _members(org: Organization, year: int, at_year_ends: dict) -> dict:
    on, before = date(year, 12, 31), date(year - 1, 12, 31)
    end = statistics.Row("", *at_year_ends[year])
    start = statistics.Row("", *at_year_ends[year - 1])
    moves = {m.key: m.count for m in statistics.movements(org.path, before + timedelta(days=1), on)}
    orgs = statistics.organization_rows(org, on)
    cells = sum(1 for r in orgs if r.level > 0 and r.kind in {OrgKind(k).label for k in CELL_KINDS})
    sub = sum(1 for r in orgs if r.level > 0 and r.kind == OrgKind.PARTIAL_COMMITTEE.label)
    grassroots = sum(1 for r in orgs if r.level > 0 and r.kind in (OrgKind.GRASSROOTS_COMMITTEE.label,
                                                                    OrgKind.GRASSROOTS_CELL.label))
    return {
        "source": "Lịch sử sinh hoạt đảng của từng đảng viên (trạng thái sau sự kiện cuối cùng đến ngày 31/12)",
        "as_of": on, "start": {"official": start.official, "probationary": start.probationary, "total": start.total},
        "end": {"official": end.official, "probationary": end.probationary, "total": end.total},
        "movements": {k: moves.get(k, 0) for k in MOVEMENT_KEYS},
        "transfer_in_outside": moves.get("transfer_in_outside", 0),
        "transfer_out_outside": moves.get("transfer_out_outside", 0),
        "cells": cells, "partial_committees": sub, "grassroots": grassroots,
        "units": [{"name": r.name, "kind": r.kind, "official": r.official + r.sub_official,
                   "probationary": r.probationary + r.sub_probationary,
                   "total": r.total + r.sub_total} for r in orgs if r.level == 1],
    }


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
            "total": len(rows), "proposed": proposed}


def _badges(org: Organization, year: int) -> dict:
    qs = Badge.objects.filter(member__org_path__startswith=org.path, awarded_on__year=year)
    by_years = dict(qs.values_list("years").annotate(n=Count("id")).order_by())
    rows = [{"years": y, "count": by_years[y]} for y in sorted(by_years)]
    return {"source": "Huy hiệu Đảng đã trao trong năm", "rows": rows, "total": sum(by_years.values())}


def _documents(org: Organization, year: int) -> dict:
    s = year_summary(Document.objects.all(), org.path, year)
    s["source"] = "Sổ văn bản đi, đến"
    if not Document.objects.filter(org_path__startswith=org.path).exists():
        return missing("sổ văn bản đi, đến")
    return s


def _target_rows(results: list[dict]) -> list[dict]:
    return [{**r, "verdict_label": target_rules.VERDICT_LABELS[r["verdict"]]} for r in results]


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
            results, basis = review.results, f"{review.get_kind_display()} ngày {review.review_date:%d/%m/%Y}"
        else:
            review_kind = ReviewKind.END_OF_TERM if r.period_end <= end else ReviewKind.YEAR_END
            results = compute.compute_all(r, min(end, r.period_end), review_kind)
            basis = "Chưa có kỳ tổng kết: tính từ dữ liệu khi lập báo cáo"
        out.append({"title": r.title, "number": r.number, "kind": r.get_kind_display(), "basis": basis,
                    "targets": _target_rows(results)})
    return out


def _next_targets(org: Organization, year: int) -> list[dict]:
    nxt_start, nxt_end = date(year + 1, 1, 1), date(year + 1, 12, 31)
    qs = Resolution.objects.filter(organization=org, period_start__lte=nxt_end, period_end__gte=nxt_start)
    yearly = qs.filter(kind=ResolutionKind.YEARLY, period_start__year=year + 1)
    chosen = yearly if yearly.exists() else qs
    return [{"label": t.label, "target_text": t.target_text, "resolution": r.title,
             "target_words": target_rules.describe_words(t.comparison, t.value, t.unit)}
            for r in chosen.prefetch_related("targets") for t in r.targets.all()]


def _congress(org: Organization, year: int) -> dict:
    c = sources.latest_congress(org, on=date(year, 12, 31))
    if sources.is_missing(c):
        return missing("đại hội, nhiệm kỳ")
    return {"ordinal": getattr(c, "ordinal_roman", None) or getattr(c, "ordinal", None),
            "term_label": getattr(c, "term_label", ""),
            "opened_on": getattr(c, "opened_on", None),
            "committee_size": getattr(c, "committee_size", None) or getattr(c, "elected_count", None)}


def members_at_year_ends(path: str, years: list[int]) -> dict[int, tuple[int, int]]:
    """Members on the list on 31/12 of several years, in one scan of the event history.

    The same rule as statistics.state_at (the state each member's last event on or before the date leaves
    behind), computed with LEAD over each member's events instead of one correlated subquery per date: each event's
    state holds from its date until the member's next event.
    """
    from django.db import connection

    from dangbo.members.models import MemberEvent

    ev = MemberEvent._meta.db_table
    org_table = Organization._meta.db_table
    dates = [date(y, 12, 31) for y in years]
    sums = ", ".join(
        f"SUM(CASE WHEN eff <= %s AND (nxt IS NULL OR nxt > %s) AND status = '{s}' THEN 1 ELSE 0 END)"
        for _ in dates for s in ("official", "probationary"))
    sql = (
        f"SELECT {sums} FROM (SELECT e.effective_date AS eff, e.status_after AS status, o.path AS path, "
        f"LEAD(e.effective_date) OVER (PARTITION BY e.member_id ORDER BY e.effective_date, e.id) AS nxt "
        f"FROM {ev} e JOIN {org_table} o ON o.id = e.org_after_id "
        f"WHERE e.member_id IN (SELECT e2.member_id FROM {ev} e2 JOIN {org_table} o2 ON o2.id = e2.org_after_id "
        f"WHERE o2.path LIKE %s)) t WHERE t.path LIKE %s AND t.status IN (%s, %s)"
    )
    params = [p for d in dates for p in (d, d, d, d)] + [path + "%", path + "%", "official", "probationary"]
    with connection.cursor() as cur:
        cur.execute(sql, params)
        row = cur.fetchone()
    return {y: (int(row[2 * i] or 0), int(row[2 * i + 1] or 0)) for i, y in enumerate(years)}


TREND_YEARS = 5


def _superior(org: Organization) -> str:
    parent = org.parent
    return parent.name.upper() if parent else ""


def build(scope: Scope, org: Organization, year: int, *, place: str = "", made_on: date | None = None) -> dict:
    if not scope.can_read_path(org.path):
        raise PermissionDenied(f"Bạn không có quyền xem số liệu của «{org.name}».")
    from dangbo.documents.actions import issuer_abbreviation

    ratings = _ratings(org, year)
    previous = _ratings(org, year - 1)
    trend_years = list(range(year - TREND_YEARS + 1, year + 1))
    at_year_ends = members_at_year_ends(org.path, trend_years)
    return {
        "year": year, "next_year": year + 1,
        "organization": {"code": org.code, "name": org.name, "superior": _superior(org),
                         "superior_name": org.parent.name if org.parent_id else "",
                         "issuer": issuer_abbreviation(org), "kind": org.get_kind_display()},
        "symbol": f"-{doc_rules.TYPES['bao_cao'].abbreviation}/{issuer_abbreviation(org)}",
        "place": place, "made_on": made_on,
        "members": _members(org, year, at_year_ends),
        "trend": [{"year": y, "total": sum(at_year_ends[y])} for y in trend_years],
        "ratings": ratings, "ratings_previous": previous,
        "commendations": _commendations(org, year),
        "badges": _badges(org, year),
        "resolutions": _resolutions(org, year),
        "documents": _documents(org, year),
        "next_targets": _next_targets(org, year),
        "congress": _congress(org, year),
    }


