"""The dues report of a subtree for a year or a month: plain data first (`build`), then text, JSON or .xlsx.
One builder for the CLI, the pages and the API."""

from __future__ import annotations

from datetime import date

from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dangbo.rules.dues_params import REGIME_01_START, REGIME_342_START, REGIME_LABELS, regime_of
from dangbo.rules.text import format_number

from . import queries

# The report's texts are in the active language: a page's; Vietnamese in the CLI, the .xlsx and the year-end
# report's files (built with Vietnamese active).
FIGURE_LABELS = {"owed": gettext_lazy("Phải thu"), "collected": gettext_lazy("Đã thu"),
                 "kept": gettext_lazy("Để lại (cả cấp dưới)"), "kept_own": gettext_lazy("Trong đó để lại tại cấp này"),
                 "remitted": gettext_lazy("Nộp lên cấp trên"),
                 "held": gettext_lazy("Chưa phân chia (chưa ghi nộp lên)")}


def build(org, year: int, month: int | None = None, quarter: int | None = None) -> dict:
    """The report of `org`'s subtree for a month, a quarter (1-4) or the year: every figure from one call of
    queries.summary, so the CLI, the page, the .xlsx, the JSON/API and the year-end section agree."""
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
    recon = queries.reconciliation(org, year, month, quarter, figures=rows)
    data = {
        "organization": {"code": org.code, "name": org.name},
        "year": year, "month": month, "quarter": quarter,
        "period": (_("tháng %(month)s/%(year)s") % {"month": f"{month:02d}", "year": year} if month
                   else _("quý %(quarter)s/%(year)s") % {"quarter": quarter, "year": year} if quarter
                   else _("năm %(year)s") % {"year": year}),
        "regimes": regimes,
        "totals": {f: top.get(f, 0) for f in queries.FIGURES},
        "kept_by_level": queries.kept_by_level(rows),
        "labels": {k: str(label) for k, label in FIGURE_LABELS.items()},
        "organizations": [{"name": r["name"], "path": r["path"], "depth": r["depth"],
                           **{f: r[f] for f in queries.FIGURES}} for r in rows],
        "reconciliation": recon,
        "discrepancies": sum(1 for r in recon if not r["ok"]),
        "note": _note(first, last),
    }
    data["sentence"] = sentence(data)
    return data


def sentence(data: dict) -> str:
    """The period's dues in one sentence that adds up: collected = kept in the subtree (by level) + remitted
    to the level above (+ what is not split yet)."""
    t = data["totals"]
    n = format_number
    levels = [lv for lv in data["kept_by_level"] if lv["amount"]]
    text = _("%(period)s, thu đảng phí %(collected)s đồng (phải thu %(owed)s đồng), gồm: để lại %(kept)s đồng") % {
        "period": capfirst(data["period"]), "collected": n(t["collected"]), "owed": n(t["owed"]), "kept": n(t["kept"])}
    if len(data["kept_by_level"]) > 1 and levels:  # levels below: say which kept what
        text += " (" + ", ".join(_("%(level)s %(amount)s đồng") % {"level": lv["level"], "amount": n(lv["amount"])}
                                 for lv in levels) + ")"
    text += _("; nộp lên cấp trên %(amount)s đồng") % {"amount": n(t["remitted"])}
    if t["held"] > 0:
        text += _("; chưa phân chia (chưa ghi nộp lên) %(amount)s đồng") % {"amount": n(t["held"])}
    elif t["held"] < 0:
        text += _("; số để lại và nộp lên vượt số thu %(amount)s đồng (cần kiểm tra)") % {"amount": n(-t["held"])}
    return text + "."


def year_end_section(org, year: int) -> dict:
    """The dues section of the year-end report (dangbo.reports reads dues only through this): the year's
    figures of `org`'s subtree exactly as `dangbo dues report --org CODE --year Y` gives them (the same
    `build`), or a `missing` entry when the subtree has no dues drawn up that year (unknown, never 0)."""
    from django.urls import reverse

    if not queries.has_dues(org, year):
        return {"missing": _("chưa có dữ liệu sổ thu nộp đảng phí năm %(year)s") % {"year": year}}
    data = build(org, year)
    return {"totals": data["totals"], "kept_by_level": data["kept_by_level"], "sentence": data["sentence"],
            "regimes": data["regimes"], "discrepancies": data["discrepancies"],
            "note": data["note"], "source": f"Sổ thu nộp đảng phí (dangbo dues report --org {org.code} --year {year})",
            "url": reverse("dues:summary") + f"?to_chuc={org.pk}&nam={year}"}


def _note(first: date, last: date) -> str:
    if last < REGIME_342_START:
        return _("Trước 04/2011 chưa có chế độ đảng phí theo Quyết định 342-QĐ/TW trong dangbo: không có số liệu.")
    if last >= REGIME_01_START:
        return _("Tỷ lệ trích để lại từ 02/2026 là thiết lập chưa xác nhận (Quy định 01-QĐ/TW chưa công bố tỷ lệ).")
    return ""


def text(data: dict) -> str:
    n = format_number
    lines = [f"Đảng phí {data['period']} — {data['organization']['name']}",
             f"Chế độ: {'; '.join(data['regimes']) or 'không có'}",
             data["sentence"]]
    base = data["organizations"][0]["depth"] if data["organizations"] else 0
    for r in data["organizations"][1:]:
        lines.append(f"{'  ' * (r['depth'] - base)}{r['name']}: phải thu {n(r['owed'])}, đã thu "
                     f"{n(r['collected'])}, để lại {n(r['kept'])}, nộp lên {n(r['remitted'])}"
                     + (f", chưa phân chia {n(r['held'])}" if r["held"] else ""))
    if data["reconciliation"]:
        lines.append(f"Đối chiếu cấp trên nhận với cấp dưới nộp: {data['discrepancies']} tổ chức chưa khớp hoặc "
                     "chưa xác nhận")
        for r in data["reconciliation"]:
            state = "khớp" if r["ok"] else (
                f"chênh {n(r['difference'])}"
                + (f", chưa xác nhận tháng {', '.join(r['unconfirmed'])}" if r["unconfirmed"] else ""))
            lines.append(f"  {r['organization']} → {r['parent']}: nộp {n(r['remitted'])}, cấp trên "
                         f"nhận {n(r['received'])} ({state})")
            for c in r["corrections"]:
                lines.append(f"    điều chỉnh {c['side_label'].lower()} tháng {c['month']}: {n(c['amount'])} "
                             f"đồng ngày {c['on']} ({c['reason']})")
    if data["note"]:
        lines.append(f"Lưu ý: {data['note']}")
    return "\n".join(lines)
