"""Payments made on the Cổng Dịch vụ công quốc gia, imported from its export file (.xlsx/.csv).

`preview` reads every line, matches it to a member by CCCD or party card number (the name, when the file has
one, must agree: nothing is guessed) and to a month, and lists the unmatched and faulty lines; `commit` writes
every good line in one transaction (all or none), with one audit event for the file. The export's exact
layout was not available: the accepted headers are in HEADERS and docs/dues-file.md.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dangbo.core import audit
from dangbo.core.actions import atomic, audited_action, fail, per_row
from dangbo.core.scopes import WRITE, scope_for
from dangbo.exchange.parsing.dates import parse_date
from dangbo.exchange.parsing.errors import ExchangeError
from dangbo.exchange.parsing.readers import cell_text, read_table
from dangbo.members.models import Member
from dangbo.rules import dues as rules
from dangbo.rules.text import format_number, nfc, search_key

from . import totals
from .models import Channel, DuesMonth, DuesObligation, DuesPayment

HEADERS = {
    "ma giao dich": "ref", "so giao dich": "ref", "ma ho so": "ref",
    "so cccd": "citizen_id", "cccd": "citizen_id", "so dinh danh": "citizen_id", "so dinh danh ca nhan": "citizen_id",
    "so the dang vien": "card_number", "so the": "card_number",
    "ho va ten": "name", "ho ten": "name", "ten dang vien": "name",
    "ky dong": "month", "thang": "month", "thang dong": "month", "ky nop": "month",
    "so tien": "amount", "so tien nop": "amount",
    "ngay nop": "paid_on", "ngay thanh toan": "paid_on", "ngay giao dich": "paid_on",
}
PREVIEW_LIMIT = 500


@dataclass
class Line:
    row: int
    ref: str
    name: str
    month: date | None = None
    amount: int = 0
    paid_on: date | None = None
    member: Member | None = None
    org_id: int | None = None
    org_path: str = ""
    problem: str = ""


@dataclass
class Preview:
    file: str
    digest: str
    good: list[Line] = field(default_factory=list)
    unmatched: list[Line] = field(default_factory=list)
    errors: list[Line] = field(default_factory=list)
    already: list[Line] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(line.amount for line in self.good)

    def as_dict(self, limit: int = PREVIEW_LIMIT) -> dict:
        def rows(lines):
            return [{"row": x.row, "ref": x.ref, "name": x.name, "month": rules.month_label(x.month) if x.month
                     else "", "amount": x.amount, "problem": x.problem} for x in lines[:limit]]

        return {"file": self.file, "good": len(self.good), "total": self.total, "unmatched": rows(self.unmatched),
                "errors": rows(self.errors), "already_imported": len(self.already),
                "lines": rows(self.good)}


def same_name(typed: str, stored: str) -> bool:
    """Equal names (NFC, case and spacing aside); a file written without diacritics may match by its plain
    letters, but "Dung" with diacritics elsewhere is not "Dũng"."""
    a, b = " ".join(nfc(typed).casefold().split()), " ".join(nfc(stored).casefold().split())
    return a == b or (a.isascii() and search_key(a) == search_key(b))


def _month(value, row: int) -> date:
    if isinstance(value, date):
        return value.replace(day=1)
    text = cell_text(value).strip()
    parts = text.replace("-", "/").split("/")
    try:
        if len(parts) == 2:
            a, b = int(parts[0]), int(parts[1])
            month, year = (a, b) if b > 12 else (b, a)
            return date(year, month, 1)
        return parse_date(value, row=row, column="Kỳ đóng").replace(day=1)
    except (ValueError, ExchangeError):
        raise ValueError(_("kỳ đóng «%(text)s» không hợp lệ (dạng 02/2026)") % {"text": text}) from None


def _amount(value) -> int:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str):
        digits = value.strip().replace(".", "").replace(",", "").replace(" ", "").removesuffix("đ")
        value = int(digits) if digits.isdigit() else None
    if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
        raise ValueError(_("số tiền phải là số đồng nguyên lớn hơn 0"))
    return value


def preview(actor, path: str | Path) -> Preview:
    """Read and match every line; write nothing."""
    p = Path(path)
    try:
        data = p.read_bytes()
        table = read_table(data, p.name)
    except OSError:
        fail("file", gettext_lazy("Không đọc được tệp %(file)s."), file=p.name)
    except ExchangeError as exc:
        fail("file", str(exc))
    keys = [HEADERS.get(search_key(h)) for h in table.headers]
    missing = [label for key, label in (("ref", "Mã giao dịch"), ("month", "Kỳ đóng"), ("amount", "Số tiền"))
               if key not in keys]  # the file's headers (Vietnamese whatever the page's language)
    if "citizen_id" not in keys and "card_number" not in keys:
        missing.append(gettext_lazy("Số CCCD hoặc Số thẻ đảng viên"))
    if missing:
        fail("file", gettext_lazy("Tệp thiếu cột: %(columns)s."), columns=", ".join(str(m) for m in missing))
    result = Preview(p.name, hashlib.sha256(data).hexdigest()[:16])
    raw = []
    texts = ("ref", "name", "citizen_id", "card_number")  # read as text once; month, amount, date parsed below
    for row, cells in table.rows:
        values = {k: v for k, v in zip(keys, cells, strict=False) if k}
        for k in texts:
            values[k] = cell_text(values.get(k)).strip()
        raw.append((row, values))
    cccds = {v["citizen_id"] for __, v in raw} - {""}
    cards = {v["card_number"] for __, v in raw} - {""}
    fields = ("id", "full_name", "citizen_id", "card_number", "organization_id", "org_path")
    members = [*_where_in(Member.objects.only(*fields), "citizen_id", cccds),
               *_where_in(Member.objects.only(*fields), "card_number", cards)]
    by_cccd = {m.citizen_id: m for m in members if m.citizen_id}
    by_card = {m.card_number: m for m in members if m.card_number}
    refs = {v["ref"] for __, v in raw} - {""}
    # The condition of the partial unique index on portal_ref, stated so the index answers.
    imported = set(_where_in(DuesPayment.objects.exclude(portal_ref=""), "portal_ref", refs)
                   .values_list("portal_ref", flat=True))
    scope = scope_for(actor) if actor is not None else None
    seen: set[str] = set()
    for row, v in raw:
        line = Line(row, v["ref"], v["name"])
        try:
            if not line.ref:
                raise ValueError(_("thiếu mã giao dịch"))
            if line.ref in seen:
                raise ValueError(_("mã giao dịch %(ref)s lặp lại trong tệp") % {"ref": line.ref})
            seen.add(line.ref)
            line.month = _month(v.get("month"), row)
            line.amount = _amount(v.get("amount"))
            line.paid_on = parse_date(v.get("paid_on"), row=row, column="Ngày nộp") or timezone.localdate()
        except (ValueError, ExchangeError) as exc:
            line.problem = _("Dòng %(row)s: %(problem)s") % {"row": row, "problem": exc}
            result.errors.append(line)
            continue
        if line.ref in imported:
            line.problem = _("Dòng %(row)s: giao dịch %(ref)s đã được nhập trước đây") % {"row": row, "ref": line.ref}
            result.already.append(line)
            continue
        member = by_cccd.get(v["citizen_id"]) or by_card.get(v["card_number"])
        if member is None:
            line.problem = _("Dòng %(row)s: không có đảng viên nào có số CCCD/số thẻ này") % {"row": row}
        elif line.name and not same_name(line.name, member.full_name):
            line.problem = _("Dòng %(row)s: họ tên «%(name)s» không khớp với đảng viên có số CCCD/số thẻ này") % {
                "row": row, "name": line.name}
            member = None
        elif scope is not None and not scope.can(WRITE, member.org_path):
            line.problem = _("Dòng %(row)s: đảng viên không thuộc chi bộ bạn quản lý") % {"row": row}
            member = None
        if member is None:
            result.unmatched.append(line)
            continue
        line.member, line.org_id, line.org_path = member, member.organization_id, member.org_path
        result.good.append(line)
    _collecting_orgs(result.good)
    return result


def _collecting_orgs(lines: list[Line]) -> None:
    """A payment is filed where the month's obligation is (the chi bộ the member belonged to then)."""
    keys = {(x.member.pk, x.month) for x in lines}
    obs = _where_in(DuesObligation.objects.filter(month__in={k[1] for k in keys}), "member_id", {k[0] for k in keys})
    where = {(m, month): (org_id, path) for m, month, org_id, path in obs.values_list(
        "member_id", "month", "organization_id", "org_path")}
    for x in lines:
        if (x.member.pk, x.month) in where:
            x.org_id, x.org_path = where[(x.member.pk, x.month)]


