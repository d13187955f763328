"""The one door to the data of other apps that may not be installed yet (ratings, congresses).

Every function returns MISSING (a marker the outputs render as "chưa có dữ liệu …") when the module or the
function is absent, or when it answers None. A missing figure is never turned into 0.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass


@dataclass(frozen=True)
class Missing:
    what: str

    def __bool__(self) -> bool:
        return False

    def __str__(self) -> str:
        return f"chưa có dữ liệu {self.what}"


def is_missing(value) -> bool:
    return value is None or isinstance(value, Missing)


def _call(module: str, name: str, what: str, *args, **kwargs):
    try:
        mod = importlib.import_module(module)
    except ImportError:
        return Missing(what)
    fn = getattr(mod, name, None)
    if fn is None:
        return Missing(what)
    result = fn(*args, **kwargs)
    return Missing(what) if result is None else result


RATINGS = "dangbo.evaluations.queries"
CONGRESSES = "dangbo.congresses.queries"
INSPECTION = "dangbo.inspection.queries"
ADMISSION = "dangbo.admission.queries"


def results_summary(org, year: int):
    """{"year", "source", "members": {excellent, good, completed, not_completed, rated, ...}, "organizations": …}."""
    return _call(RATINGS, "results_summary", f"xếp loại chất lượng năm {year}", org, year)


def excellent_in_a_row(org, year: int, years: int = 5):
    return _call(RATINGS, "excellent_in_a_row", f"xếp loại {years} năm liền đến năm {year}", org, year, years=years)


def commitment_counts(org, year: int):
    return _call(RATINGS, "commitment_counts", f"bản cam kết năm {year}", org, year)


def member_results_url(org, year: int, level=None):
    return _call(RATINGS, "member_results_url", "", org, year, level=level)


def results_url(org, year: int):
    return _call(RATINGS, "results_url", "", org, year)


def monthly_meetings(org, year: int):
    return _call(CONGRESSES, "monthly_meetings", f"sinh hoạt chi bộ hằng tháng năm {year}", org, year)


def attendance_statistics(org, year: int):
    """{"year", "cells": [...], "totals": {"regular", "thematic", "held", "slots", "present", "rate", ...}}."""
    return _call(CONGRESSES, "attendance_statistics", f"dự sinh hoạt chi bộ năm {year}", year, org=org)


def latest_congress(org, on=None):
    return _call(CONGRESSES, "latest_congress", "đại hội", org, on=on)


def meetings_url(org, year: int):
    return _call(CONGRESSES, "meetings_url", "", org, year)


def inspection_figures(scope, org, year: int):
    """The year's kiểm tra, giám sát, kỷ luật figures under `org` within `scope` (inspection.queries.figures)."""
    return _call(INSPECTION, "figures", f"kiểm tra, giám sát năm {year}", scope, org.path, year)


def admission_figures(scope, org, year: int):
    """{"in_pipeline", "admitted_this_year", "year"} under `org` within `scope` (admission.queries)."""
    return _call(ADMISSION, "pipeline_figures", f"phát triển đảng viên năm {year}", scope, org.path, year)


def url_or_empty(value) -> str:
    return "" if is_missing(value) else str(value)
