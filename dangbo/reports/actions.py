"""The one audited action of the reports app: a year-end report was produced. Web (.docx, PDF), the CLI
(`dangbo report year-end`) and the API (/api/reports/year-end/) call it after the report was built and written,
so the audit log shows every copy that left the system, whichever door it went through."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext_lazy as _

from dangbo.core import audit
from dangbo.core.actions import audited_action, check_version, fail, reads, unchanged, writes, writes_chosen
from dangbo.organizations.models import Organization
from dangbo.organizations.queries import deciding_body
from dangbo.rules.text import format_date, format_number

VIA = {"web": "trang web", "cli": "dòng lệnh", "api": "API", "job": "công việc chạy nền"}


@audited_action("report.year_end", reading=True, scope=reads(
    lambda org, **_kw: org, lambda org, **_kw: _("Bạn không có quyền xem số liệu của «%(org)s».") % {"org": org.name}))
def record_year_end(actor, org: Organization, year: int, *, formats: list[str], via: str, what: str = "",
                    kind: str = "year_end") -> None:
    """`formats`: what was produced (".docx", "PDF", "tin bài", "JSON"); `via`: "web", "cli", "api" or "job";
    `what`: the document's words when it is not the year-end report («báo cáo sơ kết 6 tháng đầu năm 2021»)."""
    if via not in VIA:
        raise ValueError(f"unknown channel {via!r}")
    what = what or f"báo cáo tổng kết năm {year}"
    audit.record("report.year_end", actor=actor, object_type="organizations.organization", object_id=org.pk,
                 org_path=org.path,
                 summary=f"Lập {what} của {org.name} ({', '.join(formats)}; {VIA[via]})",
                 data={"year": year, "format": formats[0] if len(formats) == 1 else formats, "via": via,
                       "kind": kind})


# -- report documents written in dangbo (issue 12): sections, versions, draft → approved → issued ------------------
def doc_denied(doc=None, section=None, **_):
    doc = doc or section.document
    return f"Bạn không có quyền sửa báo cáo của «{doc.organization.name}»."


def _fresh(doc):
    """The document as stored now (its state may have moved since the page read it)."""
    from .models import ReportDocument

    return ReportDocument.objects.select_related("organization").get(pk=doc.pk)


@audited_action("report.document_create", scope=writes_chosen(
    "Chọn tổ chức đảng.", "Bạn không có quyền lập báo cáo của «{org.name}»."))
def create_document(actor, *, organization: Organization, year: int, place: str = "",
                    conference_on=None, kind: str = "year_end"):
    """A report document of `organization` for `year` (the year-end report by default; `kind` the mid-year review
    or a congress document, whose year is the congress's), with every declared section of its kind (empty)."""
    from dangbo.rules.text import nfc

    from . import narrative
    from . import sections as S
    from .models import Kind, ReportDocument, ReportSection

    if kind not in Kind.values:
        fail("kind", _("Chọn loại báo cáo."))
    if year is None or not 1930 <= year <= 2100:
        fail("year", _("Năm báo cáo phải từ 1930 đến 2100."))
    if kind == Kind.CONSOLIDATED and organization.kind in ("cell", "grassroots_cell"):
        fail("kind", _("«%(org)s» là chi bộ, không có tổ chức đảng trực thuộc để lập báo cáo tổng hợp."),
             org=organization.name)
    period = {Kind.MID_YEAR: "6t"}.get(kind, "")
    if kind in S.TERM_KINDS:
        period = f"{year}-{year + S.TERM_YEARS}"
    if ReportDocument.objects.filter(organization=organization, kind=kind, year=year, period=period).exists():
        if kind == Kind.YEAR_END:
            fail("year", _("«%(org)s» đã có báo cáo tổng kết năm %(year)s."), org=organization.name, year=year)
        fail("year", _("«%(org)s» đã có «%(kind)s» năm %(year)s."), org=organization.name,
             kind=Kind(kind).label, year=year)
    if conference_on is not None:
        _check_conference_on(kind, year, conference_on)
    doc = ReportDocument.objects.create(organization=organization, org_path=organization.path, kind=kind,
                                        year=year, period=period, place=nfc(place or "").strip(),
                                        conference_on=conference_on)
    ReportSection.objects.bulk_create(ReportSection(document=doc, key=k) for k in S.keys(kind))
    audit.record("report.document_create", actor=actor, obj=doc, org_path=doc.org_path,
                 summary=f"Lập dự thảo {narrative.kind_words(doc)} của {organization.name}",
                 data={"year": year, "kind": doc.kind, "period": period})
    return doc


