"""Published figures of past years (issue 12, «History that loads»): the results table import (preview, all or
nothing, one message per bad row naming its row and column, scope), the action's checks, and the year-end report of
a year the register does not cover built from them (.docx → PDF → text, labelled with their source)."""

import json
import re
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from dangbo.cli import main
from dangbo.core.models import AuditEvent
from dangbo.core.scopes import Scope
from dangbo.evaluations.models import PublishedTotals
from dangbo.reports import data as report_data
from dangbo.reports import news, published_import
from dangbo.reports.models import PublishedFigures
from dangbo.reports.published import record_published_figures
from tests.files import report_pdf_words, xlsx_bytes

pytestmark = pytest.mark.django_db
MADE = date(2023, 1, 10)
SOURCE = "Báo cáo số 15-BC/ĐU ngày 20/12/2022"
HEADERS = ["Mã tổ chức", "Tên tổ chức", "Năm", "Đảng viên đầu năm", "Đảng viên cuối năm", "Chính thức cuối năm",
           "Dự bị cuối năm", "Kết nạp mới", "Chuyển đến", "Chuyển đi", "Từ trần", "Bản cam kết", "Không xếp loại",
           "Lý do không xếp loại", "Tập thể được khen", "ĐV HTXSNV", "ĐV HTTNV", "ĐV HTNV", "ĐV KHTNV",
           "Chi bộ HTXSNV", "Chi bộ HTTNV", "Văn bản nguồn"]
GOOD = [
    ["TN", "Đảng bộ Cơ quan Thử nghiệm", 2022, 120, 125, 118, 7, 7, 1, 3, None, 124, 1, "ốm dài ngày", 2,
     20, 90, 12, 1, 1, 1, SOURCE],
    ["TN-VP", "Chi bộ Văn phòng", 2022, 60, "61", 58, 3, 3, 0, 2, None, 61, None, None, None,
     None, None, None, None, None, None, "Báo cáo số 4-BC/CB ngày 15/12/2022"],
    # does not add up (117 + 5 + 0 − 1 − 1 = 120 ≠ 121): accepted with a warning
    ["TN", "Đảng bộ Cơ quan Thử nghiệm", 2021, 117, 121, 114, 7, 5, 0, 1, 1, None, None, None, None,
     None, None, None, None, None, None, "Báo cáo số 12-BC/ĐU ngày 18/12/2021"],
]


def xlsx(rows, headers=HEADERS) -> bytes:
    return xlsx_bytes(rows, headers, "Bảng tổng hợp")


@pytest.fixture
def bloc(tree, make_member, make_user, make_org):
    """The tree of tests/conftest.py whose register starts in 2025 (its first member admitted then), another
    đảng bộ outside it, an office of the đảng bộ and a secretary of chi bộ A."""
    from types import SimpleNamespace

    from dangbo.organizations.models import OrgKind

    make_member(tree.a, "Nguyễn Văn Mến", decision_date=date(2025, 3, 2), official=False)
    other = make_org("Đảng bộ Khác", OrgKind.GRASSROOTS_COMMITTEE, code="KH")
    return SimpleNamespace(tree=tree, other=other, office=make_user("office", tree.root, username="vanphong"),
                           secretary=make_user("secretary", tree.a, username="bithu_a"))


def test_good_file_writes_every_row_with_ratings_and_warnings(bloc):
    t = bloc.tree
    pv = published_import.preview(bloc.office, t.root, xlsx(GOOD), "bang.xlsx")
    assert pv.errors == [] and len(pv.rows) == 3
    assert [row for row, _w in pv.warnings] == [4] and "khác đầu năm + vào − ra" in pv.warnings[0][1]
    assert PublishedFigures.objects.count() == 0  # the preview writes nothing
    published_import.commit(bloc.office, t.root, xlsx(GOOD), "bang.xlsx")
    p = PublishedFigures.objects.get(organization=t.root, year=2022)
    assert (p.members_start, p.members_total, p.members_official, p.members_probationary, p.admitted,
            p.transferred_out, p.commitments, p.not_rated, p.commended_collectives) == (120, 125, 118, 7, 7, 3, 124, 1,
                                                                                      2)
    assert p.deceased is None and p.removed is None  # not published: unknown, never 0
    assert p.source_document == SOURCE and p.not_rated_reasons == "ốm dài ngày" and p.entered_by == bloc.office
    assert PublishedFigures.objects.get(organization=t.a, year=2022).members_total == 61
    assert PublishedFigures.objects.get(organization=t.root, year=2021).warnings
    totals = PublishedTotals.objects.get(organization=t.root, year=2022)
    assert (totals.members_excellent, totals.members_good, totals.members_completed, totals.members_not_completed,
            totals.orgs_excellent, totals.orgs_good, totals.members_not_rated) == (20, 90, 12, 1, 1, 1, 1)
    assert not PublishedTotals.objects.filter(organization=t.a).exists()  # no rating column filled in
    types = list(AuditEvent.objects.values_list("action", flat=True))
    assert types.count("report.published_import") == 1 and types.count("report.published_figures") == 3
    assert types.count("rating.published_totals") == 1


