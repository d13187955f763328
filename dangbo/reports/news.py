"""The year-end figures as a short Vietnamese news text for the organisation's web portal.

Written in the manner of the example reports (../shared/domain/examples/): a dated lead, the membership, the
rating results, admissions, commendations and badges, documents handled, next year's targets. Only figures
present in the data appear; a missing section is said to be missing.
"""

from __future__ import annotations

from datetime import date

from dangbo.rules.text import format_date

from .checks import PROVISIONAL
from .render import (
    badges_line,
    commendations_line,
    coverage_line,
    documents_line,
    dues_line,
    inspection_line,
    is_missing,
    meetings_line,
    movements_line,
    org_line,
    pct,
    so,
)


def _published_paragraph(data: dict, r: dict) -> str:
    """A year in its own scale or published as shares: its labels, its figures as published, its document."""
    scale = r["scale"]
    parts = []
    for part, who in (("organizations", "tổ chức đảng"), ("members", "đảng viên")):
        figures = []
        for row in r[part]["rows"]:
            figure = pct(row["share"]) if row["count"] is None else f"{so(row['count'])} {who}"
            figures.append(f"{'trong đó ' if row['within'] else ''}{row['label'].lower()}: {figure}")
        if figures:
            parts.append(", ".join(figures))
    how = "tỷ lệ đã công bố" if scale["as_shares"] else "số liệu đã công bố"
    return (f"Đánh giá, phân loại chất lượng năm {data['year']} ({how}, theo {scale['document']}), "
            f"{data['organization']['name']}: " + "; ".join(parts) + ".")


def _ratings_paragraph(data: dict) -> str:
    r = data["ratings"]
    y = data["year"]
    if is_missing(r):
        return f"Kết quả đánh giá, xếp loại chất lượng năm {y}: {r['missing']}."
    progress = data.get("provisional") or {}
    if progress.get("provisional"):  # never print an open review's figures as the result
        return (f"Kết quả đánh giá, xếp loại chất lượng năm {y} chưa hoàn tất ({PROVISIONAL.lower()}: "
                f"{progress['text']}); kết quả sẽ được thông tin khi có quyết định xếp loại.")
    if r.get("scale"):
        return _published_paragraph(data, r)
    orgs = {row["key"]: row for row in r["organizations"]["rows"]}
    mem = {row["key"]: row for row in r["members"]["rows"]}
    parts = []
    if r["organizations"]["rated"]:
        # As the published reports word it: the two upper levels always, the lower ones when there are any.
        text = (f"{so(orgs['excellent']['count'])} tổ chức đảng được xếp loại hoàn thành xuất sắc nhiệm vụ, "
                f"{so(orgs['good']['count'])} hoàn thành tốt nhiệm vụ")
        if orgs["completed"]["count"]:
            text += f", {so(orgs['completed']['count'])} hoàn thành nhiệm vụ"
        if orgs["not_completed"]["count"]:
            text += f", {so(orgs['not_completed']['count'])} không hoàn thành nhiệm vụ"
        parts.append(text)
    if r["members"]["rated"]:
        parts.append(f"{so(mem['excellent']['count'])} đảng viên được xếp loại hoàn thành xuất sắc nhiệm vụ "
                     f"({pct(mem['excellent']['share'])}), {so(mem['good']['count'])} đảng viên hoàn thành tốt nhiệm "
                     f"vụ ({pct(mem['good']['share'])}), {so(mem['completed']['count'])} đảng viên hoàn thành nhiệm "
                     f"vụ, {so(mem['not_completed']['count'])} đảng viên không hoàn thành nhiệm vụ")
    if not parts:
        return f"Kết quả đánh giá, xếp loại chất lượng năm {y}: chưa có kết quả."
    cov = coverage_line(data)
    return f"Đánh giá, xếp loại năm {y}, {data['organization']['name']} có " + "; ".join(parts) + "." + (
        f" ({cov})" if cov else "")


def news_text(data: dict, made_on: date | None = None) -> str:
    y, org = data["year"], data["organization"]["name"]
    made_on = made_on or data.get("made_on") or date.today()
    mv = data["members"]["movements"]
    paras = [
        f"Ngày {format_date(made_on)}, {org} tổ chức hội nghị tổng kết công tác xây dựng Đảng năm {y}; "
        f"bàn phương hướng, nhiệm vụ năm {y + 1}.",
        org_line(data),
        _ratings_paragraph(data),
    ]
    admitted = (f"Trong năm, {org} kết nạp {so(mv['admission'])} đảng viên mới"
                f", công nhận {so(mv['recognition'])} đảng viên chính thức.")
    if data["members"].get("published"):  # a year the register does not cover: the published figures, so labelled
        admitted = movements_line(data)
    elif not is_missing(data.get("admission") or {"missing": ""}):
        admitted = admitted[:-1] + f"; đang bồi dưỡng, xem xét {so(data['admission']['in_pipeline'])} quần chúng."
    paras.append(admitted)
    if not is_missing(data.get("meetings") or {"missing": ""}):
        paras.append(meetings_line(data))
    if not is_missing(data.get("inspection") or {"missing": ""}):
        paras.append(inspection_line(data))
    paras.append(commendations_line(data) + " " + badges_line(data))
    if not is_missing(data["documents"]):
        paras.append(documents_line(data))
    if not is_missing(data.get("dues") or {"missing": ""}):
        paras.append(dues_line(data))
    targets = data["next_targets"]
    if targets:
        paras.append(f"Năm {y + 1}, {org} phấn đấu: " + "; ".join(
            f"{t['label'][:1].lower()}{t['label'][1:]} {t['target_words']}" for t in targets) + ".")
    if data.get("checks"):  # for the editor, not the reader: the report's annex lists them
        paras.append(f"[Lưu ý trước khi đăng, xóa đoạn này: báo cáo có {so(len(data['checks']))} điểm cần kiểm tra "
                     "số liệu, xem «Phụ lục: kiểm tra số liệu».]")
    return "\n\n".join(paras) + "\n"
