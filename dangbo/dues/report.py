"""The dues report of a subtree for a year or a month: plain data first (`build`), then text, JSON or .xlsx.
One builder for the CLI, the pages and the API."""

from __future__ import annotations

from datetime import date

from dangbo.rules.dues_params import REGIME_LABELS, regime_of
from dangbo.rules.text import format_number

from . import queries


def build(org, year: int, month: int | None = None) -> dict:
    rows = queries.summary(org, year, month)
    top = rows[0] if rows else {f: 0 for f in queries.FIGURES}
    first = date(year, month or 1, 1)
    last = date(year, month or 12, 1)
    regimes = sorted({REGIME_LABELS[regime_of(first)], REGIME_LABELS[regime_of(last)]})
    return {
        "organization": {"code": org.code, "name": org.name},
        "year": year, "month": month,
        "period": f"tháng {month:02d}/{year}" if month else f"năm {year}",
        "regimes": regimes,
        "totals": {f: top.get(f, 0) for f in queries.FIGURES},
        "organizations": [{"name": r["name"], "path": r["path"], "depth": r["depth"],
                           **{f: r[f] for f in queries.FIGURES}} for r in rows],
        "note": "Tỷ lệ trích để lại từ 02/2026 là thiết lập chưa xác nhận (Quy định 01-QĐ/TW chưa công bố tỷ lệ)."
        if month is None or first >= date(2026, 2, 1) else "",
    }


def text(data: dict) -> str:
    t = data["totals"]
    lines = [f"Đảng phí {data['period']} — {data['organization']['name']}",
             f"Chế độ: {'; '.join(data['regimes'])}",
             f"Phải thu: {format_number(t['owed'])} đồng; đã thu: {format_number(t['collected'])} đồng; "
             f"nộp lên: {format_number(t['remitted'])} đồng; để lại: {format_number(t['kept'])} đồng"]
    for r in data["organizations"][1:]:
        lines.append(f"{'  ' * (r['depth'] - data['organizations'][0]['depth'])}{r['name']}: phải thu "
                     f"{format_number(r['owed'])}, đã thu {format_number(r['collected'])}, nộp lên "
                     f"{format_number(r['remitted'])}")
    if data["note"]:
        lines.append(f"Lưu ý: {data['note']}")
    return "\n".join(lines)
