"""A report document's content: its sections' text with the generated figures where they belong, for the page,
the .docx (template `templates_docx/van-kien-bao-cao.docx`) and the PDF.

The figures are the year-end report's own sentences (`render.context`, the same as the tables report prints):
live (recomputed from the register) while the document is a draft or approved, stored with each section when it
is issued (`ReportSection.figures`), and the issued .docx itself is stored and downloaded again as it was.
"""

from __future__ import annotations

import io
from datetime import date

from dangbo.core.i18n import in_vietnamese
from dangbo.core.scopes import Scope

from . import sections as S
from .build_template import DOCUMENT_TEMPLATE
from .models import ReportDocument, State

DRAFT_MARK = "DỰ THẢO"
# Written to the audit log and file names: Vietnamese whatever the page's language.
STATE_WORDS = {State.DRAFT: "dự thảo", State.APPROVED: "đã thông qua", State.ISSUED: "đã ban hành"}


def _targets_lines(ctx: dict) -> list[str]:
    """Per resolution: «Kết quả thực hiện các chỉ tiêu của <nghị quyết>:» then one «- …» line a target."""
    from .render import rule_note

    out = []
    for r in ctx.get("resolutions") or []:
        if not r["targets"]:
            continue
        out.append(f"Kết quả thực hiện các chỉ tiêu của {r['heading']}:")
        for t in r["targets"]:
            actual = t["actual_text"]
            actual = actual[:1].lower() + actual[1:] if actual.startswith("Chưa") else actual
            out.append(f"- {t['label']}: chỉ tiêu {t['target_text']}, thực hiện {actual} ({t['verdict_label']})."
                       + rule_note(t))
    return out


@in_vietnamese  # the document's text (stored with it once issued): the sentences' Vietnamese
def generated_blocks(data: dict, made_on: date) -> dict[str, list[str]]:
    """Each section's generated lines from the report's data: the year-end report's (`data.build`), or the
    mid-year and term documents' (`periods.build`, its `kind` named in the data)."""
    from .render import context

    kind = data.get("kind") or "year_end"
    if kind == S.CONSOLIDATED:
        from . import consolidated

        ctx = {"consolidated_lines": consolidated.lines(data)}
    elif kind != "year_end":
        from . import periods

        ctx = periods.lines(data)
    else:
        ctx = context(data, made_on)
        ctx["targets_lines"] = _targets_lines(ctx)
        ctx["next_targets_lines"] = [f"- {t['label']}: {t['target_text']}." for t in ctx.get("next_targets") or []]
    out = {}
    for h in S.headings(kind):
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


@in_vietnamese  # the document's figures: also the texts built with the data (the dues sentence, choice labels)
def build_data(scope: Scope, doc: ReportDocument, made_on: date | None = None) -> dict:
    from .data import build

    if doc.kind == S.CONSOLIDATED:
        from . import consolidated

        data = consolidated.build(scope, doc.organization, doc.year, made_on=made_on or doc.conference_on)
        return {**data, "place": doc.place}
    if doc.kind != "year_end":
        from . import periods

        return periods.build(scope, doc.organization, doc.kind, doc.year, place=doc.place,
                             made_on=made_on or doc.conference_on)
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
    from . import typed

    stored = {s.key: s for s in doc.sections.all()} if doc.pk else {}  # unsaved: figures only (CLI)
    entered = typed.by_section(doc)
    rows, seen_parts = [], set()
    parts = {p.number: p for p in S.parts(doc.kind)}
    for h in S.headings(doc.kind):
        section = stored.get(h.key)
        part = parts[h.part]
        part_heading = "" if h.part in seen_parts else S.part_title(part, doc.year)
        seen_parts.add(h.part)
        figs = [{"text": line, "bullet": False, "figure": True} for line in figures.get(h.key, [])]
        # The typed figures follow the computed ones, as entered, marked, with their source (never summed).
        figs += [{"text": typed.line(f), "bullet": False, "figure": False, "typed": True, "source": f.source,
                  "id": f.pk} for f in entered.get(h.key, [])]
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
                     "paragraphs": paras, "section": section, "empty": not (section and section.text.strip()),
                     "typed": entered.get(h.key, [])})
    return rows


