"""A report document's content: its sections' text with the generated figures where they belong, for the page,
the .docx (template `templates_docx/van-kien-bao-cao.docx`) and the PDF.

The figures are the year-end report's own sentences (`render.context`, the same as the tables report prints):
live (recomputed from the register) while the document is a draft or approved, stored with each section when it
is issued (`ReportSection.figures`), and the issued .docx itself is stored and downloaded again as it was.
"""

from __future__ import annotations

import io
from datetime import date

from dangbo.core.scopes import Scope

from . import sections as S
from .build_template import DOCUMENT_TEMPLATE
from .models import ReportDocument, State

DRAFT_MARK = "DỰ THẢO"
# Written to the audit log and file names: Vietnamese whatever the page's language.
STATE_WORDS = {State.DRAFT: "dự thảo", State.APPROVED: "đã thông qua", State.ISSUED: "đã ban hành"}


def _targets_lines(ctx: dict) -> list[str]:
    """Per resolution: «Kết quả thực hiện các chỉ tiêu của <nghị quyết>:» then one «- …» line a target."""
    out = []
    for r in ctx.get("resolutions") or []:
        if not r["targets"]:
            continue
        out.append(f"Kết quả thực hiện các chỉ tiêu của {r['heading']}:")
        for t in r["targets"]:
            actual = t["actual_text"]
            actual = actual[:1].lower() + actual[1:] if actual.startswith("Chưa") else actual
            out.append(f"- {t['label']}: chỉ tiêu {t['target_text']}, thực hiện {actual} ({t['verdict_label']}).")
    return out


def generated_blocks(data: dict, made_on: date) -> dict[str, list[str]]:
    """Each section's generated lines from the year-end report's data (`data.build`)."""
    from .render import context

    ctx = context(data, made_on)
    ctx["targets_lines"] = _targets_lines(ctx)
    ctx["next_targets_lines"] = [f"- {t['label']}: {t['target_text']}." for t in ctx.get("next_targets") or []]
    out = {}
    for h in S.HEADINGS:
        lines: list[str] = []
        for name in h.figures:
            value = ctx.get(name)
            if isinstance(value, list):
                lines.extend(v for v in value if v)
            elif value:
                lines.append(str(value))
        out[h.key] = lines
    return out


def system_scope() -> Scope:
    return Scope(is_admin=True)


def build_data(scope: Scope, doc: ReportDocument, made_on: date | None = None) -> dict:
    from .data import build

    return build(scope, doc.organization, doc.year, place=doc.place, made_on=made_on or doc.conference_on)


def live_figures(scope: Scope, doc: ReportDocument, made_on: date) -> dict[str, list[str]]:
    return generated_blocks(build_data(scope, doc, made_on), made_on)


def figures_of(scope: Scope, doc: ReportDocument, made_on: date) -> dict[str, list[str]]:
    """The stored figures of an issued document; the live ones otherwise."""
    if doc.frozen:
        return {s.key: list(s.figures or []) for s in doc.sections.all()}
    return live_figures(scope, doc, made_on)


def section_rows(doc: ReportDocument, figures: dict[str, list[str]]) -> list[dict]:
    """The sections in the declared order, each with its heading, part heading (on the first of a part), its
    paragraphs (`{"text", "bullet", "figure"}`: the figures at the mark, else first) and the stored row."""
    stored = {s.key: s for s in doc.sections.all()}
    rows, seen_parts = [], set()
    for h in S.HEADINGS:
        section = stored.get(h.key)
        part = S.PART_BY_NUMBER[h.part]
        part_heading = "" if h.part in seen_parts else S.part_title(part, doc.year)
        seen_parts.add(h.part)
        figs = [{"text": line, "bullet": False, "figure": True} for line in figures.get(h.key, [])]
        paras, placed = [], False
        for b in S.blocks(section.text if section else ""):
            if b.get("figures"):
                if not placed:
                    paras.extend(figs)
                placed = True
            else:
                paras.append({**b, "figure": False})
        if not placed:
            paras = figs + paras
        rows.append({"key": h.key, "heading": S.section_heading(h, doc.year) if h.title else "",
                     "part_heading": part_heading, "label": S.label(h, doc.year), "hint": h.hint,
                     "paragraphs": paras, "section": section, "empty": not (section and section.text.strip())})
    return rows


def title_lines(doc: ReportDocument) -> tuple[str, str]:
    return (f"tổng kết công tác xây dựng Đảng năm {doc.year}", f"và phương hướng, nhiệm vụ năm {doc.year + 1}")


def register_summary(doc: ReportDocument) -> str:
    """The trích yếu written in the document register when it is issued."""
    a, b = title_lines(doc)
    return f"Báo cáo {a} {b}"


def docx_context(doc: ReportDocument, data: dict, figures: dict[str, list[str]], made_on: date) -> dict:
    from .render import date_line

    org = data["organization"]
    on = doc.issued_on if doc.state == State.ISSUED and not doc.conference_on else (doc.conference_on or made_on)
    rows = section_rows(doc, figures)
    for r in rows:
        r["paragraphs"] = [("- " if p["bullet"] else "") + p["text"] for p in r["paragraphs"]]
    title1, title2 = title_lines(doc)
    return {
        "superior": org["superior"], "issuer_name": org["name"].upper(),
        # HD 36: the number is written only when the document is issued; an approved one leaves it blank.
        "number": doc.symbol if doc.state == State.ISSUED else f"      {data['symbol']}",
        "place_date": date_line(doc.place or data["place"], on),
        "draft_mark": DRAFT_MARK if doc.state == State.DRAFT else "",
        "title1": title1, "title2": title2, "sections": rows,
        "signer_body": "T/M ĐẢNG ỦY" if org["issuer"] == "ĐU" else "T/M CHI BỘ",
        "signer_title": doc.signer_title if doc.state == State.ISSUED else "",
        "signer": doc.signer if doc.state == State.ISSUED else "",
        "superior_short": org.get("superior_name") or "Cấp ủy cấp trên",
    }


def render_docx(doc: ReportDocument, data: dict, figures: dict[str, list[str]], made_on: date) -> bytes:
    from docxtpl import DocxTemplate

    tpl = DocxTemplate(str(DOCUMENT_TEMPLATE))
    tpl.render(docx_context(doc, data, figures, made_on), autoescape=True)
    buf = io.BytesIO()
    tpl.save(buf)
    return buf.getvalue()


def docx_bytes(scope: Scope, doc: ReportDocument, made_on: date) -> bytes:
    """The document's .docx: the stored one once issued, else built now (live figures)."""
    if doc.frozen and doc.issued_docx:
        return bytes(doc.issued_docx)
    data = build_data(scope, doc, made_on)
    return render_docx(doc, data, generated_blocks(data, doc.conference_on or made_on), made_on)


def filename(doc: ReportDocument, ext: str) -> str:
    state = {State.DRAFT: "du-thao", State.APPROVED: "thong-qua", State.ISSUED: "ban-hanh"}[doc.state]
    return f"bao-cao-tong-ket-{doc.year}-{doc.organization.code}-{state}.{ext}"


def previous_text(section) -> str | None:
    """The same section of the organisation's document of the year before (None: no such document or empty)."""
    from .models import ReportSection

    doc = section.document
    text = (ReportSection.objects.filter(document__organization_id=doc.organization_id, document__kind=doc.kind,
                                         document__year=doc.year - 1, document__period=doc.period, key=section.key)
            .values_list("text", flat=True).first())
    return text or None
