"""The Party document format for papers built with python-docx (rules.md §6: A4, margins 2/2/3/1,5 cm, Times New
Roman 14): a new document in that format and a paragraph helper, shared by the congresses' and the admission's
papers: the page, a paragraph, the two-column head, the signature block, the finished file."""

from __future__ import annotations

import io

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

FONT = "Times New Roman"
ALIGN = {"center": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT,
         "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}


def party_document() -> Document:
    doc = Document()
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Cm(21), Cm(29.7)
    sec.top_margin, sec.bottom_margin = Cm(2), Cm(2)
    sec.left_margin, sec.right_margin = Cm(3), Cm(1.5)
    style = doc.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(14)
    style.element.rPr.rFonts.set("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia", FONT)
    style.paragraph_format.space_after = Pt(3)
    return doc


def para(where, text="", *, bold=False, italic=False, size=None, align=None, upper=False):
    """A paragraph added to a document or a table cell; `align` is "center", "right" or "justify"."""
    p = where.add_paragraph()
    if text:
        run = p.add_run(text.upper() if upper else text)
        run.bold, run.italic = bold, italic
        if size:
            run.font.size = Pt(size)
    p.alignment = ALIGN.get(align)
    return p


def party_header(doc, left_lines: list[tuple[str, bool]], place_date: str, seal_note: str = ""):
    """The two-column head: the upper and the issuing body (text, bold) over a star on the left, «ĐẢNG CỘNG SẢN
    VIỆT NAM» underlined and the place and date on the right; `seal_note` leaves room for a seal under the star."""
    t = doc.add_table(rows=1, cols=2)
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = t.rows[0].cells
    for text, bold in left_lines:
        para(left, text, bold=bold, size=13, align="center", upper=True)
    if left_lines:
        para(left, "*", align="center")
    if seal_note:
        para(left, seal_note, italic=True, size=11, align="center")
        para(left, "")
    p = para(right, "ĐẢNG CỘNG SẢN VIỆT NAM", bold=True, size=15, align="center")
    p.runs[0].underline = True
    if place_date:
        para(right, place_date, italic=True, align="center")


def signature(doc, *titles: str, note: str = "(Ký, ghi rõ họ và tên)", name: str = ""):
    """The signature block on the right: the titles in bold («T/M CHI BỘ», «BÍ THƯ»), the note in italics, and
    the signer's name under a blank line when it is known."""
    for title in titles:
        para(doc, title, bold=True, align="right")
    para(doc, note, italic=True, align="right")
    if name:
        para(doc, "")
        para(doc, name, bold=True, align="right")


def docx_bytes(doc) -> bytes:
    """The finished .docx file."""
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