def title_lines(doc: ReportDocument) -> tuple[str, str]:
    if doc.kind == S.MID_YEAR:
        return (f"sơ kết tình hình thực hiện Nghị quyết 6 tháng đầu năm {doc.year},",
                f"phương hướng, nhiệm vụ 6 tháng cuối năm {doc.year}")
    words = S.term_words(doc.year)
    if doc.kind == S.POLITICAL:
        return (f"chính trị của Ban Chấp hành nhiệm kỳ {words['prev_term']}",
                f"trình Đại hội {doc.organization.name} nhiệm kỳ {words['term']}")
    if doc.kind == S.COMMITTEE_REVIEW:
        return (f"kiểm điểm sự lãnh đạo, chỉ đạo của Ban Chấp hành nhiệm kỳ {words['prev_term']}",
                f"trình Đại hội {doc.organization.name} nhiệm kỳ {words['term']}")
    return (f"tổng kết công tác xây dựng Đảng năm {doc.year}", f"và phương hướng, nhiệm vụ năm {doc.year + 1}")


def kind_words(doc: ReportDocument) -> str:
    """The document named in the audit log and messages (Vietnamese whatever the page's language):
    «báo cáo tổng kết năm 2025», «báo cáo sơ kết 6 tháng đầu năm 2021», «báo cáo chính trị nhiệm kỳ 2015 - 2020»."""
    words = S.term_words(doc.year)
    return {S.MID_YEAR: f"báo cáo sơ kết 6 tháng đầu năm {doc.year}",
            S.POLITICAL: f"báo cáo chính trị nhiệm kỳ {words['prev_term']}",
            S.COMMITTEE_REVIEW: f"báo cáo kiểm điểm của cấp ủy nhiệm kỳ {words['prev_term']}",
            S.CONSOLIDATED: f"báo cáo tổng hợp năm {doc.year}"}.get(
        doc.kind, f"báo cáo tổng kết năm {doc.year}")


def register_summary(doc: ReportDocument) -> str:
    """The trích yếu written in the document register when it is issued."""
    a, b = title_lines(doc)
    return f"Báo cáo {a.rstrip(',')} {b}"


def together(text: str) -> str:
    """A term «2015 - 2020» kept on one line in Word (no-break spaces around its dash); the upload reads them back
    as plain spaces (`_norm`, `sections.heading_key`)."""
    import re

    return re.sub(r"(\d{4}) - (\d{4})", "\\1\u00a0-\u00a0\\2", text or "")


