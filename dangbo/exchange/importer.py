"""Importing members from a spreadsheet: preview every row, then write all valid rows in one transaction.

    preview(table, actor=, target_org=, mapping_override=None) -> Preview
        map the headers, convert TCVN3/VNI text, parse dates, validate with the rules the actions use,
        resolve each row's chi bộ within the actor's write scope under `target_org`, match each row with
        the register (CCCD, then card number, then normalised name + birth date) and classify it:
        create / update (with the changes, field by field) / unchanged / error; flag duplicates in the file.
    commit(preview_or_batch, actor) -> CommitResult
        writes every valid row or nothing (one transaction.atomic). Rows with errors are listed and
        skipped, the batch records them. New members go through a bulk path that writes the same member,
        event, history and NameWord rows as members.actions.admit_member (the projection computed by
        members.actions.apply_event), then recounts the organisations touched; updates go through
        members.actions.update_dossier. One audit event names the batch; every event and history row of
        an imported member carries `import:<batch id>`.

The pipeline is pure over a `readers.Table`; reading the uploaded file and the background job live in
`dangbo.exchange.jobs`.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from types import SimpleNamespace

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone

from dangbo.core import audit
from dangbo.core.scopes import scope_for
from dangbo.members.models import (
    ACTIVE_STATUSES,
    EventKind,
    Gender,
    Member,
    MemberEvent,
    NameWord,
    PoliticalTheory,
    Status,
)
from dangbo.organizations.models import CELL_KINDS, Organization, OrgStatus
from dangbo.rules import membership as rules
from dangbo.rules.text import format_date, name_sort_key, nfc, search_key

from .models import ImportBatch, ImportKind, ImportStatus

Progress = Callable[[float, str], None] | None

# -- the columns ----------------------------------------------------------------------------------------
def _labels() -> dict[str, str]:
    from .headers import MEMBER_COLUMNS

    return {c.key: c.header for c in MEMBER_COLUMNS}


LABELS = _labels()
DATE_KEYS = ("birth_date", "admission_decision_date", "ceremony_date", "official_date", "transfer_in_date")
EVENT_DATE_KEYS = ("admission_decision_date", "ceremony_date", "official_date")
# Free text typed by people: where TCVN3/VNI fonts left their mark.
LEGACY_KEYS = ("full_name", "ethnicity", "religion", "hometown", "residence", "workplace", "job_title",
               "qualification", "organization", "gender", "political_theory", "education", "note",
               "admission_decision_number")
DOSSIER_KEYS = ("full_name", "birth_date", "gender", "ethnicity", "religion", "hometown", "residence",
                "citizen_id", "card_number", "workplace", "job_title", "education", "qualification",
                "political_theory", "phone", "email", "admission_decision_number")
REQUIRED_COLUMNS = ("full_name", "birth_date")
REQUIRED_FOR_CREATE = ("full_name", "birth_date", "gender", "admission_decision_date")
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")  # the shape; the mail server is the real check
SECTION_LIMIT = 500  # rows of each section kept with the batch for the preview page

GENDERS = {"nam": Gender.MALE, "m": Gender.MALE, "male": Gender.MALE, "nu": Gender.FEMALE, "f": Gender.FEMALE,
           "female": Gender.FEMALE}
THEORY = [("cu nhan", PoliticalTheory.BACHELOR), ("cao cap", PoliticalTheory.ADVANCED),
          ("trung cap", PoliticalTheory.INTERMEDIATE), ("so cap", PoliticalTheory.ELEMENTARY)]
THEORY_NONE = {"", "chua", "khong", "chua qua dao tao", "chua dao tao", "khong co"}


def _max_length(key: str) -> int | None:
    try:
        return Member._meta.get_field(key).max_length
    except Exception:  # noqa: BLE001 - not a member field
        return None


MAX_LENGTHS = {k: _max_length(k) for k in LABELS}


# -- results ----------------------------------------------------------------------------------------------
@dataclass(slots=True)
class RowError:
    row: int
    column: str
    value: str
    message: str


@dataclass(slots=True)
class Change:
    field: str
    label: str
    current: str
    new: str


@dataclass(slots=True)
class RowResult:
    row: int
    action: str = "create"  # create | update | unchanged | error
    data: dict = field(default_factory=dict)
    org: Organization | None = None
    member_id: int | None = None
    member_name: str = ""
    matched_by: str = ""
    changes: list[Change] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    name_key: str = ""  # rules.text.search_key(full_name), computed once


@dataclass(slots=True)
class Conversion:
    row: int
    column: str
    before: str
    after: str
    encoding: str


@dataclass(slots=True)
class Duplicate:
    row: int
    first_row: int
    reason: str
    blocking: bool


@dataclass
class Preview:
    kind: str
    target_org: Organization
    actor: object
    headers: list[str]
    columns: dict[str, int]  # canonical key -> column index
    unknown_headers: list[str]
    rows: list[RowResult]
    conversions: list[Conversion]
    duplicates: list[Duplicate]
    sheet_name: str = ""
    fatal: str = ""
    file_name: str = ""
    file_sha256: str = ""
    file_size: int = 0
    batch: ImportBatch | None = None

    def of(self, action: str) -> list[RowResult]:
        return [r for r in self.rows if r.action == action]

    @property
    def counts(self) -> dict:
        c = {"create": 0, "update": 0, "unchanged": 0, "error": 0}
        for r in self.rows:
            c[r.action] += 1
        return {"total": len(self.rows), "created": c["create"], "updated": c["update"],
                "unchanged": c["unchanged"], "errors": c["error"], "duplicates": len(self.duplicates),
                "conversions": len(self.conversions)}

    @property
    def errors(self) -> list[RowError]:
        return [e for r in self.rows for e in r.errors]

    @property
    def writable(self) -> int:
        return sum(1 for r in self.rows if r.action in ("create", "update"))

    def summary(self, limit: int = SECTION_LIMIT) -> dict:
        """JSON kept with the batch: counts and the first `limit` rows of every section."""
        def row_view(r: RowResult) -> dict:
            d = r.data
            org = r.org.name if r.org else ""
            return {"row": r.row, "full_name": d.get("full_name", ""), "birth_date": _text(d.get("birth_date")),
                    "citizen_id": d.get("citizen_id") or "", "card_number": d.get("card_number") or "",
                    "organization": org, "member_id": r.member_id, "member_name": r.member_name,
                    "matched_by": r.matched_by, "warnings": r.warnings}

        out: dict = {"counts": self.counts, "headers": self.headers, "sheet_name": self.sheet_name,
                     "columns": {k: self.headers[i] for k, i in self.columns.items()},
                     "unknown_headers": self.unknown_headers, "fatal": self.fatal}
        for action in ("create", "update", "unchanged"):
            rows = self.of(action)[:limit]
            out[action] = [row_view(r) | ({"changes": [[c.label, c.current, c.new] for c in r.changes]}
                                          if action == "update" else {}) for r in rows]
        out["errors"] = [[e.row, e.column, e.value, e.message] for e in self.errors[: limit * 2]]
        out["duplicates"] = [[d.row, d.first_row, d.reason, d.blocking] for d in self.duplicates[:limit]]
        out["conversions"] = [[c.row, c.column, c.before, c.after, c.encoding] for c in self.conversions[:limit]]
        return out


@dataclass
class CommitResult:
    batch_id: int
    created: int
    updated: int
    unchanged: int
    errors: int
    duplicates: int

    def as_dict(self) -> dict:
        return {"batch": self.batch_id, "created": self.created, "updated": self.updated,
                "unchanged": self.unchanged, "errors": self.errors, "duplicates": self.duplicates}


def _text(v) -> str:
    if v is None:
        return ""
    if isinstance(v, date):
        return format_date(v)
    return str(v)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# -- headers ---------------------------------------------------------------------------------------------
def resolve_columns(headers: list[str], override: dict | None = None):
    """(canonical key -> column index, unrecognised headers, blocking problems of the header row).

    `override` maps a header text (as in the file) to a canonical key, or to "" to skip the column.
    """
    from .headers import map_headers

    try:
        mapping = map_headers(headers, kind="member", overrides=override or None)
    except ValueError as e:
        raise ValidationError(f"Ghép cột không hợp lệ: {e}") from e
    problems = [m for m in mapping.errors if "Thiếu cột" not in m]  # duplicates block; missing: see preview
    return dict(mapping.keys), [h for _, h in mapping.unknown], problems


# -- cell conversion ---------------------------------------------------------------------------------------
def _cell(value) -> str:
    if value is None:
        return ""
    if type(value) is str:
        return value  # readers.normalize_cell already gave NFC, stripped text
    from .readers import cell_text

    return nfc(cell_text(value)).strip()


def _citizen_id(raw) -> str:
    from .readers import cell_text

    text = "".join(nfc(cell_text(raw)).replace(".", "").split()) if raw is not None else ""
    # Excel (and CSV round trips through it) drop the leading zeros of a CCCD kept as a number; every
    # province code starts with 0, so 10 or 11 digits are a CCCD that lost them (9 digits is an old CMND).
    if text.isdigit() and text.isascii() and len(text) in (10, 11):
        text = text.zfill(12)
    return text


def _education(raw) -> str:
    # Excel turns "12/12" typed in a cell into the date 12 December: give the grade back.
    if isinstance(raw, date):
        return f"{raw.day}/{raw.month}"
    return _cell(raw)


def _phone(raw) -> str:
    # A phone number kept as a number lost its leading 0 (905123456 -> 0905123456).
    text = _cell(raw)
    return "0" + text if isinstance(raw, int) and not isinstance(raw, bool) and len(text) == 9 else text


FIXERS = {"education": _education, "phone": _phone}


@lru_cache(maxsize=65536)
def _name_key(name: str) -> str:
    return search_key(name)  # names repeat: a register has many Nguyễn Văn Hùng


@lru_cache(maxsize=256)
def _gender(text: str) -> str | None:
    return GENDERS.get(search_key(text))


@lru_cache(maxsize=256)
def _theory(text: str) -> str | None:
    key = search_key(text)
    if key in THEORY_NONE:
        return PoliticalTheory.NONE
    for k, code in THEORY:
        if k in key or key == code.replace("_", " ") or key == code:
            return code
    return None


class _CachedCalendar:
    """The working-day calendar with each day's answer memoised: the ceremony deadline of every row is
    computed from a handful of dict lookups instead of a scan of the year's holidays per day."""

    def __init__(self, base):
        self.base = base
        self._day: dict = {}
        self._memo: dict = {}

    def is_working_day(self, d) -> bool:
        hit = self._day.get(d)
        if hit is None:
            hit = self._day[d] = self.base.is_working_day(d)
        return hit

    def add_working_days(self, start, n):
        key = (start, n)
        hit = self._memo.get(key)
        if hit is None:
            step = timedelta(days=1 if n >= 0 else -1)  # the loop of WorkingCalendar.add_working_days
            d, left = start, abs(n)
            while left:
                d += step
                if self.is_working_day(d):
                    left -= 1
            hit = self._memo[key] = d
        return hit

    def __getattr__(self, name):
        return getattr(self.base, name)