@audited_action("dues.payments.import", scope=per_row("preview() keeps only lines whose member the actor may write"))
def commit(actor, path: str | Path) -> Preview:
    """Preview again against the register as it is now, then write every good line or none."""
    result = preview(actor, path)
    if not result.good:
        fail("file", gettext_lazy("Tệp không có dòng nào hợp lệ để nhập."))
    closed = set(DuesMonth.objects.filter(organization_id__in={x.org_id for x in result.good},
                                          month__in={x.paid_on.replace(day=1) for x in result.good})
                 .values_list("organization_id", "month"))
    locked = [x for x in result.good if (x.org_id, x.paid_on.replace(day=1)) in closed]
    if locked:
        fail("file", gettext_lazy("Dòng %(row)s: tháng %(month)s đã khóa sổ; không nhập tệp nào có khoản nộp vào "
                                  "tháng đã khóa."), row=locked[0].row, month=rules.month_label(locked[0].paid_on))
    source = f"import:{result.digest}"
    user = actor if getattr(actor, "pk", None) else None
    with atomic():
        # One prepared INSERT run for every line (the rows are plain: no receipt number, no correction), rather
        # than model instances: a 100,000-line file is written in seconds.
        written = [DuesPayment(member_id=x.member.pk, organization_id=x.org_id, org_path=x.org_path, month=x.month,
                               book_month=x.paid_on.replace(day=1), amount=x.amount, channel=Channel.PORTAL,
                               paid_on=x.paid_on, portal_ref=x.ref, source=source) for x in result.good]
        _insert(written, user)
        totals.add_collected(written)
        roots = sorted({x.org_path for x in result.good})
        audit.record("dues.payments.import", actor=actor, object_type="dues.portalfile", object_id=result.digest,
                     org_path=common_prefix(roots),
                     summary=f"Nhập {len(result.good)} khoản nộp đảng phí từ Cổng Dịch vụ công ({result.file}): "
                             f"{format_number(result.total)} đồng; {len(result.unmatched)} dòng không khớp, "
                             f"{len(result.errors)} dòng lỗi",
                     data={"file": result.file, "lines": len(result.good), "total": result.total,
                           "unmatched": [x.row for x in result.unmatched][:PREVIEW_LIMIT],
                           "errors": [x.row for x in result.errors][:PREVIEW_LIMIT]})
    return result