def docx_context(doc: ReportDocument, data: dict, figures: dict[str, list[str]], made_on: date) -> dict:
    from docxtpl import RichText

    from .render import date_line

    org = data["organization"]
    on = doc.issued_on if doc.state == State.ISSUED and not doc.conference_on else (doc.conference_on or made_on)
    rows = section_rows(doc, figures)
    for r in rows:
        # RichText (escaped by docxtpl): a typed figure stands in italics, apart from the computed lines
        r["paragraphs"] = [RichText(together(("- " if p["bullet"] else "") + p["text"]), italic=bool(p.get("typed")))
                           for p in r["paragraphs"]]
        r["heading"], r["part_heading"] = together(r["heading"]), together(r["part_heading"])
    title1, title2 = map(together, title_lines(doc))
    return {
        "superior": org["superior"], "issuer_name": org["issuer_name"],
        # HD 36: the number is written only when the document is issued; an approved one leaves it blank.
        "number": doc.symbol if doc.state == State.ISSUED else f"      {data['symbol']}",
        "place_date": date_line(doc.place or data.get("place") or "", on),
        "draft_mark": DRAFT_MARK if doc.state == State.DRAFT else "",
        "title1": title1, "title2": title2, "sections": rows,
        # The signature block (heading.party_heading): T/M ĐẢNG ỦY or T/M CHI BỘ (a congress document: T/M BAN CHẤP
        # HÀNH), then BÍ THƯ or PHÓ BÍ THƯ and the name: as issued, else who held it on the document's date.
        "signer_body": org["on_behalf"],
        "signer_title": doc.signer_title if doc.state == State.ISSUED else org["signer_title"],
        "signer": doc.signer if doc.state == State.ISSUED else org["signer"],
        "receivers": org["receivers"],
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
    name = {S.MID_YEAR: "bao-cao-so-ket-6-thang", S.POLITICAL: "bao-cao-chinh-tri",
            S.COMMITTEE_REVIEW: "bao-cao-kiem-diem-cap-uy", S.CONSOLIDATED: "bao-cao-tong-hop"}.get(
        doc.kind, "bao-cao-tong-ket")
    return f"{name}-{doc.year}-{doc.organization.code}-{state}.{ext}"


def previous_text(section) -> str | None:
    """The same section of the organisation's document of the year before (the term before for a congress
    document; None: no such document or empty)."""
    from .models import ReportSection

    doc = section.document
    before = S.TERM_YEARS if doc.kind in S.TERM_KINDS else 1
    text = (ReportSection.objects.filter(document__organization_id=doc.organization_id, document__kind=doc.kind,
                                         document__year=doc.year - before, document__period=doc.period, key=section.key)
            .values_list("text", flat=True).first())
    return text or None


# -- an edited .docx uploaded back (issue 12): its sections read by their headings ------------------------------
class UploadError(ValueError):
    """The file cannot be read as the document's .docx: the message says why (headings not found by name)."""


def _norm(text: str) -> str:
    import unicodedata

    return " ".join(unicodedata.normalize("NFC", text or "").split())


def read_docx(doc: ReportDocument, blob: bytes, figures: dict[str, list[str]]) -> dict[str, str]:
    """Each section's text from an edited .docx of `doc`: the paragraphs between its heading and the next heading
    (any declared heading or part heading), matched by their words (`sections.heading_key`). The generated
    figures of a section (`figures`) are not staff text: where they stood the mark «[số liệu]» keeps their place.
    Raises UploadError naming every heading not found."""
    from docx import Document as Docx

    try:
        paragraphs = Docx(io.BytesIO(blob)).paragraphs
    except Exception as exc:  # python-docx raises several kinds on a file that is not a .docx
        raise UploadError("Tệp tải lên không phải tệp Word .docx đọc được.") from exc
    by_heading = {S.heading_key(S.section_heading(h, doc.year)): h.key for h in S.headings(doc.kind)}
    parts = {S.heading_key(S.part_title(p, doc.year)) for p in S.parts(doc.kind)}
    found: dict[str, list[str]] = {}
    current = None
    for p in paragraphs:
        text = _norm(p.text)
        if not text:
            continue
        key = S.heading_key(text)
        if key in by_heading:
            current = by_heading[key]
            found.setdefault(current, [])
            continue
        if key in parts:
            current = None
            continue
        if current is not None:
            style = (p.style.name or "").lower() if p.style is not None else ""
            found[current].append(f"- {text}" if "list" in style and not text.startswith("-") else text)
    stored = {x.key: x.text for x in doc.sections.all()}
    missing = [S.section_heading(h, doc.year) for h in S.headings(doc.kind) if h.key not in found]
    if missing:
        raise UploadError("Không tìm thấy đề mục: " + "; ".join(f"«{m}»" for m in missing)
                          + ". Giữ nguyên các đề mục của tệp đã tải về rồi tải lên lại.")
    from . import typed

    entered = {k: {_norm(typed.line(f)) for f in fs} for k, fs in typed.by_section(doc).items()}
    out = {}
    for key, lines in found.items():
        generated = {_norm(g) for g in figures.get(key, [])}
        kept, marked = [], False
        for line in lines:
            if line in entered.get(key, ()):
                continue  # a typed figure is stored apart, not in the section's text
            if line in generated:
                if not marked:
                    kept.append(S.FIGURES_MARK)
                    marked = True
                continue
            kept.append(line)
        if kept and kept[0] == S.FIGURES_MARK:
            kept = kept[1:]  # figures first is where they stand without a mark
        out[key] = _keep_mark(stored.get(key, ""), kept)
    return out


def _keep_mark(stored: str, kept: list[str]) -> str:
    """The mark «[số liệu]» of the stored text survives a file where the section had no figure to show: put back
    at its line (the stored text itself when nothing else changed)."""
    lines = [x for x in stored.split("\n") if x.strip()]
    if S.FIGURES_MARK not in (x.strip().lower() for x in lines) or S.FIGURES_MARK in kept:
        return "\n".join(kept)
    at = [x.strip().lower() for x in lines].index(S.FIGURES_MARK)
    if [x for i, x in enumerate(lines) if i != at] == kept:
        return stored
    return "\n".join(kept[:at] + [S.FIGURES_MARK] + kept[at:])


# -- the document as JSON and as a news text (web, API, CLI alike) ----------------------------------------------
def document_json(doc: ReportDocument, figures: dict[str, list[str]], data: dict | None = None) -> dict:
    """The document, its sections (heading, staff text, generated figures) and, when given, the data its figures
    come from (each figure with its source)."""
    from . import typed
    from .serialize import jsonable

    title1, title2 = title_lines(doc)
    out = {"id": doc.pk, "organization": {"id": doc.organization_id, "code": doc.organization.code,
                                          "name": doc.organization.name},
           "kind": doc.kind, "kind_label": kind_words(doc), "year": doc.year, "period": doc.period,
           "title": f"Báo cáo {title1.rstrip(',')} {title2}", "state": doc.state, "symbol": doc.symbol,
           "conference_on": doc.conference_on, "approved_on": doc.approved_on, "issued_on": doc.issued_on,
           "signer": doc.signer, "signer_title": doc.signer_title,
           "sections": [{"key": r["key"], "heading": r["heading"] or r["part_heading"],
                         "part_heading": r["part_heading"], "text": r["section"].text if r["section"] else "",
                         "version": r["section"].version if r["section"] else None,
                         "figures": figures.get(r["key"], []),
                         # entered by the office (label, value, unit, period, source): never computed figures
                         "typed_figures": [typed.as_json(f) for f in r["typed"]]}
                        for r in section_rows(doc, figures)]}
    if data is not None:
        out["data"] = data
    return jsonable(out)


def news_text(doc: ReportDocument, figures: dict[str, list[str]], made_on: date) -> str:
    """A short news text for the portal in the manner of the examples (../shared/domain/examples/): a dated lead
    naming the conference, then the figures of the document and the first paragraph of its directions."""
    from dangbo.rules.text import format_date

    org = doc.organization.name
    on = doc.conference_on or made_on
    words = S.term_words(doc.year)
    lead = {
        S.MID_YEAR: f"Ngày {format_date(on)}, {org} tổ chức hội nghị sơ kết tình hình thực hiện Nghị quyết 6 tháng "
                    f"đầu năm {doc.year} và đề ra phương hướng, nhiệm vụ 6 tháng cuối năm {doc.year}.",
        S.POLITICAL: f"Ngày {format_date(on)}, {org} tổ chức Đại hội nhiệm kỳ {words['term']}. Đại hội thảo luận "
                     f"Báo cáo chính trị đánh giá kết quả thực hiện Nghị quyết Đại hội nhiệm kỳ {words['prev_term']} "
                     f"và thông qua mục tiêu, phương hướng, nhiệm vụ nhiệm kỳ {words['term']}.",
        S.COMMITTEE_REVIEW: f"Ngày {format_date(on)}, tại Đại hội {org} nhiệm kỳ {words['term']}, Ban Chấp hành "
                            f"nhiệm kỳ {words['prev_term']} trình bày báo cáo kiểm điểm sự lãnh đạo, chỉ đạo trong "
                            "nhiệm kỳ.",
    }.get(doc.kind, f"Ngày {format_date(on)}, {org} tổ chức hội nghị tổng kết công tác xây dựng Đảng năm "
                    f"{doc.year} và triển khai phương hướng, nhiệm vụ năm {doc.year + 1}.")
    from . import typed

    paras = [lead]
    for r in section_rows(doc, figures):
        figs = [p["text"] for p in r["paragraphs"] if p["figure"]]
        if figs:
            paras.append(" ".join(figs))
        if r["typed"]:  # the figures the office entered: a paragraph of their own, as entered, with the source
            paras.append(" ".join(typed.news_line(f) for f in r["typed"]))
    last = section_rows(doc, figures)[-1]
    text = [p["text"] for p in last["paragraphs"] if not p["figure"]]
    if text:
        paras.append(text[0])
    return "\n\n".join(paras) + "\n"