# -- organisations -------------------------------------------------------------------------------------------
class OrgResolver:
    """Chi bộ named in the file (code or name), looked up within the actor's write scope under the target."""

    def __init__(self, actor, target: Organization):
        self.target = target
        scope = scope_for(actor) if actor is not None else None
        qs = Organization.objects.filter(path__startswith=target.path)
        if scope is not None:
            qs = scope.writable_organizations(qs)
        self.allowed = list(qs)
        self.by_code = {o.code.casefold(): o for o in self.allowed}
        self.by_name: dict[str, list[Organization]] = defaultdict(list)
        for o in self.allowed:
            self.by_name[search_key(o.name)].append(o)
        self.cache: dict[str, tuple[Organization | None, str]] = {}

    def resolve(self, text: str) -> tuple[Organization | None, str]:
        hit = self.cache.get(text)
        if hit is None:
            hit = self.cache[text] = self._resolve(text)
        return hit

    def _resolve(self, text: str) -> tuple[Organization | None, str]:
        t = self.target
        if not text:
            if t.kind in CELL_KINDS:
                return self._check(t)
            return None, (f"Chưa ghi chi bộ của đảng viên; {t.name} có nhiều chi bộ, hãy ghi mã hoặc tên "
                          "chi bộ ở cột «Chi bộ».")
        org = self.by_code.get(text.casefold())
        if org is None:
            named = self.by_name.get(search_key(text), [])
            if len(named) > 1:
                return None, f"Có {len(named)} tổ chức tên «{text}» trong {t.name}; hãy ghi mã tổ chức."
            org = named[0] if named else None
        if org is None:
            exists = Organization.objects.filter(code__iexact=text).exists() or any(
                search_key(n) == search_key(text)
                for n in Organization.objects.filter(name__icontains=text.split()[-1]).values_list("name", flat=True)
            )
            if exists:
                return None, (f"Tổ chức «{text}» nằm ngoài phạm vi được nhập (chỉ nhập vào các chi bộ thuộc "
                              f"{t.name} mà bạn có quyền cập nhật).")
            return None, f"Không tìm thấy tổ chức đảng «{text}» (theo mã hoặc tên) trong {t.name}."
        return self._check(org)

    @staticmethod
    def _check(org: Organization) -> tuple[Organization | None, str]:
        if org.status != OrgStatus.ACTIVE:
            return None, f"Tổ chức «{org.name}» đã ngừng hoạt động (giải thể, hợp nhất hoặc chia tách)."
        if org.kind not in CELL_KINDS:
            return None, (f"Đảng viên phải sinh hoạt ở một chi bộ; «{org.name}» là "
                          f"{org.get_kind_display().lower()}.")
        return org, ""