def _check_conference_on(kind: str, year: int, conference_on) -> None:
    """The conference's date (the document's date) fits the kind and year of the report."""
    from . import sections as S
    from .models import Kind

    if kind in (Kind.YEAR_END, Kind.CONSOLIDATED) and conference_on.year not in (year, year + 1):
        fail("conference_on", _("Ngày hội nghị tổng kết năm %(year)s phải trong năm %(year)s hoặc %(next)s."),
             year=year, next=year + 1)
    if kind == Kind.MID_YEAR and (conference_on.year != year or conference_on.month < 6):
        fail("conference_on", _("Ngày hội nghị sơ kết 6 tháng đầu năm %(year)s phải từ tháng 6 đến hết năm "
                                "%(year)s."), year=year)
    if kind in S.TERM_KINDS and conference_on.year != year:
        fail("conference_on", _("Ngày đại hội (ngày văn bản) phải trong năm %(year)s, năm của báo cáo."),
             year=year)


@audited_action("report.document_date", scope=writes(lambda doc, **_: doc, doc_denied))
def set_document_date(actor, doc, *, conference_on, place: str = "", version: int | None = None):
    """The document's date (the conference's: the date line, the committee that signs) and place, changed
    before it is issued."""
    from dangbo.rules.text import nfc

    from . import narrative
    from .models import ReportDocument, State

    doc = _fresh(doc)
    if doc.state == State.ISSUED:
        fail("conference_on", _("Báo cáo đã ban hành, số %(symbol)s: không sửa được ngày văn bản."), symbol=doc.symbol)
    if conference_on is None:
        fail("conference_on", _("Nhập ngày hội nghị (ngày văn bản)."))
    _check_conference_on(doc.kind, doc.year, conference_on)
    place = nfc(place or "").strip()
    if (doc.conference_on, doc.place) == (conference_on, place):
        return unchanged(doc)
    check_version(ReportDocument, doc.pk, version, "Báo cáo")
    before = (doc.conference_on, doc.place)
    ReportDocument.objects.filter(pk=doc.pk).update(conference_on=conference_on, place=place)
    doc.refresh_from_db()
    audit.record("report.document_date", actor=actor, obj=doc, org_path=doc.org_path,
                 summary=f"Sửa ngày văn bản của {narrative.kind_words(doc)} ({doc.organization.name}): "
                         f"{format_date(before[0]) if before[0] else '(trống)'} → {format_date(conference_on)}"
                         + (f", {place}" if place else ""),
                 data={"conference_on": conference_on, "place": place,
                       "before": {"conference_on": before[0], "place": before[1]}})
    return doc


MAX_SECTION_CHARS = 60_000


@audited_action("report.section_save", scope=writes(lambda section, **_: section.document, doc_denied))
def save_section(actor, section, *, text: str, version: int | None, via: str = "web"):
    """A new version of a section's text (draft only; optimistic locking on the section)."""
    from . import narrative
    from . import sections as S
    from .models import ReportSection, State

    doc = _fresh(section.document)
    label = S.label(S.by_key(doc.kind)[section.key], doc.year)
    if doc.state != State.DRAFT:
        fail("text", _("Báo cáo đang ở trạng thái «%(state)s»: chỉ sửa được mục «%(section)s» khi báo cáo là dự "
                       "thảo."), state=State(doc.state).label, section=label)
    text = _clean_text(text)
    if len(text) > MAX_SECTION_CHARS:
        fail("text", _("Mục «%(section)s» dài %(length)s ký tự, quá %(most)s ký tự cho phép."), section=label,
             length=format_number(len(text)), most=format_number(MAX_SECTION_CHARS))
    check_version(ReportSection, section.pk, version, f"Mục «{label}»")
    section.refresh_from_db()
    if section.text == text:
        return unchanged(section)
    number = _write_section(section, text, actor, via)
    audit.record("report.section_save", actor=actor, obj=doc, org_path=doc.org_path,
                 summary=f"Sửa mục «{label}» của {narrative.kind_words(doc)} ({doc.organization.name}), "
                         f"bản {number}",
                 data={"section": section.key, "version": number, "chars": len(text), "via": via})
    return section


