"""Typed figures of a report document (issue 12): what real reports carry that the register does not hold.

The examples in ../shared/domain/examples/ carry figures dangbo does not compute: học tập, quán triệt nghị quyết
(sessions, the share of members attending), kiểm tra, giám sát where the inspection module holds none, party
cards issued, training classes (cảm tình Đảng, đảng viên mới), cấp ủy viên chuẩn y, commendations by kind. The
office enters each with its label, value, unit, period and source (`models.TypedFigure`); the document shows it in
its section after the computed figures, as entered, with the marker `MARK` and its source, never added to a
computed figure. A share is at most 100%; a count is a whole number, never negative; the period lies inside the
document's (`document_period`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from dangbo.rules.text import format_date, format_number, format_percent

from . import sections as S

PERCENT = "%"
# The units a figure is counted in (a count is a whole number); "%" is a share (0 to 100).
COUNT_UNITS = ("người", "đồng chí", "đảng viên", "lượt người", "buổi", "cuộc", "lớp", "học viên", "thẻ",
               "chi bộ", "tổ chức đảng", "tập thể", "cá nhân", "văn bản", "đơn")
UNITS = COUNT_UNITS + (PERCENT,)
# The words marking a typed figure in the document (page, .docx, PDF): not computed by dangbo.
MARK = "số liệu nhập"


@dataclass(frozen=True)
class Suggestion:
    label: str
    unit: str
    section: str


# Offered on the form (the office may write any label): the figures of the examples.
SUGGESTIONS: tuple[Suggestion, ...] = (
    Suggestion("Số buổi học tập, quán triệt nghị quyết, chỉ thị", "buổi", "chinh_tri_tu_tuong"),
    Suggestion("Tỷ lệ đảng viên tham gia học tập, quán triệt nghị quyết", PERCENT, "chinh_tri_tu_tuong"),
    Suggestion("Số cuộc kiểm tra", "cuộc", "kiem_tra_giam_sat"),
    Suggestion("Số cuộc giám sát chuyên đề", "cuộc", "kiem_tra_giam_sat"),
    Suggestion("Số đảng viên được phát thẻ đảng", "đảng viên", "to_chuc_dang_vien"),
    Suggestion("Số lớp bồi dưỡng nhận thức về Đảng (cảm tình Đảng)", "lớp", "to_chuc_dang_vien"),
    Suggestion("Số học viên lớp bồi dưỡng đảng viên mới", "học viên", "to_chuc_dang_vien"),
    Suggestion("Số cấp ủy viên được chuẩn y", "đồng chí", "to_chuc_dang_vien"),
    Suggestion("Số tập thể được khen thưởng", "tập thể", "to_chuc_dang_vien"),
    Suggestion("Số đảng viên hoàn thành xuất sắc nhiệm vụ 5 năm liền được khen thưởng", "đảng viên",
               "to_chuc_dang_vien"),
)


def document_period(doc) -> tuple[date, date]:
    """The period a document reports on: its year; the first half for the mid-year review; the term reviewed
    (the five years up to the congress) for a congress document."""
    if doc.kind == S.MID_YEAR:
        return date(doc.year, 1, 1), date(doc.year, 6, 30)
    if doc.kind in S.TERM_KINDS:
        return date(doc.year - S.TERM_YEARS, 1, 1), date(doc.year, 12, 31)
    return date(doc.year, 1, 1), date(doc.year, 12, 31)


def value_text(value, unit: str) -> str:
    """12 buổi; 95,5%; 1.234 lượt người (Vietnamese style)."""
    v = Decimal(value)
    if unit == PERCENT:
        return format_percent(v, 2 if v != v.quantize(Decimal("0.1")) else 1)
    return f"{format_number(v)} {unit}"


def period_text(start: date, end: date) -> str:
    """«năm 2025» for a whole year, «6 tháng đầu năm 2021» for a first half, else «từ 01/03/2025 đến 30/9/2025»."""
    if start == date(start.year, 1, 1) and end == date(start.year, 12, 31):
        return f"năm {start.year}"
    if start == date(start.year, 1, 1) and end == date(start.year, 6, 30):
        return f"6 tháng đầu năm {start.year}"
    if start.month == 1 and start.day == 1 and end.month == 12 and end.day == 31:
        return f"năm {start.year} - {end.year}"
    return f"từ {format_date(start)} đến {format_date(end)}"


def line(figure) -> str:
    """The figure as the document prints it (Vietnamese, stored and filed alike):
    «Số buổi học tập, quán triệt nghị quyết: 12 buổi (năm 2025) [số liệu nhập; nguồn: Sổ theo dõi …].»"""
    return (f"{figure.label}: {value_text(figure.value, figure.unit)} "
            f"({period_text(figure.period_start, figure.period_end)}) [{MARK}; nguồn: {figure.source}].")


def news_line(figure) -> str:
    """The figure in the news text, as entered, with its period and source (no marker: the portal's reader is not
    the office): «Số buổi học tập, quán triệt nghị quyết: 9 buổi (năm 2025; nguồn: Sổ theo dõi …).»"""
    return (f"{figure.label}: {value_text(figure.value, figure.unit)} "
            f"({period_text(figure.period_start, figure.period_end)}; nguồn: {figure.source}).")


def as_json(figure) -> dict:
    return {"id": figure.pk, "section": figure.section, "label": figure.label, "value": str(figure.value),
            "unit": figure.unit, "period_start": figure.period_start, "period_end": figure.period_end,
            "source": figure.source, "typed": True, "text": line(figure)}


def by_section(doc) -> dict[str, list]:
    """The document's typed figures by section key, in their order."""
    out: dict[str, list] = {}
    if not doc.pk:
        return out
    for f in doc.typed_figures.all():
        out.setdefault(f.section, []).append(f)
    return out
