"""The province-wide results table (bảng tổng hợp kết quả, rows = organisations) of past years from .xlsx/.csv:
preview, then all or nothing (issue 12, «History that loads»).

Columns (headers matched without diacritics or case, `published.FIGURES` and `RATINGS`): Mã tổ chức, Năm, Văn bản
nguồn (required), Tên tổ chức (read, not written), the published figures, Lý do không xếp loại, and the rating
counts of evaluations.PublishedTotals (ĐV HTXSNV … ; Chi bộ HTXSNV … ; Xếp loại của tổ chức). An organisation is
found by its code within the chosen organisation and the user's write scope. Every problem is one Vietnamese line
naming the row, the column and what is wrong (unknown code, an organisation outside the scope, a negative number,
a duplicate row, a year the register covers); nothing is written while any remains. The figures go through
`published.record_published_figures`, the rating counts through evaluations' `enter_published_totals` (the
function its own history import and form use), all in one transaction.

This kind lives in reports, not in exchange/kinds: exchange sits below evaluations and reports in the apps' layers
(core/registry.py APP_LAYERS) and may not import their models; it reads the file with exchange.parsing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from dangbo.core import audit
from dangbo.core.actions import audited_action, fail, writes
from dangbo.core.scopes import scope_for
from dangbo.exchange.parsing.errors import ExchangeError
from dangbo.exchange.parsing.headers import find_columns, header_key
from dangbo.exchange.parsing.readers import read_table
from dangbo.exchange.parsing.table import cell_text
from dangbo.organizations.models import Organization
from dangbo.rules.text import search_key

from . import published

# The rating counts of evaluations.PublishedTotals: (key, header); "orgs" are the organisations under the row's
# organisation (the chi bộ of a đảng bộ cơ sở).
RATINGS: tuple[tuple[str, str], ...] = (
    ("members_excellent", "ĐV HTXSNV"), ("members_good", "ĐV HTTNV"), ("members_completed", "ĐV HTNV"),
    ("members_not_completed", "ĐV KHTNV"),
    ("orgs_excellent", "Chi bộ HTXSNV"), ("orgs_good", "Chi bộ HTTNV"), ("orgs_completed", "Chi bộ HTNV"),
    ("orgs_not_completed", "Chi bộ KHTNV"),
)
TEXTS: tuple[tuple[str, str], ...] = (
    ("code", "Mã tổ chức"), ("name", "Tên tổ chức"), ("year", "Năm"), ("source_document", "Văn bản nguồn"),
    ("not_rated_reasons", "Lý do không xếp loại"), ("self_level", "Xếp loại của tổ chức"),
)
COLUMNS: tuple[tuple[str, str], ...] = TEXTS[:3] + published.FIGURES + RATINGS + TEXTS[5:6] + TEXTS[3:5]
LABELS = dict(COLUMNS)
ALIASES = {"code": ("ma", "ma to chuc dang", "ma don vi", "ma dang bo"), "name": ("ten", "ten to chuc dang",
                                                                                 "ten don vi"),
           "year": ("nam bao cao", "nam so lieu"), "source_document": ("nguon", "nguon so lieu", "can cu")}
REQUIRED = ("code", "year", "source_document")
MAX_ROWS = 5000
THOUSANDS = re.compile(r"^-?\d{1,3}(\.\d{3})+$")


def _said(message, /, **params) -> str:
    return message % params


@dataclass
class Preview:
    rows: list[dict] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    headers: list[str] = field(default_factory=list)
    unknown_headers: list[str] = field(default_factory=list)

    @property
    def warnings(self) -> list[tuple[int, str]]:
        return [(r["row"], w) for r in self.rows for w in r["warnings"]]

    @property
    def replacing(self) -> int:
        return sum(1 for r in self.rows if r["replaces"])


def _map_headers(headers: list[str]) -> tuple[dict[str, int], list[str], list[str]]:
    index, unknown = find_columns(headers, {key: {header_key(label), *ALIASES.get(key, ())} for key, label in COLUMNS})
    errors = [_said(_("Thiếu cột «%(column)s» (xem tệp mẫu)."), column=LABELS[k]) for k in REQUIRED if k not in index]
    if not any(k in index for k, _label in published.FIGURES + RATINGS):
        errors.append(str(_("Tệp không có cột số liệu nào của tệp mẫu (Đảng viên cuối năm, Kết nạp mới, …).")))
    return index, unknown, errors


def count_value(value) -> int | None | str:
    """A cell as a count: None when empty; an int; else the problem (a Vietnamese sentence)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        return str(_("«%(value)s» không phải số.") % {"value": cell_text(value)})
    if isinstance(value, (int, float)):
        number = float(value)
    else:
        text = str(value).strip().replace(" ", "")
        if THOUSANDS.match(text):  # 2.983: the Vietnamese thousands separator
            text = text.replace(".", "")
        try:
            number = float(text.replace(",", "."))
        except ValueError:
            return str(_("«%(value)s» không phải số.") % {"value": value})
    if number != int(number):
        return str(_("«%(value)s» không phải số nguyên.") % {"value": cell_text(value)})
    if number < 0:
        return str(_("số âm (%(value)s); số liệu phải từ 0 trở lên.") % {"value": int(number)})
    return int(number)