def _clean_text(text: str) -> str:
    """NFC line by line (nfc() collapses whitespace, newlines too): the lines are the paragraphs."""
    from dangbo.rules.text import nfc

    text = "\n".join(nfc(line) for line in (text or "").replace("\r\n", "\n").split("\n")).strip()
    return re.sub(r"\n{3,}", "\n\n", text)


def _write_section(section, text: str, actor, via: str) -> int:
    """Store a section's new text and its next version; the version's number."""
    from django.db.models import F, Max
    from django.utils import timezone

    from .models import ReportSection, SectionVersion

    ReportSection.objects.filter(pk=section.pk).update(text=text, updated_at=timezone.now(), updated_by=actor,
                                                       version=F("version") + (1 if via == "upload" else 0))
    section.refresh_from_db()
    number = (SectionVersion.objects.filter(section=section).aggregate(n=Max("number"))["n"] or 0) + 1
    SectionVersion.objects.create(section=section, number=number, text=text, saved_by=actor, via=via)
    return number


@audited_action("report.document_upload", scope=writes(lambda doc, **_: doc, doc_denied))
def upload_docx(actor, doc, *, blob: bytes, today=None):
    """An edited .docx of a draft read back (`narrative.read_docx`): each changed section gets a new version; a
    heading not found refuses the whole file (nothing written). Returns the labels of the sections changed."""
    from django.utils import timezone

    from dangbo.core.scopes import scope_for

    from . import narrative
    from . import sections as S
    from .models import State

    doc = _fresh(doc)
    if doc.state != State.DRAFT:
        fail("file", _("Chỉ tải lên được khi báo cáo là dự thảo; báo cáo đang ở trạng thái «%(state)s»."),
             state=State(doc.state).label)
    scope = scope_for(actor) if actor is not None else narrative.system_scope()
    figures = narrative.live_figures(scope, doc, doc.conference_on or today or timezone.localdate())
    try:
        texts = narrative.read_docx(doc, blob, figures)
    except narrative.UploadError as exc:
        fail("file", str(exc))
    changed = []
    for s in doc.sections.all():
        text = _clean_text(texts.get(s.key, ""))
        if len(text) > MAX_SECTION_CHARS:
            fail("file", _("Mục «%(section)s» dài %(length)s ký tự, quá %(most)s ký tự cho phép."),
                 section=S.label(S.by_key(doc.kind)[s.key], doc.year), length=format_number(len(text)),
                 most=format_number(MAX_SECTION_CHARS))
        if text != s.text:
            _write_section(s, text, actor, "upload")
            changed.append(S.label(S.by_key(doc.kind)[s.key], doc.year))
    if not changed:
        return unchanged(changed)
    audit.record("report.document_upload", actor=actor, obj=doc, org_path=doc.org_path,
                 summary=f"Tải lên tệp .docx đã sửa của {narrative.kind_words(doc)} ({doc.organization.name}): "
                         + ", ".join(f"«{c}»" for c in changed),
                 data={"sections": changed})
    return changed


