"""The consolidated report of an upper level (issue 12, document 4: «Báo cáo tổng hợp» and its bảng tổng hợp).

Its figures are the SUM of the frozen figures its organisations submitted (`submissions.snapshot`), counting the
accepted ones (basis "accepted", the default) or also those submitted and not yet decided (basis "submitted");
the data says which. An organisation whose figures are not counted (not submitted, returned, waiting) is listed
by name with why, never counted as 0; a counted organisation without a group of figures (no ratings yet) is
named beside the total it is missing from. Renderers: .docx (Party format), the bảng tổng hợp .xlsx, news text.
"""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext_noop

from dangbo.core import replica
from dangbo.core.scopes import READ, Scope
from dangbo.organizations.models import Organization, OrgKind
from dangbo.rules.text import Text, format_number, format_percent, joined_text
from dangbo.rules.text import text as _

from .submissions import FIELDS, GROUPS, LEVELS, SELF_LABELS, expected

# Vietnamese here (the .docx, .xlsx and JSON); marked so that the page shows them translated (`{% translate var %}`).
BASES = {"accepted": gettext_noop("các báo cáo cấp trên đã nhận"),
         "submitted": gettext_noop("các báo cáo đã nộp (kể cả báo cáo cấp trên chưa xem)")}
STATE_WORDS = {"none": gettext_noop("chưa nộp"), "draft": gettext_noop("chưa nộp"),
               "submitted": gettext_noop("đã nộp, cấp trên chưa nhận"), "accepted": gettext_noop("cấp trên đã nhận"),
               "returned": gettext_noop("cấp trên trả lại")}
LABELS = dict(FIELDS)


def unit_word(upper: Organization) -> str:
    return gettext_noop("tổ chức cơ sở") if upper.kind == OrgKind.UPPER else gettext_noop("tổ chức trực thuộc")


@replica.reading()  # reads on the replica when there is one (core/replica.py)
def build(scope: Scope, upper: Organization, year: int, *, basis: str = "accepted",
          made_on: date | None = None) -> dict:
    from dangbo.documents.actions import issuer_abbreviation

    from .models import Kind, Submission

    scope.require(READ, upper.path, f"Bạn không có quyền xem số liệu của «{upper.name}».")
    if basis not in BASES:
        raise ValueError(f"unknown basis {basis!r}")
    counted_states = {"accepted"} if basis == "accepted" else {"accepted", "submitted"}
    orgs = expected(upper, year)
    subs = {s.organization_id: s for s in Submission.objects.filter(
        organization__in=[o.pk for o in orgs], kind=Kind.YEAR_END, year=year)}
    rows = []
    for o in orgs:
        s = subs.get(o.pk)
        state = s.state if s is not None else "none"
        counted = state in counted_states
        snap = (s.figures or {}) if s is not None else {}
        rows.append({"code": o.code, "name": o.name, "state": state, "state_label": STATE_WORDS[state],
                     "counted": counted, "submission": s.pk if s else None,
                     "submitted_at": s.submitted_at if s else None, "comment": s.comment if s else "",
                     "figures": snap.get("figures", {}) if counted else {},
                     "missing": snap.get("missing", {}) if counted else {},
                     "self": snap.get("self") if counted else None})
    counted = [r for r in rows if r["counted"]]
    totals, lacking = {}, {}
    for key, _label in FIELDS:
        have = [r for r in counted if key in r["figures"]]
        totals[key] = sum(r["figures"][key] for r in have) if have else None
        lacking[key] = [r["name"] for r in counted if key not in r["figures"]]
    self_counts = {k: sum(1 for r in counted if r["self"] == k) for k, _l in LEVELS}
    self_counts["none"] = sum(1 for r in counted if r["self"] is None)
    submitted = sum(1 for r in rows if r["state"] in ("submitted", "accepted"))
    word = unit_word(upper)
    from .heading import party_heading

    heading = party_heading(upper, made_on or date(year, 12, 31), superior=upper.parent)
    heading["receivers"] = [heading["receivers"][0], f"- Các {word},", heading["receivers"][-1]]
    return {
        "kind": "consolidated", "year": year, "basis": basis, "basis_label": BASES[basis],
        "organization": {"code": upper.code, "name": upper.name, "kind": upper.get_kind_display(),
                         "issuer": issuer_abbreviation(upper), **heading},
        "symbol": f"-BC/{issuer_abbreviation(upper)}", "made_on": made_on, "unit_word": word,
        "coverage": {"expected": len(rows), "submitted": submitted, "counted": len(counted),
                     # Texts: Vietnamese as values (the files, the JSON), the page's language when shown.
                     "text": _("%(s)s/%(e)s %(unit)s đã nộp", s=submitted, e=len(rows), unit=Text(word)),
                     "counted_text": _("số liệu tổng hợp từ %(c)s/%(e)s %(unit)s (%(basis)s)", c=len(counted),
                                       e=len(rows), unit=Text(word), basis=Text(BASES[basis])),
                     "missing": [{"code": r["code"], "name": r["name"], "state": r["state"],
                                  "state_label": r["state_label"], "comment": r["comment"]}
                                 for r in rows if not r["counted"]]},
        "rows": rows, "totals": totals, "lacking": {k: v for k, v in lacking.items() if v},
        "self_ratings": self_counts, "fields": [{"key": k, "label": lbl} for k, lbl in FIELDS],
    }


