"""Years before 2018 in their own scale (HD 27-HD/BTCTW 2014, HD 20-HD/BTCTW 2008) and results published as
shares only: stored as published, never mapped onto the four levels, never turned into counts."""

import io

import pytest
from django.core.exceptions import ValidationError

from dangbo.evaluations import actions, published_import, queries
from dangbo.evaluations.models import PublishedTotals
from dangbo.rules import ratings as rules
from tests.files import xlsx_bytes

pytestmark = pytest.mark.django_db

HEAD = ["Mã tổ chức", "Năm", "Đối tượng", "Mức xếp loại", "Số lượng", "Tỷ lệ (%)", "Tổng số được đánh giá",
        "Văn bản nguồn"]
SRC_2015 = "Báo cáo 45-BC/ĐU tổng kết công tác xây dựng Đảng năm 2015"
SRC_2012 = "Báo cáo 30-BC/ĐU tổng kết năm 2012"


def xlsx(rows, head=HEAD) -> bytes:
    return xlsx_bytes(rows, head)


ROWS_2015 = [
    ["TN", 2015, "Tổ chức đảng", "Trong sạch, vững mạnh tiêu biểu", 1, None, None, SRC_2015],
    ["TN", 2015, "Tổ chức đảng", "Trong sạch, vững mạnh", 2, None, None, None],
    ["TN", 2015, "Tổ chức đảng", "Hoàn thành tốt nhiệm vụ", 1, None, None, None],
    ["TN", 2015, "Đảng viên", "Đủ tư cách, hoàn thành xuất sắc nhiệm vụ", 12, None, None, None],
    ["TN", 2015, "Đảng viên", "Đủ tư cách, hoàn thành tốt nhiệm vụ", 70, None, None, None],
    ["TN", 2015, "Đảng viên", "Đủ tư cách, hoàn thành nhiệm vụ nhưng còn hạn chế", 5, None, None, None],
    ["TN", 2015, "Đảng viên", "Vi phạm tư cách hoặc không hoàn thành nhiệm vụ", 1, None, None, None],
]
ROWS_2012 = [  # Đồng Tháp's 2012 results were published this way (rules.rating_scales)
    ["TN", 2012, "Đảng viên", "Đủ tư cách, hoàn thành xuất sắc nhiệm vụ", None, "13", 2983, SRC_2012],
    ["TN", 2012, "Đảng viên", "Đủ tư cách, hoàn thành tốt nhiệm vụ", None, "80,42", 2983, None],
    ["TN", 2012, "Đảng viên", "Đủ tư cách, hoàn thành nhiệm vụ", None, "5,84", None, None],
    ["TN", 2012, "Đảng viên", "Vi phạm tư cách hoặc không hoàn thành nhiệm vụ", None, "0,73", None, None],
    ["TN", 2012, "Tổ chức đảng", "Trong sạch, vững mạnh", None, "87,97", None, None],
    ["TN", 2012, "Tổ chức đảng", "Trong sạch, vững mạnh tiêu biểu", None, "20,59", None, None],
]


def test_scales_by_year_with_their_documents():
    assert rules.scale_for(2015).document.startswith("Hướng dẫn 27-HD/BTCTW ngày 25/9/2014")
    assert rules.scale_for(2012).document.startswith("Hướng dẫn 20-HD/BTCTW ngày 10/10/2008")
    assert rules.scale_for(2020).current and not rules.scale_for(2017).current
    assert [g.key for g in rules.scale_for(2016).organizations][:2] == ["exemplary", "clean_strong"]
    with pytest.raises(ValueError, match="2008"):
        rules.scale_for(2007)
    assert rules.same_scale(2019, 2020) and not rules.same_scale(2017, 2018) and not rules.same_scale(2013, 2014)
    for key in ("ratings.scale.2014-2017.members", "ratings.scale.2008-2013.period"):
        assert key in rules.REGISTRY


