"""Ballots and the counting record (biên bản kiểm phiếu) as DOCX in the Party document format (rules.md §6:
A4, Times New Roman 14, "ĐẢNG CỘNG SẢN VIỆT NAM" on the right, the issuing body on the left, place and date),
PDF through LibreOffice when it is installed, results as CSV and JSON."""

from __future__ import annotations

import io
import json

from docx.shared import Cm, Pt

from dangbo.core import printing
from dangbo.core.docx import docx_bytes, para, party_document, party_header
from dangbo.organizations.queries import deciding_body
from dangbo.rules import elections as rules
from dangbo.rules.spreadsheet import csv_writer
from dangbo.rules.text import format_date, roman

# One LibreOffice conversion for every app (issue 17): core.printing.
NoLibreOffice = printing.NoLibreOffice


def soffice() -> str | None:
    return printing.soffice()


def to_pdf(docx_bytes: bytes) -> bytes:
    """DOCX -> PDF with LibreOffice (headless); NoLibreOffice when it is not installed."""
    if soffice() is None:
        raise NoLibreOffice(printing.NO_LIBREOFFICE)
    return printing.docx_to_pdf(docx_bytes)


# -- building blocks --------------------------------------------------------------------------------------------
def _header(doc, issuer: str, upper: str, place_date: str, seal_room: bool = False):
    """Upper body / issuing body * on the left, the Party name and date on the right."""
    party_header(doc, [*([(upper, False)] if upper else []), (issuer, True)], place_date,
                 "(Dấu của ban kiểm phiếu / cấp ủy)" if seal_room else "")


def _table(doc, headers, rows, widths=None):
    t = doc.add_table(rows=1, cols=len(headers))
    t.style = "Table Grid"
    for cell, h in zip(t.rows[0].cells, headers, strict=True):
        cell.text = ""
        run = cell.paragraphs[0].add_run(h)
        run.bold = True
        run.font.size = Pt(13)
    for row in rows:
        cells = t.add_row().cells
        for cell, v in zip(cells, row, strict=True):
            cell.text = ""
            run = cell.paragraphs[0].add_run(str(v))
            run.font.size = Pt(13)
    if widths:
        t.autofit = False
        for col, w in zip(t.columns, widths, strict=True):
            col.width = Cm(w)  # LibreOffice reads the grid, Word the cells
        for row in t.rows:
            for cell, w in zip(row.cells, widths, strict=True):
                cell.width = Cm(w)
    return t


def _place_date(congress) -> str:
    d = congress.opened_on
    return f"{congress.place or '……'}, ngày {d.day:02d} tháng {d.month:02d} năm {d.year}"


def _upper_name(congress) -> str:
    parent = deciding_body(congress.organization)
    return parent.name if parent else ""


# -- ballots -----------------------------------------------------------------------------------------------------
def ballot_docx(election, copies: int = 1) -> bytes:
    """The ballot: the list in Vietnamese order, room for the seal top left; a list without surplus has the
    đồng ý / không đồng ý columns (rules.md §2.4)."""
    congress = election.congress
    cands = rules.ordered_candidates(
        rules.Candidate(str(c.pk), c.full_name) for c in election.candidates.all())
    with_surplus = rules.with_surplus(len(cands), election.seats)
    doc = party_document()
    for i in range(copies):
        if i:
            doc.add_page_break()
        _header(doc, f"Ban kiểm phiếu {congress.organization.name}", "", "", seal_room=True)
        para(doc, "PHIẾU BẦU CỬ", bold=True, size=16, align="center")
        para(doc, f"{rules.BODY_LABELS[election.body]} {congress.organization.name}", bold=True, align="center")
        para(doc, f"{congress.title}" + (f" — bầu lần thứ {election.round}" if election.round > 1 else ""),
              italic=True, align="center")
        para(doc, f"Số lượng cần bầu: {election.seats} người", align="center")
        if with_surplus:
            _table(doc, ["STT", "Họ và tên"], [(n, c.name) for n, c in enumerate(cands, 1)], widths=[1.5, 14])
            para(doc, "Đồng ý bầu ai thì để nguyên họ tên; không đồng ý bầu ai thì gạch ngang cả họ và tên "
                       "người đó. Không bầu quá số lượng cần bầu.", italic=True, size=12)
        else:
            _table(doc, ["STT", "Họ và tên", "Đồng ý", "Không đồng ý"],
                   [(n, c.name, "", "") for n, c in enumerate(cands, 1)], widths=[1.5, 9, 2.5, 3])
            para(doc, "Đánh dấu (X) vào một trong hai ô «Đồng ý» hoặc «Không đồng ý» đối với từng người.",
                  italic=True, size=12)
    return docx_bytes(doc)


