"""Figures you can trust (issue 10): the defects found in use, each recomputed independently."""

from datetime import date

import pytest

from dangbo.core.scopes import Scope
from dangbo.reports import data as report_data
from dangbo.reports import render

from .recompute import members_on

pytestmark = pytest.mark.django_db
MADE = date(2021, 1, 8)


def test_units_table_counts_each_member_once(register):
    """Defect 1: each chi bộ's row counted its members twice (own + a subtree sum that included them)."""
    t = register.tree
    data = report_data.build(Scope(is_admin=True), t.root, 2020, made_on=MADE)
    units = {u["name"]: u for u in data["members"]["units"]}
    for cell in (t.a, t.b):
        official, probationary = members_on(cell.path, date(2020, 12, 31))
        row = units[cell.name]
        assert (row["official"], row["probationary"], row["total"]) == (official, probationary,
                                                                         official + probationary)
    assert sum(u["total"] for u in units.values()) == data["members"]["end"]["total"]
    rows = render.context(data, MADE)["units"]
    assert sum(int(r["total"].replace(".", "")) for r in rows) == data["members"]["end"]["total"]


# -- defect 2, defect 3 and the self-checks --------------------------------------------------------------------
def _docx_text(data) -> str:
    import io

    from docx import Document

    buf = io.BytesIO()
    render.render_docx(data, buf, made_on=MADE)
    buf.seek(0)
    return "\n".join(p.text for p in Document(buf).paragraphs)


def _codes(data) -> list[str]:
    return [c["code"] for c in data["checks"]]


def _api(user):
    from rest_framework.test import APIClient

    c = APIClient()
    c.force_authenticate(user)
    return c


def test_published_totals_beside_a_smaller_register_are_flagged_everywhere(register, users, client_as):
    """Defects 2 and 3: 65 rated against the register, and the quota finding stored with the totals, reach the
    data, the dashboard (above the figures), the .docx annex, the news text, the ratings results page and the
    JSON of the report and of the results."""
    from dangbo.evaluations.actions import enter_published_totals
    from dangbo.reports import news

    t = register.tree
    enter_published_totals(None, t.root, year=2020, source_document="Báo cáo 15-BC/ĐU",
                           members={"excellent": 15, "good": 49, "completed": 1}, organizations={"good": 2})
    data = report_data.build(Scope(is_admin=True), t.root, 2020, made_on=MADE)
    codes = _codes(data)
    assert "members_vs_rated" in codes and "excellent_quota_exceeded" in codes
    quota = next(c for c in data["checks"] if c["code"] == "excellent_quota_exceeded")
    assert "(tối đa 9)" in quota["message"] and quota["document"] and quota["url"]
    body = _docx_text(data)
    assert "Phụ lục: kiểm tra số liệu" in body and "(tối đa 9)" in body and "chênh" in body
    assert "điểm cần kiểm tra số liệu" in news.news_text(data, MADE)
    office = client_as("office")
    page = office.get(f"/bao-cao/?to_chuc={t.root.pk}&nam=2020").content.decode()
    assert page.index("(tối đa 9)") < page.index('id="fig-end-total"')
    results = office.get(f"/danh-gia/ket-qua/?to_chuc={t.root.pk}&nam=2020").content.decode()
    assert "(tối đa 9)" in results
    report_json = _api(users.office).get(f"/api/reports/year-end/?organization={t.root.pk}&year=2020").json()
    assert any("(tối đa 9)" in c["message"] for c in report_json["checks"])
    ratings_json = _api(users.office).get(f"/api/ratings/results/?org={t.root.pk}&year=2020").json()
    assert any("(tối đa 9)" in f["message"] for f in ratings_json["findings"])


def test_one_unit_with_results_is_not_presented_as_the_whole(register):
    """Defect 2: the upper level's report said nothing when only one of its units had results."""
    from dangbo.evaluations.actions import enter_published_totals
    from dangbo.reports import news

    t = register.tree
    enter_published_totals(None, t.a, year=2020, source_document="Báo cáo 3-BC/CB",
                           members={"good": 5}, organizations={})
    data = report_data.build(Scope(is_admin=True), t.root, 2020, made_on=MADE)
    assert data["coverage"] == {"with": 1, "of": 2, "lacking": [t.b.name]}
    cov = next(c for c in data["checks"] if c["code"] == "coverage")
    assert "Chỉ 1/2 tổ chức đảng trực thuộc" in cov["message"] and t.b.name in cov["message"]
    assert "1/2 tổ chức đảng trực thuộc" in news.news_text(data, MADE)
    assert "1/2 tổ chức đảng trực thuộc" in _docx_text(data)