# -- preview ---------------------------------------------------------------------------------------------
MATCH_FIELDS = ["id", "organization_id", "org_path", "status", "full_name", "search_name",
                "admission_decision_date", "ceremony_date", "official_date", *DOSSIER_KEYS]
MATCH_FIELDS = list(dict.fromkeys(MATCH_FIELDS))


def _chunks(items: list, n: int = 2000):
    for i in range(0, len(items), n):
        yield items[i:i + n]


def start_preview(table, *, actor, target_org: Organization, mapping_override, preview_cls, kind, resolve,
                  labels: dict, required, template: str) -> Preview:
    """The opening every import preview shares: write scope, cleaned headers, column mapping, required columns.

    A preview whose columns cannot be used comes back with `fatal` set and no rows.
    """
    if actor is not None and not scope_for(actor).can_write_path(target_org.path):
        raise PermissionDenied(f"Bạn không có quyền nhập dữ liệu vào {target_org.name}.")
    headers = [" ".join(nfc(str(h)).split()) if h is not None else "" for h in table.headers]
    columns, unknown, problems = resolve(headers, mapping_override)
    pv = preview_cls(kind=kind, target_org=target_org, actor=actor, headers=headers, columns=columns,
                     unknown_headers=unknown, rows=[], conversions=[], duplicates=[],
                     sheet_name=getattr(table, "sheet_name", "") or "")
    missing = [labels[k] for k in required if k not in columns]
    if missing:
        problems.insert(0, "Tệp thiếu cột bắt buộc: " + ", ".join(f"«{m}»" for m in missing)
                        + f". Hãy ghép cột ở bước ghép cột hoặc dùng {template}.")
    if problems:
        pv.fatal = " ".join(problems)
    return pv


