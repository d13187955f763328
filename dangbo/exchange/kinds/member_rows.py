"""Members' rows one by one: the columns, what Excel did to typed values, the chi bộ named in each row, the
checks admit_member makes (the same rules), and duplicates inside the file."""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date, datetime, timedelta
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from dangbo.core.scopes import scope_for
from dangbo.members.models import Gender, Member, PoliticalTheory
from dangbo.organizations.models import CELL_KINDS, Organization, OrgStatus
from dangbo.rules import membership as rules
from dangbo.rules.spreadsheet import name_problem
from dangbo.rules.text import format_date, nfc, search_key

from ..parsing.dates import parse_date
from ..parsing.errors import ExchangeError
from ..parsing.headers import MEMBER_COLUMNS, map_headers
from ..parsing.readers import cell_text
from ..pipeline.cells import cell_str
from ..pipeline.rows import Duplicate, Note, Preview, RowResult, row_error


def _labels() -> dict[str, str]:

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


def resolve_columns(headers: list[str], override: dict | None = None):
    """(canonical key -> column index, unrecognised headers, blocking problems of the header row).

    `override` maps a header text (as in the file) to a canonical key, or to "" to skip the column.
    """

    try:
        mapping = map_headers(headers, kind="member", overrides=override or None)
    except ValueError as e:
        raise ValidationError(_("Ghép cột không hợp lệ: %(problem)s"), params={"problem": e}) from e
    problems = [m for m in mapping.errors if "Thiếu cột" not in m]  # duplicates block; missing: see preview
    return dict(mapping.keys), [h for _, h in mapping.unknown], problems


def citizen_id_text(raw) -> tuple[str, str]:
    """(the CCCD, a note when the import changed it)."""

    text = "".join(nfc(cell_text(raw)).replace(".", "").split()) if raw is not None else ""
    # Excel (and CSV round trips through it) drop the leading zeros of a CCCD kept as a number; every
    # province code starts with 0 (001-096), so 10 or 11 digits are a CCCD that lost them (9 digits is an
    # old CMND). Giving them back is right, but it changes the data: the preview says so.
    if text.isdigit() and text.isascii() and len(text) in (10, 11):
        zeros = 12 - len(text)
        return text.zfill(12), (f"Số CCCD có {len(text)} chữ số (Excel bỏ số 0 ở đầu), đã thêm "
                                f"{'số 0' if zeros == 1 else f'{zeros} số 0'} ở đầu.")
    return text, ""


def _education(raw) -> str:
    # Excel turns "12/12" typed in a cell into the date 12 December: give the grade back.
    if isinstance(raw, date):
        return f"{raw.day}/{raw.month}"
    return cell_str(raw)


def _phone(raw) -> str:
    # A phone number kept as a number lost its leading 0 (905123456 -> 0905123456).
    text = cell_str(raw)
    return "0" + text if isinstance(raw, int) and not isinstance(raw, bool) and len(text) == 9 else text


FIXERS = {"education": _education, "phone": _phone}


FIXER_NOTES = {"education": "Excel đã đổi trình độ thành ngày tháng; đã đọc lại thành «{after}».",
               "phone": "Số điện thoại mất số 0 ở đầu (ô kiểu số), đã thêm số 0."}


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


class CachedCalendar:
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


def unseen_sensitive(actor, target_org, columns, headers, texts) -> dict[int, list[str]]:
    """Matching or setting by CCCD / religion is reading them: for roles that may not see them in the target,
    those cells are blanked before anything reads them, and each row that had one gets an error (issue 11.7)."""

    keys = [k for k in ("citizen_id", "religion") if k in columns]
    if not keys or actor is None or scope_for(actor).can_see_sensitive_path(target_org.path):
        return {}
    blocked: dict[int, list[str]] = {}
    for key in keys:
        for n, text in enumerate(texts[key]):
            if text:
                blocked.setdefault(n, []).append(headers[columns[key]])
        texts[key] = [""] * len(texts[key])
    return blocked


def fix_excel_cells(col: list[str], key: str, header: str, idx: int, rows, notes: list[Note]) -> list[str]:
    """Undo what Excel did to typed values kept as numbers or dates (FIXERS), noting every change."""
    fixer, out = FIXERS[key], []
    for (row_number, vals), text in zip(rows, col, strict=True):
        if idx < len(vals) and not isinstance(vals[idx], str):
            fixed = fixer(vals[idx])
            if fixed != text:
                notes.append(Note(row_number, header, key, text, fixed, FIXER_NOTES[key].format(after=fixed)))
            text = fixed
        out.append(text)
    return out


