"""The report checks itself: consistency findings for an organisation and a year.

Every output of the year-end report (dashboard, .docx annex, PDF, news text, JSON, `dangbo report check`) shows
the same list. A finding is information for the office, never an error: {"code", "title", "message",
"document", "clause", "url"}, with the document and clause where a rule is behind it. The checks:
members on 31/12 against members rated plus not rated; organisations in the register against organisations
rated; coverage of the sub-organisations; reviews not yet decided (figures provisional); published totals
against the register; the rating findings of the year (evaluations.queries.year_findings).
"""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

from django.urls import reverse

from dangbo.evaluations import queries as ratings
from dangbo.organizations.models import Organization
from dangbo.rules import ratings as rating_rules
from dangbo.rules.text import format_number as so

# The words the browser journey looks for (contract): present exactly while a review is not fully decided.
PROVISIONAL = "Số liệu tạm tính"


def _who_is_rated(year: int) -> tuple[str, str]:
    """The document and clauses saying who is not rated (exempt, new members), for the year's regime."""
    try:
        regime = rating_rules.regime_for(year)
    except ValueError:
        return "", ""
    srcs = [rating_rules.REGISTRY[regime.rules[k]] for k in ("exempt_members", "new_member") if k in regime.rules]
    if not srcs:
        return "", ""
    unconfirmed = any(s.confidence == "UNCONFIRMED" for s in srcs)
    return srcs[0].document, "; ".join(s.clause for s in srcs) + (" (chưa xác nhận)" if unconfirmed else "")


def _row(code: str, title: str, message: str, url: str = "", document: str = "", clause: str = "") -> dict:
    return {"code": code, "title": title, "message": message, "document": document, "clause": clause, "url": url}


def members_url(org: Organization | int, on: date, base: str = "") -> str:
    """The organisation's members on a date (the list behind the members figures); `base` saves the reverse()
    when many are built."""
    pk = org if isinstance(org, int) else org.pk
    return (base or reverse("organizations:as_of")) + "?" + urlencode({"to_chuc": pk, "ngay": f"{on:%d/%m/%Y}"})


def provisional(org: Organization, year: int) -> dict:
    """{"provisional", "decided", "rated", "open", "text"}: not every rated member of the year has a decision."""
    p = ratings.review_progress(org, year)
    p["text"] = f"{so(p['decided'])}/{so(p['rated'])} đảng viên đã có quyết định xếp loại"
    return p


def coverage(org: Organization, year: int, sub_orgs: list) -> dict:
    """{"with", "of", "lacking": names}: directly subordinate organisations with rating data of the year."""
    children = [(p, n) for p, n, level in sub_orgs if level == 1]
    covered = ratings.rated_paths(org, year)
    if any(org.path.startswith(p) for p in covered["published"]):
        return {"with": len(children), "of": len(children), "lacking": []}
    paths = covered["records"] | covered["published"]
    lacking = [n for p, n in children if not any(c.startswith(p) for c in paths)]
    return {"with": len(children) - len(lacking), "of": len(children), "lacking": lacking}


def run(org: Organization, year: int, *, register: dict, sub_orgs: list, summary, progress: dict,
        cov: dict | None = None) -> list[dict]:
    """The findings; `register` is {"total", "empty"} on 31/12, `sub_orgs` the organisations of the subtree
    on 31/12 as (path, name, level) (level 1 = directly subordinate), `summary` ratings.results_summary."""
    on = date(year, 12, 31)
    out: list[dict] = []
    doc, clause = _who_is_rated(year)
    results = ratings.results_url(org, year)
    if progress["provisional"]:
        out.append(_row("provisional", PROVISIONAL,
                        f"{progress['text']}; đợt kiểm điểm chưa quyết định xong "
                        f"({', '.join(progress['open'])}). Tỷ lệ các mức chỉ tính trên số đã quyết định.",
                        ratings.member_results_url(org, year, "undecided")))
    cov = cov or coverage(org, year, sub_orgs)
    if cov["lacking"]:
        lacking = cov["lacking"]
        names = ", ".join(lacking[:10]) + (f" và {so(len(lacking) - 10)} tổ chức khác" if len(lacking) > 10 else "")
        out.append(_row("coverage", "Phạm vi số liệu xếp loại",
                        f"Chỉ {so(cov['with'])}/{so(cov['of'])} tổ chức đảng trực thuộc có số liệu xếp loại năm "
                        f"{year}; các số liệu xếp loại là của riêng các tổ chức này, chưa phải của toàn "
                        f"{org.name}. Chưa có số liệu: {names}.", results))
    has_summary = isinstance(summary, dict)
    if has_summary:
        m, o = summary["members"], summary["organizations"]
        listed = m["rated"] + m["undecided"] + m["not_rated"]
        published = summary.get("source") == "published"
        if register["empty"]:
            out.append(_row("register_empty", "Sổ đảng viên chưa có dữ liệu",
                            f"Sổ đảng viên chưa có dữ liệu đến ngày {on:%d/%m/%Y}; kết quả xếp loại năm {year} "
                            f"có {so(listed)} đảng viên" + (" theo số liệu đã công bố." if published else "."),
                            results))
        elif listed != register["total"]:
            what = "theo số liệu đã công bố" if published else "trong các đợt kiểm điểm"
            out.append(_row("members_vs_rated", "Đảng viên trong sổ và đảng viên được xếp loại",
                            f"Ngày {on:%d/%m/%Y} sổ đảng viên có {so(register['total'])} đảng viên; kết quả xếp "
                            f"loại năm {year} {what} có {so(m['rated'] + m['undecided'])} đảng viên được xếp loại "
                            f"và {so(m['not_rated'])} không xếp loại (có lý do): chênh "
                            f"{so(abs(listed - register['total']))}.",
                            results, doc, clause))
        org_listed = o["rated"] + o["undecided"] + o["not_rated"]
        # Published totals count the directly subordinate organisations; a review rates every level.
        units = [x for x in sub_orgs if x[2] == 1] if published else sub_orgs
        if units and org_listed != len(units):
            out.append(_row("orgs_vs_rated", "Tổ chức đảng trong sổ và tổ chức đảng được xếp loại",
                            f"Ngày {on:%d/%m/%Y} có {so(len(units))} tổ chức đảng trực thuộc"
                            f"{'' if published else ' (mọi cấp)'}; kết quả xếp loại năm {year} "
                            f"{'theo số liệu đã công bố ' if published else ''}có {so(org_listed)} tổ chức đảng.",
                            results))
    for f in ratings.year_findings(org, year):
        out.append(_row(f["code"], "Kết quả xếp loại cần lưu ý", f["message"], f["url"], f["document"],
                        f["clause"] + (" (chưa xác nhận)" if f["confidence"] == "UNCONFIRMED" else "")))
    return out


CHECKED = ("đảng viên trong sổ và đảng viên được xếp loại", "tổ chức đảng trong sổ và được xếp loại",
           "phạm vi số liệu của các tổ chức trực thuộc", "đợt kiểm điểm chưa quyết định xong",
           "số liệu công bố và sổ đảng viên", "các cảnh báo khi xếp loại (tỷ lệ 20%, tổ chức xuất sắc)")


def summary_line(findings: list[dict]) -> str:
    head = f"Đã đối chiếu: {'; '.join(CHECKED)}."
    if not findings:
        return head + " Không thấy điểm nào cần lưu ý."
    return head + f" Có {so(len(findings))} điểm cần lưu ý."
