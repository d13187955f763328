"""The members file of `dangbo dues calc` (JSON, .xlsx or .csv; docs/dues-file.md) and its result.

No database: each row is read into a `DuesProfile`, computed by `dangbo.rules.dues`, and every refusal is a
DuesFileError naming the row and the field, raised before any output (all or nothing).
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from dangbo.exchange.parsing.dates import parse_date as parse_cell_date
from dangbo.exchange.parsing.errors import ExchangeError
from dangbo.exchange.parsing.readers import read_table
from dangbo.rules import dues as rules
from dangbo.rules.dues_params import CATEGORIES, DEFAULT_SETTINGS, ROUNDINGS, DuesSettings
from dangbo.rules.sources import CONFIDENCE_LABELS, REGISTRY
from dangbo.rules.text import format_number, nfc, search_key


class DuesFileError(ValueError):
    pass


# Vietnamese column headers (search keys) -> JSON keys.
HEADERS = {
    "ho va ten": "name", "ho ten": "name", "doi tuong": "category", "muc can cu": "base", "can cu": "base",
    "muc can cu dong": "base", "vung": "region", "ngay sinh": "birth_date", "gioi tinh": "gender",
    "thang": "month", "ngay ket nap": "admission_date", "muc tu nguyen": "voluntary_amount",
    "mien giam": "relief_percent", "mien giam (%)": "relief_percent", "tu thang": "relief_from",
    "den thang": "relief_to", "van ban": "relief_document",
}
CATEGORY_BY_LABEL = {search_key(label): code for code, label in CATEGORIES.items()} | {
    "bhxh": "bhxh", "huu tri": "pensioner", "luong huu": "pensioner", "hoc sinh, sinh vien": "student",
    "sinh vien": "student", "om dau, thai san": "sick_leave", "khac": "other", "nuoc ngoai": "abroad",
    "tro cap huu tri xa hoi": "social_pension",
}
GENDERS = {"m": "M", "nam": "M", "f": "F", "nu": "F"}
_MONTH_RE = re.compile(r"(\d{1,2})/(\d{4})|(\d{4})-(\d{1,2})")


def _fail(row: int, field: str, message: str):
    """Row 0 is the file's settings, not a member. The message reads in the active language (a page's; the CLI's
    is Vietnamese)."""
    raise DuesFileError(_("Dòng %(row)s, trường «%(field)s»: %(message)s") % {"row": row, "field": field,
                                                                              "message": message}
                        if row else _("Trường «%(field)s»: %(message)s") % {"field": field, "message": message})


def month_cell(value: Any, row: int, field: str) -> date:
    if isinstance(value, date):
        return value.replace(day=1)
    text = nfc(str(value or "")).strip()
    m = _MONTH_RE.fullmatch(text)
    if m:
        month, year = (int(m[1]), int(m[2])) if m[1] else (int(m[4]), int(m[3]))
        if 1 <= month <= 12:
            return date(year, month, 1)
    try:
        d = _date(value, row, field)
    except DuesFileError:
        d = None
    if d is None:
        _fail(row, field, _("«%(text)s» không phải tháng (dạng 02/2026).") % {"text": text})
    return d.replace(day=1)


def _date(value: Any, row: int, field: str) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            _fail(row, field, _("ngày «%(value)s» không tồn tại.") % {"value": value})
    try:
        return parse_cell_date(value, row=row, column=field)
    except ExchangeError as exc:
        _fail(row, field, str(exc))


def money_cell(value: Any, row: int, field: str, required: bool) -> int | None:
    if value in (None, ""):
        if required:
            _fail(row, field, _("bắt buộc phải có (số đồng)."))
        return None
    if isinstance(value, bool):
        _fail(row, field, _("«%(value)s» không phải số đồng.") % {"value": value})
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str):
        text = value.strip().replace(".", "").replace(" ", "")
        value = int(text) if text.isdigit() else value
    if not isinstance(value, int):
        _fail(row, field, _("«%(value)s» phải là số đồng nguyên (ví dụ 8.500.000).") % {"value": value})
    if value < 0:
        _fail(row, field, _("không được âm."))
    return value


def _category(value: Any, row: int) -> str:
    key = search_key(str(value or ""))
    code = value if value in CATEGORIES else CATEGORY_BY_LABEL.get(key)
    if not code:
        _fail(row, "category", _("«%(value)s» không phải đối tượng đóng đảng phí (chọn: %(choices)s).") % {
            "value": value or "", "choices": ", ".join(CATEGORIES)})
    return code


def profile_from(data: dict, row: int) -> tuple[rules.DuesProfile, list[date]]:
    """One member's profile and the months asked for, from a JSON object or a spreadsheet row."""
    category = _category(data.get("category"), row)
    months = [month_cell(m, row, "months") for m in data["months"]] if data.get("months") else []
    if data.get("month") not in (None, ""):
        months.append(month_cell(data["month"], row, "month"))
    if not months:
        _fail(row, "month", _("bắt buộc phải có (tháng tính đảng phí, dạng 02/2026)."))
    needs_base = category in ("bhxh", "sick_leave", "pensioner", "abroad")
    bases: list[tuple[date, int]] = []
    for item in data.get("bases") or []:
        if not isinstance(item, dict):
            _fail(row, "bases", _("mỗi mục phải có «from» và «base»."))
        bases.append((month_cell(item.get("from"), row, "bases.from"),
                      money_cell(item.get("base"), row, "bases.base", True)))
    if not bases:
        base = money_cell(data.get("base"), row, "base", needs_base)
        if base is not None:
            bases = [(date(1900, 1, 1), base)]  # one base for every month asked
    region = data.get("region")
    if region not in (None, ""):
        try:
            region = int(str(region).strip().upper().removeprefix("VÙNG").strip() or 0)
        except ValueError:
            region = 0
        if region not in (1, 2, 3, 4):
            _fail(row, "region", _("«%(value)s» không phải vùng lương tối thiểu (1, 2, 3 hoặc 4).") % {
                "value": data.get("region")})
    else:
        region = None
    gender = data.get("gender")
    if gender not in (None, ""):
        gender = GENDERS.get(search_key(str(gender)))
        if gender is None:
            _fail(row, "gender", _("«%(value)s» phải là Nam hoặc Nữ.") % {"value": data.get("gender")})
    else:
        gender = None
    reliefs = [_relief(item, row) for item in data.get("reliefs") or []]
    if data.get("relief_percent") not in (None, ""):
        reliefs.append(_relief({"percent": data["relief_percent"], "from": data.get("relief_from"),
                                "to": data.get("relief_to"), "document": data.get("relief_document")}, row))
    refused = [f for f in rules.check_reliefs(reliefs) if f.is_error]
    if refused:
        _fail(row, f"reliefs.{refused[0].field}", refused[0].message)
    profile = rules.DuesProfile(
        category=category, bases=tuple(bases), region=region, birth_date=_date(data.get("birth_date"), row,
                                                                                "birth_date"),
        gender=gender, admission_date=_date(data.get("admission_date"), row, "admission_date"),
        voluntary_amount=money_cell(data.get("voluntary_amount"), row, "voluntary_amount", False),
        reliefs=tuple(reliefs),
    )
    return profile, months