@audited_action("report.document_approve", scope=writes(lambda doc, **_: doc, doc_denied))
def approve_document(actor, doc, *, approved_on, version: int | None = None):
    """The cấp ủy approved the draft (its date; who recorded it): every section must have its text."""
    from django.utils import timezone

    from . import narrative
    from . import sections as S
    from .models import ReportDocument, State

    doc = _fresh(doc)
    if doc.state != State.DRAFT:
        fail("state", _("Chỉ thông qua được dự thảo; báo cáo đang ở trạng thái «%(state)s»."),
             state=State(doc.state).label)
    if approved_on is None:
        fail("approved_on", _("Nhập ngày cấp ủy thông qua báo cáo."))
    if approved_on > timezone.localdate():
        fail("approved_on", _("Ngày cấp ủy thông qua không được sau hôm nay."))
    if approved_on.year < doc.year and doc.kind not in S.TERM_KINDS:
        fail("approved_on", _("Ngày cấp ủy thông qua báo cáo tổng kết năm %(year)s phải từ năm %(year)s."),
             year=doc.year)
    if doc.kind in S.TERM_KINDS and approved_on.year < doc.year - 1:
        fail("approved_on", _("Ngày cấp ủy thông qua báo cáo trình đại hội năm %(year)s phải từ năm %(before)s."),
             year=doc.year, before=doc.year - 1)
    empty = [S.label(S.by_key(doc.kind)[s.key], doc.year) for s in doc.sections.all() if not s.text.strip()]
    if empty:
        fail("sections", _("Chưa viết nội dung các mục: %(sections)s."), sections="; ".join(f"«{e}»" for e in empty))
    check_version(ReportDocument, doc.pk, version, "Báo cáo")
    ReportDocument.objects.filter(pk=doc.pk).update(state=State.APPROVED, approved_on=approved_on,
                                                    approved_by=actor)
    doc.refresh_from_db()
    audit.record("report.document_approve", actor=actor, obj=doc, org_path=doc.org_path,
                 summary=f"Cấp ủy thông qua {narrative.kind_words(doc)} của {doc.organization.name} "
                         f"ngày {approved_on:%d/%m/%Y}",
                 data={"approved_on": approved_on})
    return doc


@audited_action("report.document_reopen", scope=writes(lambda doc, **_: doc, doc_denied))
def reopen_document(actor, doc, *, version: int | None = None):
    """An approved, not issued document back to draft (to be edited and approved again)."""
    from . import narrative
    from .models import ReportDocument, State

    doc = _fresh(doc)
    if doc.state != State.APPROVED:
        fail("state", _("Chỉ trả về dự thảo được báo cáo đã thông qua mà chưa ban hành; báo cáo đang ở trạng thái "
                        "«%(state)s»."), state=State(doc.state).label)
    check_version(ReportDocument, doc.pk, version, "Báo cáo")
    ReportDocument.objects.filter(pk=doc.pk).update(state=State.DRAFT, approved_on=None, approved_by=None)
    doc.refresh_from_db()
    audit.record("report.document_reopen", actor=actor, obj=doc, org_path=doc.org_path,
                 summary=f"Trả {narrative.kind_words(doc)} của {doc.organization.name} về dự thảo")
    return doc


SIGNER_TITLES = ("BÍ THƯ", "PHÓ BÍ THƯ")


