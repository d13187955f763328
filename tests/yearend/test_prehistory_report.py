"""The year-end report of a year before 2018 (HD 27-HD/BTCTW 2014) and of a year published as shares only: the
scale's own labels and document, the figures as published; the .docx through LibreOffice shows them."""

from datetime import date

import pytest

from dangbo.core.scopes import Scope
from dangbo.evaluations import actions
from dangbo.reports import data as report_data
from dangbo.reports import news, render
from tests.files import report_pdf_words

pytestmark = pytest.mark.django_db
SRC = "Báo cáo 45-BC/ĐU ngày 10/01/2016"



@pytest.fixture
def published(register):
    root = register.tree.root
    actions.enter_published_totals(
        None, root, year=2015, source_document=SRC,
        members={"qualified_excellent": 12, "qualified_good": 70, "qualified_limited": 5, "violated": 1},
        organizations={"exemplary": 1, "clean_strong": 2, "task_good": 1}, self_level="clean_strong")
    actions.enter_published_totals(
        None, root, year=2014, source_document="Báo cáo 2014", as_shares=True, members_base=80,
        members={"qualified_good": "81,5", "qualified_excellent": "12,25"}, organizations={})
    return register


def test_report_data_and_rows_of_2015(published):
    root = published.tree.root
    data = report_data.build(Scope(is_admin=True), root, 2015, made_on=date(2016, 1, 8))
    r = data["ratings"]
    assert r["scale"]["document"].startswith("Hướng dẫn 27-HD/BTCTW") and r["members"]["rated"] == 88
    assert r["organizations"]["rated"] == 3  # tiêu biểu is inside «trong sạch, vững mạnh»
    ctx = render.context(data, date(2016, 1, 8))
    rows = {str(x["label"]): x for x in ctx["member_levels"]}
    assert rows["Đủ tư cách, hoàn thành tốt nhiệm vụ"]["count"] == "70"
    # 2014 is the same scale but published as shares: its shares beside, no invented count.
    assert rows["Đủ tư cách, hoàn thành tốt nhiệm vụ"]["prev_count"] == "–"
    assert rows["Đủ tư cách, hoàn thành tốt nhiệm vụ"]["prev_share"] == "81,5%"
    assert rows["Vi phạm tư cách hoặc không hoàn thành nhiệm vụ"]["prev_count"] == "không công bố"
    orgs = [str(x["label"]) for x in ctx["org_levels"]]
    assert orgs[:2] == ["Trong sạch, vững mạnh", "trong đó: Trong sạch, vững mạnh tiêu biểu"]
    assert "Hướng dẫn 27-HD/BTCTW" in str(ctx["members_rated_line"])
    text = news.news_text(data, date(2016, 1, 8))
    assert "Hướng dẫn 27-HD/BTCTW" in text and "trong đó trong sạch, vững mạnh tiêu biểu: 1 tổ chức đảng" in text


def test_report_of_2014_shares_as_shares(published):
    data = report_data.build(Scope(is_admin=True), published.tree.root, 2014, made_on=date(2015, 1, 8))
    ctx = render.context(data, date(2015, 1, 8))
    rows = {str(x["label"]): x for x in ctx["member_levels"]}
    assert rows["Đủ tư cách, hoàn thành xuất sắc nhiệm vụ"] == {**rows["Đủ tư cách, hoàn thành xuất sắc nhiệm vụ"],
                                                                "count": "–", "share": "12,25%"}
    assert "chỉ công bố tỷ lệ" in str(ctx["members_rated_line"])


def test_2018_against_2017_are_kept_apart(published):
    root = published.tree.root
    actions.enter_published_totals(None, root, year=2017, source_document="BC 2017",
                                   members={"qualified_good": 60}, organizations={})
    actions.enter_published_totals(None, root, year=2018, source_document="BC 2018", members={"good": 60},
                                   organizations={})
    ctx = render.context(report_data.build(Scope(is_admin=True), root, 2018, made_on=date(2019, 1, 8)),
                         date(2019, 1, 8))
    assert {x["prev_count"] for x in ctx["member_levels"]} == {"thang xếp loại khác"}


def test_docx_of_2015_shows_the_old_labels(published, tmp_path, soffice, pdftotext):
    data = report_data.build(Scope(is_admin=True), published.tree.root, 2015, made_on=date(2016, 1, 8))
    text = report_pdf_words(data, tmp_path, pdftotext, date(2016, 1, 8), "bao-cao-2015")
    for phrase in ("II. KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG NĂM 2015", "Hướng dẫn 27-HD/BTCTW ngày 25/9/2014",
                   "Đủ tư cách, hoàn thành xuất sắc nhiệm vụ", "Vi phạm tư cách hoặc không hoàn thành nhiệm vụ",
                   "Trong sạch, vững mạnh tiêu biểu", SRC,
                   "88 đảng viên được đánh giá"):
        assert phrase in text, phrase
