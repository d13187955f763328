"""Actual values of targets, computed from the register (and the ratings/congress data when installed).

Each result says where its figure comes from and links to the records behind it; a figure that cannot be
computed is returned as missing (actual None, `missing` says why), never as 0.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import Count
from django.urls import reverse

from dangbo.members.models import EventKind, MemberEvent, Status
from dangbo.reports import sources
from dangbo.rules import targets as target_rules
from dangbo.rules.text import Text, format_date, format_number, gettext_noop

from .models import Level, Period, ReviewKind, TargetKind

# "At level X or above": the levels counted, best first.
LEVELS_AT_OR_ABOVE = {
    Level.EXCELLENT: ["excellent"],
    Level.GOOD: ["excellent", "good"],
    Level.COMPLETED: ["excellent", "good", "completed"],
}


def admissions_qs(path: str, start: date, end: date):
    """Admission events (kết nạp mới) into the subtree `path` dated start..end; an admission elsewhere of a member
    who later transferred in leaves them off this register's list (members.actions.states) and is not one."""
    return MemberEvent.objects.filter(kind=EventKind.ADMISSION, effective_date__gte=start, effective_date__lte=end,
                                      org_after__path__startswith=path, status_after=Status.PROBATIONARY)


def admissions_url(org, start: date, end: date) -> str:
    return reverse("resolutions:admissions") + "?" + urlencode(
        {"to_chuc": org.pk, "tu": format_date(start), "den": format_date(end)})


def window(target, resolution, review_date: date) -> tuple[date, date]:
    """The period a target is measured over up to the review date."""
    if target.period == Period.TERM:
        return resolution.period_start, min(review_date, resolution.period_end)
    return max(date(review_date.year, 1, 1), resolution.period_start), review_date


def _share_result(counts: dict, levels: list[str]) -> tuple[int, int]:
    return sum(counts.get(k) or 0 for k in levels), counts.get("rated") or 0


def _share(out: dict, pct, missing: Text, found) -> None:
    """A share target's figure: `missing` when there is no percentage, else the percentage with what
    `found()` names (numerator, denominator, source, url)."""
    if pct is None:
        out["missing"] = missing
    else:
        out.update(actual=str(pct), **found())


# A Text (read in the page's language when shown); stored with a review's results as Vietnamese, read again there.
PARTIAL_CELLS = gettext_noop("gồm %(n)s chi bộ thành lập hoặc kết thúc trong năm, tính theo các tháng còn hoạt động")


def _meetings_found(m: dict, org, year: int) -> dict:
    # The denominator counts every chi bộ that existed in the year, also one founded or merged away in it (held to
    # the months it existed): the note says so, as the report's own table lists only the chi bộ at 31/12.
    note = Text(PARTIAL_CELLS, {"n": format_number(m["partial"])}) if m.get("partial") else ""
    return {"numerator": m["met_every_month"], "denominator": m["cells"], "note": note,
            "source": f"Sổ sinh hoạt chi bộ năm {year}" + ("; " + note if note else ""),
            "url": sources.url_or_empty(sources.meetings_url(org, year))}


def compute_target(target, resolution, review_date: date, review_kind: str, manual: dict | None = None) -> dict:
    """The target's figure and verdict as of `review_date`. A per-unit target is measured in each organisation
    directly under the resolution's (`units`: each one's figure and verdict) and is met when every unit meets it;
    a target that contradicts a rule of the year (`rules.targets.rule_check`) is marked so, with the rule's source,
    whatever its figure."""
    if target.per_unit:
        out = _per_unit(target, resolution, review_date, review_kind)
    else:
        out = _measure(target, resolution.organization, resolution, review_date, review_kind, manual)
        out["verdict"] = _verdict(out, target, resolution, review_date, review_kind)
    check = target.rule_check(review_date.year)
    if check is not None:
        out["measured_verdict"] = out["verdict"]
        out["verdict"] = target_rules.CONTRADICTS
        out["rule"] = {"message": str(check.message), "source": check.source.document, "clause": check.source.clause,
                       "highest": str(check.highest)}
    return out


def _verdict(out: dict, target, resolution, review_date: date, review_kind: str) -> str:
    v = target_rules.verdict(None if out["actual"] is None else Decimal(out["actual"]), target.comparison,
                             target.value, target.value_max)
    if v == target_rules.NOT_MET and _term_open(target, resolution, review_date, review_kind):
        return target_rules.IN_PROGRESS
    return v


def _term_open(target, resolution, review_date: date, review_kind: str) -> bool:
    """A term target reviewed before the end of the term: not reached yet is «đang thực hiện»."""
    return (target.period == Period.TERM and review_kind != ReviewKind.END_OF_TERM
            and review_date < resolution.period_end)