def _level_words() -> dict[str, int]:
    from dangbo.evaluations.importer import LEVEL_WORDS

    return LEVEL_WORDS


def preview(actor, target: Organization, source, filename: str | None = None) -> Preview:
    """Every row checked against the register as it is now; `actor` None: a system job (no scope limit)."""
    out = Preview()
    try:
        table = read_table(source, filename)
    except ExchangeError as exc:
        out.errors.append(str(exc))
        return out
    out.headers = [str(h or "") for h in table.headers]
    index, out.unknown_headers, errors = _map_headers(table.headers)
    if errors:
        out.errors += errors
        return out
    rows = list(table.rows)
    if len(rows) > MAX_ROWS:
        out.errors.append(_said(_("Tệp có hơn %(rows)s dòng: hãy chia nhỏ."), rows=MAX_ROWS))
        return out
    scope = scope_for(actor) if actor is not None else None
    codes = {cell_text(cells[index["code"]]).casefold() for _n, cells in rows if index["code"] < len(cells)}
    known = {o.code.casefold(): o for o in Organization.objects.filter(code__in={c.upper() for c in codes} | codes)}
    missing_codes = codes - set(known)
    if missing_codes:  # codes typed in another case
        for o in Organization.objects.filter(path__startswith=target.path):
            if o.code.casefold() in missing_codes:
                known[o.code.casefold()] = o
    seen: dict[tuple[int, int], int] = {}
    levels = _level_words()
    for number, cells in rows:
        def cell(key, cells=cells):
            i = index.get(key)
            return cells[i] if i is not None and i < len(cells) else None

        problems: list[str] = []

        def err(key, message, number=number, problems=problems):
            problems.append(_said(_("Dòng %(row)s, cột «%(column)s»: %(message)s"), row=number,
                                  column=out.headers[index[key]] or LABELS[key], message=message))

        code = cell_text(cell("code"))
        org = known.get(code.casefold()) if code else None
        if not code:
            err("code", _("chưa có mã tổ chức."))
        elif org is None:
            err("code", _said(_("không có tổ chức đảng mã «%(code)s» trong sổ."), code=code))
        elif not org.path.startswith(target.path) or (scope is not None and not scope.can_write_path(org.path)):
            err("code", _said(_("«%(name)s» (%(code)s) ngoài phạm vi của bạn: chỉ nhập cho %(target)s và các tổ chức "
                                "trực thuộc mà bạn được cập nhật."), name=org.name, code=org.code, target=target.name))
            org = None
        ytext = cell_text(cell("year"))
        year = count_value(ytext)
        if not isinstance(year, int):
            err("year", _said(_("«%(text)s» không phải năm."), text=ytext) if ytext else _("chưa có năm."))
            year = None
        elif org is not None:
            problem = published.year_problem(org, year)
            if problem:
                err("year", problem)
        source = cell_text(cell("source_document"))
        if not source:
            err("source_document", _("chưa ghi văn bản nguồn (số, ngày của báo cáo công bố số liệu)."))
        elif len(source) > 255:
            err("source_document", _("dài quá 255 ký tự."))
        values: dict[str, int | None] = {}
        for key, _label in published.FIGURES + RATINGS:
            if key not in index:
                continue
            v = count_value(cell(key))
            if isinstance(v, str):
                err(key, v)
                v = None
            values[key] = v
        level_text = cell_text(cell("self_level"))
        self_level = levels.get(search_key(level_text)) if level_text else None
        if level_text and self_level is None:
            err("self_level", _said(_("«%(text)s» không phải mức xếp loại (HTXSNV, HTTNV, HTNV, KHTNV hoặc ghi đủ)."),
                                    text=level_text))
        figures = {k: values.get(k) for k in published.FIGURE_KEYS}
        ratings = {k: values.get(k) for k, _label in RATINGS}
        has_ratings = any(v is not None for v in ratings.values()) or self_level is not None
        if not problems and all(v is None for v in figures.values()) and not has_ratings:
            problems.append(_said(_("Dòng %(row)s: không có số liệu nào."), row=number))
        if has_ratings and year is not None:
            problem = _ratings_year_problem(year)
            if problem:
                first = next(k for k, _label in RATINGS + (("self_level", ""),) if k in index)
                err(first, problem)
        if org is not None and year is not None:
            first_row = seen.setdefault((org.pk, year), number)
            if first_row != number:
                err("code", _said(_("trùng %(name)s năm %(year)s với dòng %(first)s."), name=org.name, year=year,
                                  first=first_row))
        if problems:
            out.errors += problems
            continue
        out.rows.append({"row": number, "org_id": org.pk, "code": org.code, "name": org.name, "year": year,
                         "figures": figures, "ratings": ratings if has_ratings else None, "self_level": self_level,
                         "source_document": source, "not_rated_reasons": cell_text(cell("not_rated_reasons")),
                         "warnings": published.consistency_warnings(figures), "replaces": False})
    if out.rows:
        from .models import PublishedFigures

        have = set(PublishedFigures.objects.filter(organization_id__in={r["org_id"] for r in out.rows},
                                                   year__in={r["year"] for r in out.rows})
                   .values_list("organization_id", "year"))
        for r in out.rows:
            r["replaces"] = (r["org_id"], r["year"]) in have
    return out


