"""The adapter to the ratings and congresses apps: missing says so (never 0); when the contract answers, the
targets, the rating section (with the previous year) and the congress line use its figures."""

from datetime import date
from types import SimpleNamespace

import pytest

from dangbo.core.scopes import Scope
from dangbo.reports import data as report_data
from dangbo.reports import news, render, sources
from dangbo.resolutions import actions as res

pytestmark = pytest.mark.django_db


def test_missing_is_explicit_and_falsy():
    m = sources._call("dangbo.no_such_app.queries", "results_summary", sources.missing(sources.NO_RATINGS, year=2020))
    assert sources.is_missing(m) and not m and str(m) == "chưa có dữ liệu xếp loại chất lượng năm 2020"
    assert m.text == "chưa có dữ liệu xếp loại chất lượng năm 2020"  # a Text: the page's language when shown
    m = sources._call("dangbo.reports.sources", "no_such_function", sources.missing(sources.NO_CONGRESS))
    assert sources.is_missing(m)


def summary(excellent, good, completed, not_completed):
    rated = excellent + good + completed + not_completed
    counts = {"excellent": excellent, "good": good, "completed": completed, "not_completed": not_completed,
              "rated": rated, "not_rated": 0, "undecided": 0}
    return {"year": 2020, "source": "members", "members": counts,
            "organizations": {"excellent": 1, "good": 1, "completed": 0, "not_completed": 0, "rated": 2,
                              "not_rated": 0, "undecided": 0}, "self": "good"}


@pytest.fixture
def contract(monkeypatch):
    """The functions the ratings and congresses apps provide, answering as their contract says."""
    answers = {2020: summary(2, 5, 2, 1), 2019: summary(1, 6, 3, 0)}
    monkeypatch.setattr(sources, "results_summary", lambda org, year: answers.get(year) or sources.Missing("x"))
    monkeypatch.setattr(sources, "member_results_url", lambda org, year, level=None: f"/danh-gia/?nam={year}")
    monkeypatch.setattr(sources, "commitment_counts", lambda org, year: {"with": 9, "expected": 10})
    monkeypatch.setattr(sources, "monthly_meetings", lambda org, year: {"cells": 2, "met_every_month": 2,
                                                                         "by_cell": {1: list(range(1, 13)),
                                                                                     2: list(range(1, 13))}})
    monkeypatch.setattr(sources, "latest_congress", lambda org, on=None: SimpleNamespace(
        ordinal_roman="X", term_label="2020–2025", opened_on=date(2020, 6, 16), committee_size=8,
        closed_on=date(2020, 6, 16)))


def test_targets_and_report_use_the_contract(tree, members, contract):
    r = res.create_resolution(None, organization=tree.root, kind="yearly", title="Nghị quyết năm 2020",
                              adopted_on=date(2019, 12, 20), period_start=date(2020, 1, 1),
                              period_end=date(2020, 12, 31))
    res.add_target(None, r, kind="members_level", label="Hoàn thành tốt trở lên", value=90, level="good")
    res.add_target(None, r, kind="members_level", label="Hoàn thành nhiệm vụ trở lên", value=90, level="completed")
    res.add_target(None, r, kind="orgs_level", label="Chi bộ hoàn thành tốt trở lên", value=100, level="good")
    res.add_target(None, r, kind="commitment", label="Cam kết", value=100)
    res.add_target(None, r, kind="meetings", label="Sinh hoạt đủ 12 kỳ", value=100)
    review = res.run_review(None, r, kind="year_end", review_date=date(2020, 12, 31))
    got = {x["label"]: (x["actual"], x["verdict"], x["numerator"], x["denominator"]) for x in review.results}
    assert got["Hoàn thành tốt trở lên"] == ("70.0", "khong_dat", 7, 10)  # (2 + 5) / 10
    assert got["Hoàn thành nhiệm vụ trở lên"] == ("90.0", "dat", 9, 10)
    assert got["Chi bộ hoàn thành tốt trở lên"] == ("100.0", "dat", 2, 2)
    assert got["Cam kết"] == ("90.0", "khong_dat", 9, 10)
    assert got["Sinh hoạt đủ 12 kỳ"] == ("100.0", "dat", 2, 2)

    data = report_data.build(Scope(is_admin=True), tree.root, 2020, made_on=date(2021, 1, 8))
    ctx = render.context(data, date(2021, 1, 8))
    rows = {x["label"]: x for x in ctx["member_levels"]}
    assert rows["Hoàn thành xuất sắc nhiệm vụ"]["count"] == "2" and rows["Hoàn thành xuất sắc nhiệm vụ"]["share"] \
        == "20%"
    assert rows["Hoàn thành tốt nhiệm vụ"]["prev_count"] == "6" and rows["Hoàn thành tốt nhiệm vụ"]["prev_share"] \
        == "60%"
    assert ctx["ratings_missing"] == ""
    assert ctx["congress_line"] == ("Nhiệm kỳ 2020–2025, theo Đại hội lần thứ X, khai mạc ngày 16/06/2020, "
                                    "cấp ủy gồm 8 đồng chí.")
    text = news.news_text(data, date(2021, 1, 8))
    assert "2 đảng viên được xếp loại hoàn thành xuất sắc nhiệm vụ (20%), 5 đảng viên hoàn thành tốt nhiệm vụ (50%)" \
        in text


def test_nothing_recorded_is_missing_not_zero(tree, monkeypatch):
    monkeypatch.setattr(sources, "commitment_counts", lambda org, year: {"with": 0, "expected": 10})
    monkeypatch.setattr(sources, "monthly_meetings", lambda org, year: {"cells": 2, "met_every_month": 0,
                                                                         "by_cell": {1: [], 2: []}})
    r = res.create_resolution(None, organization=tree.root, kind="yearly", title="Nghị quyết năm 2020",
                              adopted_on=date(2019, 12, 20), period_start=date(2020, 1, 1),
                              period_end=date(2020, 12, 31))
    res.add_target(None, r, kind="commitment", label="Cam kết", value=100)
    res.add_target(None, r, kind="meetings", label="Sinh hoạt đủ 12 kỳ", value=100)
    review = res.run_review(None, r, kind="year_end", review_date=date(2020, 12, 31))
    assert [(x["actual"], x["verdict"]) for x in review.results] == [(None, "thieu"), (None, "thieu")]
    assert "sinh hoạt chi bộ năm 2020" in review.results[1]["missing"]
