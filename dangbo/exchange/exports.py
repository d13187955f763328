"""Lists out to .xlsx and .csv: members, organisations, due work (issue 3, point 4).

- Exactly what the user sees: the member export takes the same `MemberFilter` as the list page
  (`dangbo.members.views.list_filter` parses the query string for both) and the rows go through
  `scope.members(...)`; organisations through `scope.organizations(...)`.
- Sensitive columns (Số CCCD, Tôn giáo) are written only when the user may see them for the whole export
  (admin, or an office role covering every organisation the export reads); a member temporarily hosted from
  outside that subtree gets blank sensitive cells. Every export is audited (`export.members`, …) with the
  filter, the format, the row count and whether sensitive columns were included; of a search box text only
  its kind is kept ("họ tên" or "số thẻ/CCCD"), since audit rows are read by everyone in the organisation.
- Member columns are the import template's columns (`MEMBER_COLUMNS`, same headers, same order), so an
  exported file goes back through the importer unchanged. The xlsx has a title block above the header row
  (title, organisation, date); the CSV is the header row and the data only.
- Formula injection: a CSV cell starting with = + - @, a tab or a carriage return gets a leading apostrophe
  (`neutralize`), which spreadsheet programs show as text and the importer strips. In the xlsx every text
  cell is written with `write_string`, which stores a string and never a formula, so values are kept as
  they are (a phone number "+84…" stays "+84…").
- Dates are real Excel dates formatted dd/mm/yyyy in the xlsx, and dd/mm/yyyy text in the CSV. The CSV is
  UTF-8 with a BOM and ',' as the delimiter, so Excel opens the Vietnamese text correctly.
- Speed: rows come from `.values_list(...).iterator(chunk_size=2000)` with the organisation joined in the
  same query (no query per row); the xlsx is written by XlsxWriter in constant_memory mode, one typed call
  per non-empty cell.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from datetime import date

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from dangbo.core import audit, replica
from dangbo.core.i18n import VietnameseLabels, in_vietnamese
from dangbo.core.scopes import Scope
from dangbo.members import queries as member_queries
from dangbo.members.models import EventKind, Gender, MemberEvent, PoliticalTheory, Status
from dangbo.organizations.models import Organization, OrgKind, OrgStatus
from dangbo.rules.spreadsheet import FORMULA_STARTS, csv_writer, neutralize  # noqa: F401  (re-exported)
from dangbo.rules.text import format_date

from .parsing import headers

XLSX = "xlsx"
CSV = "csv"
FORMATS = (XLSX, CSV)
CONTENT_TYPES = {
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    CSV: "text/csv; charset=utf-8",
}
CHUNK = 2000
EXCEL_EPOCH = date(1899, 12, 30).toordinal()


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    kind: str = "text"  # text | date | int
    width: int = 16
    required: bool = False
    sensitive: bool = False
    note: str = ""  # for the template's "Hướng dẫn" sheet
    example: object = ""


# -- the member columns: the import template's columns (dangbo.exchange.parsing.headers), in its order --------------
SENSITIVE_KEYS = {"citizen_id", "religion"}
# Width and example value of each canonical column (headers.py owns the keys, headers and help texts).
_LOOK = {
    "full_name": (28, "Nguyễn Văn An"), "birth_date": (12, date(1985, 5, 17)), "gender": (9, "Nam"),
    "ethnicity": (10, "Kinh"), "religion": (12, "Không"), "hometown": (28, "Xã Nghi Xuân, tỉnh Hà Tĩnh"),
    "residence": (28, "Phường Trường Vinh, tỉnh Nghệ An"), "citizen_id": (14, "040085001234"),
    "card_number": (12, "52012345"), "organization": (14, ""), "workplace": (28, "Văn phòng UBND tỉnh"),
    "job_title": (18, "Chuyên viên"), "education": (10, "12/12"), "qualification": (18, "Cử nhân Luật"),
    "political_theory": (14, "Trung cấp"), "phone": (13, "0912345678"), "email": (24, "an.nv@example.vn"),
    "admission_decision_date": (12, date(2010, 3, 2)), "admission_decision_number": (16, "125-QĐ/ĐU"),
    "ceremony_date": (12, date(2010, 3, 19)), "official_date": (12, date(2011, 3, 19)),
    "transfer_in_date": (12, ""), "note": (24, ""),
    "code": (14, "CB-VP"), "name": (36, "Chi bộ Văn phòng"), "kind": (24, OrgKind.CELL.label),
    "parent_code": (16, ""), "founded_on": (12, date(2015, 6, 1)),
}


def _from_headers(cols) -> list[Column]:
    out = []
    for hc in cols:
        width, example = _LOOK.get(hc.key, (16, ""))
        out.append(Column(hc.key, hc.header, "date" if hc.type == "date" else "text", width, hc.required,
                          hc.key in SENSITIVE_KEYS, hc.help, example))
    return out


MEMBER_COLUMNS: list[Column] = _from_headers(headers.MEMBER_COLUMNS)
# -- organisations: the import template's columns first, then information the importer ignores -----------
ORG_IMPORT_COLUMNS: list[Column] = _from_headers(headers.ORGANIZATION_COLUMNS)
ORG_COLUMNS: list[Column] = ORG_IMPORT_COLUMNS + [
    Column("parent_name", "Tên tổ chức cấp trên", width=30),
    Column("address", "Địa chỉ", width=30),
    Column("status", "Trạng thái", width=16),
    Column("ended_on", "Ngày kết thúc hoạt động", "date", 12),
    Column("official", "Đảng viên chính thức", "int", 10),
    Column("probationary", "Đảng viên dự bị", "int", 10),
    Column("sub_official", "Chính thức (cả trực thuộc)", "int", 12),
    Column("sub_probationary", "Dự bị (cả trực thuộc)", "int", 12),
    Column("sub_total", "Tổng số (cả trực thuộc)", "int", 12),
]

DUE_COLUMNS: list[Column] = [
    Column("label", "Việc cần làm", width=34),
    Column("full_name", "Họ và tên", width=28),
    Column("card_number", "Số thẻ đảng viên", width=14),
    Column("org_code", "Mã chi bộ", width=14),
    Column("org_name", "Tên chi bộ", width=30),
    Column("due", "Hạn", "date", 12),
    Column("overdue", "Quá hạn", width=9),
    Column("detail", "Ghi chú", width=48),
]

# Files are written in Vietnamese whatever the page's language (they are read back by the importer).
GENDER_LABELS = VietnameseLabels(Gender)
STATUS_LABELS = VietnameseLabels(Status)
THEORY_LABELS = VietnameseLabels(PoliticalTheory, blank=False)
KIND_LABELS = VietnameseLabels(OrgKind)
ORG_STATUS_LABELS = VietnameseLabels(OrgStatus)


def excel_serial(d: date) -> float:
    return float(d.toordinal() - EXCEL_EPOCH)


# -- writers --------------------------------------------------------------------------------------------
def column_letter(i: int) -> str:
    letters, n = "", i + 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _xml(text: str) -> str:
    if "&" in text or "<" in text or ">" in text:
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if _CONTROL.search(text):
        text = _CONTROL.sub("", text)
    return text


_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_NS_R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006"
_FONT = '<sz val="11"/><name val="Calibri"/><family val="2"/>'
_THIN = '<{0} style="thin"><color auto="1"/></{0}>'
_STYLES = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet {_NS}>'
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts>'
    f'<fonts count="4"><font>{_FONT}</font><font><b/>{_FONT}</font>'
    '<font><b/><sz val="14"/><name val="Calibri"/><family val="2"/></font>'
    f'<font><i/>{_FONT}</font></fonts>'
    '<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/>'
    '</fill><fill><patternFill patternType="solid"><fgColor rgb="FFF2F2F2"/><bgColor indexed="64"/>'
    '</patternFill></fill></fills>'
    '<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border><border>'
    + "".join(_THIN.format(x) for x in ("left", "right", "top", "bottom")) + '<diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="5"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="0" fontId="1" fillId="2" borderId="1" xfId="0" applyFont="1" applyFill="1" applyBorder="1"'
    ' applyAlignment="1"><alignment vertical="center" wrapText="1"/></xf>'
    '<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="0" fontId="3" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>')
S_DATE, S_HEAD, S_TITLE, S_ITALIC = 1, 2, 3, 4
HEADER_ROW = 4  # 1-based: title, subtitle, a blank row, then the header row


class XlsxSink:
    """One sheet: title block, frozen header row with autofilter, column widths, typed cells.

    SpreadsheetML is written straight into the zip entry, one row at a time (constant memory). XlsxWriter's
    constant_memory mode measured 10 s for 100,000 members x 24 columns (7 s of it in its per-cell code);
    this writer does the same file in about a third of that. Text cells are inline strings (`t="inlineStr"`),
    never formulas; dates are serial numbers with the dd/mm/yyyy format.
    """

    FLUSH = 500

    def __init__(self, out, columns: list[Column], title: str, subtitle: str, sheet: str = "Danh sách"):
        self.columns, self.sheet = columns, sheet
        self.kinds = [c.kind for c in columns]
        self.letters = [column_letter(i) for i in range(len(columns))]
        self.zip = zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1)
        self.fh = self.zip.open("xl/worksheets/sheet1.xml", "w", force_zip64=True)
        freeze_col = 1 if columns and columns[0].key == "full_name" else 0
        top_left = f"{column_letter(freeze_col)}{HEADER_ROW + 1}"
        pane = "bottomRight" if freeze_col else "bottomLeft"
        x_split = f' xSplit="{freeze_col}"' if freeze_col else ""
        cols = "".join(f'<col min="{i + 1}" max="{i + 1}" width="{c.width}" customWidth="1"/>'
                       for i, c in enumerate(columns))
        head = "".join(f'<c r="{self.letters[i]}{HEADER_ROW}" s="{S_HEAD}" t="inlineStr"><is><t>{_xml(c.header)}'
                       f'</t></is></c>' for i, c in enumerate(columns))
        self.buf = [
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet {_NS} {_NS_R}>'
            f'<sheetViews><sheetView workbookViewId="0"><pane{x_split} ySplit="{HEADER_ROW}" '
            f'topLeftCell="{top_left}" activePane="{pane}" state="frozen"/><selection pane="{pane}"/>'
            f'</sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/><cols>{cols}</cols><sheetData>'
            f'<row r="1"><c r="A1" s="{S_TITLE}" t="inlineStr"><is><t xml:space="preserve">{_xml(title)}</t></is>'
            f'</c></row><row r="2"><c r="A2" s="{S_ITALIC}" t="inlineStr"><is><t xml:space="preserve">'
            f'{_xml(subtitle)}</t></is></c></row>'
            f'<row r="{HEADER_ROW}" ht="32" customHeight="1">{head}</row>']
        self.row = HEADER_ROW

    def write(self, values: Iterable):
        self.row = r = self.row + 1
        parts = [f'<row r="{r}">']
        for letter, kind, v in zip(self.letters, self.kinds, values, strict=True):
            if v is None or v == "":
                continue
            if kind == "date":
                parts.append(f'<c r="{letter}{r}" s="{S_DATE}"><v>{v.toordinal() - EXCEL_EPOCH}</v></c>')
            elif kind == "int":
                parts.append(f'<c r="{letter}{r}"><v>{v}</v></c>')
            else:
                parts.append(f'<c r="{letter}{r}" t="inlineStr"><is><t xml:space="preserve">{_xml(v)}</t></is></c>')
        parts.append("</row>")
        self.buf.append("".join(parts))
        if len(self.buf) >= self.FLUSH:
            self._flush()

    def _flush(self):
        self.fh.write("".join(self.buf).encode())
        self.buf = []

    def close(self) -> int:
        last_col = self.letters[-1] if self.letters else "A"
        ref = f"A{HEADER_ROW}:{last_col}{self.row}"
        self.buf.append(f'</sheetData><autoFilter ref="{ref}"/></worksheet>')
        self._flush()
        self.fh.close()
        name = _xml(self.sheet).replace("'", "''")
        z = self.zip
        z.writestr("[Content_Types].xml", (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="{_PKG}/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.worksheet+xml"/>'
            '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'spreadsheetml.styles+xml"/></Types>'))
        z.writestr("_rels/.rels", (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{_PKG}/relationships">'
            f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'))
        z.writestr("xl/workbook.xml", (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook {_NS} {_NS_R}>'
            f'<bookViews><workbookView/></bookViews><sheets><sheet name="{name}" sheetId="1" r:id="rId1"/>'
            f'</sheets><definedNames><definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">'
            f"'{name}'!$A${HEADER_ROW}:${last_col}${self.row}</definedName></definedNames></workbook>"))
        z.writestr("xl/_rels/workbook.xml.rels", (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{_PKG}/relationships">'
            f'<Relationship Id="rId1" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{_REL}/styles" Target="styles.xml"/></Relationships>'))
        z.writestr("xl/styles.xml", _STYLES)
        z.close()
        return self.row - HEADER_ROW


class CsvSink:
    """Header row and data; UTF-8 with BOM, ',' delimiter, dates dd/mm/yyyy, formula cells neutralised."""

    def __init__(self, out, columns: list[Column], *_args, **_kw):
        self.text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="")
        self.writer = csv_writer(self.text, delimiter=",", lineterminator="\r\n")
        self.writer.writerow([c.header for c in columns])
        self.kinds = [c.kind for c in columns]
        self.n = 0

    def write(self, values: Iterable):
        row = []
        for kind, v in zip(self.kinds, values, strict=True):
            if v is None:
                row.append("")
            elif kind == "date":
                row.append(format_date(v))
            else:
                row.append(v)  # numbers stay numbers; text is neutralised by the writer
        self.writer.writerow(row)
        self.n += 1

    def close(self) -> int:
        self.text.flush()
        self.text.detach()  # leave the binary file open for the caller
        return self.n


def sink(fmt: str, out, columns, title: str, subtitle: str, **kw):
    if fmt not in FORMATS:
        raise ValueError(f"Định dạng «{fmt}» không hỗ trợ; chọn xlsx hoặc csv.")
    return (XlsxSink if fmt == XLSX else CsvSink)(out, columns, title, subtitle, **kw)


@dataclass
class ExportResult:
    kind: str
    format: str
    rows: int
    sensitive: bool
    filename: str

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.format]

    def as_dict(self) -> dict:
        return asdict(self)


def _now_text() -> str:
    return timezone.localtime().strftime("%H:%M ngày %d/%m/%Y")


def _scope_label(scope: Scope, org: Organization | None) -> str:
    if org is not None:
        return org.name
    if scope.is_admin:
        return "Toàn bộ"
    names = list(Organization.objects.filter(path__in=scope.read_roots()).order_by("path")
                 .values_list("name", flat=True))
    return ", ".join(names) if names else "Hồ sơ của tôi"


def _audit_path(scope: Scope, org: Organization | None) -> str:
    if org is not None:
        return org.path
    roots = [] if scope.is_admin else scope.read_roots()
    if len(roots) == 1:
        return roots[0]
    return ""


def _slug(org: Organization | None) -> str:
    return org.code if org is not None else "tat-ca"


# -- members --------------------------------------------------------------------------------------------
def may_export_sensitive(scope: Scope, org_path: str = "") -> bool:
    """Sensitive columns only if the user may see them for every organisation the export reads."""
    if scope.is_admin:
        return True
    paths = [org_path] if org_path else scope.read_roots()
    return bool(paths) and all(scope.can_see_sensitive_path(p) for p in paths)


def member_columns(sensitive: bool) -> list[Column]:
    return [c for c in MEMBER_COLUMNS if sensitive or not c.sensitive]


# Where each member column's value comes from: a values_list field, and how to turn it into cell text.
_MEMBER_SOURCE = {
    "organization": "organization__code", "transfer_in_date": "transfer_in_date", "note": None,
}
_MEMBER_LABELS = {"gender": GENDER_LABELS, "political_theory": THEORY_LABELS}


def member_rows(qs, sensitive: bool, scope: Scope) -> Iterable[tuple]:
    """Tuples in `member_columns(sensitive)` order, straight from one values_list query."""
    columns = member_columns(sensitive)
    fields = ["org_path"]
    plan = []  # per column: (index into the row or None, label map or None)
    for c in columns:
        source = _MEMBER_SOURCE.get(c.key, c.key)
        if source is None:
            plan.append((None, None))
            continue
        fields.append(source)
        plan.append((len(fields) - 1, _MEMBER_LABELS.get(c.key)))
    # "Ngày chuyển đến": the member's latest transfer in from outside the register, as the import reads it.
    transfer = (MemberEvent.objects.filter(member=OuterRef("pk"), kind=EventKind.TRANSFER_IN)
                .order_by("-effective_date", "-id").values("effective_date")[:1])
    if "transfer_in_date" in fields:
        qs = qs.annotate(transfer_in_date=Subquery(transfer))
    rows = qs.order_by("sort_key", "id").values_list(*fields).iterator(chunk_size=CHUNK)
    # A member hosted here whose home is outside the user's sensitive subtrees: blank CCCD and religion.
    masked = [i for i, c in enumerate(columns) if c.sensitive] if sensitive and not scope.is_admin else []
    paths = scope.sensitive_prefixes()
    for r in rows:
        out = [("" if i is None else (labels.get(r[i], r[i]) if labels else r[i])) for i, labels in plan]
        if masked and not r[0].startswith(paths):
            for i in masked:
                out[i] = ""
        yield out


def _run(sk, rows: Iterable, progress: Callable[[int], None] | None) -> int:
    n = 0
    for values in rows:
        sk.write(values)
        n += 1
        if progress and n % CHUNK == 0:
            progress(CHUNK)
    if progress and n % CHUNK:
        progress(n % CHUNK)
    return sk.close()


@in_vietnamese
@replica.reading()
def export_members(scope: Scope, flt: member_queries.MemberFilter, fmt: str, out, *, actor,
                   today: date | None = None, org: Organization | None = None,
                   progress: Callable[[int], None] | None = None) -> ExportResult:
    """Write the member list as filtered (MemberFilter) within `scope` to the binary file `out`."""
    today = today or timezone.localdate()
    if org is None and flt.org_path:
        org = Organization.objects.filter(path=flt.org_path).first()
    qs = flt.apply(member_queries.scoped(scope), today, scope)
    sensitive = may_export_sensitive(scope, flt.org_path)
    title = f"Danh sách đảng viên – {_scope_label(scope, org)}"
    sk = sink(fmt, out, member_columns(sensitive), title, f"Xuất lúc {_now_text()}")
    n = _run(sk, member_rows(qs, sensitive, scope), progress)
    filter_data = {k: v for k, v in asdict(flt).items() if v not in (None, "")}
    if "q" in filter_data:
        # The search text may be a CCCD or a name from outside the audit row's readers: keep only its kind.
        filter_data["q"] = "số thẻ/CCCD" if filter_data["q"].replace(" ", "").isdigit() else "họ tên"
    # A plain record, not a registered action: an export changes no data; the event only says who took what.
    audit.record("export.members", actor=actor, org_path=_audit_path(scope, org),
                 summary=f"Xuất danh sách {n} đảng viên ({fmt})"
                         + (" có số CCCD, tôn giáo" if sensitive else ""),
                 data={"filter": filter_data, "rows": n, "format": fmt, "sensitive": sensitive})
    return ExportResult("members", fmt, n, sensitive, f"dang-vien-{_slug(org)}-{today:%Y%m%d}.{fmt}")


def count_members(scope: Scope, flt: member_queries.MemberFilter, today: date | None = None) -> int:
    return flt.apply(member_queries.scoped(scope), today or timezone.localdate(), scope).count()


# -- organisations ----------------------------------------------------------------------------------------
def organization_rows(scope: Scope, org: Organization | None = None, include_ended: bool = False):
    """Tuples in ORG_COLUMNS order, with each organisation's own and subtree counts."""
    qs = scope.organizations(Organization.objects.all())
    if org is not None:
        qs = qs.filter(path__startswith=org.path)
    rows = list(qs.order_by("path").values_list(
        "path", "code", "name", "kind", "parent__code", "founded_on", "parent__name", "address", "status",
        "ended_on", "official_count", "probationary_count"))
    # Subtree totals: each organisation's own counts added to every ancestor in the list (a subtree in scope
    # is complete, since scopes are whole subtrees). A loop over organisations, not over members.
    sub: dict[str, list[int]] = {r[0]: [0, 0] for r in rows}
    for r in rows:
        p = r[0]
        for i in range(4, len(p) + 1, 4):
            t = sub.get(p[:i])
            if t is not None:
                t[0] += r[10]
                t[1] += r[11]
    keys = [c.key for c in ORG_IMPORT_COLUMNS]
    for r in rows:
        if not include_ended and r[8] != OrgStatus.ACTIVE:
            continue
        so, sp = sub[r[0]]
        known = {"code": r[1], "name": r[2], "kind": KIND_LABELS.get(r[3], r[3]), "parent_code": r[4] or "",
                 "founded_on": r[5]}
        yield [known.get(k, "") for k in keys] + [
            r[6] or "", r[7], ORG_STATUS_LABELS.get(r[8], r[8]), r[9], r[10], r[11], so, sp, so + sp]