def preview(table, *, actor, target_org: Organization, mapping_override: dict | None = None,
            progress: Progress = None, kind: str = ImportKind.MEMBERS) -> Preview:
    if kind != ImportKind.MEMBERS:
        raise ValidationError("Nhập danh sách tổ chức đảng từ tệp chưa được hỗ trợ; hãy nhập danh sách đảng viên.")
    pv = start_preview(table, actor=actor, target_org=target_org, mapping_override=mapping_override,
                       preview_cls=Preview, kind=kind, resolve=resolve_columns, labels=LABELS,
                       required=REQUIRED_COLUMNS, template="tệp mẫu")
    if pv.fatal:
        return pv
    headers, columns = pv.headers, pv.columns
    rows = list(table.rows)
    total = max(len(rows), 1)
    step = max(total // 20, 1)
    _report(progress, 0.0, "Đang đọc dữ liệu")

    # -- 1. legacy encodings, column by column --
    texts: dict[str, list[str]] = {}
    for key, idx in columns.items():
        if key in DATE_KEYS:
            continue
        if key == "citizen_id":
            texts[key] = [_citizen_id(vals[idx] if idx < len(vals) else None) for _, vals in rows]
            continue
        col = [_cell(vals[idx]) if idx < len(vals) else "" for _, vals in rows]
        if key in FIXERS:
            fixer = FIXERS[key]
            col = [fixer(vals[idx]) if idx < len(vals) and not isinstance(vals[idx], str) else text
                   for (_, vals), text in zip(rows, col, strict=True)]
        if key in LEGACY_KEYS:
            col = _fix_column(col, key, headers[idx], rows, pv.conversions)
        texts[key] = col
    _report(progress, 0.2, "Đang kiểm tra từng dòng")

    # -- 2. parse and validate each row on its own --
    from dangbo.rules.calendar import DEFAULT_CALENDAR

    resolver = OrgResolver(actor, target_org)
    today = timezone.localdate()
    calendar = _CachedCalendar(DEFAULT_CALENDAR)
    for n, (row_number, vals) in enumerate(rows):
        r = RowResult(row=row_number)
        _parse_row(r, n, vals, columns, headers, texts, resolver, today, calendar)
        pv.rows.append(r)
        if progress and n % step == 0:
            _report(progress, 0.2 + 0.5 * n / total, "Đang kiểm tra từng dòng")

    del rows, texts  # the parsed values live in pv.rows from here on

    # -- 3. duplicates inside the file --
    _find_duplicates(pv)
    _report(progress, 0.75, "Đang đối chiếu với sổ đảng viên")

    # -- 4. match with the register --
    _match(pv, actor, today)
    _report(progress, 1.0, "Đã xem trước")
    return pv


def _report(progress: Progress, fraction: float, label: str):
    if progress is not None:
        progress(min(max(fraction, 0.0), 1.0), label)


def _fix_column(col: list[str], key: str, header: str, rows, conversions: list[Conversion]) -> list[str]:
    """TCVN3/VNI -> Unicode for a column detected as legacy by majority vote (legacy.detect_column).

    Detection is per column, as the fonts were: a column typed with .VnTime is all TCVN3. The conversion of
    each distinct text is computed once (a register repeats its places, workplaces and titles).
    """
    from .legacy import LABELS as ENCODING_LABELS
    from .legacy import detect_column, fix

    encoding = detect_column(col)
    if encoding is None:
        return col
    label = ENCODING_LABELS.get(encoding, encoding)
    cache: dict[str, str | None] = {}
    out = []
    for (row_number, _), text in zip(rows, col, strict=True):
        if text and not text.isascii():
            if text in cache:
                new = cache[text]
            else:
                converted, enc = fix(text, encoding)
                new = cache[text] = converted if enc and converted != text else None
            if new is not None:
                conversions.append(Conversion(row_number, header, text, new, label))
                text = new
        out.append(text)
    return out


def _err(r: RowResult, column: str, value, message: str):
    r.errors.append(RowError(r.row, column, _text(value) if not isinstance(value, str) else value, message))
    r.action = "error"


def _parse_row(r: RowResult, n: int, vals, columns, headers, texts, resolver: OrgResolver, today: date,
               calendar=None):
    from .dates import parse_date
    from .errors import ExchangeError

    d = r.data
    for key, idx in columns.items():
        header = headers[idx]
        if key in DATE_KEYS:
            raw = vals[idx] if idx < len(vals) else None
            try:
                value = parse_date(raw, row=r.row, column=header)
            except ExchangeError as e:
                _err(r, header, _cell(raw), getattr(e, "message", None) or str(e))
                continue
            if isinstance(value, datetime):
                value = value.date()
            d[key] = value
            continue
        text = texts[key][n]
        if key == "gender":
            if text:
                g = _gender(text)
                if g is None:
                    _err(r, header, text, f"Giới tính «{text}» không hợp lệ; ghi «Nam» hoặc «Nữ».")
                    continue
                text = g
        elif key == "political_theory":
            if text:
                t = _theory(text)
                if t is None:
                    _err(r, header, text, f"Trình độ lý luận chính trị «{text}» không hợp lệ; ghi «Sơ cấp», "
                                          "«Trung cấp», «Cao cấp», «Cử nhân» hoặc để trống.")
                    continue
                text = t
        elif key == "citizen_id":
            if text and not (text.isdigit() and len(text) == 12):
                _err(r, header, text, f"Số CCCD phải gồm đúng 12 chữ số (trong tệp là «{text}»).")
                continue
        elif key == "card_number":
            text = "".join(text.split())
        elif key == "email" and text:
            if not EMAIL.fullmatch(text):
                _err(r, header, text, f"Địa chỉ thư điện tử «{text}» không hợp lệ.")
                continue
        limit = MAX_LENGTHS.get(key)
        if limit and len(text) > limit:
            _err(r, header, text, f"{LABELS[key]} dài quá {limit} ký tự.")
            continue
        d[key] = text

    def col(key):
        return headers[columns[key]] if key in columns else LABELS[key]

    name = d.get("full_name", "")
    r.name_key = _name_key(name)
    if not name:
        _err(r, col("full_name"), "", "Chưa có họ và tên.")
    elif len(name.split()) < 2:
        _err(r, col("full_name"), name, "Họ và tên phải có ít nhất họ và tên.")
    birth = d.get("birth_date")
    if "birth_date" not in columns or (birth is None and not any(e.column == col("birth_date") for e in r.errors)):
        _err(r, col("birth_date"), "", "Chưa có ngày sinh.")
    elif birth and birth > today:
        _err(r, col("birth_date"), birth, f"Ngày sinh {format_date(birth)} ở tương lai.")
    for key in ("admission_decision_date", "ceremony_date", "transfer_in_date"):
        v = d.get(key)
        if v and v > today:
            _err(r, col(key), v, f"{LABELS[key]} {format_date(v)} ở tương lai.")
    decision, ceremony, official = (d.get("admission_decision_date"), d.get("ceremony_date"),
                                    d.get("official_date"))
    if birth and decision and not r.errors:
        for f in rules.check_admission(birth, decision) + rules.check_event_dates(decision, ceremony, official,
                                                                                  birth, calendar):
            if f.severity == rules.ERROR:
                _err(r, col(f.field) if f.field in LABELS else col("birth_date"), d.get(f.field), f.message)
            else:
                r.warnings.append(f.message)
    transfer = d.get("transfer_in_date")
    if transfer and decision and transfer <= decision:
        _err(r, col("transfer_in_date"), transfer,
             f"Ngày chuyển đến {format_date(transfer)} phải sau ngày quyết định kết nạp {format_date(decision)} "
             "(đảng viên được kết nạp ở nơi khác rồi mới chuyển sinh hoạt đến).")
    org, problem = resolver.resolve(d.get("organization", ""))
    if problem:
        _err(r, col("organization"), d.get("organization", ""), problem)
    r.org = org


def _find_duplicates(pv: Preview):
    seen: dict[tuple, int] = {}
    for r in pv.rows:
        d = r.data
        for key, label, blocking in (("citizen_id", "số CCCD", True), ("card_number", "số thẻ đảng viên", True)):
            v = d.get(key)
            if not v:
                continue
            first = seen.setdefault((key, v), r.row)
            if first != r.row:
                pv.duplicates.append(Duplicate(r.row, first, f"Trùng {label} {v} với dòng {first}", blocking))
                _err(r, LABELS[key], v, f"Trùng {label} {v} với dòng {first} trong tệp.")
        name, birth = d.get("full_name"), d.get("birth_date")
        if name and birth:
            k = ("name_birth", r.name_key, birth)
            first = seen.setdefault(k, r.row)
            if first != r.row and not any(x.row == r.row for x in pv.duplicates[-2:]):
                reason = f"Cùng họ tên và ngày sinh với dòng {first} ({name}, {format_date(birth)})"
                pv.duplicates.append(Duplicate(r.row, first, reason, False))
                r.warnings.append(f"Nghi trùng với dòng {first}: cùng họ tên và ngày sinh.")


BIG_CHUNK = 5000


def _any(column: str, values: list):
    """Members whose `column` is one of `values`: one array parameter on PostgreSQL (= ANY), IN elsewhere."""
    if connection.vendor == "postgresql":
        table = Member._meta.db_table
        return Member.objects.extra(where=[f'"{table}"."{column}" = ANY(%s)'], params=[list(values)]).order_by()
    return Member.objects.filter(**{f"{column}__in": values}).order_by()


SLIM_KEYS = ("full_name", "birth_date", "citizen_id", "card_number")
KEY_FIELDS = ("id", "citizen_id", "card_number")


def _match(pv: Preview, actor, today: date):
    """Find each row's member: small key -> id maps first, then full records a chunk of rows at a time
    (a 100,000-row re-import never holds 100,000 member records at once)."""
    candidates = [r for r in pv.rows if r.action != "error"]
    cids = sorted({r.data["citizen_id"] for r in candidates if r.data.get("citizen_id")})
    cards = sorted({r.data["card_number"] for r in candidates if r.data.get("card_number")})
    by_cid: dict[str, int] = {}
    by_card: dict[str, int] = {}
    by_name: dict[tuple, list[tuple]] = defaultdict(list)
    for chunk in _chunks(cids, BIG_CHUNK):
        by_cid.update((c, pk) for pk, c in _any("citizen_id", chunk).values_list("id", "citizen_id"))
    for chunk in _chunks(cards, BIG_CHUNK):
        by_card.update((c, pk) for pk, c in _any("card_number", chunk).values_list("id", "card_number"))
    # Name + birth date: chunks of rows, each one query on both columns (never all namesakes of a register).
    pairs = sorted({(r.name_key, r.data["birth_date"]) for r in candidates if r.name_key and r.data.get("birth_date")})
    for chunk in _chunks(pairs, 1000):
        qs = Member.objects.filter(search_name__in={n for n, _ in chunk}, birth_date__in={b for _, b in chunk}
                                   ).order_by()
        for pk, name, birth, cid, card in qs.values_list("id", "search_name", "birth_date", *KEY_FIELDS[1:]):
            by_name[(name, birth)].append((pk, cid, card))
    claimed: dict[int, int] = {}
    matched: list[tuple[RowResult, int, str]] = []
    for r in candidates:
        d = r.data
        pk, how = None, ""
        by_c = by_cid.get(d.get("citizen_id")) if d.get("citizen_id") else None
        by_k = by_card.get(d.get("card_number")) if d.get("card_number") else None
        if by_c and by_k and by_c != by_k:
            _err(r, LABELS["card_number"], d["card_number"],
                 f"Số CCCD {d['citizen_id']} và số thẻ {d['card_number']} thuộc hai đảng viên khác nhau trong sổ.")
            continue
        if by_c:
            pk, how = by_c, "Số CCCD"
        elif by_k:
            pk, how = by_k, "Số thẻ đảng viên"
        elif d.get("full_name") and d.get("birth_date"):
            # A namesake whose identifiers differ from the row's is another person, not a match.
            same = [x for x in by_name.get((r.name_key, d["birth_date"]), []) if _compatible(x, d)]
            if len(same) > 1:
                _err(r, LABELS["full_name"], d["full_name"],
                     f"Có {len(same)} đảng viên cùng họ tên và ngày sinh trong sổ; hãy ghi số CCCD hoặc số thẻ.")
                continue
            if same:
                pk, how = same[0][0], "Họ tên và ngày sinh"
        if pk is None:
            _as_create(r, pv, today)
            continue
        first = claimed.setdefault(pk, r.row)
        if first != r.row:
            pv.duplicates.append(Duplicate(r.row, first, f"Cùng một đảng viên trong sổ với dòng {first}", True))
            _err(r, how, d.get("full_name", ""), f"Dòng {first} đã khớp với cùng đảng viên này trong sổ.")
            continue
        matched.append((r, pk, how))
    del by_cid, by_card, by_name, claimed
    scope = scope_for(actor) if actor is not None else None
    fields = MATCH_FIELDS
    if "transfer_in_date" in pv.columns:
        # The register's transfer-in date (the latest TRANSFER_IN event), compared like the other event dates.
        fields = [*MATCH_FIELDS, "transfer_in_date"]
    for chunk in _chunks(matched, BIG_CHUNK):
        qs = _any("id", [pk for _, pk, _ in chunk])
        if "transfer_in_date" in pv.columns:
            qs = qs.annotate(transfer_in_date=_latest_transfer_in())
        found = {m["id"]: m for m in qs.values(*fields)}
        for r, pk, how in chunk:
            m = found[pk]
            d = r.data
            if scope is not None and not scope.can_write_path(m["org_path"]):
                _err(r, how, d.get("citizen_id") or d.get("card_number") or d.get("full_name"),
                     f"{how} trùng với một đảng viên đã có trong sổ, thuộc tổ chức đảng ngoài phạm vi của bạn.")
                continue
            r.member_id, r.member_name, r.matched_by = m["id"], m["full_name"], how
            _as_update(r, m, pv, today)
            if r.action == "unchanged":
                # Nothing to write: keep what the preview page shows, not the whole row.
                r.data = {k: d[k] for k in SLIM_KEYS if k in d}
                r.org = None


def _latest_transfer_in():
    from django.db.models import OuterRef, Subquery

    return Subquery(MemberEvent.objects.filter(member=OuterRef("pk"), kind=EventKind.TRANSFER_IN)
                    .order_by("-effective_date", "-id").values("effective_date")[:1])


def _compatible(ids: tuple, d: dict) -> bool:
    """ids: (member id, citizen_id, card_number) of a namesake."""
    for value, key in ((ids[1], "citizen_id"), (ids[2], "card_number")):
        if value and d.get(key) and value != d[key]:
            return False
    return True


def _as_create(r: RowResult, pv: Preview, today: date):
    d = r.data

    def col(key):
        return pv.headers[pv.columns[key]] if key in pv.columns else LABELS[key]

    for key in REQUIRED_FOR_CREATE:
        if not d.get(key):
            _err(r, col(key), "", f"Chưa có {LABELS[key].lower()} (bắt buộc khi thêm đảng viên mới).")
    official = d.get("official_date")
    if official and not d.get("ceremony_date"):
        _err(r, col("official_date"), official, "Có ngày chính thức nhưng chưa có ngày lễ kết nạp.")
    elif official and official > today:
        _err(r, col("official_date"), official,
             f"Ngày chính thức {format_date(official)} ở tương lai: đảng viên chưa hết 12 tháng dự bị; "
             "để trống ngày chính thức.")
    if r.action != "error":
        r.action = "create"


def _display(key: str, v) -> str:
    if v is None or v == "":
        return ""
    if key == "gender":
        return Gender(v).label if v in Gender.values else str(v)
    if key == "political_theory":
        return PoliticalTheory(v).label if v in PoliticalTheory.values else str(v)
    return _text(v)


def _as_update(r: RowResult, m: dict, pv: Preview, today: date):
    d = r.data
    if r.org is not None and r.org.pk != m["organization_id"]:
        _err(r, LABELS["organization"], d.get("organization", ""),
             f"Đảng viên {m['full_name']} đang sinh hoạt ở tổ chức khác; chuyển sinh hoạt phải ghi bằng sự kiện "
             "chuyển sinh hoạt, không bằng nhập tệp.")
        return
    for key in (*EVENT_DATE_KEYS, "transfer_in_date"):
        v = d.get(key)
        if v and v != m.get(key):
            _err(r, LABELS[key], v, f"{LABELS[key]} trong tệp ({format_date(v)}) khác với sổ "
                                    f"({_text(m.get(key)) or 'chưa có'}); ngày của sự kiện sinh hoạt đảng không sửa "
                                    "bằng nhập tệp.")
    if r.action == "error":
        return
    changes = []
    for key in DOSSIER_KEYS:
        if key not in pv.columns:
            continue
        v = d.get(key)
        if v is None or v == "":
            continue  # an empty cell keeps what the register holds
        cur = m.get(key)
        if (cur or "") != v if not isinstance(v, date) else cur != v:
            changes.append(Change(key, LABELS[key], _display(key, cur), _display(key, v)))
    if changes and m["status"] not in ACTIVE_STATUSES:
        _err(r, LABELS["full_name"], m["full_name"],
             f"Đảng viên {m['full_name']} {Status(m['status']).label.lower()}; không cập nhật hồ sơ bằng nhập tệp.")
        return
    if any(c.field == "birth_date" for c in changes) and m["admission_decision_date"]:
        for f in rules.check_admission(d["birth_date"], m["admission_decision_date"]):
            if f.severity == rules.ERROR:
                _err(r, LABELS["birth_date"], d["birth_date"], f.message)
                return
    r.changes = changes
    r.action = "update" if changes else "unchanged"


# -- commit ------------------------------------------------------------------------------------------------
def batch_for(pv: Preview, actor) -> ImportBatch:
    """The batch record of a preview made without one (tests, the CLI): created outside the transaction."""
    if pv.batch is None:
        pv.batch = ImportBatch.objects.create(
            user=actor if getattr(actor, "pk", None) else None, username=getattr(actor, "username", "") or "",
            organization=pv.target_org, org_path=pv.target_org.path, kind=pv.kind,
            file_name=pv.file_name or "(không tên)", file_sha256=pv.file_sha256, file_size=pv.file_size,
            status=ImportStatus.PREVIEWED)
        store_preview(pv.batch, pv)
    return pv.batch


def store_preview(batch: ImportBatch, pv: Preview, status: str = ImportStatus.PREVIEWED):
    c = pv.counts
    batch.total_rows, batch.created_count, batch.updated_count = c["total"], c["created"], c["updated"]
    batch.unchanged_count, batch.error_count, batch.duplicate_count = c["unchanged"], c["errors"], c["duplicates"]
    batch.conversion_count = c["conversions"]
    batch.preview = pv.summary()
    batch.status = status
    batch.progress = 100
    batch.save()


def committable(batch: ImportBatch) -> ImportBatch:
    """Refuse a batch that was already written, cancelled, or never previewed."""
    if batch.status == ImportStatus.COMMITTED:
        raise ValidationError(f"Lần nhập số {batch.pk} đã được ghi vào sổ.")
    if batch.status == ImportStatus.CANCELLED:
        raise ValidationError(f"Lần nhập số {batch.pk} đã bị hủy.")
    if batch.status in (ImportStatus.READING, ImportStatus.MAPPING):
        raise ValidationError(f"Lần nhập số {batch.pk} chưa có bản xem trước; hãy xem trước rồi mới ghi vào sổ.")
    return batch


def commit(source, actor, *, progress: Progress = None) -> CommitResult:
    """Write every valid row of a preview (or of a batch, previewed again now) or nothing."""
    if isinstance(source, ImportBatch):
        from .jobs import preview_batch

        batch = committable(source)
        pv = preview_batch(batch, actor, progress=(lambda f, s: _report(progress, f * 0.3, s)) if progress else None,
                           status=ImportStatus.COMMITTING)
        base = 0.3
    else:
        pv = source
        batch = batch_for(pv, actor)
        base = 0.0
    if pv.fatal:
        raise ValidationError(pv.fatal)
    try:
        result = _commit(pv, batch, actor,
                         lambda f, s: _report(progress, base + (1 - base) * f, s) if progress else None)
    except BaseException as e:
        ImportBatch.objects.filter(pk=batch.pk).update(
            status=ImportStatus.FAILED, progress=0,
            message=f"Không ghi được vào sổ, không có dòng nào được ghi: {_reason(e)}")
        raise
    return result


def _reason(e: BaseException) -> str:
    if isinstance(e, ValidationError):
        return "; ".join(e.messages)
    if isinstance(e, KeyboardInterrupt):
        return "tiến trình bị dừng."
    return str(e) or e.__class__.__name__


def _commit(pv: Preview, batch: ImportBatch, actor, progress) -> CommitResult:
    creates, updates = pv.of("create"), pv.of("update")
    if actor is not None and not scope_for(actor).can_write_path(pv.target_org.path):
        raise PermissionDenied(f"Bạn không có quyền nhập dữ liệu vào {pv.target_org.name}.")
    token = audit.request_id_var.set(batch.source)
    try:
        with transaction.atomic():
            progress(0.0, "Đang ghi đảng viên mới")
            created_ids = _write_creates(creates, batch, actor, progress)
            progress(0.8, "Đang cập nhật hồ sơ")
            _write_updates(updates, batch, actor)
            c = pv.counts
            now = timezone.now()
            ImportBatch.objects.filter(pk=batch.pk).update(
                status=ImportStatus.COMMITTED, committed_at=now, progress=100, message="",
                total_rows=c["total"], created_count=c["created"], updated_count=c["updated"],
                unchanged_count=c["unchanged"], error_count=c["errors"], duplicate_count=c["duplicates"],
                conversion_count=c["conversions"], preview=pv.summary())
            audit.record(
                "import.commit", actor=actor, obj=batch, org_path=pv.target_org.path,
                summary=(f"Nhập tệp «{batch.file_name}» vào {pv.target_org.name} (lần nhập số {batch.pk}): "
                         f"{c['created']} thêm mới, {c['updated']} cập nhật, {c['unchanged']} không thay đổi, "
                         f"{c['errors']} dòng lỗi bỏ qua"),
                data={"batch": batch.pk, "file_name": batch.file_name, "sha256": batch.file_sha256,
                      "counts": c, "created_ids": _ranges(created_ids),
                      "updated_ids": _ranges(sorted(r.member_id for r in updates))})
            progress(1.0, "Đã ghi vào sổ")
    finally:
        audit.request_id_var.reset(token)
    batch.refresh_from_db()
    c = pv.counts
    return CommitResult(batch.pk, c["created"], c["updated"], c["unchanged"], c["errors"], c["duplicates"])


def _ranges(ids: list[int]) -> list[list[int]]:
    out: list[list[int]] = []
    for i in ids:
        if out and out[-1][1] == i - 1:
            out[-1][1] = i
        else:
            out.append([i, i])
    return out


def history_reason(batch: ImportBatch) -> str:
    return f"Nhập từ tệp «{batch.file_name}» (lần nhập số {batch.pk})"


def _write_updates(rows: list[RowResult], batch: ImportBatch, actor):
    from simple_history.utils import update_change_reason

    from dangbo.members.actions import update_dossier

    reason = history_reason(batch)
    for r in rows:
        member = Member.objects.get(pk=r.member_id)
        changes = {c.field: r.data[c.field] for c in r.changes}
        try:
            member = update_dossier(actor, member, changes)
        except ValidationError as e:
            # The register changed between the preview and the commit: refuse the whole batch.
            raise ValidationError(f"Dòng {r.row}: " + "; ".join(e.messages)) from e
        update_change_reason(member, reason)


def _allocate_ids(model, n: int) -> list[int]:
    if n == 0:
        return []
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                        [model._meta.db_table, n])
            return sorted(x for (x,) in cur.fetchall())
    # SQLite: the transaction is IMMEDIATE, so no other writer runs between this read and our inserts.
    from dangbo.demo.bulk import next_id

    first = next_id(model)
    return list(range(first, first + n))