def _relief(item: Any, row: int) -> rules.Relief:
    if not isinstance(item, dict):
        _fail(row, "reliefs", _("mỗi quyết định cần «percent», «from», «to», «document»."))
    percent = money_cell(item.get("percent"), row, "reliefs.percent", True)
    kind = rules.EXEMPT if percent == 100 or item.get("kind") == rules.EXEMPT else rules.REDUCE
    return rules.Relief(kind, 100 if kind == rules.EXEMPT else percent,
                        month_cell(item.get("from"), row, "reliefs.from"),
                        month_cell(item.get("to"), row, "reliefs.to"),
                        nfc(str(item.get("document") or "")))


def settings_from(data: Any) -> DuesSettings:
    if not data:
        return DEFAULT_SETTINGS
    if not isinstance(data, dict):
        raise DuesFileError(_("Trường «settings» phải là một đối tượng."))
    changes: dict = {}
    if "rounding" in data:
        if data["rounding"] not in ROUNDINGS:
            raise DuesFileError(_("Trường «settings.rounding»: chọn một trong %(choices)s.") % {
                "choices": ", ".join(ROUNDINGS)})
        changes["rounding"] = data["rounding"]
    if "edge" in data:
        changes["edge"] = data["edge"]
    if "minimum_wage" in data:
        mw = data["minimum_wage"]
        try:
            table = {int(k): money_cell(mw[str(k)], 0, f"settings.minimum_wage.{k}", True) for k in (1, 2, 3, 4)}
        except (KeyError, TypeError):
            raise DuesFileError(_("Trường «settings.minimum_wage»: cần mức của cả bốn vùng \"1\"…\"4\" và "
                                  "«from».")) from None
        changes["minimum_wage"] = ((month_cell(mw.get("from", "01/2026"), 0, "settings.minimum_wage.from"), table),)
    try:
        return DEFAULT_SETTINGS.with_(**changes)
    except ValueError as exc:
        raise DuesFileError(_("Trường «settings»: %(error)s") % {"error": exc}) from exc


