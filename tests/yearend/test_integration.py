"""With the ratings app installed: published results flow into targets, the rating section (previous year
beside) and the news text, through dangbo/reports/sources.py."""

from datetime import date

import pytest

from dangbo.core.scopes import Scope
from dangbo.evaluations.actions import enter_published_totals
from dangbo.reports import data as report_data
from dangbo.reports import news, render
from dangbo.resolutions import actions as res

pytestmark = pytest.mark.django_db


def test_published_ratings_reach_the_report(tree, members):
    enter_published_totals(None, tree.root, year=2020, source_document="Báo cáo 15-BC/ĐU",
                           members={"excellent": 15, "good": 49, "completed": 1, "not_completed": 0},
                           organizations={"excellent": 1, "good": 4})
    enter_published_totals(None, tree.root, year=2019, source_document="Báo cáo 09-BC/ĐU",
                           members={"excellent": 12, "good": 50, "completed": 2, "not_completed": 1},
                           organizations={"good": 5})
    r = res.create_resolution(None, organization=tree.root, kind="congress", title="Nghị quyết Đại hội X",
                              adopted_on=date(2020, 6, 16), period_start=date(2020, 6, 17),
                              period_end=date(2025, 6, 10))
    res.add_target(None, r, kind="members_level", label="Đảng viên hoàn thành tốt nhiệm vụ trở lên", value=90,
                   level="good")
    res.add_target(None, r, kind="orgs_level", label="Chi bộ hoàn thành tốt nhiệm vụ trở lên", value=100,
                   level="good")
    review = res.run_review(None, r, kind="year_end", review_date=date(2020, 12, 25))
    got = [(x["actual"], x["verdict"], x["numerator"], x["denominator"]) for x in review.results]
    assert got == [("98.5", "vuot", 64, 65), ("100.0", "dat", 5, 5)]  # 64/65 = 98,46…%
    assert review.results[0]["url"].startswith("/danh-gia/")

    data = report_data.build(Scope(is_admin=True), tree.root, 2020, made_on=date(2021, 1, 8))
    ctx = render.context(data, date(2021, 1, 8))
    rows = {x["label"]: x for x in ctx["member_levels"]}
    assert (rows["Hoàn thành tốt nhiệm vụ"]["count"], rows["Hoàn thành tốt nhiệm vụ"]["share"],
            rows["Hoàn thành tốt nhiệm vụ"]["prev_count"]) == ("49", "75,4%", "50")
    text = news.news_text(data, date(2021, 1, 8))
    assert ("1 tổ chức đảng được xếp loại hoàn thành xuất sắc nhiệm vụ, 4 hoàn thành tốt nhiệm vụ; 15 đảng viên "
            "được xếp loại hoàn thành xuất sắc nhiệm vụ (23,1%), 49 đảng viên hoàn thành tốt nhiệm vụ (75,4%)") in text
