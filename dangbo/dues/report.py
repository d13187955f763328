"""The dues report of a subtree for a year or a month: plain data first (`build`), then text, JSON or .xlsx.
One builder for the CLI, the pages and the API."""

from __future__ import annotations

from datetime import date

from dangbo.rules.dues_params import REGIME_01_START, REGIME_342_START, REGIME_LABELS, regime_of
from dangbo.rules.text import format_number

from . import queries


def build(org, year: int, month: int | None = None, quarter: int | None = None) -> dict:
    """The report of `org`'s subtree for a month, a quarter (1-4) or the year."""
    if month:
        quarter = None
    rows = queries.summary(org, year, month, quarter)
    top = rows[0] if rows else {f: 0 for f in queries.FIGURES}
    months = queries.period_months(month, quarter)
    first = date(year, months[0], 1)
    last = date(year, months[-1], 1)
    # A period before 04/2011 (Quyết định 342-QĐ/TW) had no dues regime in dangbo: the figures are then zero and
    # the report says so rather than failing.
    regimes = (sorted({REGIME_LABELS[regime_of(m)] for m in (max(first, REGIME_342_START), last)})
               if last >= REGIME_342_START else [])
    return {
        "organization": {"code": org.code, "name": org.name},
        "year": year, "month": month, "quarter": quarter,
        "period": (f"tháng {month:02d}/{year}" if month else f"quý {quarter}/{year}" if quarter else f"năm {year}"),
        "regimes": regimes,
        "totals": {f: top.get(f, 0) for f in queries.FIGURES},
        "organizations": [{"name": r["name"], "path": r["path"], "depth": r["depth"],
                           **{f: r[f] for f in queries.FIGURES}} for r in rows],
        "reconciliation": (recon := queries.reconciliation(org, year, month, quarter)),
        "discrepancies": sum(1 for r in recon if not r["ok"]),
        "note": _note(first, last),
    }


def year_end_section(org, year: int) -> dict:
    """The dues section of the year-end report (dangbo.reports reads dues only through this): the year's
    figures of `org`'s subtree exactly as `dangbo dues report --org CODE --year Y` gives them, or a `missing`
    entry when the subtree has no dues drawn up that year (unknown, never 0)."""
    from django.urls import reverse

    if not queries.has_dues(org, year):
        return {"missing": f"chưa có dữ liệu sổ thu nộp đảng phí năm {year}"}
    data = build(org, year)
    return {"totals": data["totals"], "regimes": data["regimes"], "discrepancies": data["discrepancies"],
            "note": data["note"], "source": f"Sổ thu nộp đảng phí (dangbo dues report --org {org.code} --year {year})",
            "url": reverse("dues:summary") + f"?to_chuc={org.pk}&nam={year}"}


def _note(first: date, last: date) -> str:
    if last < REGIME_342_START:
        return ("Trước 04/2011 chưa có chế độ đảng phí theo Quyết định 342-QĐ/TW trong dangbo: không có số liệu.")
    if last >= REGIME_01_START:
        return "Tỷ lệ trích để lại từ 02/2026 là thiết lập chưa xác nhận (Quy định 01-QĐ/TW chưa công bố tỷ lệ)."
    return ""


def text(data: dict) -> str:
    t = data["totals"]
    lines = [f"Đảng phí {data['period']} — {data['organization']['name']}",
             f"Chế độ: {'; '.join(data['regimes']) or 'không có'}",
             f"Phải thu: {format_number(t['owed'])} đồng; đã thu: {format_number(t['collected'])} đồng; "
             f"nộp lên: {format_number(t['remitted'])} đồng; để lại: {format_number(t['kept'])} đồng"]
    for r in data["organizations"][1:]:
        lines.append(f"{'  ' * (r['depth'] - data['organizations'][0]['depth'])}{r['name']}: phải thu "
                     f"{format_number(r['owed'])}, đã thu {format_number(r['collected'])}, nộp lên "
                     f"{format_number(r['remitted'])}")
    if data["reconciliation"]:
        lines.append(f"Đối chiếu cấp trên nhận với cấp dưới nộp: {data['discrepancies']} chỗ chưa khớp")
        for r in data["reconciliation"]:
            state = "khớp" if r["ok"] else (
                f"chênh {format_number(r['difference'])}"
                + (f", chưa xác nhận tháng {', '.join(r['unconfirmed'])}" if r["unconfirmed"] else ""))
            lines.append(f"  {r['organization']} → {r['parent']}: nộp {format_number(r['remitted'])}, cấp trên "
                         f"nhận {format_number(r['received'])} ({state})")
    if data["note"]:
        lines.append(f"Lưu ý: {data['note']}")
    return "\n".join(lines)