def _write_creates(rows: list[RowResult], batch: ImportBatch, actor, progress) -> list[int]:
    """Members, their events, history rows and name words, exactly as admit_member would write them."""
    from dangbo.demo.bulk import EVENT_COLUMNS, MEMBER_COLUMNS, RowWriter
    from dangbo.members.actions import apply_event
    from dangbo.members.search import name_words

    if not rows:
        return []
    ids = _allocate_ids(Member, len(rows))
    now = timezone.now()
    actor_id = actor.pk if getattr(actor, "pk", None) else None
    source = batch.source
    reason = history_reason(batch)
    members = RowWriter(Member, MEMBER_COLUMNS, 5000)
    event_cols = [c for c in EVENT_COLUMNS if c != "id"]
    events = RowWriter(MemberEvent, event_cols, 15000)
    hmodel = Member.history.model
    hist_cols = [f.attname for f in hmodel._meta.concrete_fields if f.attname != "history_id"]
    history = RowWriter(hmodel, hist_cols, 5000)
    words = RowWriter(NameWord, ["word", "sort_key", "search_name", "member_id"], 20000)
    defaults = {f.attname: f.get_default() for f in Member._meta.concrete_fields}
    keys_cache: dict[str, tuple[str, str]] = {}
    orgs: set[int] = set()
    step = max(len(rows) // 20, 1)
    for n, (r, member_id) in enumerate(zip(rows, ids, strict=True)):
        d = r.data
        org = r.org
        orgs.add(org.pk)
        name = d["full_name"]
        keys = keys_cache.get(name)
        if keys is None:
            keys = keys_cache[name] = (search_key(name), name_sort_key(name))
        decision, ceremony = d["admission_decision_date"], d.get("ceremony_date")
        official = rules.official_date(ceremony) if ceremony else None
        row = dict(defaults)
        for k in DOSSIER_KEYS:
            v = d.get(k)
            if v is not None and v != "":
                row[k] = v
        row["citizen_id"] = row.get("citizen_id") or None
        row["card_number"] = row.get("card_number") or None
        number = d.get("admission_decision_number", "") or ""
        ev_rows = [dict(kind=EventKind.ADMISSION, effective_date=decision, decision_number=number,
                        decision_date=decision, to_organization_id=org.pk)]
        if ceremony:
            ev_rows.append(dict(kind=EventKind.CEREMONY, effective_date=ceremony))
        if d.get("official_date"):
            ev_rows.append(dict(kind=EventKind.RECOGNITION, effective_date=official))
        transfer, note = d.get("transfer_in_date"), d.get("note") or ""
        if transfer:
            # Admitted elsewhere, came here from outside the register (admit_member's transfer_in_date).
            ev_rows.append(dict(kind=EventKind.TRANSFER_IN, effective_date=transfer, to_organization_id=org.pk,
                                note=note))
        else:
            ev_rows[0]["note"] = note
        shell = SimpleNamespace(official_date=official)
        state = None
        # The state each event leaves, in replay()'s order (effective date, then id = the order written here).
        for i in sorted(range(len(ev_rows)), key=lambda i: ev_rows[i]["effective_date"]):
            e = ev_rows[i]
            ev = SimpleNamespace(kind=e["kind"], to_organization_id=e.get("to_organization_id"),
                                 end_date=None, effective_date=e["effective_date"])
            state = e["state"] = apply_event(state, ev, shell)
        for e in ev_rows:
            st = e["state"]
            events.add((member_id, str(e["kind"]), e["effective_date"], e.get("decision_number", ""),
                        e.get("decision_date"), "", None, e.get("to_organization_id"), "", None, e.get("note", ""),
                        source, st.org_id, st.host_id, str(st.status), st.exempted, st.suspended, now, actor_id))
        row.update(id=member_id, admission_decision_date=decision, admission_decision_number=number,
                   ceremony_date=ceremony, official_date=official, organization_id=state.org_id,
                   host_organization_id=state.host_id, org_path=org.path, host_path="",
                   temporary_until=state.temporary_until, status=str(state.status), is_exempted=state.exempted,
                   is_suspended=state.suspended, party_age_start=decision, left_on=None, search_name=keys[0],
                   sort_key=keys[1], user_id=None, version=1, created_at=now, updated_at=now)
        members.add(tuple(row[c] for c in MEMBER_COLUMNS))
        h = {**row, "history_date": now, "history_change_reason": reason, "history_type": "+",
             "history_user_id": actor_id}
        history.add(tuple(h.get(c) for c in hist_cols))
        for w in name_words(keys[0]):
            words.add((w, keys[1], keys[0], member_id))
        if n % step == 0:
            progress(0.75 * n / len(rows), "Đang ghi đảng viên mới")
    for w in (members, events, history, words):
        w.flush()
    from dangbo.members.actions import recount

    recount(sorted(orgs))
    return ids