def load(path: str | Path) -> tuple[list[tuple[int, dict]], DuesSettings]:
    """(row number, member data) pairs and the settings, from a .json, .xlsx or .csv file."""
    p = Path(path)
    if not p.exists():
        raise DuesFileError(_("Không tìm thấy tệp %(file)s.") % {"file": p})
    if p.suffix.lower() == ".json":
        try:
            data = json.loads(p.read_text(encoding="utf-8-sig"))
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise DuesFileError(_("Tệp JSON không đọc được: %(error)s") % {"error": exc}) from exc
        members = data if isinstance(data, list) else (data or {}).get("members")
        if not isinstance(members, list) or not members:
            raise DuesFileError(_("Tệp JSON cần danh sách «members» (mỗi đảng viên một đối tượng)."))
        rows = [(i + 1, m if isinstance(m, dict) else {}) for i, m in enumerate(members)]
        return rows, settings_from(data.get("settings") if isinstance(data, dict) else None)
    try:
        table = read_table(p)
    except ExchangeError as exc:
        raise DuesFileError(str(exc)) from exc
    keys = [HEADERS.get(search_key(h)) for h in table.headers]
    if "category" not in keys:
        raise DuesFileError(_("Tệp cần cột «Đối tượng» (và «Mức căn cứ», «Vùng», «Ngày sinh», «Tháng»)."))
    rows = [(n, {k: v for k, v in zip(keys, cells, strict=False) if k}) for n, cells in table.rows]
    return rows, DEFAULT_SETTINGS


def compute(rows: list[tuple[int, dict]], settings: DuesSettings = DEFAULT_SETTINGS) -> dict:
    """The result of every row and month; an error in any row raises before anything is returned."""
    out, total = [], 0
    for row, data in rows:
        profile, months = profile_from(data, row)
        for month in months:
            res = rules.monthly_dues(profile, month, settings)
            errors = [f for f in res.findings if f.is_error]
            if errors:
                _fail(row, errors[0].field, errors[0].message)
            source = REGISTRY[res.rule_key]
            total += res.amount
            out.append({
                "row": row, "name": nfc(str(data.get("name") or "")), "month": rules.month_label(month),
                "category": profile.category, "amount": res.amount, "regime": res.regime, "rule": res.rule,
                "rule_key": res.rule_key, "source": f"{source.document}, {source.clause}",
                "confidence": CONFIDENCE_LABELS[source.confidence], "exempt": res.exempt,
                "unconfirmed": res.unconfirmed, "unconfirmed_rules": sorted({k for k in res.sources if
                                                                             REGISTRY[k].confidence != "CONFIRMED"}),
                "findings": [f.message for f in res.findings],
            })
    return {"rows": out, "total": total, "settings": {"rounding": settings.rounding, "edge": settings.edge}}


def table(data: dict) -> str:
    lines = []
    for r in data["rows"]:
        mark = " (có quy định chưa xác nhận)" if r["unconfirmed"] else ""
        lines.append(f"Dòng {r['row']} {r['name'] or ''} tháng {r['month']}: {format_number(r['amount'])} đồng "
                     f"— {r['rule']} [{r['source']}]{mark}")
        lines += [f"    Lưu ý: {m}" for m in r["findings"]]
    lines.append(f"Tổng cộng: {format_number(data['total'])} đồng")
    return "\n".join(lines)