def parse_row(r: RowResult, n: int, vals, columns, headers, texts, resolver: OrgResolver, today: date,
               calendar=None):

    d = r.data
    for key, idx in columns.items():
        header = headers[idx]
        if key in DATE_KEYS:
            raw = vals[idx] if idx < len(vals) else None
            try:
                value = parse_date(raw, row=r.row, column=header)
            except ExchangeError as e:
                row_error(r, header, cell_str(raw), getattr(e, "message", None) or str(e))
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
                    row_error(r, header, text, f"Giới tính «{text}» không hợp lệ; ghi «Nam» hoặc «Nữ».")
                    continue
                text = g
        elif key == "political_theory":
            if text:
                t = _theory(text)
                if t is None:
                    row_error(r, header, text, f"Trình độ lý luận chính trị «{text}» không hợp lệ; ghi «Sơ cấp», "
                                          "«Trung cấp», «Cao cấp», «Cử nhân» hoặc để trống.")
                    continue
                text = t
        elif key == "citizen_id":
            if text and not (text.isdigit() and len(text) == 12):
                row_error(r, header, text, f"Số CCCD phải gồm đúng 12 chữ số (trong tệp là «{text}»).")
                continue
        elif key == "card_number":
            text = "".join(text.split())
        elif key == "email" and text:
            if not EMAIL.fullmatch(text):
                row_error(r, header, text, f"Địa chỉ thư điện tử «{text}» không hợp lệ.")
                continue
        limit = MAX_LENGTHS.get(key)
        if limit and len(text) > limit:
            row_error(r, header, text, f"{LABELS[key]} dài quá {limit} ký tự.")
            continue
        d[key] = text

    def col(key):
        return headers[columns[key]] if key in columns else LABELS[key]

    name = d.get("full_name", "")
    r.name_key = _name_key(name)
    if not name:
        row_error(r, col("full_name"), "", "Chưa có họ và tên.")
    elif len(name.split()) < 2:
        row_error(r, col("full_name"), name, "Họ và tên phải có ít nhất họ và tên.")
    elif problem := name_problem(name):
        row_error(r, col("full_name"), name, problem)
    birth = d.get("birth_date")
    if "birth_date" not in columns or (birth is None and not any(e.column == col("birth_date") for e in r.errors)):
        row_error(r, col("birth_date"), "", "Chưa có ngày sinh.")
    elif birth and birth > today:
        row_error(r, col("birth_date"), birth, f"Ngày sinh {format_date(birth)} ở tương lai.")
    for key in ("admission_decision_date", "ceremony_date", "transfer_in_date"):
        v = d.get(key)
        if v and v > today:
            row_error(r, col(key), v, f"{LABELS[key]} {format_date(v)} ở tương lai.")
    decision, ceremony, official = (d.get("admission_decision_date"), d.get("ceremony_date"),
                                    d.get("official_date"))
    if birth and decision and not r.errors:
        for f in rules.check_admission(birth, decision) + rules.check_event_dates(decision, ceremony, official,
                                                                                  birth, calendar):
            if f.severity == rules.ERROR:
                row_error(r, col(f.field) if f.field in LABELS else col("birth_date"), d.get(f.field), f.message)
            else:
                r.warnings.append(f.message)
    transfer = d.get("transfer_in_date")
    if transfer and decision and transfer <= decision:
        row_error(r, col("transfer_in_date"), transfer,
             f"Ngày chuyển đến {format_date(transfer)} phải sau ngày quyết định kết nạp {format_date(decision)} "
             "(đảng viên được kết nạp ở nơi khác rồi mới chuyển sinh hoạt đến).")
    org, problem = resolver.resolve(d.get("organization", ""))
    if problem:
        row_error(r, col("organization"), d.get("organization", ""), problem)
    r.org = org


def find_duplicates(pv: Preview):
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
                row_error(r, LABELS[key], v, f"Trùng {label} {v} với dòng {first} trong tệp.")
        name, birth = d.get("full_name"), d.get("birth_date")
        if name and birth:
            k = ("name_birth", r.name_key, birth)
            first = seen.setdefault(k, r.row)
            if first != r.row and not any(x.row == r.row for x in pv.duplicates[-2:]):
                reason = f"Cùng họ tên và ngày sinh với dòng {first} ({name}, {format_date(birth)})"
                pv.duplicates.append(Duplicate(r.row, first, reason, False))
                r.warnings.append(f"Nghi trùng với dòng {first}: cùng họ tên và ngày sinh.")
