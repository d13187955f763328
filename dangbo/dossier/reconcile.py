"""The 6-monthly reconciliation (HD 06-HD/TW §8): the upper level's member list (.xlsx/.csv, columns in
docs/dossier-reconciliation.md) against the register's members on the list under an organisation.

Read with dangbo.exchange.parsing (format sniffing, Vietnamese header variants, strict dates); rows are matched
by CCCD, then card number, then name and birth date. The result is plain data: missing here (in the file, not
in the register), missing there (in the register, not in the file), and differing fields; bad rows are listed
with their row and column and left out. Nothing is written to the register.
"""

from __future__ import annotations

import io
from datetime import date

from dangbo.exchange.parsing.dates import parse_date
from dangbo.exchange.parsing.errors import ExchangeError
from dangbo.exchange.parsing.headers import column_letter, map_headers
from dangbo.exchange.parsing.readers import read_table
from dangbo.exchange.parsing.table import cell_text
from dangbo.exchange.workbook import xlsx_workbook
from dangbo.members.models import ACTIVE_STATUSES, Member
from dangbo.rules.quality import card_key
from dangbo.rules.text import format_date, nfc, search_key

# The fields compared, in the order shown; the file's columns are those of the member import (any of their
# header variants).
FIELDS = {
    "full_name": "Họ và tên", "birth_date": "Ngày sinh", "card_number": "Số thẻ đảng viên", "citizen_id": "Số CCCD",
    "admission_decision_date": "Ngày vào Đảng", "official_date": "Ngày chính thức",
}
DATES = {"birth_date", "admission_decision_date", "official_date"}
REQUIRED = ("full_name", "birth_date")
SENSITIVE = "citizen_id"
MAX_ROWS = 200_000


def _value(key, raw, row, header):
    if key in DATES:
        return parse_date(raw, row=row, column=header)
    text = cell_text(raw, zero_pad=12 if key == "citizen_id" else None)
    text = nfc(text).strip()
    if key == "citizen_id" and text and not (text.isdigit() and len(text) == 12):
        raise ExchangeError(f"Số CCCD «{text}» phải gồm đúng 12 chữ số.", row=row, column=header)
    if key == "full_name" and text and len(text.split()) < 2:
        raise ExchangeError(f"Họ và tên «{text}» phải có ít nhất họ và tên.", row=row, column=header)
    return text or None


def read_upper_list(data: bytes, filename: str) -> tuple[list[dict], list[str]]:
    """(rows, errors): each good row as {field: value, "row": n}; each error a Vietnamese sentence naming the row
    and the column. A file that cannot be read at all raises ExchangeError."""
    table = read_table(data, filename)
    mapping = map_headers(table.headers)
    missing = [FIELDS[k] for k in REQUIRED if k not in mapping.keys]
    if missing:
        raise ExchangeError("Thiếu cột bắt buộc " + ", ".join(f"«{m}»" for m in missing) + " trong hàng tiêu đề "
                            f"(dòng {table.header_row}).", code="missing_columns")
    wanted = {k: i for k, i in mapping.keys.items() if k in FIELDS}
    rows, errors = [], []
    for n, cells in table.rows:
        if len(rows) + len(errors) >= MAX_ROWS:
            errors.append(f"Tệp có hơn {MAX_ROWS:,} dòng; phần sau dòng {n} không được đối chiếu.".replace(",", "."))
            break
        out: dict = {"row": n}
        bad = False
        for key, i in wanted.items():
            header = mapping.headers[i] or FIELDS[key]
            try:
                out[key] = _value(key, cells[i] if i < len(cells) else None, n, header)
            except ExchangeError as exc:
                where = exc.where() or f"Dòng {n}, cột «{header}» ({column_letter(i)})"
                errors.append(f"{where}: {exc.message}")
                bad = True
        if bad:
            continue
        for key in REQUIRED:
            if not out.get(key):
                errors.append(f"Dòng {n}, cột «{mapping.header_of(key)}»: chưa có {FIELDS[key].lower()}.")
                bad = True
        if not bad:
            rows.append(out)
    return rows, errors


def _register(scope, org) -> list[dict]:
    qs = scope.members(Member.objects.filter(org_path__startswith=org.path, status__in=ACTIVE_STATUSES))
    return list(qs.order_by("sort_key", "id").values("id", "organization__name", *FIELDS))


def _text(key, v) -> str:
    if v is None or v == "":
        return ""
    return format_date(v) if key in DATES else str(v)


def _same(key, a, b) -> bool:
    if key == "full_name":
        return nfc(a or "").split() == nfc(b or "").split()
    if key == "card_number":
        return card_key(a) == card_key(b)
    return (a or None) == (b or None)