# -- words ------------------------------------------------------------------------------------------------------
def _n(x) -> str:
    return "—" if x is None else format_number(x)


def _share(n, d) -> str:
    return format_percent(Decimal(n) * 100 / Decimal(d)) if d else ""


def _lacking_note(data: dict, keys: list[str]) -> str:
    """« (chưa gồm A, B: chưa có số liệu)» after a total some counted organisations have no figures for; ""."""
    names = sorted({n for k in keys for n in data["lacking"].get(k, [])})
    return Text(" (%(note)s)", {"note": _("chưa gồm %(names)s: chưa có số liệu", names=", ".join(names))}) \
        if names else ""


# The lines are Texts: Vietnamese as values (the .docx, .xlsx and news text, built in Vietnamese), the page's
# language on the consolidation page.
def coverage_line(data: dict) -> str:
    c = data["coverage"]
    return Text("%(text)s; %(counted)s.", {"text": c["text"], "counted": c["counted_text"]})


def missing_line(data: dict) -> str:
    miss = data["coverage"]["missing"]
    if not miss:
        return ""
    parts = [Text("%(name)s (%(state)s: %(comment)s)", {"name": m["name"], "state": Text(m["state_label"]),
                                                        "comment": m["comment"]}) if m["comment"]
             else Text("%(name)s (%(state)s)", {"name": m["name"], "state": Text(m["state_label"])}) for m in miss]
    return _("Chưa tổng hợp số liệu của %(n)s %(unit)s: %(orgs)s.", n=len(miss), unit=Text(data["unit_word"]),
             orgs=joined_text(parts, "; "))