@audited_action("report.document_issue", scope=writes(lambda doc, **_: doc, doc_denied))
def issue_document(actor, doc, *, issued_on, signer: str = "", signer_title: str = "BÍ THƯ", term_start=None,
                   version: int | None = None):
    """Issue an approved document: the next number of «Báo cáo» from the document register (its own audited
    entry), the figures and the .docx stored; from then on nothing of it changes."""
    from dangbo.core.scopes import scope_for
    from dangbo.documents.actions import register_document
    from dangbo.rules.text import nfc

    from . import narrative
    from .models import ReportDocument, ReportSection, State

    doc = _fresh(doc)
    if doc.state == State.DRAFT:
        fail("state", _("Báo cáo chưa được cấp ủy thông qua: ghi ngày thông qua trước khi ban hành."))
    if doc.state == State.ISSUED:
        fail("state", _("Báo cáo đã ban hành, số %(symbol)s."), symbol=doc.symbol)
    if issued_on is None:
        fail("issued_on", _("Nhập ngày ban hành."))
    if issued_on < doc.approved_on:
        fail("issued_on", _("Ngày ban hành không được trước ngày cấp ủy thông qua (%(date)s)."),
             date=format_date(doc.approved_on))
    signer = nfc(signer or "").strip()
    if not signer:  # who held the post on the document's date (organizations.committee), when the register knows
        from .heading import signer_as_of

        held_title, held_by = signer_as_of(doc.organization, doc.conference_on or issued_on)
        signer, signer_title = held_by, (held_title if held_by else signer_title)
    if not signer:
        fail("signer", _("Nhập họ tên người ký (sổ cấp ủy chưa có bí thư, phó bí thư tại ngày văn bản)."))
    if signer_title not in SIGNER_TITLES:
        fail("signer_title", _("Chức vụ người ký là «BÍ THƯ» hoặc «PHÓ BÍ THƯ»."))
    check_version(ReportDocument, doc.pk, version, "Báo cáo")
    entry = register_document(actor, organization=doc.organization, direction="out", doc_type="bao_cao",
                              issued_on=issued_on, summary=narrative.register_summary(doc), signer=signer,
                              term_start=term_start, counterpart=_upper_name(doc.organization, issued_on))
    doc.refresh_from_db()
    doc.state, doc.issued_on, doc.issued_by, doc.signer, doc.signer_title = (
        State.ISSUED, issued_on, actor, signer, signer_title)
    doc.register_entry, doc.symbol = entry, entry.symbol
    doc.conference_on = doc.conference_on or issued_on
    scope = scope_for(actor) if actor is not None else narrative.system_scope()
    data = narrative.build_data(scope, doc, doc.conference_on)
    figures = narrative.generated_blocks(data, doc.conference_on)
    for s in doc.sections.all():
        ReportSection.objects.filter(pk=s.pk).update(figures=figures.get(s.key, []))
    doc.issued_docx = narrative.render_docx(doc, data, figures, doc.conference_on)
    doc.save()
    audit.record("report.document_issue", actor=actor, obj=doc, org_path=doc.org_path,
                 summary=f"Ban hành {narrative.kind_words(doc)} của {doc.organization.name}, số {doc.symbol} "
                         f"ngày {issued_on:%d/%m/%Y}",
                 data={"symbol": doc.symbol, "issued_on": issued_on, "register_entry": entry.pk})
    return doc


def _upper_name(org: Organization, on) -> str:
    """The level directly above on the day the report is issued (organizations.queries.deciding_body)."""
    upper = deciding_body(org, on)
    return upper.name if upper else ""


# -- typed figures (issue 12): entered by the office where the register holds no data ---------------------------
MAX_TYPED_VALUE = Decimal("999999999")


def _figure_doc(doc=None, figure=None, **_):
    return doc if doc is not None else figure.document