def _per_unit(target, resolution, review_date: date, review_kind: str) -> dict:
    """Each organisation directly under the resolution's, measured alone; `actual` is how many meet the target.
    A unit without data leaves the whole target without data (never counted as not met, never as met)."""
    from dangbo.organizations.models import Organization, OrgStatus

    units = list(Organization.objects.filter(parent=resolution.organization, status=OrgStatus.ACTIVE)
                 .order_by("path"))
    out = _blank(target)
    rows = []
    for unit in units:
        m = _measure(target, unit, resolution, review_date, review_kind, None)
        rows.append({"organization": unit.pk, "name": unit.name, "actual": m["actual"], "missing": m["missing"],
                     "numerator": m["numerator"], "denominator": m["denominator"],
                     "verdict": _verdict(m, target, resolution, review_date, review_kind)})
    met = [r for r in rows if r["verdict"] in target_rules.MET_VERDICTS]
    missing = [r for r in rows if r["actual"] is None]
    out.update(units=rows, units_met=len(met), units_total=len(rows),
               source=f"Tính riêng cho từng đơn vị trực thuộc ({len(rows)} đơn vị)")
    if not rows:
        out["missing"] = "không có đơn vị trực thuộc"
        out["verdict"] = target_rules.MISSING
    elif missing:
        out["missing"] = "chưa có dữ liệu của " + ", ".join(r["name"] for r in missing)
        out["verdict"] = target_rules.MISSING
    else:
        out["actual"] = str(len(met))
        out["verdict"] = target_rules.MET if len(met) == len(rows) else (
            target_rules.IN_PROGRESS if _term_open(target, resolution, review_date, review_kind)
            else target_rules.NOT_MET)
    return out


def _blank(target) -> dict:
    return {"target": target.pk, "label": target.label, "kind": target.kind, "comparison": target.comparison,
            "value": str(target.value), "value_max": None if target.value_max is None else str(target.value_max),
            "per_unit": target.per_unit, "unit": target.unit, "target_text": str(target.target_text),
            "actual": None, "numerator": None, "denominator": None, "source": "", "url": "", "missing": ""}


def _measure(target, org, resolution, review_date: date, review_kind: str, manual: dict | None = None) -> dict:
    out = _blank(target)
    year = review_date.year
    if target.kind == TargetKind.ADMISSIONS:
        start, end = window(target, resolution, review_date)
        n = admissions_qs(org.path, start, end).count()
        out.update(actual=str(n), numerator=n, url=admissions_url(org, start, end),
                   source=f"Sự kiện kết nạp từ {format_date(start)} đến {format_date(end)}")
    elif target.kind in (TargetKind.MEMBERS_LEVEL, TargetKind.ORGS_LEVEL):
        summary = sources.results_summary(org, year) if review_kind != ReviewKind.MID_YEAR else \
            sources.missing(sources.NO_RATINGS_MID_YEAR, year=year)
        if sources.is_missing(summary):
            out["missing"] = summary.text
        else:
            part = "members" if target.kind == TargetKind.MEMBERS_LEVEL else "organizations"
            num, den = _share_result(summary.get(part) or {}, LEVELS_AT_OR_ABOVE[target.level])
            pct = target_rules.share(num, den)
            if pct is None:
                no_results = sources.NO_MEMBER_RESULTS if part == "members" else sources.NO_ORG_RESULTS
                out["missing"] = Text(no_results, {"year": year})
            else:
                out.update(actual=str(pct), numerator=num, denominator=den,
                           source=f"Kết quả xếp loại chất lượng năm {year}",
                           # the list page filters one exact level: "good or above" links to all results
                           url=sources.url_or_empty(sources.member_results_url(
                               org, year, target.level if target.level == Level.EXCELLENT else None)))
    elif target.kind == TargetKind.COMMITMENT:
        c = sources.commitment_counts(org, year)
        # Not one commitment recorded for the year is missing data, not a 0% result.
        pct = None if sources.is_missing(c) or not c.get("with") else \
            target_rules.share(c["with"], c.get("expected") or 0)
        _share(out, pct, c.text if sources.is_missing(c) else Text(sources.NO_COMMITMENT_LIST, {"year": year}),
               lambda: {"numerator": c["with"], "denominator": c["expected"],
                        "source": f"Bản cam kết tu dưỡng, rèn luyện năm {year}",
                        "url": sources.url_or_empty(sources.member_results_url(org, year))})
    elif target.kind == TargetKind.MEETINGS:
        m = sources.monthly_meetings(org, year)
        # No meeting recorded at all in the year is missing data, not a 0% result.
        recorded = not sources.is_missing(m) and any(m.get("by_cell", {}).values())
        pct = target_rules.share(m.get("met_every_month") or 0, m.get("cells") or 0) if recorded else None
        _share(out, pct, m.text if sources.is_missing(m) else Text(sources.NO_MEETING_RECORDED, {"year": year}),
               lambda: _meetings_found(m, org, year))
    else:
        figure = (manual or {}).get(target.pk)
        if figure is None:
            out["missing"] = Text(sources.NO_FIGURE_ENTERED)
        else:
            out.update(actual=format(Decimal(figure).normalize(), "f"), source="Số liệu nhập tay khi sơ kết, tổng kết")
    return out


def compute_all(resolution, review_date: date, review_kind: str, manual: dict | None = None) -> list[dict]:
    return [compute_target(t, resolution, review_date, review_kind, manual) for t in resolution.targets.all()]


def admissions_by_year(path: str, start: date, end: date) -> dict[int, int]:
    rows = (admissions_qs(path, start, end).values_list("effective_date__year").annotate(n=Count("id")).order_by())
    return dict(rows)
