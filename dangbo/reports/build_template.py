"""Writes the editable .docx template of the year-end report: `uv run python -m dangbo.reports.build_template`.

The template is plain Word: an office restyles it in Word (fonts, spacing, the header, its own wording)
without touching code, as long as the {{ … }} / {%p … %} / {%tr … %} tags stay. Layout after HD 36-HD/VPTW
(rules.md §6.5): A4, Times New Roman 14; "ĐẢNG CỘNG SẢN VIỆT NAM" top right, bold, underlined; the superior
body and the issuing body (bold) top left with "*" under them; number and symbol; place and date in italics.
Margins 20/20/30/15 mm (top/bottom/left/right) are a default: the Party margins are unconfirmed.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

TEMPLATE = Path(__file__).parent / "templates_docx" / "bao-cao-tong-ket.docx"
# The written report document (sections and figures, issue 12): `build_document()`.
DOCUMENT_TEMPLATE = Path(__file__).parent / "templates_docx" / "van-kien-bao-cao.docx"
FONT = "Times New Roman"


def _font(style, size, bold=None, italic=None):
    style.font.name = FONT
    style.font.size = Pt(size)
    if bold is not None:
        style.font.bold = bold
    if italic is not None:
        style.font.italic = italic
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)
    # Theme fonts (Calibri Light in the default headings) win over the names above: drop them.
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
        if fonts.get(qn(attr)) is not None:
            del fonts.attrib[qn(attr)]
    style.font.color.rgb = None


def _para(cell_or_doc, text, *, bold=False, italic=False, size=None, align=None, underline=False, style=None):
    p = cell_or_doc.add_paragraph(style=style)
    if text:
        run = p.add_run(text)
        run.bold = bold or None
        run.italic = italic or None
        run.underline = underline or None
        if size:
            run.font.size = Pt(size)
    if align is not None:
        p.alignment = align
    p.paragraph_format.space_after = Pt(0)
    return p


def _tag(doc, text):
    """A paragraph holding only a docxtpl paragraph tag ({%p … %}): removed when rendered."""
    return doc.add_paragraph(text)


def _table(doc, headers: list[str], cells: list[str], loop: str, widths: list[int]):
    """A table with a header row and one row repeated by `{%tr for … %}`."""
    t = doc.add_table(rows=4, cols=len(headers))
    t.style = "Table Grid"
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    for i, h in enumerate(headers):
        c = t.rows[0].cells[i]
        c.text = ""
        r = c.paragraphs[0].add_run(h)
        r.bold = True
        c.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    t.rows[1].cells[0].text = "{%tr " + loop + " %}"
    for i, v in enumerate(cells):
        t.rows[2].cells[i].text = v
        if i:
            t.rows[2].cells[i].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    t.rows[3].cells[0].text = "{%tr endfor %}"
    # LibreOffice lays out by the table grid, Word by the cells: set both, and turn autofit off.
    t.autofit = False
    for i, w in enumerate(widths):
        t.columns[i].width = Mm(w)
    for row in t.rows:
        for i, w in enumerate(widths):
            row.cells[i].width = Mm(w)
    return t



def _table_if(doc, condition: str, *table):
    """A table (the arguments of `_table`) shown only when `condition` holds in the report's data."""
    _tag(doc, f"{{%p if {condition} %}}")
    _table(doc, *table)
    _tag(doc, "{%p endif %}")


def _levels_table(doc, rows: str):
    """The levels of a rating, this year and last, with their shares (members or organisations)."""
    _table(doc, ["Mức xếp loại", "Năm {{ year }}", "Tỷ lệ", "Năm {{ year - 1 }}", "Tỷ lệ"],
           ["{{ r.label }}", "{{ r.count }}", "{{ r.share }}", "{{ r.prev_count }}", "{{ r.prev_share }}"],
           f"for r in {rows}", [70, 22, 22, 22, 22])

def _inspection_section(doc):
    """Kiểm tra, giám sát và thi hành kỷ luật đảng: one sentence from dangbo.inspection's figures."""
    doc.add_paragraph("IV. CÔNG TÁC KIỂM TRA, GIÁM SÁT VÀ THI HÀNH KỶ LUẬT ĐẢNG", style="Heading 1")
    doc.add_paragraph("{{ inspection_line }}")


