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
from dangbo.rules.text import format_number, format_percent

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
    superior = upper.parent
    return {
        "kind": "consolidated", "year": year, "basis": basis, "basis_label": BASES[basis],
        "organization": {"code": upper.code, "name": upper.name, "kind": upper.get_kind_display(),
                         "superior": superior.name.upper() if superior else "",
                         "issuer": issuer_abbreviation(upper)},
        "symbol": f"-BC/{issuer_abbreviation(upper)}", "made_on": made_on, "unit_word": word,
        "coverage": {"expected": len(rows), "submitted": submitted, "counted": len(counted),
                     "text": f"{submitted}/{len(rows)} {word} đã nộp",
                     "counted_text": f"số liệu tổng hợp từ {len(counted)}/{len(rows)} {word} ({BASES[basis]})",
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
    names = sorted({n for k in keys for n in data["lacking"].get(k, [])})
    return f" (chưa gồm {', '.join(names)}: chưa có số liệu)" if names else ""


def coverage_line(data: dict) -> str:
    c = data["coverage"]
    return f"{c['text']}; {c['counted_text']}."


def missing_line(data: dict) -> str:
    miss = data["coverage"]["missing"]
    if not miss:
        return ""
    parts = [f"{m['name']} ({m['state_label']}" + (f": {m['comment']}" if m["comment"] else "") + ")" for m in miss]
    return f"Chưa tổng hợp số liệu của {len(miss)} {data['unit_word']}: " + "; ".join(parts) + "."


def lines(data: dict) -> list[str]:
    """The report's figure paragraphs, in the order of the Party's reports."""
    t, y, word = data["totals"], data["year"], data["unit_word"]
    out = [coverage_line(data)]
    if missing_line(data):
        out.append(missing_line(data))
    if t["members_end"] is not None:
        out.append(f"Đến ngày 31/12/{y}, {data['coverage']['counted']} {word} đã tổng hợp có {_n(t['members_end'])} "
                   f"đảng viên ({_n(t['official'])} chính thức, {_n(t['probationary'])} dự bị); đầu năm có "
                   f"{_n(t['members_start'])} đảng viên" + _lacking_note(data, GROUPS["members"]) + ".")
        out.append(f"Trong năm {y}: kết nạp {_n(t['admission'])} đảng viên; công nhận chính thức "
                   f"{_n(t['recognition'])}; chuyển đến {_n(t['transfer_in'])}, chuyển đi {_n(t['transfer_out'])}; "
                   f"từ trần {_n(t['death'])}; khai trừ {_n(t['expulsion'])}, xóa tên {_n(t['removal'])}, xin ra "
                   f"khỏi Đảng {_n(t['resignation'])}.")
    else:
        out.append("Chưa có số liệu đảng viên của tổ chức nào đã tổng hợp.")
    if t["rated"] is not None:
        parts = [f"{lbl} {_n(t[f'm_{k}'])} ({_share(t[f'm_{k}'], t['rated'])})" for k, lbl in LEVELS]
        out.append(f"Kết quả đánh giá, xếp loại đảng viên năm {y}: {_n(t['rated'])} đảng viên được xếp loại, "
                   + ", ".join(parts) + f"; {_n(t['not_rated'])} đảng viên không xếp loại"
                   + _lacking_note(data, GROUPS["ratings"]) + ".")
        if t["o_rated"]:
            parts = [f"{lbl} {_n(t[f'o_{k}'])}" for k, lbl in LEVELS]
            out.append(f"Chi bộ trực thuộc các {word}: {_n(t['o_rated'])} chi bộ được xếp loại, "
                       + ", ".join(parts) + ".")
    else:
        out.append(f"Chưa có kết quả xếp loại đảng viên năm {y} của tổ chức nào đã tổng hợp.")
    sc = data["self_ratings"]
    parts = [f"{lbl} {sc[k]}" for k, lbl in LEVELS if sc[k]]
    out.append(f"Xếp loại {word} năm {y}: " + (", ".join(parts) if parts else "chưa có kết quả")
               + (f"; {sc['none']} {word} chưa có kết quả xếp loại" if sc["none"] and parts else "") + ".")
    out.append(f"Khen thưởng: {_n(t['commendations'])} quyết định; trao Huy hiệu Đảng cho {_n(t['badges'])} "
               "đồng chí.")
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
    left = ([(o["superior"], False)] if o["superior"] else []) + [(o["name"], True)]
    party_header(doc, left, date_line(data.get("place") or "", made_on))
    para(doc, f"Số      {data['symbol']}", align="center", size=13)
    para(doc, "BÁO CÁO", bold=True, align="center", size=16)
    para(doc, f"tổng hợp kết quả công tác xây dựng Đảng năm {y}", bold=True, align="center")
    para(doc, "-----", align="center")
    for text in lines(data):
        para(doc, text, align="justify")
    para(doc, f"BẢNG TỔNG HỢP KẾT QUẢ CỦA CÁC {data['unit_word'].upper()}", bold=True, align="center")
    table = doc.add_table(rows=1, cols=len(TABLE_COLUMNS) + 3)
    table.style = "Table Grid"
    head = ["TT", "Tổ chức", "Tình trạng"] + [lbl for _k, lbl in TABLE_COLUMNS]
    for cell, text in zip(table.rows[0].cells, head, strict=True):
        cell.text = text
    for i, r in enumerate(data["rows"], 1):
        cells = table.add_row().cells
        values = [str(i), r["name"], r["state_label"]] + [
            _n(r["figures"].get(k)) if r["counted"] else "" for k, _l in TABLE_COLUMNS]
        for cell, text in zip(cells, values, strict=True):
            cell.text = text
    cells = table.add_row().cells
    total = ["", "Tổng cộng", f"{data['coverage']['counted']}/{data['coverage']['expected']}"] + [
        _n(data["totals"][k]) for k, _l in TABLE_COLUMNS]
    for cell, text in zip(cells, total, strict=True):
        cell.text = text
    for row in table.rows:
        for cell in row.cells:
            for p in cell.paragraphs:
                for run in p.runs:
                    run.font.size = Pt(11)
    para(doc, "")
    signature(doc, "T/M ĐẢNG ỦY" if o["issuer"] == "ĐU" or o["issuer"].startswith("ĐU") else "T/M CHI BỘ",
              "BÍ THƯ", note="")
    para(doc, "Nơi nhận:", bold=True, italic=True, size=12)
    for line in ([f"- {o['superior'].title()}," if o["superior"] else "- Cấp ủy cấp trên,"]
                 + [f"- Các {data['unit_word']},", "- Lưu Văn phòng."]):
        para(doc, line, size=12)
    return docx_bytes(doc)


def filename(data: dict, ext: str) -> str:
    return f"bao-cao-tong-hop-{data['year']}-{data['organization']['code']}.{ext}"


# -- the bảng tổng hợp .xlsx ------------------------------------------------------------------------------------
def render_xlsx(data: dict) -> bytes:
    """Rows = the organisations (the missing ones marked, figures left empty), columns = the figures, a totals
    row over the counted ones. Plain cells and sums (no formulas) so LibreOffice and Excel read the same."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = "Bảng tổng hợp"
    o, y = data["organization"], data["year"]
    head = ["TT", "Mã", "Tổ chức", "Tình trạng"] + [lbl for _k, lbl in FIELDS] + [
        f"Xếp loại {data['unit_word']}", "Ghi chú"]
    ws.append([f"BẢNG TỔNG HỢP KẾT QUẢ CÔNG TÁC XÂY DỰNG ĐẢNG NĂM {y} – {o['name'].upper()}"])
    ws.append([coverage_line(data)])
    ws.append(head)
    bold, thin = Font(bold=True), Side(style="thin")
    grey = PatternFill("solid", fgColor="DDDDDD")
    for c in ws[3]:
        c.font, c.alignment = bold, Alignment(wrap_text=True, vertical="center", horizontal="center")
    for i, r in enumerate(data["rows"], 1):
        figures = [r["figures"].get(k) for k, _l in FIELDS] if r["counted"] else [None] * len(FIELDS)
        note = "" if r["counted"] else f"Không tính vào tổng: {r['state_label']}" + (
            f" ({r['comment']})" if r["comment"] else "")
        if r["counted"] and r["missing"]:
            note = "Thiếu: " + "; ".join(r["missing"].values())
        ws.append([i, r["code"], r["name"], r["state_label"]] + figures
                  + [SELF_LABELS.get(r["self"], "") if r["counted"] else "", note])
        if not r["counted"]:
            for c in ws[ws.max_row]:
                c.fill = grey
    sc = data["self_ratings"]
    ws.append(["", "", f"Tổng cộng ({data['coverage']['counted']}/{data['coverage']['expected']} đã tính)", ""]
              + [data["totals"][k] for k, _l in FIELDS]
              + ["; ".join(f"{lbl}: {sc[k]}" for k, lbl in LEVELS), missing_line(data)])
    for c in ws[ws.max_row]:
        c.font = bold
    for row in ws.iter_rows(min_row=3, max_row=ws.max_row):
        for c in row:
            c.border = Border(left=thin, right=thin, top=thin, bottom=thin)
    widths = {1: 5, 2: 12, 3: 40, 4: 22}
    for col in range(1, len(head) + 1):
        ws.column_dimensions[get_column_letter(col)].width = widths.get(col, 12)
    ws.column_dimensions[get_column_letter(len(head))].width = 40
    ws.row_dimensions[3].height = 60
    ws.freeze_panes = "E4"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
