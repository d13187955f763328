"""Published figures of a past year (issue 12, «History that loads»): what an organisation's report of a year the
register does not cover said (members at year end, admitted, recognised, transferred, removed, deceased,
commitments, not rated and why, its chi bộ, commendations), kept with the document they come from.

    record_published_figures(actor, org, year=, figures={key: int|None}, source_document=, not_rated_reasons="")
        the registered, audited action (report.published_figures): refuses a negative count, a year the register
        already covers (its year end is computed from the register), a figure-less row and a missing source;
        accepts with a warning a year-end total that does not equal start + in − out (published documents
        sometimes do not add up; history must load) or official + probationary.
    published_for(org, year) -> PublishedFigures | None
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dangbo.core import audit
from dangbo.core.actions import audited_action, fail, writes
from dangbo.organizations.models import Organization
from dangbo.rules.text import format_number

from .models import FIGURE_KEYS, FIGURES, PublishedFigures

LABELS = dict(FIGURES)
FIRST_YEAR = 1930
INFLOW = ("admitted", "transferred_in")
OUTFLOW = ("transferred_out", "removed", "expelled", "deceased")


def published_for(org: Organization, year: int) -> PublishedFigures | None:
    return PublishedFigures.objects.filter(organization=org, year=year).first()


def register_covers(org: Organization, year: int) -> int | None:
    """The register's first year when it covers `year` (a member event of the subtree by 31/12), else None."""
    from .data import first_register_year, register_started

    return first_register_year(org.path) if register_started(org.path, date(year, 12, 31)) else None


def year_problem(org: Organization, year) -> str:
    """Why figures of `year` cannot be published for `org` ("" when they can)."""
    this_year = timezone.localdate().year
    if not isinstance(year, int) or not FIRST_YEAR <= year < this_year:
        return _("Năm %(year)s không hợp lệ: số liệu đã công bố là của một năm đã qua (%(first)s–%(last)s).") % {
            "year": year, "first": FIRST_YEAR, "last": this_year - 1}
    first = register_covers(org, year)
    if first is not None:
        return _("Sổ đảng viên của «%(org)s» có dữ liệu từ năm %(first)s: số liệu năm %(year)s được tính từ sổ, "
                 "không nhập số liệu đã công bố.") % {"org": org.name, "first": first, "year": year}
    return ""


def consistency_warnings(figures: dict) -> list[str]:
    """Published documents do not always add up: said, never refused (Vietnamese, stored with the row)."""
    out = []
    start, end = figures.get("members_start"), figures.get("members_total")
    if start is not None and end is not None:
        inflow = sum(figures.get(k) or 0 for k in INFLOW)
        outflow = sum(figures.get(k) or 0 for k in OUTFLOW)
        if start + inflow - outflow != end:
            out.append(f"Số đảng viên cuối năm ({format_number(end)}) khác đầu năm + vào − ra "
                       f"({format_number(start)} + {format_number(inflow)} − {format_number(outflow)} = "
                       f"{format_number(start + inflow - outflow)}).")
    official, probationary = figures.get("members_official"), figures.get("members_probationary")
    if end is not None and official is not None and probationary is not None and official + probationary != end:
        out.append(f"Số đảng viên cuối năm ({format_number(end)}) khác chính thức + dự bị "
                   f"({format_number(official)} + {format_number(probationary)}).")
    return out


def figure_problems(figures: dict) -> dict[str, str]:
    """{key: message} for a count that is not a whole number ≥ 0 (None: not published, accepted)."""
    out = {}
    for key in FIGURE_KEYS:
        v = figures.get(key)
        if v is None:
            continue
        if isinstance(v, bool) or not isinstance(v, int):
            out[key] = str(_("«%(value)s» không phải số nguyên.") % {"value": v})
        elif v < 0:
            out[key] = str(_("số âm (%(value)s); số liệu phải từ 0 trở lên.") % {"value": v})
    return out


def denied(org) -> str:
    return _("Bạn không có quyền nhập số liệu đã công bố của «%(org)s».") % {"org": org.name}


@audited_action("report.published_figures", scope=writes(lambda org, **_: org.path, lambda org, **_: denied(org)))
def record_published_figures(actor, org: Organization, *, year: int, figures: dict, source_document: str,
                             not_rated_reasons: str = "") -> PublishedFigures:
    problem = year_problem(org, year)
    if problem:
        fail("year", problem)
    for key, message in figure_problems(figures).items():
        fail(key, _("%(label)s: %(problem)s"), label=LABELS[key], problem=message)
    clean = {k: figures.get(k) for k in FIGURE_KEYS}
    if all(v is None for v in clean.values()):
        fail(None, _("Chưa có số liệu nào của năm %(year)s."), year=year)
    source = (source_document or "").strip()
    if not source:
        fail("source_document", _("Ghi văn bản nguồn (số, ngày báo cáo) của số liệu."))
    warnings = consistency_warnings(clean)
    obj, created = PublishedFigures.objects.update_or_create(
        organization=org, year=year,
        defaults={**clean, "org_path": org.path, "source_document": source[:255],
                  "not_rated_reasons": (not_rated_reasons or "").strip(), "warnings": warnings,
                  "entered_by": actor if getattr(actor, "pk", None) else None})
    audit.record("report.published_figures", actor=actor, obj=obj, org_path=org.path,
                 summary=f"{'Nhập' if created else 'Sửa'} số liệu năm {year} đã công bố của {org.name} ({source})",
                 data={**{k: v for k, v in clean.items() if v is not None}, "warnings": warnings})
    return obj