def test_bad_rows_are_named_and_nothing_is_written(bloc):
    rows = [
        GOOD[0],
        ["KHONGCO", "", 2022, None, 10, None, None, None, None, None, None, None, None, None, None,
         None, None, None, None, None, None, SOURCE],
        ["TN-TH", "", 2022, None, -4, None, None, None, None, None, None, None, None, None, None,
         None, None, None, None, None, None, SOURCE],
        ["TN", "", 2022, None, 125, None, None, None, None, None, None, None, None, None, None,
         None, None, None, None, None, None, SOURCE],
        ["TN-VP", "", 2025, None, 3, None, None, None, None, None, None, None, None, None, None,
         None, None, None, None, None, None, SOURCE],
        ["TN-VP", "", 2020, None, 3, None, None, None, None, None, None, None, None, None, None,
         None, None, None, None, None, None, ""],
    ]
    data = xlsx(rows)
    pv = published_import.preview(bloc.office, bloc.tree.root, data, "bang.xlsx")
    assert len(pv.rows) == 1
    errors = "\n".join(pv.errors)
    assert "Dòng 3, cột «Mã tổ chức»: không có tổ chức đảng mã «KHONGCO» trong sổ." in errors
    assert "Dòng 4, cột «Đảng viên cuối năm»: số âm (-4)" in errors
    assert "Dòng 5, cột «Mã tổ chức»: trùng Đảng bộ Cơ quan Thử nghiệm năm 2022 với dòng 2." in errors
    assert "Dòng 6, cột «Năm»: Sổ đảng viên của «Chi bộ Văn phòng» có dữ liệu từ năm 2025" in errors
    assert "Dòng 7, cột «Văn bản nguồn»: chưa ghi văn bản nguồn" in errors
    assert len(pv.errors) == 5
    with pytest.raises(ValidationError, match="còn 5 lỗi, chưa ghi gì"):
        published_import.commit(bloc.office, bloc.tree.root, data, "bang.xlsx")
    assert PublishedFigures.objects.count() == 0 and PublishedTotals.objects.count() == 0
    assert not AuditEvent.objects.filter(action__startswith="report.published").exists()


def test_a_row_outside_the_scope_is_refused(bloc):
    t = bloc.tree
    rows = [["TN-VP", "", 2022, None, 61, None, None, None, None, None, None, None, None, None, None,
             None, None, None, None, None, None, SOURCE],
            ["TN-TH", "", 2022, None, 40, None, None, None, None, None, None, None, None, None, None,
             None, None, None, None, None, None, SOURCE],
            ["KH", "", 2022, None, 40, None, None, None, None, None, None, None, None, None, None,
             None, None, None, None, None, None, SOURCE]]
    pv = published_import.preview(bloc.secretary, t.a, xlsx(rows), "bang.xlsx")
    assert [e.split(":")[0] for e in pv.errors] == ["Dòng 3, cột «Mã tổ chức»", "Dòng 4, cột «Mã tổ chức»"]
    assert "ngoài phạm vi của bạn" in pv.errors[0] and "ngoài phạm vi của bạn" in pv.errors[1]
    with pytest.raises(ValidationError):
        published_import.commit(bloc.secretary, t.a, xlsx(rows), "bang.xlsx")
    with pytest.raises(PermissionDenied):  # importing into the đảng bộ is not theirs
        published_import.commit(bloc.secretary, t.root, xlsx(rows[:1]), "bang.xlsx")
    assert PublishedFigures.objects.count() == 0


def test_the_action_refuses_negatives_and_years_the_register_covers(bloc):
    t = bloc.tree
    with pytest.raises(ValidationError, match="số âm"):
        record_published_figures(bloc.office, t.root, year=2022, figures={"admitted": -1}, source_document=SOURCE)
    with pytest.raises(ValidationError, match="có dữ liệu từ năm 2025"):
        record_published_figures(bloc.office, t.root, year=2025, figures={"admitted": 1}, source_document=SOURCE)
    with pytest.raises(ValidationError, match="văn bản nguồn"):
        record_published_figures(bloc.office, t.root, year=2022, figures={"admitted": 1}, source_document=" ")
    with pytest.raises(PermissionDenied):
        record_published_figures(bloc.secretary, t.root, year=2022, figures={"admitted": 1}, source_document=SOURCE)
    p = record_published_figures(bloc.office, t.root, year=2022, source_document=SOURCE,
                                 figures={"members_start": 10, "members_total": 12, "admitted": 1})
    assert p.warnings == ["Số đảng viên cuối năm (12) khác đầu năm + vào − ra (10 + 1 − 0 = 11)."]



