"""Registering documents: outgoing ones get the next number of their type in the cấp ủy's term."""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError
from django.utils.translation import gettext_lazy as _

from dangbo.core import audit
from dangbo.core.actions import atomic, audited_action, check_version, fail, unchanged, writes
from dangbo.core.i18n import formatted
from dangbo.rules import documents as doc_rules
from dangbo.rules.text import nfc

from .models import Direction, Document


def issuer_abbreviation(org) -> str:
    return doc_rules.ISSUER_BY_KIND.get(org.kind, "ĐU")


def current_term_start(org, on: date) -> date | None:
    """The start of the cấp ủy's term on `on`: the day after the latest congress closed, when congresses are
    recorded; otherwise the term last used in this register (None: the user enters it)."""
    from dangbo.congresses.queries import latest_congress

    congress = latest_congress(org, on=on)
    if congress is not None:
        closing = getattr(congress, "closed_on", None) or getattr(congress, "opened_on", None)
        if closing:
            return doc_rules.term_start_after_congress(closing)
    last = (Document.objects.filter(organization=org, direction=Direction.OUT, term_start__lte=on)
            .exclude(term_start=None).order_by("-term_start").values_list("term_start", flat=True).first())
    return last


def suggest_number(org, doc_type: str, term_start: date | None) -> int:
    used = Document.objects.filter(organization=org, direction=Direction.OUT, doc_type=doc_type,
                                   term_start=term_start).values_list("number", flat=True)
    return doc_rules.next_number([n for n in used if n])


@audited_action("document.register", scope=writes(
    lambda organization, **_kw: organization,
    lambda organization, **_kw: _("Bạn không có quyền ghi sổ văn bản của «%(org)s».") % {"org": organization.name}))
def register_document(actor, *, organization, direction: str, doc_type: str, issued_on: date, summary: str,
                      number: int | None = None, symbol: str = "", term_start: date | None = None,
                      signer: str = "", counterpart: str = "") -> Document:
    if direction not in Direction.values:
        fail("direction", _("Chọn sổ văn bản đi hoặc văn bản đến."))
    if doc_type not in doc_rules.TYPES:
        fail("doc_type", _("Chọn tên loại văn bản."))
    if not nfc(summary).strip():
        fail("summary", _("Nhập trích yếu nội dung văn bản."))
    if direction == Direction.OUT:
        if term_start is None:
            term_start = current_term_start(organization, issued_on)
        if term_start is None:
            fail("term_start", _("Nhập ngày bắt đầu nhiệm kỳ cấp ủy (văn bản đánh số từ 01 trong mỗi nhiệm kỳ)."))
        if issued_on < term_start:
            fail("issued_on", _("Ngày văn bản đi phải từ ngày bắt đầu nhiệm kỳ cấp ủy."))
        number = number or suggest_number(organization, doc_type, term_start)
        taken = Document.objects.filter(organization=organization, direction=Direction.OUT, doc_type=doc_type,
                                        term_start=term_start, number=number).first()
        if taken:
            fail("number", _("Số %(number)s của loại «%(type)s» trong nhiệm kỳ này đã cấp cho văn bản «%(summary)s» "
                             "ngày %(date)s. Số tiếp theo là %(next)s."), number=f"{number:02d}",
                 type=doc_rules.TYPES[doc_type].name, summary=taken.summary, date=f"{taken.issued_on:%d/%m/%Y}",
                 next=f"{suggest_number(organization, doc_type, term_start):02d}")
        symbol = doc_rules.symbol(number, doc_type, issuer_abbreviation(organization))
    elif not nfc(symbol).strip():
        fail("symbol", _("Nhập số, ký hiệu của văn bản đến."))
    try:
        with atomic():
            doc = Document.objects.create(
                organization=organization, org_path=organization.path, direction=direction, doc_type=doc_type,
                number=number if direction == Direction.OUT else None, symbol=nfc(symbol).strip(),
                term_start=term_start if direction == Direction.OUT else None, issued_on=issued_on,
                summary=nfc(summary).strip(), signer=nfc(signer).strip(), counterpart=nfc(counterpart).strip())
    except IntegrityError:
        fail("number", _("Số %(number)s vừa được cấp cho văn bản khác; hãy lưu lại để lấy số tiếp theo."),
             number=f"{number:02d}")
    audit.record("document.register", actor=actor, obj=doc, org_path=organization.path,
                 summary=f"Vào sổ {doc.get_direction_display().lower()} {doc.symbol}: {doc.summary}",
                 data={"direction": direction, "doc_type": doc_type, "number": number, "issued_on": issued_on})
    return doc


@audited_action("document.correct", scope=writes(
    lambda doc, **_kw: doc,
    lambda doc, **_kw: _("Bạn không có quyền sửa sổ văn bản của «%(org)s».") % {"org": doc.organization.name}))
def correct_document(actor, doc: Document, *, issued_on: date, summary: str, signer: str = "",
                     counterpart: str = "", symbol: str = "", version: int | None = None) -> Document:
    """Correct an entry of the register. An outgoing document keeps its type, term and number (they are its
    identity in the series); an incoming one may have its number and symbol corrected. Audited with the
    values before and after."""
    if not nfc(summary).strip():
        fail("summary", _("Nhập trích yếu nội dung văn bản."))
    if issued_on is None:
        fail("issued_on", _("Nhập ngày văn bản."))
    if doc.direction == Direction.OUT and doc.term_start and issued_on < doc.term_start:
        fail("issued_on", _("Ngày văn bản đi phải từ ngày bắt đầu nhiệm kỳ cấp ủy."))
    if doc.direction == Direction.IN and not nfc(symbol).strip():
        fail("symbol", _("Nhập số, ký hiệu của văn bản đến."))
    check_version(Document, doc.pk, version, formatted(_("Văn bản %(symbol)s"), symbol=doc.symbol))
    doc.refresh_from_db()
    fields = {"issued_on": issued_on, "summary": nfc(summary).strip(), "signer": nfc(signer).strip(),
              "counterpart": nfc(counterpart).strip()}
    if doc.direction == Direction.IN:
        fields["symbol"] = nfc(symbol).strip()
    changes = {k: [getattr(doc, k), v] for k, v in fields.items() if getattr(doc, k) != v}
    if not changes:
        return unchanged(doc)  # the version moved (check_version) but nothing of the entry changed
    for k, v in fields.items():
        setattr(doc, k, v)
    doc.save()  # check_version has already bumped the version
    audit.record("document.correct", actor=actor, obj=doc, org_path=doc.org_path,
                 summary=f"Sửa sổ văn bản {doc.symbol}: {', '.join(changes)}", data={"changes": changes})
    return doc
