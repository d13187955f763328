"""The opening every import preview shares (scope, headers, mapping, required columns) and its cell helpers."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from dangbo.core.i18n import formatted
from dangbo.core.scopes import WRITE, require
from dangbo.organizations.models import Organization
from dangbo.rules.text import nfc

from ..parsing.legacy import LABELS as ENCODING_LABELS
from ..parsing.legacy import detect_column, fix
from ..parsing.readers import cell_text
from .rows import Conversion, Preview


def cell_str(value) -> str:
    if value is None:
        return ""
    if type(value) is str:
        return value  # readers.normalize_cell already gave NFC, stripped text

    return nfc(cell_text(value)).strip()


def fix_legacy_column(col: list[str], key: str, header: str, rows, conversions: list[Conversion]) -> list[str]:
    """TCVN3/VNI -> Unicode for a column detected as legacy by majority vote (legacy.detect_column).

    Detection is per column, as the fonts were: a column typed with .VnTime is all TCVN3. The conversion of
    each distinct text is computed once (a register repeats its places, workplaces and titles).
    """

    encoding = detect_column(col)
    if encoding is None:
        return col
    label = ENCODING_LABELS.get(encoding, encoding)
    cache: dict[str, str | None] = {}
    out = []
    for (row_number, _values), text in zip(rows, col, strict=True):
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


def start_preview(table, *, actor, target_org: Organization, mapping_override, preview_cls, kind, resolve,
                  labels: dict, required, template: str) -> Preview:
    """The opening every import preview shares: write scope, cleaned headers, column mapping, required columns.

    A preview whose columns cannot be used comes back with `fatal` set and no rows.
    """
    require(actor, WRITE, target_org, formatted(_("Bạn không có quyền nhập dữ liệu vào %(org)s."),
                                                org=target_org.name))
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