@audited_action("report.figure_save", scope=writes(_figure_doc, lambda **kw: doc_denied(_figure_doc(**kw))))
def save_figure(actor, doc=None, *, figure=None, section: str, label: str, value, unit: str, period_start,
                period_end, source: str):
    """Enter (or, with `figure`, correct) a typed figure of a draft document. Refusals name the field: a share
    above 100%, a negative or fractional count, a period outside the document's, an unknown section or unit."""
    from dangbo.rules.text import nfc

    from . import narrative, typed
    from . import sections as S
    from .models import State, TypedFigure

    doc = _fresh(doc if doc is not None else figure.document)
    if doc.state != State.DRAFT:
        fail("state", _("Báo cáo đang ở trạng thái «%(state)s»: chỉ nhập, sửa số liệu khi báo cáo là dự thảo."),
             state=State(doc.state).label)
    if section not in S.by_key(doc.kind):
        fail("section", _("Chọn mục của báo cáo ghi số liệu này."))
    label = nfc(label or "").strip()
    if not label:
        fail("label", _("Nhập nội dung số liệu (ví dụ «Số buổi học tập, quán triệt nghị quyết»)."))
    if unit not in typed.UNITS:
        fail("unit", _("Chọn đơn vị tính."))
    value = _typed_value(value, unit, label)
    if period_start is None or period_end is None:
        fail("period_start", _("Nhập kỳ của số liệu «%(label)s» (từ ngày, đến ngày)."), label=label)
    if period_end < period_start:
        fail("period_end", _("Số liệu «%(label)s»: ngày kết thúc kỳ phải sau ngày bắt đầu."), label=label)
    start, end = typed.document_period(doc)
    if period_start < start or period_end > end:
        fail("period_start", _("Số liệu «%(label)s»: kỳ %(period)s nằm ngoài kỳ của báo cáo (từ %(start)s đến "
                               "%(end)s)."), label=label, period=typed.period_text(period_start, period_end),
             start=format_date(start), end=format_date(end))
    source = nfc(source or "").strip()
    if not source:
        fail("source", _("Số liệu «%(label)s»: ghi nguồn số liệu (sổ, văn bản, đơn vị báo cáo)."), label=label)
    fields = {"section": section, "label": label, "value": value, "unit": unit, "period_start": period_start,
              "period_end": period_end, "source": source}
    if figure is None:
        order = doc.typed_figures.filter(section=section).count() + 1
        figure = TypedFigure.objects.create(document=doc, order=order, entered_by=actor, **fields)
        before = None
    else:
        figure = TypedFigure.objects.get(pk=figure.pk, document=doc)
        before = {k: getattr(figure, k) for k in fields}
        if before == fields:
            return unchanged(figure)
        for k, v in fields.items():
            setattr(figure, k, v)
        figure.entered_by = actor
        figure.save()
    audit.record("report.figure_save", actor=actor, obj=doc, org_path=doc.org_path,
                 summary=f"{'Nhập' if before is None else 'Sửa'} số liệu «{label}» = "
                         f"{typed.value_text(value, unit)} ({typed.period_text(period_start, period_end)}) của "
                         f"{narrative.kind_words(doc)} ({doc.organization.name})",
                 data={"figure": figure.pk, "after": _plain(fields), "before": _plain(before)})
    return figure


def _plain(fields: dict | None) -> dict | None:
    """A figure's fields for the audit log: the value as written (12, 96.5), not as stored (12.00)."""
    if fields is None:
        return None
    return {**fields, "value": format(Decimal(fields["value"]).normalize(), "f")}


def _typed_value(value, unit: str, label: str) -> Decimal:
    from . import typed

    try:
        value = Decimal(str(value).strip().replace(",", "."))
        if not value.is_finite():
            raise ValueError
    except (InvalidOperation, ValueError):
        fail("value", _("Số liệu «%(label)s»: giá trị phải là một số (ví dụ 12 hoặc 95,5)."), label=label)
    if value < 0:
        fail("value", _("Số liệu «%(label)s»: giá trị không được âm."), label=label)
    if unit == typed.PERCENT:
        if value > 100:
            fail("value", _("Số liệu «%(label)s»: tỷ lệ %(value)s vượt quá 100%%."), label=label,
                 value=format_number(value, 2).rstrip("0").rstrip(","))
        return value.quantize(Decimal("0.01"))
    if value != value.to_integral_value():
        fail("value", _("Số liệu «%(label)s»: số %(unit)s phải là số nguyên."), label=label, unit=unit)
    if value > MAX_TYPED_VALUE:
        fail("value", _("Số liệu «%(label)s»: giá trị quá lớn."), label=label)
    return value.quantize(Decimal("1"))


@audited_action("report.figure_remove", scope=writes(lambda figure, **_: figure.document,
                                                     lambda figure, **_: doc_denied(figure.document)))
def remove_figure(actor, figure):
    """Remove a typed figure of a draft document."""
    from . import narrative, typed
    from .models import State

    doc = _fresh(figure.document)
    if doc.state != State.DRAFT:
        fail("state", _("Báo cáo đang ở trạng thái «%(state)s»: chỉ xóa số liệu khi báo cáo là dự thảo."),
             state=State(doc.state).label)
    text = typed.line(figure)
    pk = figure.pk
    figure.delete()
    audit.record("report.figure_remove", actor=actor, obj=doc, org_path=doc.org_path,
                 summary=f"Xóa số liệu nhập của {narrative.kind_words(doc)} ({doc.organization.name}): {text}",
                 data={"figure": pk, "text": text})
