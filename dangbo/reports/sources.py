"""The one door to the data of other apps that may not be installed yet (ratings, congresses).

Every function returns a `Missing` (a marker the outputs render as "chưa có dữ liệu …") when the module or the
function is absent, or when it answers None. A missing figure is never turned into 0. Its words are a
`rules.text.Text`: Vietnamese as a value (the .docx, the JSON, a stored review), the page's language when shown.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from dangbo.rules.text import Text, gettext_noop, reread


@dataclass(frozen=True)
class Missing:
    text: Text  # «chưa có dữ liệu …»

    def __bool__(self) -> bool:
        return False

    def __str__(self) -> str:
        return str(self.text)


# The «chưa có dữ liệu …» (or «chưa có …») phrases of the report sections and of the resolution targets. A phrase
# stored with a review's results is read again from them (`shown`), so it reads in the page's language too.
NO_RATINGS = gettext_noop("chưa có dữ liệu xếp loại chất lượng năm %(year)s")
NO_RATINGS_MID_YEAR = gettext_noop("chưa có dữ liệu xếp loại chất lượng năm %(year)s (sơ kết giữa năm)")
NO_RATINGS_IN_A_ROW = gettext_noop("chưa có dữ liệu xếp loại %(years)s năm liền đến năm %(year)s")
NO_COMMITMENTS = gettext_noop("chưa có dữ liệu bản cam kết năm %(year)s")
NO_MONTHLY_MEETINGS = gettext_noop("chưa có dữ liệu sinh hoạt chi bộ hằng tháng năm %(year)s")
NO_ATTENDANCE = gettext_noop("chưa có dữ liệu dự sinh hoạt chi bộ năm %(year)s")
NO_CONGRESS = gettext_noop("chưa có dữ liệu đại hội")
NO_INSPECTION = gettext_noop("chưa có dữ liệu kiểm tra, giám sát năm %(year)s")
NO_INSPECTION_YEARS = gettext_noop("chưa có dữ liệu kiểm tra, giám sát các năm %(first)s–%(last)s")
NO_INSPECTION_ANY = gettext_noop("chưa có dữ liệu kiểm tra, giám sát")
NO_ADMISSION = gettext_noop("chưa có dữ liệu phát triển đảng viên năm %(year)s")
NO_DOCUMENTS = gettext_noop("chưa có dữ liệu sổ văn bản đi, đến")
NO_TERM = gettext_noop("chưa có dữ liệu đại hội, nhiệm kỳ")
NO_MEETINGS = gettext_noop("chưa có dữ liệu sinh hoạt chi bộ năm %(year)s")
NO_MEMBER_RESULTS = gettext_noop("chưa có kết quả xếp loại đảng viên năm %(year)s")
NO_ORG_RESULTS = gettext_noop("chưa có kết quả xếp loại tổ chức đảng năm %(year)s")
NO_COMMITMENT_LIST = gettext_noop("chưa có danh sách cam kết năm %(year)s")
NO_MEETING_RECORDED = gettext_noop("chưa ghi sinh hoạt chi bộ năm %(year)s")
NO_FIGURE_ENTERED = gettext_noop("chưa nhập số liệu thực hiện")
MISSING_TEMPLATES = (NO_RATINGS, NO_RATINGS_MID_YEAR, NO_RATINGS_IN_A_ROW, NO_COMMITMENTS, NO_MONTHLY_MEETINGS,
                     NO_ATTENDANCE, NO_CONGRESS, NO_INSPECTION, NO_INSPECTION_YEARS, NO_INSPECTION_ANY,
                     NO_ADMISSION, NO_DOCUMENTS, NO_TERM, NO_MEETINGS, NO_MEMBER_RESULTS, NO_ORG_RESULTS,
                     NO_COMMITMENT_LIST, NO_MEETING_RECORDED, NO_FIGURE_ENTERED)


def missing(template: str, **params) -> Missing:
    return Missing(Text(template, params))


def shown(stored: str) -> str:
    """A missing phrase as stored (a review's results) read again as a Text; an unknown wording as stored."""
    return stored if isinstance(stored, Text) else reread(stored, MISSING_TEMPLATES, sep="\n")


def is_missing(value) -> bool:
    return value is None or isinstance(value, Missing)


def _call(module: str, name: str, absent: Missing, *args, **kwargs):
    try:
        mod = importlib.import_module(module)
    except ImportError:
        return absent
    fn = getattr(mod, name, None)
    if fn is None:
        return absent
    result = fn(*args, **kwargs)
    return absent if result is None else result


RATINGS = "dangbo.evaluations.queries"
CONGRESSES = "dangbo.congresses.queries"
INSPECTION = "dangbo.inspection.queries"
ADMISSION = "dangbo.admission.queries"


def results_summary(org, year: int):
    """{"year", "source", "members": {excellent, good, completed, not_completed, rated, ...}, "organizations": …}."""
    return _call(RATINGS, "results_summary", missing(NO_RATINGS, year=year), org, year)


def excellent_in_a_row(org, year: int, years: int = 5):
    return _call(RATINGS, "excellent_in_a_row", missing(NO_RATINGS_IN_A_ROW, years=years, year=year), org,
                 year, years=years)


def commitment_counts(org, year: int):
    return _call(RATINGS, "commitment_counts", missing(NO_COMMITMENTS, year=year), org, year)


def member_results_url(org, year: int, level=None):
    return _call(RATINGS, "member_results_url", missing(""), org, year, level=level)


def results_url(org, year: int):
    return _call(RATINGS, "results_url", missing(""), org, year)


def monthly_meetings(org, year: int):
    return _call(CONGRESSES, "monthly_meetings", missing(NO_MONTHLY_MEETINGS, year=year), org, year)


def attendance_statistics(org, year: int):
    """{"year", "cells": their number, "totals": {"regular", "thematic", "held", "slots", "present", "rate", ...}}."""
    return _call(CONGRESSES, "attendance_statistics", missing(NO_ATTENDANCE, year=year), year, org=org,
                 by_cell=False)


def latest_congress(org, on=None):
    return _call(CONGRESSES, "latest_congress", missing(NO_CONGRESS), org, on=on)


def meetings_url(org, year: int):
    return _call(CONGRESSES, "meetings_url", missing(""), org, year)


def inspection_figures(scope, org, year: int):
    """The year's kiểm tra, giám sát, kỷ luật figures under `org` within `scope` (inspection.queries.figures)."""
    return _call(INSPECTION, "figures", missing(NO_INSPECTION, year=year), scope, org.path, year)


def admission_figures(scope, org, year: int):
    """{"in_pipeline", "admitted_this_year", "year"} under `org` within `scope` (admission.queries)."""
    return _call(ADMISSION, "pipeline_figures", missing(NO_ADMISSION, year=year), scope, org.path, year)


def url_or_empty(value) -> str:
    return "" if is_missing(value) else str(value)