def _ratings_year_problem(year: int) -> str:
    """The rating counts of a year no regime of evaluations knows are refused (its rules say which years)."""
    from dangbo.rules import ratings

    try:
        ratings.regime_for(year)
    except ValueError as exc:
        return str(exc)
    return ""


def denied(org) -> str:
    return _("Bạn không có quyền nhập số liệu đã công bố vào «%(org)s».") % {"org": org.name}


@audited_action("report.published_import", scope=writes(lambda target, **_: target.path,
                                                         lambda target, **_: denied(target)))
def commit(actor, target: Organization, source, filename: str | None = None) -> Preview:
    """All or nothing: the file read and checked again; every row written, or nothing while any error remains."""
    from dangbo.evaluations.actions import enter_published_totals

    result = preview(actor, target, source, filename)
    if result.errors:
        fail(None, _("Tệp còn %(count)s lỗi, chưa ghi gì: %(errors)s"), count=len(result.errors),
             errors="; ".join(result.errors[:20]))
    if not result.rows:
        fail(None, _("Tệp không có dòng dữ liệu nào."))
    orgs = Organization.objects.in_bulk({r["org_id"] for r in result.rows})
    for r in result.rows:
        org = orgs[r["org_id"]]
        if any(v is not None for v in r["figures"].values()):
            published.record_published_figures(actor, org, year=r["year"], figures=r["figures"],
                                               source_document=r["source_document"],
                                               not_rated_reasons=r["not_rated_reasons"])
        if r["ratings"] is not None:
            keys = ("excellent", "good", "completed", "not_completed")
            enter_published_totals(actor, org, year=r["year"],
                                   members={k: r["ratings"][f"members_{k}"] for k in keys},
                                   organizations={k: r["ratings"][f"orgs_{k}"] for k in keys},
                                   source_document=r["source_document"], self_level=r["self_level"],
                                   members_not_rated=r["figures"].get("not_rated") or 0)
    years = sorted({r["year"] for r in result.rows})
    audit.record("report.published_import", actor=actor, obj=target, org_path=target.path,
                 summary=f"Nhập bảng tổng hợp số liệu đã công bố «{filename or ''}» vào {target.name}: "
                         f"{len(result.rows)} dòng, các năm {', '.join(map(str, years))}",
                 data={"file": filename or "", "rows": len(result.rows), "years": years,
                       "organizations": sorted({r["code"] for r in result.rows}),
                       "warnings": len(result.warnings)})
    return result