@in_vietnamese
@replica.reading()
def export_organizations(scope: Scope, fmt: str, out, *, actor, org: Organization | None = None,
                         include_ended: bool = False, progress=None) -> ExportResult:
    today = timezone.localdate()
    title = f"Danh sách tổ chức đảng – {_scope_label(scope, org)}"
    sk = sink(fmt, out, ORG_COLUMNS, title, f"Xuất lúc {_now_text()}")
    n = _run(sk, organization_rows(scope, org, include_ended), progress)
    # A plain record, not a registered action: an export changes no data; the event only says who took what.
    audit.record("export.organizations", actor=actor, org_path=_audit_path(scope, org),
                 summary=f"Xuất danh sách {n} tổ chức đảng ({fmt})",
                 data={"organization": org.code if org else None, "include_ended": include_ended, "rows": n,
                       "format": fmt})
    return ExportResult("organizations", fmt, n, False, f"to-chuc-{_slug(org)}-{today:%Y%m%d}.{fmt}")


# -- due work ----------------------------------------------------------------------------------------------
DUE_ORDER = ["ceremony", "recognition", "probation_end", "temporary_end", "badge"]


def due_rows(scope: Scope, today: date, org: Organization | None = None):
    if not scope.can_read_any:
        return []
    items = member_queries.due_work(scope, today, org_path=org.path if org else "")
    items.sort(key=lambda i: (DUE_ORDER.index(i.kind) if i.kind in DUE_ORDER else 99, not i.overdue, i.due))
    return [(str(i.label), i.member.full_name, i.member.card_number or "", i.member.organization.code,
             i.member.organization.name, i.due, "Quá hạn" if i.overdue else "", str(i.detail)) for i in items]


@in_vietnamese
@replica.reading()
def export_due(scope: Scope, fmt: str, out, *, actor, today: date | None = None,
               org: Organization | None = None, progress=None) -> ExportResult:
    today = today or timezone.localdate()
    title = f"Việc cần làm – {_scope_label(scope, org)}"
    sk = sink(fmt, out, DUE_COLUMNS, title, f"Tính đến ngày {format_date(today)}; xuất lúc {_now_text()}")
    n = _run(sk, due_rows(scope, today, org), progress)
    # A plain record, not a registered action: an export changes no data; the event only says who took what.
    audit.record("export.due", actor=actor, org_path=_audit_path(scope, org),
                 summary=f"Xuất danh sách {n} việc cần làm ({fmt})",
                 data={"organization": org.code if org else None, "rows": n, "format": fmt})
    return ExportResult("due", fmt, n, False, f"viec-can-lam-{_slug(org)}-{today:%Y%m%d}.{fmt}")
