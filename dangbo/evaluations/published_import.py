"""Import published rating results (the table of a report, when per-member records are lost) from .xlsx/.csv:
preview, then all or nothing. Any year from 2008: each year is read in its own scale (rules.rating_scales: HD 20
for 2008–2013, HD 27 for 2014–2017, the four levels from 2018), as counts or as shares only.

One row per figure: Mã tổ chức (optional: the chosen organisation), Năm, Đối tượng (Đảng viên / Tổ chức đảng),
Mức xếp loại (the year's label, e.g. «Trong sạch, vững mạnh tiêu biểu»), Số lượng or Tỷ lệ (%) (one of the two;
one kind for an organisation's year), optional Tổng số được đánh giá (the base of the shares) and Văn bản nguồn
(required once per organisation and year). Each bad row gets one message naming its row and column; nothing is
written while any remains. Every organisation-year is written by actions.enter_published_totals.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from dangbo.core.actions import fail
from dangbo.exchange.parsing.headers import find_columns
from dangbo.exchange.parsing.readers import cell_text
from dangbo.organizations.models import Organization
from dangbo.rules import ratings as rules
from dangbo.rules.text import search_key

from . import actions
from .actions.common import later
from .actions.records import PART_FIELDS, check_part, published_figure
from .importer import read_mapped

HEADERS = {
    "org_code": ("ma to chuc", "ma", "ma to chuc dang"),
    "year": ("nam", "nam xep loai", "nam danh gia"),
    "part": ("doi tuong", "loai"),
    "grade": ("muc xep loai", "xep loai", "muc", "ket qua xep loai"),
    "count": ("so luong", "so"),
    "share": ("ty le", "ty le %", "ti le"),
    "base": ("tong so duoc danh gia", "tong so", "so duoc danh gia"),
    "source_document": ("van ban nguon", "nguon", "bao cao"),
}
LABELS = {"org_code": "Mã tổ chức", "year": "Năm", "part": "Đối tượng", "grade": "Mức xếp loại",
          "count": "Số lượng", "share": "Tỷ lệ (%)", "base": "Tổng số được đánh giá",
          "source_document": "Văn bản nguồn"}
MAX_ROWS = 20_000


def _said(message, /, **params) -> str:
    return later(lambda: message % params)


def word_key(text) -> str:
    return " ".join(re.sub(r"[^a-z0-9% ]", " ", search_key(str(text or ""))).split())


def part_of(text) -> str | None:
    k = word_key(text)
    if k.startswith(("dang vien", "dv")):
        return "members"
    if k.startswith(("to chuc", "chi bo", "dang bo", "tccsd", "co so dang")):
        return "organizations"
    return None


def grade_of(scale, part: str, text) -> str | None:
    k = word_key(text)
    for g in scale.grades(part):
        if k == word_key(g.label) or k in g.aliases or k == g.key:
            return g.key
    return None


@dataclass
class Preview:
    groups: list[dict] = field(default_factory=list)  # {org, year, as_shares, members, organizations, bases, ...}
    errors: list[str] = field(default_factory=list)

    @property
    def years(self) -> list[int]:
        return sorted({g["year"] for g in self.groups})


def _map_headers(headers) -> tuple[dict[str, int], list[str]]:
    index, _unknown = find_columns(headers, HEADERS)
    missing = [k for k in ("year", "part", "grade") if k not in index]
    errors = [_said(_("Thiếu cột «%(column)s»."), column=LABELS[k]) for k in missing]
    if "count" not in index and "share" not in index:
        errors.append(_("Cần cột «Số lượng» hoặc «Tỷ lệ (%)»."))
    return index, errors


def preview(org: Organization, source, filename: str | None = None) -> Preview:
    out = Preview()
    table, index = read_mapped(source, filename, _map_headers, out.errors)
    if table is None:
        return out
    rows = list(table.rows)
    if len(rows) > MAX_ROWS:
        out.errors.append(_said(_("Tệp có hơn %(rows)s dòng: hãy chia nhỏ."), rows=MAX_ROWS))
        return out
    codes = {cell_text(cells[index["org_code"]]) for _n, cells in rows} if "org_code" in index else set()
    orgs = {o.code: o for o in Organization.objects.filter(path__startswith=org.path, code__in=codes - {""})}
    groups: dict[tuple[int, int], dict] = {}
    for number, cells in rows:
        def cell(key, cells=cells):
            return cell_text(cells[index[key]]) if key in index else ""

        def err(key, message, number=number):
            out.errors.append(_said(_("Dòng %(row)s, cột «%(column)s»: %(message)s"), row=number,
                                    column=table.headers[index[key]] or LABELS[key], message=message))

        code = cell("org_code")
        target = orgs.get(code) if code else org
        if target is None:
            err("org_code", _said(_("không có tổ chức mã «%(code)s» trong %(org)s."), code=code, org=org.name))
            continue
        ytext = cell("year")
        try:
            year = int(float(ytext))
            scale = rules.scale_for(year)
        except ValueError as exc:
            err("year", _said(_("«%(text)s» không phải năm có thang xếp loại (%(why)s)."), text=ytext,
                              why=str(exc) if ytext.strip().isdigit() else _("không phải số")))
            continue
        part = part_of(cell("part"))
        if part is None:
            err("part", _said(_("«%(text)s»: ghi «Đảng viên» hoặc «Tổ chức đảng»."), text=cell("part")))
            continue
        grade = grade_of(scale, part, cell("grade"))
        if grade is None:
            err("grade", _said(_("«%(text)s» không phải mức xếp loại %(who)s năm %(year)s (%(labels)s)."),
                               text=cell("grade"), who=_("đảng viên") if part == "members" else _("tổ chức đảng"),
                               year=year, labels="; ".join(g.label for g in scale.grades(part))))
            continue
        count, share = cell("count"), cell("share")
        if bool(count) == bool(share):
            err("count" if "count" in index else "share",
                _("ghi số lượng hoặc tỷ lệ (một trong hai)."))
            continue
        as_shares = bool(share)
        key = "share" if as_shares else "count"
        try:
            value = published_figure(share or count, f"{PART_FIELDS[part]}_{grade}", as_shares)
        except ValidationError as exc:
            err(key, " ".join(exc.messages))
            continue
        g = groups.setdefault((target.pk, year), {
            "org": target, "year": year, "as_shares": as_shares, "first_row": number, "scale": scale,
            "members": {}, "organizations": {}, "bases": {"members": None, "organizations": None},
            "source_document": "", "rows": []})
        if g["as_shares"] != as_shares:
            err(key, _said(_("năm %(year)s của %(org)s đã ghi theo %(kind)s ở dòng %(row)s; không trộn số lượng với "
                             "tỷ lệ."), year=year, org=target.name, row=g["first_row"],
                           kind=_("tỷ lệ") if g["as_shares"] else _("số lượng")))
            continue
        if grade in g[part]:
            err("grade", _said(_("mức này đã có ở dòng %(row)s."), row=g["rows"][[r[1:] for r in g["rows"]].index(
                (part, grade))][0]))
            continue
        base = cell("base")
        if base:
            try:
                b = int(float(base))
                if b < 0:
                    raise ValueError
            except ValueError:
                err("base", _said(_("«%(text)s» không phải số."), text=base))
                continue
            if g["bases"][part] not in (None, b):
                err("base", _said(_("khác tổng số đã ghi (%(base)s)."), base=g["bases"][part]))
                continue
            g["bases"][part] = b
        g[part][grade] = value
        g["rows"].append((number, part, grade))
        g["source_document"] = g["source_document"] or cell("source_document")
    for g in groups.values():
        if not g["source_document"]:
            column = "source_document" if "source_document" in index else "year"
            out.errors.append(_said(_("Dòng %(row)s, cột «%(column)s»: năm %(year)s của %(org)s chưa ghi văn bản "
                                      "nguồn."), row=g["first_row"], column=LABELS[column], year=g["year"],
                                    org=g["org"].name))
            continue
        for part in ("members", "organizations"):
            try:
                check_part(g["scale"], part, g[part], g["as_shares"], g["bases"][part],
                            rules.EXEMPLARY_WITHIN_DEFAULT)
            except ValidationError as exc:
                row = next((n for n, p, _k in g["rows"] if p == part), g["first_row"])
                out.errors.append(_said(_("Dòng %(row)s, cột «%(column)s»: %(message)s"), row=row,
                                        column=LABELS["share" if g["as_shares"] else "count"],
                                        message=" ".join(exc.messages)))
        out.groups.append(g)
    if not out.groups and not out.errors:
        out.errors.append(_("Tệp không có dòng dữ liệu nào."))
    return out


def commit(actor, org: Organization, source, filename: str | None = None) -> Preview:
    """All or nothing: re-read and re-check the file; write every organisation-year, or nothing."""
    result = preview(org, source, filename)
    if result.errors:
        fail(None, _("Tệp còn %(count)s lỗi, chưa ghi gì: %(errors)s"), count=len(result.errors),
             errors=later(lambda: "; ".join(map(str, result.errors[:20]))))
    with transaction.atomic():
        for g in result.groups:
            actions.enter_published_totals(
                actor, g["org"], year=g["year"], members=g["members"], organizations=g["organizations"],
                source_document=g["source_document"], as_shares=g["as_shares"],
                members_base=g["bases"]["members"], orgs_base=g["bases"]["organizations"])
    return result
