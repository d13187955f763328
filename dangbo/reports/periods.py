"""The figures of the mid-year review and of the congress documents (issue 12): one plain dict per document, each
figure with where it came from, and the sentences the sections print (`lines`). The year-end report keeps its own
(`data.build`, `render.context`); these reuse its pieces.

- Mid-year (sơ kết 6 tháng): members on 30/06 against 31/12 of the year before, the movements of 01/01–30/06,
  the pipeline, the year's resolutions with their targets as of 30/06 (a target not reached yet is «đang thực
  hiện»: the year is not over), and the targets still to reach in the second half.
- Term (báo cáo chính trị, báo cáo kiểm điểm): the congress held in the document's year closes the term that the
  previous congress opened; members at the start and end of the term, the movements and admissions over it, the
  members' ratings year by year, commendations and kiểm tra, giám sát over it, the previous congress's targets
  checked at the end of the term, and the targets the new congress adopted. Without a congress on record the term
  is the five years before the document's year (01/01 of its first year), and the basis says so.

A figure that cannot be computed is a `{"missing": "…"}` entry, never 0.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Q

from dangbo.core import replica
from dangbo.core.i18n import VietnameseLabels
from dangbo.core.scopes import READ, Scope
from dangbo.exchange import statistics
from dangbo.members import asof
from dangbo.organizations.models import CELL_KINDS, Organization, OrgKind
from dangbo.recognition.models import Commendation
from dangbo.recognition.models import Status as CommendationStatus
from dangbo.resolutions import compute
from dangbo.resolutions.models import Resolution, ResolutionKind, Review, ReviewKind
from dangbo.rules import documents as doc_rules
from dangbo.rules import targets as target_rules
from dangbo.rules.text import format_date

from . import sources
from .data import MOVEMENT_KEYS, missing, target_rows
from .sections import COMMITTEE_REVIEW, MID_YEAR, POLITICAL, TERM_YEARS, term_words

MID_YEAR_PERIOD = "6t"


def _organization(org: Organization, on: date, *, signed_on: date | None = None, congress: bool = False) -> dict:
    """The organisation as its figures stood on `on` (the level above then), headed and signed as on `signed_on`
    (the document's date)."""
    from dangbo.documents.actions import issuer_abbreviation
    from dangbo.organizations.history import parent_as_of

    from .heading import party_heading

    return {"code": org.code, "name": org.name, "issuer": issuer_abbreviation(org), "kind": org.get_kind_display(),
            **party_heading(org, signed_on or on, congress=congress, superior=parent_as_of(org, on))}


def _counts(org: Organization, start: date, end: date) -> dict:
    """Members on `start` and `end` (official, probationary, total) and the movements of start+1 … end."""
    c = asof.counts_on_dates(org.path, [start, end])
    moves = {m.key: m.count for m in statistics.movements(org.path, start + timedelta(days=1), end)}

    def row(d):
        return {"official": c[d].official, "probationary": c[d].probationary,
                "total": c[d].official + c[d].probationary}

    orgs = statistics.organization_rows(org, end)
    kind = VietnameseLabels(OrgKind)  # statistics.organization_rows gives the Vietnamese label
    cells = {kind[k] for k in CELL_KINDS}
    return {"start_on": start, "end_on": end, "start": row(start), "end": row(end),
            "movements": {k: moves.get(k, 0) for k in MOVEMENT_KEYS},
            "cells": sum(1 for r in orgs if r.level > 0 and r.kind in cells),
            "source": "Lịch sử sinh hoạt đảng của từng đảng viên (trạng thái sau sự kiện cuối cùng đến ngày tính)"}


def _checked(r: Resolution, on: date, review_kind: str, *, final: bool = False) -> tuple[list[dict], str]:
    """A resolution's targets as of `on`: its latest review of `review_kind` up to `on` (as reported then), else
    computed now; before the resolution's end a target not reached yet is «đang thực hiện» (unless `final`: the
    congress closes the term, what is not reached is not reached)."""
    review = (Review.objects.filter(resolution=r, kind=review_kind, review_date__year=on.year,
                                    review_date__lte=on + timedelta(days=60))
              .order_by("-review_date", "-id").first())
    if review is not None:
        return review.results, f"{review.get_kind_display()} ngày {format_date(review.review_date)}"
    results = compute.compute_all(r, min(on, r.period_end), review_kind)
    basis = f"Chưa có kỳ {ReviewKind(review_kind).label.lower()}: tính từ dữ liệu đến ngày {format_date(on)}"
    if on < r.period_end and not final:
        results = [{**t, "verdict": target_rules.IN_PROGRESS} if t["verdict"] == target_rules.NOT_MET else t
                   for t in results]
        basis += " (chỉ tiêu chưa đạt ghi «đang thực hiện»)"
    return results, basis


def _resolution_row(r: Resolution, results: list[dict], basis: str) -> dict:
    return {"title": r.title, "number": r.number, "kind": r.get_kind_display(), "basis": basis,
            "period_end": r.period_end, "targets": target_rows(results)}


# -- mid-year -----------------------------------------------------------------------------------------------------
def build_mid_year(scope: Scope, org: Organization, year: int, *, place: str = "", made_on: date | None = None
                   ) -> dict:
    scope.require(READ, org.path, f"Bạn không có quyền xem số liệu của «{org.name}».")
    from dangbo.documents.actions import issuer_abbreviation
    from dangbo.organizations.history import read_once

    as_of = date(year, 6, 30)
    with read_once():
        members = _counts(org, date(year - 1, 12, 31), as_of)
        resolutions = []
        qs = Resolution.objects.filter(organization=org, period_start__lte=as_of, period_end__gte=as_of)
        for r in qs.prefetch_related("targets").order_by("adopted_on", "id"):
            resolutions.append(_resolution_row(r, *_checked(r, as_of, ReviewKind.MID_YEAR)))
        admission = sources.admission_figures(scope, org, year)
        return {
            "kind": MID_YEAR, "year": year, "as_of": as_of, "place": place, "made_on": made_on,
            "organization": _organization(org, as_of, signed_on=made_on),
            "symbol": f"-{doc_rules.TYPES['bao_cao'].abbreviation}/{issuer_abbreviation(org)}",
            "members": members,
            "admission": missing(admission) if sources.is_missing(admission) else admission,
            "resolutions": resolutions,
        }


# -- a congress's term --------------------------------------------------------------------------------------------
def term_bounds(org: Organization, year: int, made_on: date | None = None) -> dict:
    """The term a congress held in `year` closes: its start (the previous congress's opening, else 01/01 five
    years before), its end (this congress's opening, else the document's date, else 30/06 of the year)."""
    new = sources.latest_congress(org, on=date(year, 12, 31))
    new = new if not sources.is_missing(new) and new.opened_on.year == year else None
    before = (new.opened_on - timedelta(days=1)) if new else date(year - 1, 12, 31)
    prev = sources.latest_congress(org, on=before)
    prev = None if sources.is_missing(prev) else prev
    end = new.opened_on if new else (made_on if made_on and made_on.year == year else date(year, 6, 30))
    words = term_words(year)
    if prev is not None:
        start, start_basis = prev.opened_on, f"Đại hội lần thứ {prev.ordinal_roman} khai mạc ngày " \
                                             f"{format_date(prev.opened_on)}"
    else:
        start = date(year - TERM_YEARS, 1, 1)
        start_basis = f"chưa có dữ liệu đại hội nhiệm kỳ {words['prev_term']}: tính từ ngày {format_date(start)}"
    end_basis = (f"Đại hội lần thứ {new.ordinal_roman} khai mạc ngày {format_date(new.opened_on)}" if new
                 else f"chưa có dữ liệu đại hội năm {year}: tính đến ngày {format_date(end)}")
    return {"start": start, "end": end, "start_basis": start_basis, "end_basis": end_basis,
            "prev_term": words["prev_term"], "term": words["term"],
            "previous_congress": None if prev is None else {
                "ordinal": prev.ordinal_roman, "opened_on": prev.opened_on, "term_label": prev.term_label,
                "committee_size": prev.committee_size},
            "congress": None if new is None else {
                "ordinal": new.ordinal_roman, "opened_on": new.opened_on, "term_label": new.term_label,
                "committee_size": new.committee_size}}


def _term_ratings(org: Organization, years: list[int]) -> list[dict]:
    out = []
    for y in years:
        s = sources.results_summary(org, y)
        if sources.is_missing(s):
            out.append({"year": y, "missing": s.text})
            continue
        m = s.get("members") or {}
        if s.get("published") and not m.get("rated"):
            # Another scale (before 2018) or shares only: a note beside the series, never a point of it.
            g = s["published"][0]
            out.append({"year": y, "other_scale": g["document"], "current": g["current"],
                        "as_shares": g["as_shares"]})
            continue
        good = (m.get("excellent") or 0) + (m.get("good") or 0)
        rated = m.get("rated") or 0
        out.append({"year": y, "rated": rated, "excellent": m.get("excellent") or 0, "good_or_better": good,
                    "share": target_rules.share(good, rated)})
    return out


def _term_inspection(scope: Scope, org: Organization, years: list[int]) -> dict:
    total = {"kiem_tra": 0, "giam_sat": 0, "disciplined": 0}
    found = False
    for y in years:
        f = sources.inspection_figures(scope, org, y)
        if sources.is_missing(f):
            continue
        found = found or bool(f["kiem_tra"]["total"] or f["giam_sat"]["total"] or f["disciplined"]["members"])
        total["kiem_tra"] += f["kiem_tra"]["total"]
        total["giam_sat"] += f["giam_sat"]["total"]
        total["disciplined"] += f["disciplined"]["members"]
    if not found:
        return missing(sources.missing(sources.NO_INSPECTION_YEARS, first=years[0], last=years[-1]))
    return {**total, "source": "Sổ kiểm tra, giám sát, kỷ luật đảng (cộng các năm của nhiệm kỳ)"}


def build_term(scope: Scope, org: Organization, year: int, *, kind: str = POLITICAL, place: str = "",
               made_on: date | None = None) -> dict:
    scope.require(READ, org.path, f"Bạn không có quyền xem số liệu của «{org.name}».")
    from dangbo.documents.actions import issuer_abbreviation
    from dangbo.organizations.history import read_once

    with read_once():
        t = term_bounds(org, year, made_on)
        members = _counts(org, t["start"], t["end"])
        admitted = compute.admissions_by_year(org.path, t["start"] + timedelta(days=1), t["end"])
        years = list(range(t["start"].year, year))  # the full years of the term (its ratings, its inspections)
        received = Q(member__org_path__startswith=org.path) | Q(recipient_org__path__startswith=org.path)
        commendations = Commendation.objects.filter(received, year__in=years,
                                                    status=CommendationStatus.DECIDED).count()
        targets = []
        prev_q = Resolution.objects.filter(organization=org, kind=ResolutionKind.CONGRESS,
                                           period_start__lt=date(year, 1, 1), period_end__gte=t["start"])
        for r in prev_q.prefetch_related("targets").order_by("adopted_on", "id"):
            targets.append(_resolution_row(r, *_checked(r, min(t["end"], r.period_end), ReviewKind.END_OF_TERM,
                                                     final=True)))
        new_q = Resolution.objects.filter(organization=org, kind=ResolutionKind.CONGRESS, period_start__year=year)
        next_targets = [{"label": x.label, "target_text": x.target_text, "resolution": r.title}
                        for r in new_q.prefetch_related("targets").order_by("adopted_on", "id")
                        for x in r.targets.all()]
        return {
            "kind": kind, "year": year, "place": place, "made_on": made_on, "term": t,
            "organization": _organization(org, t["end"], signed_on=made_on, congress=True),
            "symbol": f"-{doc_rules.TYPES['bao_cao'].abbreviation}/{issuer_abbreviation(org)}",
            "members": members,
            "admitted_by_year": [{"year": y, "count": admitted.get(y, 0)} for y in
                                 range(t["start"].year, t["end"].year + 1)],
            "ratings": _term_ratings(org, years),
            "commendations": {"total": commendations, "years": years,
                              "source": "Sổ khen thưởng (các quyết định có số, ngày)"},
            "inspection": _term_inspection(scope, org, years) if years else missing(
                sources.missing(sources.NO_INSPECTION_ANY)),
            "resolutions": targets, "next_targets": next_targets,
        }


@replica.reading()  # reads on the replica when there is one (core/replica.py)
def build(scope: Scope, org: Organization, kind: str, year: int, *, place: str = "",
          made_on: date | None = None) -> dict:
    if kind == MID_YEAR:
        return build_mid_year(scope, org, year, place=place, made_on=made_on)
    if kind in (POLITICAL, COMMITTEE_REVIEW):
        return build_term(scope, org, year, kind=kind, place=place, made_on=made_on)
    raise ValueError(f"unknown report kind {kind!r}")


# -- the sentences of the sections (keys named by sections.*_HEADINGS[].figures) ----------------------------------
def _members_line(name: str, m: dict, start_words: str, end_words: str) -> str:
    from .render import so

    e, s = m["end"], m["start"]
    cells = f"{so(m['cells'])} chi bộ trực thuộc, " if m["cells"] else ""
    return (f"{end_words}, {name} có {cells}{so(e['total'])} đảng viên ({so(e['official'])} chính thức, "
            f"{so(e['probationary'])} dự bị); {start_words} có {so(s['total'])} đảng viên.")


def _movements_line(m: dict, during: str) -> str:
    from .render import MOVEMENT_LABELS, so

    done = [text % {"n": so(m["movements"][k])} for k, text in MOVEMENT_LABELS if m["movements"].get(k)]
    if not done:
        return f"{during} không có biến động về đảng viên."
    return f"{during}, " + "; ".join(done) + "."


def _targets_lines(data: dict) -> list[str]:
    """Per resolution: «Kết quả thực hiện các chỉ tiêu của <nghị quyết>:» then one «- …» line a target (the words
    of the year-end document, narrative._targets_lines)."""
    from .render import actual_text, rule_note

    out = []
    for r in data["resolutions"]:
        if not r["targets"]:
            continue
        out.append(f"Kết quả thực hiện các chỉ tiêu của {r['title']}" + (f" (số {r['number']})" if r["number"] else "")
                   + ":")
        for t in r["targets"]:
            actual = actual_text(t)
            actual = actual[:1].lower() + actual[1:] if actual.startswith("Chưa") else actual
            out.append(f"- {t['label']}: chỉ tiêu {t['target_text']}, thực hiện {actual} ({t['verdict_label']})."
                       + rule_note(t))
    return out


def mid_year_lines(data: dict) -> dict:
    from .render import so

    y, m = data["year"], data["members"]
    name = data["organization"]["name"]
    a = data["admission"]
    admitted = m["movements"].get("admission", 0)
    if "missing" in a:
        admission = f"Phát triển đảng viên 6 tháng đầu năm {y}: kết nạp mới {so(admitted)} đảng viên."
    else:
        admission = (f"Công tác phát triển đảng viên: 6 tháng đầu năm {y} kết nạp mới {so(admitted)} đảng viên; "
                     f"đang bồi dưỡng, xem xét {so(a['in_pipeline'])} quần chúng (đến ngày lập báo cáo).")
    remaining = [f"- {t['label']}: chỉ tiêu năm {t['target_text']}."
                 for r in data["resolutions"] for t in r["targets"]
                 if t["verdict"] in (target_rules.IN_PROGRESS, target_rules.NOT_MET, target_rules.MISSING)]
    if remaining:
        remaining.insert(0, f"Các chỉ tiêu nghị quyết năm {y} cần tập trung thực hiện trong 6 tháng cuối năm:")
    targets = _targets_lines(data) or [f"Chưa có nghị quyết năm {y} có chỉ tiêu được ghi trong dangbo."]
    return {
        "org_line": _members_line(name, m, f"ngày 31/12/{y - 1}", f"Đến ngày 30/6/{y}"),
        "movements_line": _movements_line(m, f"6 tháng đầu năm {y}"),
        "admission_line": admission,
        "targets_lines": targets,
        "remaining_targets_lines": remaining,
    }


def term_lines(data: dict) -> dict:
    from .render import pct, so

    t, m = data["term"], data["members"]
    name = data["organization"]["name"]
    prev_term = t["prev_term"]
    admitted = sum(r["count"] for r in data["admitted_by_year"])
    by_year = ", ".join(f"năm {r['year']}: {so(r['count'])}" for r in data["admitted_by_year"])
    ratings = []
    if data["ratings"] and all("missing" in r for r in data["ratings"]):
        ys = [r["year"] for r in data["ratings"]]
        ratings.append(f"chưa có dữ liệu xếp loại chất lượng các năm {ys[0]}–{ys[-1]}")
    other = []
    for r in data["ratings"] if not ratings else []:
        if "missing" in r:
            ratings.append(f"năm {r['year']}: {r['missing']}")
        elif "other_scale" in r:  # kept apart: a note after the series, not a point of it
            how = "chỉ công bố tỷ lệ" if r["as_shares"] else "thang xếp loại khác"
            other.append(f"năm {r['year']} ({how}, theo {r['other_scale']})")
        elif r["rated"]:
            ratings.append(f"năm {r['year']}: {pct(r['share'])} ({so(r['good_or_better'])}/{so(r['rated'])})")
        else:
            ratings.append(f"năm {r['year']}: chưa có đảng viên được xếp loại")
    c = data["commendations"]
    insp = data["inspection"]
    if "missing" in insp:
        inspection = f"Công tác kiểm tra, giám sát nhiệm kỳ {prev_term}: {insp['missing']}."
    else:
        inspection = (f"Trong nhiệm kỳ {prev_term}, cấp ủy, Ủy ban Kiểm tra và các chi bộ đã tiến hành "
                      f"{so(insp['kiem_tra'])} cuộc kiểm tra, {so(insp['giam_sat'])} cuộc giám sát; "
                      + (f"thi hành kỷ luật {so(insp['disciplined'])} đảng viên."
                         if insp["disciplined"] else "không có đảng viên bị thi hành kỷ luật."))
    prev = t["previous_congress"]
    if prev is None:
        committee = f"Đại hội nhiệm kỳ {prev_term}: {t['start_basis']}."
    else:
        committee = (f"Ban Chấp hành {name} khóa {prev['ordinal']} (nhiệm kỳ {prev_term}) do Đại hội lần thứ "
                     f"{prev['ordinal']} bầu ngày {format_date(prev['opened_on'])}"
                     + (f", gồm {so(prev['committee_size'])} đồng chí." if prev["committee_size"] else "."))
    return {
        "term_org_line": _members_line(name, m, f"đầu nhiệm kỳ ({format_date(t['start'])})",
                                       f"Cuối nhiệm kỳ {prev_term} ({format_date(t['end'])})"),
        "term_movements_line": _movements_line(m, f"Trong nhiệm kỳ {prev_term}"),
        "term_admissions_line": f"Công tác phát triển đảng viên: cả nhiệm kỳ kết nạp {so(admitted)} đảng viên "
                                f"({by_year}).",
        "term_ratings_line": ("Tỷ lệ đảng viên hoàn thành tốt nhiệm vụ trở lên hằng năm: " + "; ".join(ratings) + "."
                              if ratings else "") + (
            (" " if ratings else "") + "Không nối vào dãy trên (không cùng thang 4 mức từ năm 2018): "
            + "; ".join(other) + "." if other else ""),
        "term_commendations_line": (f"Trong nhiệm kỳ, {so(c['total'])} quyết định khen thưởng tập thể, cá nhân "
                                    "được ghi vào sổ khen thưởng." if c["total"] else
                                    "Chưa có quyết định khen thưởng nào trong nhiệm kỳ được ghi vào sổ."),
        "term_inspection_line": inspection,
        "committee_line": committee,
        "targets_lines": _targets_lines(data) or [f"Chưa có nghị quyết đại hội nhiệm kỳ {prev_term} có chỉ tiêu "
                                                  "được ghi trong dangbo."],
        "next_targets_lines": ([f"Các chỉ tiêu chủ yếu nhiệm kỳ {t['term']}:"]
                               + [f"- {x['label']}: {x['target_text']}." for x in data["next_targets"]]
                               if data["next_targets"] else []),
    }


def lines(data: dict) -> dict:
    return mid_year_lines(data) if data["kind"] == MID_YEAR else term_lines(data)
