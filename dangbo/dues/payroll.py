"""Dues profiles from a payroll file (.xlsx/.csv): one row per member with the category, the base and the month it
applies from. `preview` checks every row; `commit` writes all rows or none (any faulty row refuses the file), in
one transaction with one audit event."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dangbo.core import audit
from dangbo.core.actions import atomic, audited_action, fail, per_row
from dangbo.core.scopes import WRITE, scope_for
from dangbo.exchange.parsing.errors import ExchangeError
from dangbo.exchange.parsing.readers import cell_text, read_table
from dangbo.members.models import Member
from dangbo.rules.dues_params import CATEGORIES, REGIONS
from dangbo.rules.text import search_key

from .calcfile import CATEGORY_BY_LABEL, DuesFileError, money_cell, month_cell
from .models import DuesProfile
from .portal import common_prefix, same_name

HEADERS = {
    "so cccd": "citizen_id", "cccd": "citizen_id", "so dinh danh": "citizen_id", "so the dang vien": "card_number",
    "ho va ten": "name", "ho ten": "name", "doi tuong": "category", "muc can cu": "base", "luong": "base",
    "tien luong dong bhxh": "base", "vung": "region", "tu thang": "from_month", "ap dung tu thang": "from_month",
}
NEEDS_BASE = ("bhxh", "sick_leave", "pensioner", "abroad")


@dataclass
class PayrollRow:
    row: int
    member: Member
    from_month: date
    category: str
    base: int | None
    region: int | None


@dataclass
class PayrollPreview:
    rows: list[PayrollRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def preview(actor, path: str | Path) -> PayrollPreview:
    try:
        table = read_table(Path(path))
    except (OSError, ExchangeError) as exc:
        fail("file", str(exc))
    keys = [HEADERS.get(search_key(h)) for h in table.headers]
    if "category" not in keys or not ({"citizen_id", "card_number"} & set(keys)) or "from_month" not in keys:
        fail("file", gettext_lazy("Tệp cần các cột «Số CCCD» (hoặc «Số thẻ đảng viên»), «Đối tượng», «Mức căn cứ», "
                                  "«Từ tháng»."))
    raw = [(n, {k: v for k, v in zip(keys, cells, strict=False) if k}) for n, cells in table.rows]
    ids = {cell_text(v.get("citizen_id")).strip() for __, v in raw} - {""}
    cards = {cell_text(v.get("card_number")).strip() for __, v in raw} - {""}
    found = Member.objects.filter(Q(citizen_id__in=ids) | Q(card_number__in=cards)).select_related("organization")
    by_id = {m.citizen_id: m for m in found if m.citizen_id}
    by_card = {m.card_number: m for m in found if m.card_number}
    scope = scope_for(actor) if actor is not None else None
    out = PayrollPreview()
    for n, v in raw:
        try:
            member = by_id.get(cell_text(v.get("citizen_id")).strip()) or by_card.get(
                cell_text(v.get("card_number")).strip())
            name = cell_text(v.get("name")).strip()
            if member is None or (scope is not None and not scope.can(WRITE, member.organization)):
                raise DuesFileError(_("Dòng %(row)s: không có đảng viên nào có số CCCD/số thẻ này trong phạm vi của "
                                      "bạn.") % {"row": n})
            if name and not same_name(name, member.full_name):
                raise DuesFileError(_("Dòng %(row)s, trường «Họ và tên»: «%(name)s» không khớp với số CCCD/số thẻ.")
                                    % {"row": n, "name": name})
            category = v.get("category") if v.get("category") in CATEGORIES else CATEGORY_BY_LABEL.get(
                search_key(cell_text(v.get("category"))))
            if not category:
                raise DuesFileError(_("Dòng %(row)s, trường «Đối tượng»: «%(value)s» không hợp lệ (ghi một trong: "
                                      "%(choices)s).") % {"row": n, "value": cell_text(v.get("category")),
                                                          "choices": "; ".join(CATEGORIES.values())})
            base = money_cell(v.get("base"), n, "Mức căn cứ", category in NEEDS_BASE)
            region = v.get("region")
            region = int(region) if str(region or "").strip().isdigit() else None
            if category == "other" and region not in REGIONS:
                raise DuesFileError(_("Dòng %(row)s, trường «Vùng»: cần vùng 1–4 cho đảng viên đóng theo lương tối "
                                      "thiểu.") % {"row": n})
            start = month_cell(v.get("from_month"), n, "Từ tháng")
            out.rows.append(PayrollRow(n, member, start, category, base, region))
        except DuesFileError as exc:
            out.errors.append(str(exc))
    return out


@audited_action("dues.profiles.import", scope=per_row("preview() refuses a row whose member the actor may not write"))
def commit(actor, path: str | Path) -> PayrollPreview:
    result = preview(actor, path)
    if result.errors:
        fail("file", gettext_lazy("Tệp có %(count)s dòng lỗi, không ghi dòng nào. %(error)s"),
             count=len(result.errors), error=result.errors[0])
    if not result.rows:
        fail("file", gettext_lazy("Tệp không có dòng nào."))
    with atomic():
        for r in result.rows:
            DuesProfile.objects.update_or_create(member=r.member, from_month=r.from_month, defaults={
                "category": r.category, "base": r.base, "region": r.region, "note": f"Bảng lương, dòng {r.row}"})
        paths = sorted({r.member.org_path for r in result.rows})
        audit.record("dues.profiles.import", actor=actor, object_type="dues.payroll", object_id=Path(path).name,
                     org_path=common_prefix(paths),
                     summary=f"Nhập mức đóng đảng phí của {len(result.rows)} đảng viên từ bảng lương "
                             f"{Path(path).name}",
                     data={"members": [r.member.pk for r in result.rows][:1000]})
    return result