# -- counting record ---------------------------------------------------------------------------------------------
def record_docx(election, data: dict, version: int | None = None) -> bytes:
    """The biên bản kiểm phiếu with every figure of rules.md §2.8 / §2A.6."""
    congress = election.congress
    doc = party_document()
    _header(doc, f"Đảng bộ {congress.organization.name}" if not congress.organization.name.lower().startswith(
        ("đảng bộ", "chi bộ")) else congress.organization.name, _upper_name(congress), _place_date(congress))
    para(doc, "BIÊN BẢN KIỂM PHIẾU", bold=True, size=16, align="center")
    para(doc, f"Bầu {data['body_label']}" + (f" (lần thứ {data['round']})" if data["round"] > 1 else ""),
          bold=True, align="center")
    para(doc, congress.title, bold=True, align="center")
    if version and version > 1:
        para(doc, f"(Phiên bản điều chỉnh số {version})", italic=True, align="center")
    para(doc, f"Căn cứ {data['regime_document']} và Hướng dẫn thi hành; ban kiểm phiếu gồm các đồng chí:",
          align="justify")
    board = data.get("board") or []
    if board:
        for b in board:
            para(doc, f"– Đồng chí {b['name']}" + (" (Trưởng ban)" if b.get("chair") else ""))
    else:
        para(doc, "– (chưa ghi thành viên ban kiểm phiếu)")
    para(doc, "Đã tiến hành kiểm phiếu và xác định kết quả như sau:", align="justify")
    kind_word = "đại biểu chính thức" if congress.kind == "delegates" else "đảng viên chính thức"
    if data.get("at_conference"):  # elected at the new committee's conference (rules.md §2A.3)
        kind_word = "cấp ủy viên khóa mới"
    lines = [
        f"1. Số lượng cần bầu đã được đại hội biểu quyết: {data['seats']} người.",
        f"2. Tổng số {kind_word} được triệu tập: {data['convened']}.",
        f"   Số có mặt: {data['present']}; số vắng mặt: {data['absent']}.",
        f"   Số được trừ khi tính kết quả: {len(data['excluded'])}"
        + ("" if not data["excluded"] else " (" + "; ".join(f"{x['name']}: {x['reason']}" for x in data["excluded"])
           + ")") + ".",
        f"   Cơ sở tính kết quả (số {kind_word} được triệu tập trừ số được trừ): {data['base']} "
        f"({data['threshold_source']}).",
        f"3. Số phiếu phát ra: {data['issued']}; số phiếu thu về: {data['returned']}.",
        f"4. Số phiếu hợp lệ: {data['valid']}; số phiếu không hợp lệ: {data['invalid']}.",
    ]
    for x in data["invalid_reasons"]:
        lines.append(f"   – {x['count']} phiếu: {x['reason']}")
    for line in lines:
        para(doc, line, align="justify")
    para(doc, "5. Danh sách bầu cử (xếp theo vần A, B, C) và số phiếu bầu cho từng người (tỷ lệ so với cơ sở tính "
               "kết quả):", align="justify")
    by_id = {r["id"]: r for r in data["rows"]}
    _table(doc, ["STT", "Họ và tên", "Số phiếu", "Tỷ lệ"],
           [(i, c["name"], by_id[c["id"]]["votes"], by_id[c["id"]]["percent"])
            for i, c in enumerate(data["candidates"], 1)], widths=[1.5, 9, 2.5, 3])
    para(doc, "")
    deleg = data.get("delegation")
    if deleg:
        para(doc, "6. Người trúng cử đại biểu chính thức (theo thứ tự số phiếu từ cao đến thấp, có số phiếu quá "
                   "một nửa):", align="justify")
        _winners(doc, deleg["official"], by_id)
        para(doc, "   Đại biểu dự khuyết:")
        _winners(doc, deleg["alternates"], by_id)
    else:
        para(doc, "6. Người trúng cử (theo thứ tự số phiếu từ cao đến thấp, vừa đủ số lượng cần bầu và có số phiếu "
                   "quá một nửa so với cơ sở tính kết quả):", align="justify")
        _winners(doc, data["elected"], by_id)
    for m in data["messages"] + data["findings"]:
        para(doc, m, italic=True, align="justify")
    para(doc, f"Biên bản lập lúc … giờ … ngày {data['on']}, được đọc lại cho đại hội nghe.", align="justify")
    t = doc.add_table(rows=1, cols=2)
    para(t.rows[0].cells[0], "CÁC THÀNH VIÊN BAN KIỂM PHIẾU", bold=True, size=13, align="center")
    para(t.rows[0].cells[1], "TRƯỞNG BAN KIỂM PHIẾU", bold=True, size=13, align="center")
    chair = next((b["name"] for b in board if b.get("chair")), "")
    for _ in range(3):
        para(t.rows[0].cells[1], "")
    para(t.rows[0].cells[1], chair, bold=True, align="center")
    for b in board:
        if not b.get("chair"):
            para(t.rows[0].cells[0], b["name"], align="center")
    return docx_bytes(doc)