def _where_in(qs, name: str, values: set):
    """qs filtered to `name` in `values`. On PostgreSQL a file's 100,000 values are one array parameter
    (`= ANY(...)`), not 100,000 placeholders to build and bind; elsewhere a plain IN."""
    if not values:
        return qs.none()
    if connection.vendor != "postgresql":
        return qs.filter(**{f"{name}__in": values})
    field = qs.model._meta.get_field(name)
    kind = "bigint" if field.get_internal_type() in ("ForeignKey", "BigAutoField", "BigIntegerField") else "text"
    column = f"{connection.ops.quote_name(qs.model._meta.db_table)}.{connection.ops.quote_name(field.column)}"
    return qs.extra(where=[f"{column} = ANY(CAST(%s AS {kind}[]))"], params=[sorted(values)])


def _insert(rows: list[DuesPayment], user) -> None:
    columns = ("member_id", "organization_id", "org_path", "month", "book_month", "amount", "channel", "paid_on",
               "portal_ref", "note", "source", "recorded_by_id", "recorded_at")
    now = timezone.now()
    qn = connection.ops.quote_name
    table, names = qn(DuesPayment._meta.db_table), ", ".join(qn(c) for c in columns)
    values = [(r.member_id, r.organization_id, r.org_path, r.month, r.book_month, r.amount, r.channel, r.paid_on,
               r.portal_ref, "", r.source, getattr(user, "pk", None), now) for r in rows]
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":  # COPY: the bulk path of PostgreSQL (same constraints, same rows)
            with cur.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for v in values:
                    copy.write_row(v)
        else:
            cur.executemany(f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(columns))})", values)


def common_prefix(paths: list[str]) -> str:
    """The deepest organisation path above every line (4 characters a level)."""
    if not paths:
        return ""
    first, last = paths[0], paths[-1]
    n = 0
    while n < min(len(first), len(last)) and first[n] == last[n]:
        n += 1
    return first[: n - n % 4]