def _signature(doc):
    """The closing table: Nơi nhận on the left (one line a receiver); on the right the signature block (T/M …,
    the signer's title, room for the signature and the seal, the name)."""
    sign = doc.add_table(rows=1, cols=2)
    sign.autofit = False
    l2, r2 = sign.rows[0].cells
    l2.width, r2.width = Mm(75), Mm(90)
    sign.columns[0].width, sign.columns[1].width = Mm(75), Mm(90)
    _para(l2, "Nơi nhận:", italic=True, bold=True, size=12)
    _tag(l2, "{%p for r in receivers %}")
    _para(l2, "{{ r }}", size=12)
    _tag(l2, "{%p endfor %}")
    _para(r2, "{{ signer_body }}", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(r2, "{{ signer_title }}", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    for _ in range(3):
        _para(r2, "", align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(r2, "{{ signer }}", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    return r2


def _page(doc) -> None:
    """A4, the fonts of HD 36 (rules.md §6.5)."""
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.top_margin, sec.bottom_margin, sec.left_margin, sec.right_margin = Mm(20), Mm(20), Mm(30), Mm(15)
    styles = doc.styles
    _font(styles["Normal"], 14)
    styles["Normal"].paragraph_format.space_after = Pt(6)
    _font(styles["Heading 1"], 14, bold=True)
    _font(styles["Heading 2"], 14, bold=True, italic=True)
    _font(styles["Title"], 16, bold=True)
    ppr = styles["Title"].element.pPr
    if ppr is not None and ppr.find(qn("w:pBdr")) is not None:
        ppr.remove(ppr.find(qn("w:pBdr")))  # no rule under the document type name
    _font(styles["Table Grid"], 13)


def _header(doc) -> None:
    """Superior and issuing body with «*» and the number on the left; the Party's name, place and date right."""
    header = doc.add_table(rows=1, cols=2)
    header.autofit = False
    left, right = header.rows[0].cells
    # The right column holds «Tam Kỳ, ngày 08 tháng 01 năm 2021» (14 pt italic) on one line; a name on the left
    # longer than 75 mm breaks between words, never inside one.
    left.width, right.width = Mm(75), Mm(90)
    header.columns[0].width, header.columns[1].width = Mm(75), Mm(90)
    left.paragraphs[0].text = ""
    _tag(left, "{%p if superior %}")  # the top of the register: no upper line
    _para(left, "{{ superior }}", align=WD_ALIGN_PARAGRAPH.CENTER)
    _tag(left, "{%p endif %}")
    _para(left, "{{ issuer_name }}", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(left, "*", align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(left, "Số {{ number }}", align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(right, "ĐẢNG CỘNG SẢN VIỆT NAM", bold=True, size=15, underline=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(right, "", align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(right, "{{ place_date }}", italic=True, align=WD_ALIGN_PARAGRAPH.RIGHT)


def _title(doc, line1: str, line2: str) -> None:
    """«BÁO CÁO» centred under a blank line, its two bold lines and the dash rule below."""
    _para(doc, "", align=WD_ALIGN_PARAGRAPH.CENTER)
    title = _para(doc, "BÁO CÁO", style="Title", align=WD_ALIGN_PARAGRAPH.CENTER)
    title.paragraph_format.space_after = Pt(0)
    _para(doc, line1, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(doc, line2, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(doc, "-----", align=WD_ALIGN_PARAGRAPH.CENTER)


def build(path: Path = TEMPLATE) -> Path:
    doc = Document()
    _page(doc)
    _header(doc)
    _title(doc, "tổng kết công tác xây dựng Đảng năm {{ year }}", "và phương hướng, nhiệm vụ năm {{ next_year }}")

    doc.add_paragraph("I. TÌNH HÌNH TỔ CHỨC ĐẢNG VÀ ĐẢNG VIÊN", style="Heading 1")
    doc.add_paragraph("{{ congress_line }}")
    doc.add_paragraph("{{ org_line }}")
    doc.add_paragraph("{{ movements_line }}")
    doc.add_paragraph("{{ admission_line }}")
    doc.add_paragraph("{{ meetings_line }}")
    _table_if(doc, "units", ["Tổ chức đảng trực thuộc", "Chính thức", "Dự bị", "Tổng số"],
              ["{{ u.name }}", "{{ u.official }}", "{{ u.probationary }}", "{{ u.total }}"], "for u in units",
              [85, 25, 25, 25])
    doc.add_paragraph("Biểu đồ: số đảng viên cuối năm, {{ trend_text }}.", style="Heading 2")
    doc.add_paragraph("{{ chart }}").alignment = WD_ALIGN_PARAGRAPH.CENTER

    doc.add_paragraph("II. KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG NĂM {{ year }}", style="Heading 1")
    _tag(doc, "{%p if provisional_line %}")
    _para(doc, "{{ provisional_line }}", bold=True, italic=True)
    _tag(doc, "{%p endif %}")
    _tag(doc, "{%p if coverage_line %}")
    _para(doc, "{{ coverage_line }}", italic=True)
    _tag(doc, "{%p endif %}")
    _tag(doc, "{%p if ratings_missing %}")
    doc.add_paragraph("{{ ratings_missing }}")
    _tag(doc, "{%p else %}")
    doc.add_paragraph("1. Đảng viên: {{ members_rated_line }}")
    _levels_table(doc, "member_levels")
    doc.add_paragraph("2. Tổ chức đảng: {{ orgs_rated_line }}")
    _levels_table(doc, "org_levels")
    _tag(doc, "{%p endif %}")

    doc.add_paragraph("III. KHEN THƯỞNG VÀ TRAO TẶNG HUY HIỆU ĐẢNG", style="Heading 1")
    doc.add_paragraph("{{ commendations_line }}")
    _table_if(doc, "commendations", ["Hình thức", "Tập thể, cá nhân", "Thành tích", "Quyết định"],
              ["{{ c.form }}", "{{ c.recipient }}", "{{ c.basis }}", "{{ c.decision }}"], "for c in commendations",
              [28, 55, 50, 32])
    doc.add_paragraph("{{ badges_line }}")

    _inspection_section(doc)

    doc.add_paragraph("V. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU NGHỊ QUYẾT", style="Heading 1")
    _tag(doc, "{%p if not resolutions %}")
    doc.add_paragraph("Chưa có nghị quyết nào có chỉ tiêu trong năm {{ year }}.")
    _tag(doc, "{%p endif %}")
    _tag(doc, "{%p for res in resolutions %}")
    doc.add_paragraph("{{ res.heading }}", style="Heading 2")
    _table(doc, ["Chỉ tiêu", "Chỉ tiêu đề ra", "Thực hiện", "Kết quả"],
           ["{{ t.label }}", "{{ t.target_text }}", "{{ t.actual_text }}", "{{ t.verdict_label }}"],
           "for t in res.targets", [75, 30, 35, 25])
    doc.add_paragraph("{{ res.basis }}")
    _tag(doc, "{%p endfor %}")

    doc.add_paragraph("VI. CÔNG TÁC VĂN PHÒNG CẤP ỦY", style="Heading 1")
    doc.add_paragraph("{{ documents_line }}")
    doc.add_paragraph("{{ dues_line }}")

    doc.add_paragraph("VII. PHƯƠNG HƯỚNG, CHỈ TIÊU NĂM {{ next_year }}", style="Heading 1")
    _tag(doc, "{%p if not next_targets %}")
    doc.add_paragraph("Chưa có nghị quyết đề ra chỉ tiêu cho năm {{ next_year }}.")
    _tag(doc, "{%p endif %}")
    _tag(doc, "{%p for t in next_targets %}")
    doc.add_paragraph("- {{ t.label }}: {{ t.target_text }}.")
    _tag(doc, "{%p endfor %}")

    _signature(doc)
    doc.add_paragraph("")
    _para(doc, "Số liệu lập từ dangbo ngày {{ generated_on }}: {{ sources_note }}", italic=True, size=11)
    # The self-checks: an annex on its own page the office deletes before signing if it wishes.
    annex = doc.add_paragraph("Phụ lục: kiểm tra số liệu", style="Heading 1")
    annex.paragraph_format.page_break_before = True
    _para(doc, "(Phần này do dangbo tự kiểm tra khi lập báo cáo; văn phòng xem và có thể xóa trước khi trình ký.)",
          italic=True, size=12)
    doc.add_paragraph("{{ checks_summary }}")
    _tag(doc, "{%p for c in checks %}")
    _para(doc, "{{ loop.index }}. {{ c.title }}: {{ c.message }}", size=13)
    _tag(doc, "{%p if c.basis %}")
    _para(doc, "{{ c.basis }}", italic=True, size=12)
    _tag(doc, "{%p endif %}")
    _tag(doc, "{%p endfor %}")
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(path)
    return path


def build_document(path: Path = DOCUMENT_TEMPLATE) -> Path:
    """The written report (issue 12): header, «DỰ THẢO» on a draft, title, then the sections in the declared
    order (`sections.HEADINGS`): each part's heading, the section's heading, its paragraphs (the figures where
    they belong); the signature block and Nơi nhận. The office may restyle it in Word, keeping the tags."""
    doc = Document()
    _page(doc)
    _header(doc)
    _tag(doc, "{%p if draft_mark %}")
    _para(doc, "{{ draft_mark }}", bold=True, size=16, align=WD_ALIGN_PARAGRAPH.CENTER)
    _tag(doc, "{%p endif %}")
    _title(doc, "{{ title1 }}", "{{ title2 }}")
    _tag(doc, "{%p for s in sections %}")
    _tag(doc, "{%p if s.part_heading %}")
    doc.add_paragraph("{{ s.part_heading }}", style="Heading 1")
    _tag(doc, "{%p endif %}")
    _tag(doc, "{%p if s.heading %}")
    doc.add_paragraph("{{ s.heading }}", style="Heading 2")
    _tag(doc, "{%p endif %}")
    _tag(doc, "{%p for p in s.paragraphs %}")
    body = doc.add_paragraph("{{r p }}")  # RichText: a typed figure in italics (narrative.docx_context)
    body.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    body.paragraph_format.first_line_indent = Mm(10)
    _tag(doc, "{%p endfor %}")
    _tag(doc, "{%p endfor %}")

    _signature(doc)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(path)
    return path


if __name__ == "__main__":
    if len(sys.argv) > 1:
        print(build(Path(sys.argv[1])))
    else:
        print(build(TEMPLATE), build_document(DOCUMENT_TEMPLATE))