def test_import_2015_counts_in_the_old_scale(users, tree):
    data = xlsx(ROWS_2015)
    p = published_import.preview(tree.root, data, "2015.xlsx")
    assert p.errors == [] and p.years == [2015] and not PublishedTotals.objects.exists()
    published_import.commit(users.office, tree.root, data, "2015.xlsx")
    t = PublishedTotals.objects.get(year=2015)
    assert t.scale == "2014-2017" and not t.as_shares and t.exemplary_within
    assert t.figures["organizations"] == {"exemplary": 1, "clean_strong": 2, "task_good": 1}
    assert t.figures["members"]["qualified_limited"] == 5
    # Never mapped onto the four levels of 2018.
    assert (t.members_excellent, t.members_good, t.orgs_excellent) == (0, 0, 0)
    s = queries.results_summary(tree.root, 2015)
    assert s["members"]["rated"] == 0
    g = s["published"][0]
    rows = {r["key"]: r for r in g["members"]}
    assert rows["qualified_good"]["count"] == 70 and round(rows["qualified_good"]["share"], 2) == 79.55
    orgs = {r["key"]: r for r in g["organizations"]}
    # tiêu biểu is its own figure, inside «trong sạch, vững mạnh» (3 organisations rated, not 4).
    assert orgs["exemplary"]["within"] == "Trong sạch, vững mạnh" and round(orgs["clean_strong"]["share"], 2) == 66.67


def test_import_2012_shares_only_never_counts(users, tree):
    data = xlsx(ROWS_2012)
    published_import.commit(users.office, tree.root, data, "2012.xlsx")
    t = PublishedTotals.objects.get(year=2012)
    assert t.as_shares and t.scale == "2008-2013" and t.members_base == 2983
    assert t.figures["members"] == {"qualified_excellent": "13", "qualified_good": "80.42",
                                    "qualified_completed": "5.84", "violated": "0.73"}
    g = queries.results_summary(tree.root, 2012)["published"][0]
    assert all(r["count"] is None for r in g["members"] + g["organizations"])
    assert [r["share"] for r in g["members"]] == [13.0, 80.42, 5.84, 0.73]


def test_bad_rows_refused_one_message_each_nothing_written(users, tree):
    rows = ROWS_2015 + [
        ["XX", 2015, "Đảng viên", "Đủ tư cách, hoàn thành tốt nhiệm vụ", 3, None, None, None],  # unknown org
        ["TN", 2016, "Đảng viên", "Hoàn thành xuất sắc nhiệm vụ", 3, None, None, "BC"],  # 2018 label in 2016
        ["TN", 2005, "Đảng viên", "Đủ tư cách, hoàn thành tốt nhiệm vụ", 3, None, None, "BC"],  # no scale
        ["TN", 2013, "Đảng viên", "Đủ tư cách, hoàn thành tốt nhiệm vụ", 3, "80", None, "BC"],  # both
        ["TN", 2014, "Đảng viên", "Đủ tư cách, hoàn thành tốt nhiệm vụ", None, "120", None, "BC"],  # > 100%
        ["TN", 2015, "Ai đó", "Yếu kém", 1, None, None, None],  # part
    ]
    p = published_import.preview(tree.root, xlsx(rows), "bad.xlsx")
    msgs = [str(e) for e in p.errors]
    assert len(msgs) == 6
    assert msgs[0].startswith("Dòng 9, cột «Mã tổ chức»")
    assert msgs[1].startswith("Dòng 10, cột «Mức xếp loại»") and "Đủ tư cách" in msgs[1]
    assert msgs[2].startswith("Dòng 11, cột «Năm»") and "2008" in msgs[2]
    assert msgs[3].startswith("Dòng 12, cột «Số lượng»")
    assert msgs[4].startswith("Dòng 13, cột «Tỷ lệ (%)»")
    assert msgs[5].startswith("Dòng 14, cột «Đối tượng»")
    with pytest.raises(ValidationError):
        published_import.commit(users.office, tree.root, xlsx(rows), "bad.xlsx")
    assert not PublishedTotals.objects.exists()


def test_shares_over_100_and_exemplary_over_whole_refused(users, tree):
    with pytest.raises(ValidationError, match="quá 100%"):
        actions.enter_published_totals(users.office, tree.root, year=2016, as_shares=True, source_document="BC",
                                       members={"qualified_good": "80", "qualified_excellent": "30"},
                                       organizations={})
    with pytest.raises(ValidationError, match="lớn hơn"):
        actions.enter_published_totals(users.office, tree.root, year=2016, source_document="BC", members={},
                                       organizations={"exemplary": 5, "clean_strong": 2})
    # Counted beside (Biên Hòa 2013): allowed when the entry says so.
    t = actions.enter_published_totals(users.office, tree.root, year=2013, source_document="BC", members={},
                                       organizations={"exemplary": 15, "clean_strong": 53, "task_good": 39,
                                                      "task_completed": 9, "weak": 1}, exemplary_within=False)
    g = queries.results_summary(tree.root, 2013)["published"][0]
    assert sum(r["count"] for r in g["organizations"]) == 117 and not t.exemplary_within