def test_an_empty_register_with_published_totals_is_unknown_not_zero(tree):
    """Defect 2: «0 đảng viên» where the register is simply empty; README promises «chưa có dữ liệu»."""
    from dangbo.evaluations.actions import enter_published_totals

    enter_published_totals(None, tree.root, year=2020, source_document="Báo cáo 15-BC/ĐU",
                           members={"excellent": 10, "good": 49, "completed": 1}, organizations={"good": 2})
    data = report_data.build(Scope(is_admin=True), tree.root, 2020, made_on=MADE)
    line = render.org_line(data)
    assert "chưa có dữ liệu đảng viên" in line and "0 đảng viên" not in line
    assert "register_empty" in _codes(data)
    assert all(t["total"] is None for t in data["trend"])
    assert "2020: chưa có dữ liệu" in render.context(data, MADE)["trend_text"]


def _decide(review, ratings, actor=None):
    from dangbo.evaluations import actions

    for r in ratings:
        actions.propose(actor, r, level=3, self_level=3)
    actions.decide_members(actor, review, decision_number="5-QĐ/ĐU", decision_date=date(2020, 12, 28))


def test_an_open_review_is_shown_as_provisional_until_every_member_is_decided(register, client_as):
    """Defect 2 and the contract with the browser journey: «Số liệu tạm tính» and «x/y đảng viên đã có quyết
    định xếp loại» on the dashboard and in the .docx while a review is open; absent once all are decided."""
    from dangbo.evaluations import actions
    from dangbo.evaluations.models import MemberRating
    from dangbo.reports import news

    t = register.tree
    review = actions.open_review(None, t.root, year=2020, review_date=date(2020, 12, 20))
    rated = list(MemberRating.objects.filter(review=review, rated=True).order_by("id"))
    _decide(review, rated[:2])
    words = f"2/{len(rated)} đảng viên đã có quyết định xếp loại"
    data = report_data.build(Scope(is_admin=True), t.root, 2020, made_on=MADE)
    assert data["provisional"]["provisional"] and "provisional" in _codes(data)
    body = _docx_text(data)
    assert "Số liệu tạm tính" in body and words in body
    page = client_as("office").get(f"/bao-cao/?to_chuc={t.root.pk}&nam=2020").content.decode()
    assert "Số liệu tạm tính" in page and words in page
    text = news.news_text(data, MADE)
    assert "chưa hoàn tất" in text and "đảng viên được xếp loại hoàn thành" not in text

    _decide(review, rated[2:])
    data = report_data.build(Scope(is_admin=True), t.root, 2020, made_on=MADE)
    assert not data["provisional"]["provisional"]
    body = _docx_text(data)
    assert "Số liệu tạm tính" not in body and "đã có quyết định xếp loại" not in body
    page = client_as("office").get(f"/bao-cao/?to_chuc={t.root.pk}&nam=2020").content.decode()
    assert "Số liệu tạm tính" not in page and "đã có quyết định xếp loại" not in page


def test_an_excellent_chi_bo_with_a_member_not_completed_is_a_finding(register):
    """Defect 3: the rule an organisation excellent with a member not completed reaches the report, even when
    the levels were written without the checks (recomputed from the decided levels)."""
    from dangbo.evaluations import actions
    from dangbo.evaluations.models import MemberRating, OrgRating

    t = register.tree
    review = actions.open_review(None, t.root, year=2020, review_date=date(2020, 12, 20))
    MemberRating.objects.filter(review=review, rated=True).update(status="decided", level=3)
    MemberRating.objects.filter(review=review, pk__in=MemberRating.objects.filter(
        review=review, rated=True, organization=t.a).order_by("id")[:1].values("pk")).update(level=1)
    OrgRating.objects.filter(review=review, organization=t.a).update(status="decided", level=4)
    data = report_data.build(Scope(is_admin=True), t.root, 2020, made_on=MADE)
    found = [c for c in data["checks"] if c["code"] == "org_excellent_not_all_completed"]
    assert found and t.a.name in found[0]["message"] and found[0]["document"]