def compare(scope, org, rows: list[dict], errors: list[str], *, sensitive: bool) -> dict:
    """The diff of the file's rows against the register (CCCD compared and shown only when `sensitive`)."""
    fields = [k for k in FIELDS if sensitive or k != SENSITIVE]
    members = _register(scope, org)
    by_cccd = {m["citizen_id"]: m for m in members if m["citizen_id"]} if sensitive else {}
    by_card = {card_key(m["card_number"]): m for m in members if m["card_number"]}
    by_name = {}
    for m in members:
        by_name.setdefault((search_key(m["full_name"]), m["birth_date"]), m)
    matched: set[int] = set()
    missing_here, differing = [], []
    for r in rows:
        m = None
        if sensitive and r.get("citizen_id"):
            m = by_cccd.get(r["citizen_id"])
        if m is None and r.get("card_number"):
            m = by_card.get(card_key(r["card_number"]))
        if m is None:
            m = by_name.get((search_key(r["full_name"]), r["birth_date"]))
        if m is None or m["id"] in matched:
            missing_here.append({"row": r["row"], **{k: _text(k, r.get(k)) for k in fields}})
            continue
        matched.add(m["id"])
        diffs = [{"field": k, "label": FIELDS[k], "here": _text(k, m[k]), "there": _text(k, r.get(k))}
                 for k in fields if r.get(k) and not _same(k, m[k], r[k])]  # an empty cell says nothing
        if diffs:
            differing.append({"row": r["row"], "member_id": m["id"], "full_name": m["full_name"],
                              "organization": m["organization__name"], "fields": diffs})
    missing_there = [{"member_id": m["id"], "organization": m["organization__name"],
                      **{k: _text(k, m[k]) for k in fields}} for m in members if m["id"] not in matched]
    counts = {"register": len(members), "file": len(rows), "matched": len(matched), "missing_here": len(missing_here),
              "missing_there": len(missing_there), "differing": len(differing), "bad_rows": len(errors)}
    return {"counts": counts, "fields": fields, "sensitive": sensitive, "missing_here": missing_here,
            "missing_there": missing_there, "differing": differing, "errors": errors}


def masked(result: dict, sensitive: bool) -> dict:
    """The stored result as a viewer who may not see CCCD reads it (the column removed)."""
    if sensitive or not result.get("sensitive"):
        return result
    strip = [k for k in result["fields"] if k != SENSITIVE]
    return {**result, "fields": strip, "sensitive": False,
            "missing_here": [{k: v for k, v in r.items() if k != SENSITIVE} for r in result["missing_here"]],
            "missing_there": [{k: v for k, v in r.items() if k != SENSITIVE} for r in result["missing_there"]],
            "differing": [{**d, "fields": [f for f in d["fields"] if f["field"] != SENSITIVE]}
                          for d in result["differing"] if any(f["field"] != SENSITIVE for f in d["fields"])]}


def diff_xlsx(result: dict, org_name: str, done_on: date) -> bytes:
    """The differences as an .xlsx: one sheet each (missing here, missing there, differing, bad rows)."""
    buf = io.BytesIO()
    wb = xlsx_workbook(buf, {"in_memory": True})
    bold = wb.add_format({"bold": True})
    fields = result["fields"]

    def sheet(name, title, headers, lines):
        ws = wb.add_worksheet(name)
        ws.write(0, 0, f"{title} – {org_name}, đối chiếu ngày {format_date(done_on)}", bold)
        for c, h in enumerate(headers):
            ws.write(2, c, h, bold)
            ws.set_column(c, c, 22)
        for r, line in enumerate(lines, start=3):
            for c, v in enumerate(line):
                ws.write_string(r, c, str(v))

    labels = [FIELDS[k] for k in fields]
    sheet("Thiếu ở đây", "Có trong danh sách cấp trên, không có trong sổ", ["Dòng trong tệp", *labels],
          [[r["row"], *(r.get(k, "") for k in fields)] for r in result["missing_here"]])
    sheet("Thiếu ở cấp trên", "Có trong sổ, không có trong danh sách cấp trên", ["Chi bộ", *labels],
          [[r["organization"], *(r.get(k, "") for k in fields)] for r in result["missing_there"]])
    sheet("Khác nhau", "Thông tin khác nhau", ["Dòng trong tệp", "Họ và tên", "Chi bộ", "Thông tin", "Trong sổ",
                                              "Danh sách cấp trên"],
          [[d["row"], d["full_name"], d["organization"], f["label"], f["here"], f["there"]]
           for d in result["differing"] for f in d["fields"]])
    sheet("Dòng lỗi", "Dòng không đọc được", ["Lỗi"], [[e] for e in result["errors"]])
    wb.close()
    return buf.getvalue()