def test_shares_of_a_2018_plus_year_stay_shares(users, tree):
    actions.enter_published_totals(users.office, tree.root, year=2020, as_shares=True, source_document="BC",
                                   members={"good_or_better": "85"}, organizations={})
    s = queries.results_summary(tree.root, 2020)
    assert s["members"]["rated"] == 0 and s["published"][0]["members"][0]["label"] == "Hoàn thành tốt nhiệm vụ trở lên"
    assert s["published"][0]["members"][0]["count"] is None


def test_entry_form_of_2015_and_page(as_office, tree):
    page = as_office.get(f"/danh-gia/cong-bo/{tree.root.pk}/?nam=2015").content.decode()
    assert "Hướng dẫn 27-HD/BTCTW" in page and "orgs_exemplary" in page
    resp = as_office.post(f"/danh-gia/cong-bo/{tree.root.pk}/?nam=2015", {
        "published_year": 2015, "source_document": SRC_2015, "orgs_exemplary": "1", "orgs_clean_strong": "2",
        "members_qualified_good": "70", "members_not_rated": 0, "exemplary_within": "on"})
    assert resp.status_code == 302, resp.content.decode()[:3000]
    page = as_office.get(resp["Location"]).content.decode()
    assert 'data-scale="2014-2017"' in page and "Trong sạch, vững mạnh tiêu biểu" in page
    assert 'id="results-summary"' not in page
    resp = as_office.post(f"/danh-gia/cong-bo/{tree.root.pk}/?nam=2012", {
        "published_year": 2012, "source_document": SRC_2012, "as_shares": "on", "members_qualified_good": "80,42",
        "members_base": 2983, "members_not_rated": 0})
    assert resp.status_code == 302
    page = as_office.get(resp["Location"]).content.decode()
    assert "80,42%" in page and "Chỉ công bố tỷ lệ" in page and "2.983" in page


def test_history_page_imports_the_published_table(as_office, tree):
    url = f"/danh-gia/nhap-lich-su/{tree.root.pk}/"
    f = io.BytesIO(xlsx(ROWS_2015))
    f.name = "2015.xlsx"
    page = as_office.post(url, {"kind": "published", "file": f}).content.decode()
    assert 'id="published-preview"' in page and "Hướng dẫn 27-HD/BTCTW" in page
    resp = as_office.post(url, {"action": "commit", "kind": "published"})
    assert resp.status_code == 302 and PublishedTotals.objects.filter(year=2015, scale="2014-2017").exists()


def test_regime_page_of_2015_shows_the_old_scale_with_sources(as_reader):
    page = as_reader.get("/danh-gia/che-do/?nam=2015").content.decode()
    assert 'id="old-scale"' in page and "Hướng dẫn 27-HD/BTCTW ngày 25/9/2014" in page
    assert "Đủ tư cách, hoàn thành nhiệm vụ nhưng còn hạn chế" in page and "Chưa có văn bản xác nhận" in page
    assert 'id="old-scale"' not in as_reader.get("/danh-gia/che-do/?nam=2005").content.decode()


def test_cli_history_import_and_stats_of_2015(users, tree, tmp_path, capsys):
    from dangbo.cli import main

    path = tmp_path / "2015.xlsx"
    path.write_bytes(xlsx(ROWS_2015))
    assert main(["history", "ratings", "--org", "TN", str(path)]) == 0
    assert not PublishedTotals.objects.exists() and "Xem trước: 1 tổ chức-năm" in capsys.readouterr().out
    assert main(["history", "ratings", "--org", "TN", str(path), "--commit"]) == 0
    assert PublishedTotals.objects.filter(year=2015, scale="2014-2017").exists()
    capsys.readouterr()
    assert main(["stats", "ratings", "--org", "TN", "--year", "2015"]) == 0
    out = capsys.readouterr().out
    assert "Hướng dẫn 27-HD/BTCTW" in out and "Đảng viên: Đủ tư cách, hoàn thành tốt nhiệm vụ: 70 (79,5%)" in out
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(xlsx([["TN", 2005, "Đảng viên", "Yếu kém", 1, None, None, "BC"]]))
    assert main(["history", "ratings", "--org", "TN", str(bad), "--commit"]) != 0