def test_report_check_command_prints_the_findings_and_exits_0(register, capsys):
    import json

    from dangbo.cli import main
    from dangbo.evaluations.actions import enter_published_totals

    enter_published_totals(None, register.tree.a, year=2020, source_document="Báo cáo 3-BC/CB",
                           members={"good": 5}, organizations={})
    assert main(["report", "check", "--org", "TN", "--year", "2020"]) == 0
    out = capsys.readouterr().out
    assert "Chỉ 1/2 tổ chức đảng trực thuộc" in out
    assert main(["report", "check", "--org", "TN", "--year", "2020", "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert "coverage" in [c["code"] for c in payload["checks"]] and payload["coverage"]["of"] == 2


# -- defect 7: the text -----------------------------------------------------------------------------------------
def test_news_names_organisations_rated_completed(tree):
    from dangbo.evaluations.actions import enter_published_totals
    from dangbo.reports import news

    enter_published_totals(None, tree.root, year=2020, source_document="Báo cáo 15-BC/ĐU",
                           members={"good": 8, "completed": 2}, organizations={"good": 1, "completed": 1})
    text = news.news_text(report_data.build(Scope(is_admin=True), tree.root, 2020, made_on=MADE), MADE)
    assert "1 hoàn thành tốt nhiệm vụ, 1 hoàn thành nhiệm vụ" in text


def test_hand_entered_figures_keep_their_precision():
    from dangbo.rules.targets import describe, describe_words

    base = {"unit": "%", "denominator": None, "numerator": None}
    assert render.actual_text({**base, "actual": "98.45"}) == "98,45%"
    assert render.actual_text({**base, "actual": "0.33"}) == "0,33%"
    assert render.actual_text({**base, "actual": "97.5"}) == "97,5%"
    assert render.actual_text({**base, "actual": "12", "unit": ""}) == "12"
    assert "98,45%" in describe_words("gte", "98.45", "%") and "0,33%" in describe("lte", "0.33", "%")


def test_a_year_without_documents_is_unknown_not_a_fall_of_100_percent():
    data = {"year": 2021, "documents": {"total": 0, "out": 0, "in": 0, "previous_total": 6, "change": -100.0}}
    line = render.documents_line(data)
    assert "giảm" not in line and "Chưa có dữ liệu" in line
    data["documents"] = {"total": 68, "out": 40, "in": 28, "previous_total": 70, "change": -2.857}
    assert "giảm 2,9% so với năm 2020" in render.documents_line(data)


# -- traceability -----------------------------------------------------------------------------------------------
def test_each_figure_of_the_report_json_refers_to_a_list_that_opens(register, users, client_as):
    from dangbo.evaluations.actions import enter_published_totals
    from dangbo.recognition import actions as rec

    t = register.tree
    enter_published_totals(None, t.root, year=2020, source_document="Báo cáo 15-BC/ĐU",
                           members={"excellent": 15, "good": 49, "completed": 1}, organizations={"good": 2})
    rec.propose(None, organization=t.root, year=2020, form="giay_khen", basis="excellent_year",
                member=register.members.dung)
    data = _api(users.office).get(f"/api/reports/year-end/?organization={t.root.pk}&year=2020").json()
    m = data["members"]
    urls = [m["url"], m["movements_url"]["admission"], data["ratings"]["url"], data["commendations"]["url"],
            data["badges"]["url"], *[u["url"] for u in m["units"]], *[y["url"] for y in data["trend"]],
            *[r["url"] for part in ("members", "organizations") for r in data["ratings"][part]["rows"]],
            *[c["url"] for c in data["checks"]]]
    assert all(urls) and len(m["units"]) == 2
    office = client_as("office")
    for url in set(urls):
        assert office.get(url).status_code == 200, url
    page = office.get(f"/bao-cao/?to_chuc={t.root.pk}&nam=2020").content.decode()
    assert f'href="{m["url"]}"'.replace("&", "&amp;") in page


def test_the_document_register_says_a_fall_without_a_minus_sign(tree, users, client_as):
    """Defect 7: «giảm -33,3%» on the register's counts per year."""
    from dangbo.documents.actions import register_document

    for i, year in enumerate([2019, 2019, 2019, 2020, 2020]):
        register_document(None, organization=tree.root, direction="out", doc_type="bao_cao",
                          issued_on=date(year, 3, 1 + i), term_start=date(2015, 6, 1), summary=f"Báo cáo {i}")
    page = client_as("office").get(f"/van-ban/?to_chuc={tree.root.pk}").content.decode()
    assert "giảm 33,3%" in page and "giảm -" not in page


def test_a_year_not_over_reports_a_target_not_reached_as_in_progress(register, monkeypatch):
    """Computed live before 31/12, a yearly target not reached yet is «Đang thực hiện», never «Không đạt»."""
    from dangbo.resolutions import actions as res

    t = register.tree
    r = res.create_resolution(None, organization=t.root, kind="yearly", title="Nghị quyết năm 2021",
                              adopted_on=date(2020, 12, 28), period_start=date(2021, 1, 1),
                              period_end=date(2021, 12, 31))
    res.add_target(None, r, kind="admissions", label="Kết nạp đảng viên mới", comparison="from_up", value=3)

    def verdict():
        built = report_data.build(Scope(is_admin=True), t.root, 2021)
        (row,) = [x for x in built["resolutions"] if x["title"] == r.title]
        return row["targets"][0]["verdict"], row["basis"]

    assert verdict()[0] == "khong_dat"  # the year is over: not reached is not reached
    monkeypatch.setattr(report_data.timezone, "localdate", lambda: date(2021, 6, 30))
    v, basis = verdict()
    assert v == "dang_thuc_hien" and "chưa kết thúc" in basis