def lines(data: dict) -> list[str]:
    """The report's figure paragraphs, in the order of the Party's reports."""
    t, y, word = data["totals"], data["year"], Text(data["unit_word"])
    out = [coverage_line(data)]
    if missing_line(data):
        out.append(missing_line(data))
    if t["members_end"] is not None:
        out.append(_("Đến ngày 31/12/%(year)s, %(counted)s %(unit)s đã tổng hợp có %(total)s đảng viên (%(official)s "
                     "chính thức, %(probationary)s dự bị); đầu năm có %(start)s đảng viên%(lacking)s.", year=y,
                     counted=data["coverage"]["counted"], unit=word, total=_n(t["members_end"]),
                     official=_n(t["official"]), probationary=_n(t["probationary"]), start=_n(t["members_start"]),
                     lacking=_lacking_note(data, GROUPS["members"])))
        out.append(_("Trong năm %(year)s: kết nạp %(admission)s đảng viên; công nhận chính thức %(recognition)s; "
                     "chuyển đến %(transfer_in)s, chuyển đi %(transfer_out)s; từ trần %(death)s; khai trừ "
                     "%(expulsion)s, xóa tên %(removal)s, xin ra khỏi Đảng %(resignation)s.", year=y,
                     **{k: _n(t[k]) for k in ("admission", "recognition", "transfer_in", "transfer_out", "death",
                                              "expulsion", "removal", "resignation")}))
    else:
        out.append(_("Chưa có số liệu đảng viên của tổ chức nào đã tổng hợp."))
    if t["rated"] is not None:
        parts = [f"{lbl} {_n(t[f'm_{k}'])} ({_share(t[f'm_{k}'], t['rated'])})" for k, lbl in LEVELS]
        # Whose figures these are comes first, so «54 đảng viên được xếp loại» never reads as the whole đảng bộ's
        # beside its 2.886 members when some organisations sent no ratings.
        lacking = {n for k in GROUPS["ratings"] for n in data["lacking"].get(k, [])}
        counted = data["coverage"]["counted"]
        whose = _(" của %(with)s/%(counted)s %(unit)s có kết quả xếp loại", **{"with": counted - len(lacking)},
                  counted=counted, unit=word) if lacking else ""
        out.append(_("Kết quả đánh giá, xếp loại đảng viên năm %(year)s%(whose)s: %(rated)s đảng viên được xếp "
                     "loại, %(levels)s; %(not_rated)s đảng viên không xếp loại%(lacking)s.", year=y, whose=whose,
                     rated=_n(t["rated"]), levels=", ".join(parts), not_rated=_n(t["not_rated"]),
                     lacking=_lacking_note(data, GROUPS["ratings"])))
        if t["o_rated"]:
            parts = [f"{lbl} {_n(t[f'o_{k}'])}" for k, lbl in LEVELS]
            out.append(_("Chi bộ trực thuộc các %(unit)s: %(rated)s chi bộ được xếp loại, %(levels)s.", unit=word,
                         rated=_n(t["o_rated"]), levels=", ".join(parts)))
    else:
        out.append(_("Chưa có kết quả xếp loại đảng viên năm %(year)s của tổ chức nào đã tổng hợp.", year=y))
    sc = data["self_ratings"]
    parts = ", ".join(f"{lbl} {sc[k]}" for k, lbl in LEVELS if sc[k])
    if not parts:
        out.append(_("Xếp loại %(unit)s năm %(year)s: chưa có kết quả.", unit=word, year=y))
    elif sc["none"]:
        out.append(_("Xếp loại %(unit)s năm %(year)s: %(levels)s; %(none)s %(unit)s chưa có kết quả xếp loại.",
                     unit=word, year=y, levels=parts, none=sc["none"]))
    else:
        out.append(_("Xếp loại %(unit)s năm %(year)s: %(levels)s.", unit=word, year=y, levels=parts))
    out.append(_("Khen thưởng: %(commendations)s quyết định; trao Huy hiệu Đảng cho %(badges)s đồng chí.",
                 commendations=_n(t["commendations"]), badges=_n(t["badges"])))
    return out


def news_text(data: dict) -> str:
    o = data["organization"]
    return (f"{o['name']} tổng hợp kết quả công tác xây dựng Đảng năm {data['year']}\n\n"
            + "\n".join(lines(data)) + "\n")


# -- .docx ------------------------------------------------------------------------------------------------------
TABLE_COLUMNS = [("members_end", "Đảng viên"), ("admission", "Kết nạp"), ("rated", "Được xếp loại"),
                 ("m_excellent", "HTXSNV"), ("m_not_completed", "KHTNV")]


def render_docx(data: dict, made_on: date) -> bytes:
    from docx.shared import Pt

    from dangbo.core.docx import docx_bytes, para, party_document, party_header, signature

    from .render import date_line

    o, y = data["organization"], data["year"]
    doc = party_document()
    left = ([(o["superior"], False)] if o["superior"] else []) + [(o["issuer_name"], True)]
    party_header(doc, left, date_line(data.get("place") or "", made_on))
    para(doc, f"Số      {data['symbol']}", align="center", size=13)
    para(doc, "BÁO CÁO", bold=True, align="center", size=16)
    para(doc, f"tổng hợp kết quả công tác xây dựng Đảng năm {y}", bold=True, align="center")
    para(doc, "-----", align="center")
    for text in lines(data):
        para(doc, text, align="justify")
    para(doc, f"BẢNG TỔNG HỢP KẾT QUẢ CỦA CÁC {data['unit_word'].upper()}", bold=True, align="center")
    table = doc.add_table(rows=0, cols=len(TABLE_COLUMNS) + 3)
    table.style = "Table Grid"
    _table_rows(table, [["TT", "Tổ chức", "Tình trạng"] + [lbl for _k, lbl in TABLE_COLUMNS]] + [
        [str(i), r["name"], r["state_label"]] + [
            _n(r["figures"].get(k)) if r["counted"] else "" for k, _l in TABLE_COLUMNS]
        for i, r in enumerate(data["rows"], 1)] + [
        ["", "Tổng cộng", f"{data['coverage']['counted']}/{data['coverage']['expected']}"] + [
            _n(data["totals"][k]) for k, _l in TABLE_COLUMNS]], Pt(11))
    para(doc, "")
    signature(doc, o["on_behalf"], o["signer_title"], note="", name=o["signer"])
    para(doc, "Nơi nhận:", bold=True, italic=True, size=12)
    for line in o["receivers"]:
        para(doc, line, size=12)
    return docx_bytes(doc)


