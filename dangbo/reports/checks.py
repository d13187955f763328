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
from dangbo.rules.text import joined_text
from dangbo.rules.text import text as _

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
    p["text"] = _("%(decided)s/%(rated)s đảng viên đã có quyết định xếp loại", decided=so(p["decided"]),
                  rated=so(p["rated"]))
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
        out.append(_row("provisional", _("Số liệu tạm tính"),
                        _("%(progress)s; đợt kiểm điểm chưa quyết định xong (%(open)s). Tỷ lệ các mức chỉ tính trên "
                          "số đã quyết định.", progress=progress["text"], open=", ".join(progress["open"])),
                        ratings.member_results_url(org, year, "undecided")))
    cov = cov or coverage(org, year, sub_orgs)
    if cov["lacking"]:
        lacking = cov["lacking"]
        names = ", ".join(lacking[:10])
        if len(lacking) > 10:
            names = _("%(names)s và %(more)s tổ chức khác", names=names, more=so(len(lacking) - 10))
        out.append(_row("coverage", _("Phạm vi số liệu xếp loại"),
                        _("Chỉ %(have)s/%(of)s tổ chức đảng trực thuộc có số liệu xếp loại năm %(year)s; các số liệu "
                          "xếp loại là của riêng các tổ chức này, chưa phải của toàn %(org)s. Chưa có số liệu: "
                          "%(names)s.", have=so(cov["with"]), of=so(cov["of"]), year=year,
                          org=org.name, names=names), results))
    has_summary = isinstance(summary, dict)
    if has_summary:
        m, o = summary["members"], summary["organizations"]
        listed = m["rated"] + m["undecided"] + m["not_rated"]
        published = summary.get("source") == "published"
        if register["empty"]:
            message = (_("Sổ đảng viên chưa có dữ liệu đến ngày %(on)s; kết quả xếp loại năm %(year)s có %(listed)s "
                         "đảng viên theo số liệu đã công bố.", on=f"{on:%d/%m/%Y}", year=year, listed=so(listed))
                       if published else
                       _("Sổ đảng viên chưa có dữ liệu đến ngày %(on)s; kết quả xếp loại năm %(year)s có %(listed)s "
                         "đảng viên.", on=f"{on:%d/%m/%Y}", year=year, listed=so(listed)))
            out.append(_row("register_empty", _("Sổ đảng viên chưa có dữ liệu"), message, results))
        elif listed != register["total"]:
            what = _("theo số liệu đã công bố") if published else _("trong các đợt kiểm điểm")
            out.append(_row("members_vs_rated", _("Đảng viên trong sổ và đảng viên được xếp loại"),
                            _("Ngày %(on)s sổ đảng viên có %(total)s đảng viên; kết quả xếp loại năm %(year)s %(what)s "
                              "có %(rated)s đảng viên được xếp loại và %(not_rated)s không xếp loại (có lý do): chênh "
                              "%(gap)s.", on=f"{on:%d/%m/%Y}", total=so(register["total"]), year=year, what=what,
                              rated=so(m["rated"] + m["undecided"]), not_rated=so(m["not_rated"]),
                              gap=so(abs(listed - register["total"]))),
                            results, doc, clause))
        org_listed = o["rated"] + o["undecided"] + o["not_rated"]
        # Published totals count the directly subordinate organisations; a review rates every level.
        units = [x for x in sub_orgs if x[2] == 1] if published else sub_orgs
        if units and org_listed != len(units):
            message = (_("Ngày %(on)s có %(units)s tổ chức đảng trực thuộc; kết quả xếp loại năm %(year)s theo số "
                         "liệu đã công bố có %(listed)s tổ chức đảng.", on=f"{on:%d/%m/%Y}", units=so(len(units)),
                         year=year, listed=so(org_listed))
                       if published else
                       _("Ngày %(on)s có %(units)s tổ chức đảng trực thuộc (mọi cấp); kết quả xếp loại năm %(year)s "
                         "có %(listed)s tổ chức đảng.", on=f"{on:%d/%m/%Y}", units=so(len(units)), year=year,
                         listed=so(org_listed)))
            out.append(_row("orgs_vs_rated", _("Tổ chức đảng trong sổ và tổ chức đảng được xếp loại"), message,
                            results))
    for f in ratings.year_findings(org, year):
        out.append(_row(f["code"], _("Kết quả xếp loại cần lưu ý"), f["message"], f["url"], f["document"],
                        f["clause"] + (" (chưa xác nhận)" if f["confidence"] == "UNCONFIRMED" else "")))
    return out


def summary_line(findings: list[dict]) -> str:
    """What was checked and how many points need attention (a Text: Vietnamese in files, the page's language on
    screen)."""
    checked = joined_text([_("đảng viên trong sổ và đảng viên được xếp loại"),
                           _("tổ chức đảng trong sổ và được xếp loại"),
                           _("phạm vi số liệu của các tổ chức trực thuộc"), _("đợt kiểm điểm chưa quyết định xong"),
                           _("số liệu công bố và sổ đảng viên"),
                           _("các cảnh báo khi xếp loại (tỷ lệ 20%, tổ chức xuất sắc)")])
    if not findings:
        return _("Đã đối chiếu: %(checked)s. Không thấy điểm nào cần lưu ý.", checked=checked)
    return _("Đã đối chiếu: %(checked)s. Có %(count)s điểm cần lưu ý.", checked=checked, count=so(len(findings)))