def _winners(doc, winners, by_id):
    if not winners:
        para(doc, "   Không có người trúng cử.")
        return
    for i, w in enumerate(winners, 1):
        para(doc, f"   {i}. Đồng chí {w['name']}: {w['votes']} phiếu, đạt {by_id[w['id']]['percent']}.")


def committee_docx(congress, committee, term=None) -> bytes:
    doc = party_document()
    _header(doc, congress.organization.name, _upper_name(congress), _place_date(congress))
    para(doc, "DANH SÁCH BAN CHẤP HÀNH (CẤP ỦY) KHÓA MỚI", bold=True, size=15, align="center")
    para(doc, congress.title, bold=True, align="center")
    if term is not None and term.is_appointed:  # CT 45: the level above appointed the committee
        para(doc, f"(Chỉ định theo Quyết định số {term.approval_number} ngày {format_date(term.approval_date)}"
                  f"{' của ' + term.approval_issuer if term.approval_issuer else ''})", italic=True, align="center")
    elif congress.approval_number:
        para(doc, f"(Chuẩn y theo Quyết định số {congress.approval_number} ngày "
                   f"{format_date(congress.approval_date)})", italic=True, align="center")
    _table(doc, ["STT", "Họ và tên", "Chức vụ"],
           [(i, m.full_name, m.get_position_display()) for i, m in enumerate(committee, 1)], widths=[1.5, 9, 6])
    return docx_bytes(doc)


def upper_delegates_docx(congress, data: dict) -> bytes:
    """The delegates to the upper congress, counted apart: đương nhiên, chỉ định, bầu; official, then alternates."""
    doc = party_document()
    _header(doc, congress.organization.name, _upper_name(congress), _place_date(congress))
    para(doc, "DANH SÁCH ĐẠI BIỂU DỰ ĐẠI HỘI ĐẢNG BỘ CẤP TRÊN", bold=True, size=15, align="center")
    para(doc, congress.title, bold=True, align="center")
    para(doc, f"Tổng số: {data['official']} đại biểu chính thức, {data['alternates']} đại biểu dự khuyết.",
         align="center")
    titles = {"ex_officio": "Đại biểu đương nhiên", "appointed": "Đại biểu được chỉ định",
              "elected": "Đại biểu được bầu"}
    order = ["ex_officio", "appointed", "elected"]
    groups = sorted(data["groups"], key=lambda g: order.index(g["kind"]))
    for n, g in enumerate([g for g in groups if g["people"]], 1):
        para(doc, f"{roman(n)}. {titles[g['kind']]}: {g['official']} chính thức, {g['alternates']} dự khuyết",
             bold=True)
        rows = [(i, x["name"], x["unit"], "Dự khuyết" if x["alternate"] else "Chính thức", x["decision"])
                for i, x in enumerate(sorted(g["people"], key=lambda x: x["alternate"]), 1)]
        _table(doc, ["STT", "Họ và tên", "Đơn vị", "Chính thức / dự khuyết", "Quyết định"], rows,
               widths=[1.2, 5.5, 4, 3, 3.5])
    return docx_bytes(doc)


# -- CSV and JSON -----------------------------------------------------------------------------------------------
def result_csv(data: dict) -> bytes:
    buf = io.StringIO()
    w = csv_writer(buf)  # candidate names are neutralised: a name "=…" must not become a formula
    w.writerow(["STT", "Họ và tên", "Số phiếu", "Tỷ lệ so với cơ sở", "Quá một nửa", "Trúng cử"])
    for i, r in enumerate(data["rows"], 1):
        w.writerow([i, r["name"], r["votes"], r["percent"], "có" if r["passed"] else "không",
                    "trúng cử" if r["elected"] else ""])
    w.writerow([])
    for label, key in (("Triệu tập", "convened"), ("Có mặt", "present"), ("Cơ sở tính kết quả", "base"),
                       ("Phiếu phát ra", "issued"), ("Phiếu thu về", "returned"), ("Phiếu hợp lệ", "valid"),
                       ("Phiếu không hợp lệ", "invalid")):
        w.writerow([label, data[key]])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")  # BOM: Excel opens UTF-8 with diacritics


def result_json(data: dict) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")