def test_the_2022_report_of_a_register_starting_in_2025_uses_the_published_figures(bloc, tmp_path, soffice,
                                                                                    pdftotext):
    t = bloc.tree
    published_import.commit(bloc.office, t.root, xlsx(GOOD), "bang.xlsx")
    data = report_data.build(Scope(is_admin=True), t.root, 2022, made_on=MADE, place="Tam Kỳ")
    assert data["members"]["register_empty"] and data["members"]["published"]["source_document"] == SOURCE
    trend = {p["year"]: p for p in data["trend"]}
    assert trend[2022]["total"] == 125 and trend[2022]["published"] and trend[2021]["total"] == 121
    assert trend[2020]["total"] is None  # neither register nor published: unknown
    assert json.loads(json.dumps(data["members"]["published"], default=str))["figures"]["members_total"] == 125
    text = report_pdf_words(data, tmp_path, pdftotext, MADE)
    label = f"theo số liệu đã công bố ({SOURCE})"
    assert ("Đến ngày 31/12/2022, Đảng bộ Cơ quan Thử nghiệm có 2 chi bộ trực thuộc; 125 đảng viên (118 chính thức, "
            f"7 dự bị); đầu năm có 120 đảng viên, {label}.") in text
    assert ("Trong năm 2022, kết nạp mới 7 đảng viên; tiếp nhận 1 đảng viên chuyển đến; chuyển sinh hoạt đi 3 đảng "
            f"viên; 124 bản cam kết tu dưỡng, rèn luyện; 1 đảng viên không xếp loại (ốm dài ngày), {label}.") in text
    assert f"Khen thưởng năm 2022: khen thưởng 2 tập thể, {label}." in text
    assert "2022: 125 (số liệu đã công bố)" in text and "2021: 121 (số liệu đã công bố)" in text
    news_text = news.news_text(data, MADE)
    assert label in news_text and "kết nạp 0" not in news_text and "kết nạp mới 7 đảng viên" in news_text
    assert not re.search(r"\b0 đảng viên", text), re.findall(r".{80}\b0 đảng viên.{40}", text)


def test_cli(bloc, tmp_path, capsys):
    good = tmp_path / "bang.xlsx"
    good.write_bytes(xlsx(GOOD))
    args = ["import", "published-totals", str(good), "--org", "TN", "--user", "vanphong"]
    assert main([*args, "--dry-run", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["rows"] == 3 and out["committed"] is False and out["warnings"][0]["row"] == 4
    assert PublishedFigures.objects.count() == 0
    assert main(args) == 0
    assert "Đã ghi số liệu đã công bố của 3 dòng." in capsys.readouterr().out
    assert PublishedFigures.objects.count() == 3
    assert main(["import", "published-totals", str(good), "--org", "TN", "--user", "bithu_a"]) == 1  # scope


def test_pages(bloc, client):
    t = bloc.tree
    client.force_login(bloc.office)
    assert client.get("/bao-cao/so-lieu-cong-bo/").status_code == 200
    template = client.get("/bao-cao/so-lieu-cong-bo/mau.xlsx")
    assert template.status_code == 200 and template["Content-Disposition"].endswith('.xlsx"')
    from dangbo.exchange.parsing.readers import read_table

    headers = [str(h) for h in read_table(template.content, "mau.xlsx").headers]
    assert headers[:3] == ["Mã tổ chức (*)", "Tên tổ chức", "Năm (*)"] and "Đảng viên cuối năm" in headers
    url = f"/bao-cao/so-lieu-cong-bo/{t.root.pk}/nhap/"
    from django.core.files.uploadedfile import SimpleUploadedFile

    page = client.post(url, {"file": SimpleUploadedFile("bang.xlsx", xlsx(GOOD))}).content.decode()
    assert "3 dòng hợp lệ, 0 lỗi" in page and "import-commit" in page
    assert PublishedFigures.objects.count() == 0
    done = client.post(url, {"action": "commit"})
    assert done.status_code == 302 and PublishedFigures.objects.count() == 3
    listing = client.get("/bao-cao/so-lieu-cong-bo/").content.decode()
    assert SOURCE in listing and "125" in listing
    client.force_login(bloc.secretary)  # chi bộ A: not the đảng bộ's import page, not its figures
    assert client.get(url).status_code in (403, 404)
    assert SOURCE not in client.get("/bao-cao/so-lieu-cong-bo/").content.decode()


def test_counts_as_offices_type_them():
    from dangbo.reports.published_import import count_value

    assert [count_value(v) for v in (None, "", 12, 12.0, "2.983", " 7 ", "1,0")] == [None, None, 12, 12, 2983, 7, 1]
    assert "không phải số nguyên" in count_value(2.5) and "số âm" in count_value("-3")
    assert "không phải số" in count_value("mười")


def test_a_csv_file_previews_like_the_workbook(bloc):
    csv = ("Mã tổ chức;Năm;Đảng viên cuối năm;Kết nạp mới;Văn bản nguồn\n"
           f"TN;2022;2.983;12;{SOURCE}\n").encode()
    pv = published_import.preview(bloc.office, bloc.tree.root, csv, "bang.csv")
    assert pv.errors == [] and pv.rows[0]["figures"]["members_total"] == 2983
