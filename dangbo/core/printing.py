"""Lists printed as filed Party documents (issue 17): the organisation's head, a title, the filter in words, the
date, the table with its header repeated on every page, page numbers; as .docx (python-docx) and PDF (LibreOffice
headless, the one conversion every app uses: reports.render and congresses.documents call `docx_to_pdf`).

The format follows the year-end report's head (reports/build_template.py, rules.md §6.5): A4, Times New Roman,
the superior body and the issuing body (bold) top left with "*" under them, "ĐẢNG CỘNG SẢN VIỆT NAM" top right,
bold and underlined, the date in italics. Rows are at least `ROW_CM` high so that a page holds 25–35 of them
(about 26 on the first page under the head, 33 on the next ones, fewer when a long cell wraps).

A filed list is a Party document: it is built in Vietnamese whatever the page's language (core/i18n.py).
`pdf_response` takes a `build()` that makes the head and the rows, and runs it with Vietnamese active (choice
labels, the filter in words), then draws the document in Vietnamese; only its refusals (too long, no LibreOffice)
are shown in the reader's language.

The browser's own print of a list page uses the same head (templates/includes/print_header.html, drawn from
`PrintHead`) and static/dangbo/print.css.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext, gettext_noop
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from dangbo.rules.text import format_date, format_date_long, format_number

from .i18n import LANGUAGE

FONT = "Times New Roman"
ROW_CM = 0.76  # at least: 33 rows on a full A4 page, about 26 under the head of the first
BODY_PT = 10  # the table; wide enough for a date at 2,2 cm even where Times New Roman is replaced
# A list is a filed document, not an export of the register: beyond this the office narrows the filter (or takes
# the .xlsx export, which has no limit).
MAX_ROWS = 3000


class NoLibreOffice(RuntimeError):
    """LibreOffice is not installed (or failed): the page says so; the .docx is still offered."""

    def __init__(self, message: str, detail: str = ""):
        super().__init__(message + detail)
        self.message, self.detail = message, detail

    def shown(self) -> str:
        """The message in the reader's language (the detail, LibreOffice's own output, as it is)."""
        return gettext(self.message) + self.detail


# Refusals shown on the page, translated there (gettext_noop: the msgid is marked, the text stays Vietnamese).
NO_LIBREOFFICE = gettext_noop("Máy chủ chưa cài LibreOffice nên chưa tạo được tệp PDF; hãy tải tệp DOCX.")
CONVERSION_FAILED = gettext_noop("LibreOffice không chuyển được sang PDF (cần gói libreoffice-writer): ")


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(docx_bytes: bytes, timeout: int = 180) -> bytes:
    """DOCX -> PDF through LibreOffice headless, each conversion with its own profile (safe in parallel)."""
    exe = soffice()
    if exe is None:
        raise NoLibreOffice(NO_LIBREOFFICE)
    with tempfile.TemporaryDirectory(prefix="dangbo-pdf-") as tmp:
        src = Path(tmp) / "in.docx"
        src.write_bytes(docx_bytes)
        proc = subprocess.run([exe, f"-env:UserInstallation={(Path(tmp) / 'profile').as_uri()}", "--headless",
                               "--convert-to", "pdf", "--outdir", tmp, str(src)], capture_output=True, timeout=timeout)
        out = Path(tmp) / "in.pdf"
        if not out.exists():
            raise NoLibreOffice(CONVERSION_FAILED, proc.stderr.decode("utf-8", "replace")[-300:])
        return out.read_bytes()


# -- what a printed list says about itself -----------------------------------------------------------------------
@dataclass
class PrintHead:
    """The head of a printed list: who issues it (the organisation and its superior), what it is, which rows."""

    issuer: str
    superior: str
    title: str
    filters: str = ""
    printed_on: date = field(default_factory=date.today)
    subtitle: str = ""

    @property
    def date_line(self) -> str:
        return format_date_long(self.printed_on, padded=True)  # a Text: Vietnamese on paper, the page's language


def org_names(org) -> tuple[str, str]:
    """(issuer, superior) names of an organisation (anything with `name` and `parent`); ("", "") for None."""
    if org is None:
        return "", ""
    parent = getattr(org, "parent", None)
    return org.name, parent.name if parent is not None else ""


def head_for(org, title: str, filters: str = "", printed_on: date | None = None, subtitle: str = "") -> PrintHead:
    issuer, superior = org_names(org)
    return PrintHead(issuer=issuer, superior=superior, title=title, filters=filters,
                     printed_on=printed_on or date.today(), subtitle=subtitle)


NO_FILTER = "Tất cả (không lọc)"


def _value_words(bound, value) -> str:
    if value in (None, "", [], ()):
        return ""
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, date):
        return format_date(value)
    choices = getattr(bound.field, "choices", None)
    if choices is not None and not hasattr(value, "pk"):
        labels = {str(k): str(v) for k, v in choices if not isinstance(v, (list, tuple))}
        if isinstance(value, (list, tuple)):
            return ", ".join(labels.get(str(v), str(v)) for v in value)
        return labels.get(str(value), str(value))
    return str(value)


def filter_words(form, skip: tuple[str, ...] = ("after", "tu", "sap_xep", "dinh_dang")) -> str:
    """The conditions of a filter form (or a FilterSet) in words: «Tổ chức: Chi bộ A; Giới tính: Nữ». A FilterSet
    may name what an empty condition means in `print_defaults` ({"tinh_trang": "Đang sinh hoạt"})."""
    defaults = getattr(form, "print_defaults", {})
    form = getattr(form, "form", form)
    if form is None or (form.is_bound and not form.is_valid()):
        return NO_FILTER
    data = form.cleaned_data if form.is_bound else {}
    parts = []
    for name, bound in ((n, form[n]) for n in form.fields if n not in skip):
        words = _value_words(bound, data.get(name)) or defaults.get(name, "")
        if words:
            parts.append(f"{bound.label}: {words}")
    return "; ".join(parts) or NO_FILTER


# -- the document ------------------------------------------------------------------------------------------------
@dataclass
class Col:
    header: str
    width_cm: float
    align: str = "left"  # left | center | right


def _run(p, text: str, *, bold=False, italic=False, size=None, underline=False):
    run = p.add_run(text)
    run.bold, run.italic, run.underline = bold, italic, underline
    if size:
        run.font.size = Pt(size)
    return run


def _para(container, text="", *, align="center", **kw):
    p = container.add_paragraph()
    p.alignment = {"center": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT,
                   "left": WD_ALIGN_PARAGRAPH.LEFT}[align]
    p.paragraph_format.space_after = Pt(0)
    if text:
        _run(p, text, **kw)
    return p


def _field(p, code: str):
    """A Word field (PAGE, NUMPAGES) that LibreOffice fills in when it lays the pages out."""
    run = p.add_run()
    begin, instr, sep, end = (OxmlElement("w:fldChar"), OxmlElement("w:instrText"), OxmlElement("w:fldChar"),
                              OxmlElement("w:fldChar"))
    begin.set(qn("w:fldCharType"), "begin")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {code} "
    sep.set(qn("w:fldCharType"), "separate")
    end.set(qn("w:fldCharType"), "end")
    run._r.append(begin)
    run._r.append(instr)
    run._r.append(sep)
    shown = OxmlElement("w:t")
    shown.text = "1"
    run._r.append(shown)
    run._r.append(end)


def _narrow_cells(table, cm: float = 0.1):
    """Left and right cell margins of `cm` (LibreOffice's default 0,19 cm leaves too little for the text)."""
    tbl_pr = table._tbl.tblPr
    mar = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:w"), str(int(Cm(cm).twips)))
        el.set(qn("w:type"), "dxa")
        mar.append(el)
    tbl_pr.append(mar)


def _repeat_header(row):
    tr_pr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    tr_pr.append(el)
    no_split = OxmlElement("w:cantSplit")
    tr_pr.append(no_split)


def _document(landscape: bool):
    doc = Document()
    sec = doc.sections[0]
    if landscape:
        sec.orientation = WD_ORIENT.LANDSCAPE
        sec.page_width, sec.page_height = Cm(29.7), Cm(21)
    else:
        sec.page_width, sec.page_height = Cm(21), Cm(29.7)
    sec.top_margin, sec.bottom_margin = Cm(1.5), Cm(1.5)
    sec.left_margin, sec.right_margin = Cm(2), Cm(1.5)
    sec.footer_distance = Cm(0.6)
    style = doc.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(BODY_PT)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    style.paragraph_format.space_after = Pt(0)
    return doc


def _head(doc, head: PrintHead, width_cm: float):
    t = doc.add_table(rows=1, cols=2)
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    t.autofit = False
    left, right = t.rows[0].cells
    left.width, right.width = Cm(width_cm * 0.45), Cm(width_cm * 0.55)
    left.paragraphs[0].text = ""
    right.paragraphs[0].text = ""
    if head.superior:
        _para(left, head.superior.upper(), size=12)
    _para(left, head.issuer.upper(), bold=True, size=12)
    _para(left, "*", size=12)
    _para(right, "ĐẢNG CỘNG SẢN VIỆT NAM", bold=True, underline=True, size=13)
    _para(right, "")
    _para(right, head.date_line, italic=True, size=12)
    _para(doc, "")
    _para(doc, head.title.upper(), bold=True, size=14)
    if head.subtitle:
        _para(doc, head.subtitle, bold=True, size=12)
    _para(doc, f"Điều kiện lọc: {head.filters or NO_FILTER}", italic=True, size=11)
    _para(doc, f"In ngày {format_date(head.printed_on)}", italic=True, size=11)
    _para(doc, "")


def _footer(doc, head: PrintHead):
    p = doc.sections[0].footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(p, f"{head.title} — Trang ", size=10)
    _field(p, "PAGE")
    _run(p, "/", size=10)
    _field(p, "NUMPAGES")


def _cell(cell, text: str, align: str, *, bold=False):
    cell.text = ""
    p = cell.paragraphs[0]
    p.alignment = {"center": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT,
                   "left": WD_ALIGN_PARAGRAPH.LEFT}[align]
    _run(p, text, bold=bold, size=BODY_PT)


def list_docx(head: PrintHead, columns: list[Col], rows: list[list], *, landscape: bool = False,
              empty: str = "Không có dòng nào.") -> bytes:
    """The filed list as .docx bytes: head, title, filter, date, the table (header on every page), page numbers."""
    doc = _document(landscape)
    width = sum(c.width_cm for c in columns)
    _head(doc, head, width)
    t = doc.add_table(rows=1, cols=len(columns))
    t.style = "Table Grid"
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    t.autofit = False
    _narrow_cells(t)
    hdr = t.rows[0]
    _repeat_header(hdr)
    for cell, col in zip(hdr.cells, columns, strict=True):
        _cell(cell, col.header, "center", bold=True)
    for values in rows:
        row = t.add_row()
        row.height, row.height_rule = Cm(ROW_CM), WD_ROW_HEIGHT_RULE.AT_LEAST
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        for cell, col, v in zip(row.cells, columns, values, strict=True):
            _cell(cell, "" if v is None else str(v), col.align)
    if not rows:
        row = t.add_row()
        merged = row.cells[0].merge(row.cells[-1])
        _cell(merged, empty, "center")
    for row in t.rows:  # LibreOffice reads the grid, Word the cells
        for cell, col in zip(row.cells, columns, strict=True):
            cell.width = Cm(col.width_cm)
    for gc, col in zip(t._tbl.tblGrid.findall(qn("w:gridCol")), columns, strict=True):
        gc.set(qn("w:w"), str(int(Cm(col.width_cm).twips)))
    _footer(doc, head)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


FiledList = tuple[PrintHead, list[Col], list[list]]


def pdf_response(request, filename: str, build: Callable[[], FiledList], **kw):
    """The list as a PDF download. `build()` returns (head, columns, rows) and runs with Vietnamese active, like
    the drawing of the document: a filed list is in Vietnamese whatever the page's language (core/i18n.py). The
    refusals are pages in the reader's language: (400) when too long, (503) when LibreOffice is missing."""
    with translation.override(LANGUAGE):
        head, columns, rows = build()
    if len(rows) > MAX_ROWS:
        return render(request, "print_refused.html", {
            "message": gettext("Danh sách có %(rows)s dòng, quá %(limit)s dòng của một bản in.")
            % {"rows": format_number(len(rows)), "limit": format_number(MAX_ROWS)},
            "hint": gettext("Hãy lọc hẹp hơn (theo chi bộ, tình trạng…) hoặc dùng «Xuất Excel».")}, status=400)
    try:
        with translation.override(LANGUAGE):
            pdf = docx_to_pdf(list_docx(head, columns, rows, **kw))
    except NoLibreOffice as e:
        return render(request, "print_refused.html", {"message": e.shown(), "hint": ""}, status=503)
    resp = HttpResponse(pdf, content_type="application/pdf")
    resp["Content-Disposition"] = f'attachment; filename="{filename}"'
    return resp
