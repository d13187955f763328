"""Results of a year as JSON and as an .xlsx table (house style of dangbo.exchange.exports)."""

from __future__ import annotations

import io

from dangbo.exchange.workbook import xlsx_workbook
from dangbo.rules.ratings import LEVEL_LABELS, Level
from dangbo.rules.text import format_date

from .models import KEY_LEVELS
from .queries import KEYS, compare, percentages

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def results_data(org, year: int, current: dict | None, previous: dict | None) -> dict:
    """The JSON of `dangbo stats ratings --json` and of the results page's JSON link."""
    out = {"organization": {"code": org.code, "name": org.name}, "year": year,
           "source": current["source"] if current else None, "self": current["self"] if current else None,
           "levels": {k: LEVEL_LABELS[Level(KEY_LEVELS[k])] for k in KEYS}}
    for part in ("members", "organizations"):
        now = current[part] if current else None
        before = previous[part] if previous else None
        out[part] = {
            "counts": now, "percent": {k: round(v, 1) for k, v in percentages(now).items()} if now else None,
            "previous": before,
            "change": {k: now[k] - before[k] for k in KEYS} if now and before else None,
        }
    return out


def results_xlsx(org, year: int, current: dict | None, previous: dict | None, children: list[dict]) -> bytes:
    buf = io.BytesIO()
    wb = xlsx_workbook(buf, {"in_memory": True})
    title = wb.add_format({"bold": True, "font_size": 14})
    head = wb.add_format({"bold": True, "bg_color": "#E7EEF7", "border": 1, "text_wrap": True, "valign": "top"})
    cell = wb.add_format({"border": 1})
    pct = wb.add_format({"border": 1, "num_format": "0.0"})
    ws = wb.add_worksheet("Kết quả xếp loại")
    ws.set_column(0, 0, 36)
    ws.set_column(1, 8, 13)
    ws.write_string(0, 0, f"Kết quả đánh giá, xếp loại chất lượng năm {year}", title)
    ws.write_string(1, 0, org.name)
    if current and current["source"] == "published":
        ws.write_string(2, 0, "Số liệu theo báo cáo đã công bố (không còn dữ liệu từng đảng viên).")
    hdr = ["Mức xếp loại", f"Đảng viên {year}", "Tỷ lệ (%)", f"Năm {year - 1}", "Tăng (+) / giảm (-)",
           f"Tổ chức đảng {year}", "Tỷ lệ (%)", f"Năm {year - 1}", "Tăng (+) / giảm (-)"]
    for c, h in enumerate(hdr):
        ws.write_string(4, c, h, head)
    for i, row in enumerate(compare(current, previous), start=5):
        ws.write_string(i, 0, LEVEL_LABELS[Level(row["level"])], cell)
        for j, part in enumerate(("members", "organizations")):
            base = 1 + 4 * j
            d = row[part]
            ws.write_number(i, base, d["n"], cell)
            ws.write_number(i, base + 1, round(d["pct"], 1), pct)
            for k, v in ((2, d["prev"]), (3, d["delta"])):
                if v is None:
                    ws.write_blank(i, base + k, None, cell)
                else:
                    ws.write_number(i, base + k, v, cell)
    r = 10
    if current:
        for label, part in (("Đảng viên không xếp loại", "members"), ("Chưa quyết định", "members")):
            key = "not_rated" if label.startswith("Đảng viên không") else "undecided"
            ws.write_string(r, 0, label, cell)
            ws.write_number(r, 1, current[part][key], cell)
            r += 1
    if children:
        r += 1
        ws.write_string(r, 0, "Theo tổ chức trực thuộc (đảng viên)", title)
        r += 1
        for c, h in enumerate(["Tổ chức", "HTXSNV", "HTTNV", "HTNV", "KHTNV", "Tổng", "Xếp loại tổ chức"]):
            ws.write_string(r, c, h, head)
        for row in children:
            r += 1
            ws.write_string(r, 0, row["org"].name, cell)
            for c, k in enumerate(KEYS, start=1):
                ws.write_number(r, c, row["counts"][k], cell)
            ws.write_number(r, 5, row["total"], cell)
            ws.write_string(r, 6, LEVEL_LABELS[Level(row["level"])] if row["level"] else "", cell)
    ws.write_string(r + 2, 0, f"Xuất ngày {format_date(__import__('datetime').date.today())} từ dangbo")
    wb.close()
    return buf.getvalue()