def _table_rows(table, rows: list[list[str]], size) -> None:
    """The rows appended with their texts at `size`: one row built by python-docx, the others copies of its XML
    with their texts set (python-docx builds each element in Python and its `row.cells` walks the whole table for
    every row: minutes of CPU for the 2,000 rows of a province)."""
    from copy import deepcopy

    from docx.oxml.ns import qn

    row = table.add_row()
    for cell in row.cells:  # once, for the model row
        cell.paragraphs[0].add_run("x").font.size = size
    model = row._tr
    for values in rows:
        tr = deepcopy(model)
        texts = list(tr.iter(qn("w:t")))
        for t, text in zip(texts, values, strict=True):
            t.text = text
        model.addprevious(tr)
    model.getparent().remove(model)


def filename(data: dict, ext: str) -> str:
    return f"bao-cao-tong-hop-{data['year']}-{data['organization']['code']}.{ext}"


# -- the bảng tổng hợp .xlsx ------------------------------------------------------------------------------------
def render_xlsx(data: dict) -> bytes:
    """Rows = the organisations (the missing ones marked, figures left empty), columns = the figures, a totals
    row over the counted ones. Plain cells and sums (no formulas) so LibreOffice and Excel read the same; written
    with XlsxWriter (exchange.workbook: no text becomes a formula or a link), one pass, constant memory per row."""
    from dangbo.exchange.workbook import xlsx_workbook

    buf = io.BytesIO()
    wb = xlsx_workbook(buf, {"in_memory": True})
    ws = wb.add_worksheet("Bảng tổng hợp")
    o, y = data["organization"], data["year"]
    head = ["TT", "Mã", "Tổ chức", "Tình trạng"] + [lbl for _k, lbl in FIELDS] + [
        f"Xếp loại {data['unit_word']}", "Ghi chú"]
    cell = wb.add_format({"border": 1})
    grey = wb.add_format({"border": 1, "bg_color": "#DDDDDD"})
    bold = wb.add_format({"border": 1, "bold": True})
    header = wb.add_format({"border": 1, "bold": True, "text_wrap": True, "valign": "vcenter", "align": "center"})
    ws.write_string(0, 0, f"BẢNG TỔNG HỢP KẾT QUẢ CÔNG TÁC XÂY DỰNG ĐẢNG NĂM {y} – {o['name'].upper()}")
    ws.write_string(1, 0, coverage_line(data))
    for c, text in enumerate(head):
        ws.write_string(2, c, text, header)

    def row(r: int, values: list, fmt) -> None:
        for c, v in enumerate(values):
            if v is None or v == "":
                ws.write_blank(r, c, None, fmt)
            elif isinstance(v, int | float):
                ws.write_number(r, c, v, fmt)
            else:
                ws.write_string(r, c, str(v), fmt)

    r = 3
    for i, x in enumerate(data["rows"], 1):
        figures = [x["figures"].get(k) for k, _l in FIELDS] if x["counted"] else [None] * len(FIELDS)
        note = "" if x["counted"] else f"Không tính vào tổng: {x['state_label']}" + (
            f" ({x['comment']})" if x["comment"] else "")
        if x["counted"] and x["missing"]:
            note = "Thiếu: " + "; ".join(x["missing"].values())
        row(r, [i, x["code"], x["name"], x["state_label"]] + figures
            + [SELF_LABELS.get(x["self"], "") if x["counted"] else "", note], cell if x["counted"] else grey)
        r += 1
    sc = data["self_ratings"]
    row(r, ["", "", f"Tổng cộng ({data['coverage']['counted']}/{data['coverage']['expected']} đã tính)", ""]
        + [data["totals"][k] for k, _l in FIELDS]
        + ["; ".join(f"{lbl}: {sc[k]}" for k, lbl in LEVELS), missing_line(data)], bold)
    widths = {0: 5, 1: 12, 2: 40, 3: 22}
    for c in range(len(head)):
        ws.set_column(c, c, widths.get(c, 12))
    ws.set_column(len(head) - 1, len(head) - 1, 40)
    ws.set_row(2, 60)
    ws.freeze_panes(3, 4)
    wb.close()
    return buf.getvalue()
