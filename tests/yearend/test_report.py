"""The year-end report: every figure recomputed independently; the .docx opens in LibreOffice (-> PDF -> text);
the news text; scopes; missing data shown as missing."""

import json
import subprocess
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from dangbo.core.scopes import Scope, scope_for
from dangbo.documents.actions import register_document
from dangbo.recognition import actions as rec
from dangbo.reports import data as report_data
from dangbo.reports import news
from dangbo.resolutions import actions as res
from dangbo.rules.text import format_number
from tests.files import report_pdf_words, words

from .recompute import admissions, members_on

pytestmark = pytest.mark.django_db
MADE = date(2021, 1, 8)


@pytest.fixture
def office(register):
    t = register.tree
    r = res.create_resolution(None, organization=t.root, kind="yearly", title="Nghị quyết năm 2020",
                              adopted_on=date(2019, 12, 20), period_start=date(2020, 1, 1),
                              period_end=date(2020, 12, 31))
    res.add_target(None, r, kind="admissions", label="Kết nạp đảng viên mới", comparison="from_up", value=2)
    res.add_target(None, r, kind="members_level", label="Đảng viên hoàn thành nhiệm vụ trở lên", value=100,
                   level="completed")
    res.run_review(None, r, kind="year_end", review_date=date(2020, 12, 25))
    nxt = res.create_resolution(None, organization=t.root, kind="yearly", title="Nghị quyết năm 2021",
                                adopted_on=date(2020, 12, 28), period_start=date(2021, 1, 1),
                                period_end=date(2021, 12, 31))
    res.add_target(None, nxt, kind="admissions", label="Kết nạp đảng viên mới", comparison="from_up", value=3)
    for i in range(5):
        register_document(None, organization=t.root, direction="out", doc_type="bao_cao", issued_on=date(2019, 3, 1),
                          term_start=date(2015, 6, 1), summary=f"Báo cáo {i}")
    for i in range(4):
        register_document(None, organization=t.root, direction="out", doc_type="bao_cao",
                          issued_on=date(2020, 3, 1 + i), term_start=date(2015, 6, 1), summary=f"Báo cáo {i}")
    for i in range(2):
        register_document(None, organization=t.root, direction="in", doc_type="cong_van", issued_on=date(2020, 5, 1),
                          symbol=f"{i}-CV/ĐUK", summary="Công văn")
    c = rec.propose(None, organization=t.root, year=2020, form="giay_khen", basis="excellent_year",
                    member=register.members.dung)
    rec.decide(None, c, decision_number="15-QĐ/ĐUK", decision_date=date(2021, 1, 5), issuer="Đảng ủy Khối")
    c = rec.propose(None, organization=t.root, year=2020, form="bang_khen", basis="exemplary_org", recipient_org=t.a)
    rec.decide(None, c, decision_number="2150-QĐ/TU", decision_date=date(2021, 1, 6))
    return register



def expected_figures(path: str):
    off, prob = members_on(path, date(2020, 12, 31))
    off0, prob0 = members_on(path, date(2019, 12, 31))
    return {"end": off + prob, "official": off, "probationary": prob, "start": off0 + prob0,
            "admitted": admissions(path, date(2020, 1, 1), date(2020, 12, 31))}


def test_report_data_matches_an_independent_recount(office):
    root = office.tree.root
    data = report_data.build(Scope(is_admin=True), root, 2020, made_on=MADE)
    exp = expected_figures(root.path)
    m = data["members"]
    assert (m["end"]["total"], m["end"]["official"], m["end"]["probationary"]) == (
        exp["end"], exp["official"], exp["probationary"])
    assert m["start"]["total"] == exp["start"]
    assert m["movements"]["admission"] == exp["admitted"] == 3
    assert m["cells"] == 2
    assert data["documents"]["total"] == 6 and data["documents"]["previous_total"] == 5
    assert data["documents"]["change"] == pytest.approx(20.0)
    assert data["commendations"]["total"] == 2
    assert data["commendations"]["counts"]["giay_khen_individual"] == 1
    assert data["commendations"]["counts"]["bang_khen_collective"] == 1
    assert "missing" in data["ratings"]  # no ratings recorded: missing, never zero
    assert [t["label"] for t in data["next_targets"]] == ["Kết nạp đảng viên mới"]
    assert data["trend"][-1]["total"] == exp["end"]
    for t in data["trend"]:
        assert t["total"] == sum(members_on(root.path, date(t["year"], 12, 31)))
    # the reported (snapshotted) figure of the review
    targets = data["resolutions"][0]["targets"]
    assert targets[0]["actual"] == "3" and targets[0]["verdict"] == "vuot"
    assert targets[1]["actual"] is None


def test_docx_opens_in_libreoffice_with_the_figures(office, tmp_path, soffice, pdftotext):
    root = office.tree.root
    data = report_data.build(Scope(is_admin=True), root, 2020, made_on=MADE, place="Tam Kỳ")
    text = report_pdf_words(data, tmp_path, pdftotext, MADE)
    exp = expected_figures(root.path)
    for heading in ("ĐẢNG CỘNG SẢN VIỆT NAM", "BÁO CÁO", "tổng kết công tác xây dựng Đảng năm 2020",
                    "I. TÌNH HÌNH TỔ CHỨC ĐẢNG VÀ ĐẢNG VIÊN", "II. KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG NĂM 2020",
                    "IV. CÔNG TÁC KIỂM TRA, GIÁM SÁT VÀ THI HÀNH KỶ LUẬT ĐẢNG",
                    "V. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU NGHỊ QUYẾT", "VII. PHƯƠNG HƯỚNG, CHỈ TIÊU NĂM 2021",
                    "Tam Kỳ, ngày 08 tháng 01 năm 2021", "-BC/ĐU"):
        assert heading in text, heading
    # the issuing body, read from the header's left column alone (it wraps between words beside the right column)
    pdf = tmp_path / "bao-cao.pdf"
    left = words(subprocess.run([pdftotext, "-f", "1", "-l", "1", "-x", "0", "-y", "0", "-W", "300", "-H", "170",
                                 str(pdf), "-"], capture_output=True, check=True, text=True).stdout)
    assert left.startswith("ĐẢNG ỦY CƠ QUAN THỬ NGHIỆM *"), left
    assert (f"có 2 chi bộ trực thuộc, {format_number(exp['end'])} đảng viên ({format_number(exp['official'])} "
            f"chính thức, {format_number(exp['probationary'])} dự bị)") in text
    assert f"kết nạp mới {exp['admitted']} đảng viên" in text
    assert "xử lý 6 văn bản (4 văn bản đi, 2 văn bản đến), tăng 20% so với năm 2019" in text
    assert "Chưa có dữ liệu xếp loại chất lượng năm 2020" in text
    assert "Giấy khen cho 1 cá nhân" in text and "Bằng khen cho 1 tập thể" in text
    assert "Đặng Văn Dũng" in text and "15-QĐ/ĐUK" in text
    assert "Kết nạp đảng viên mới: từ 3 trở lên" in text
    assert "Vượt" in text
    # the self-checks reach the PDF too, in the annex the office may delete
    assert "Phụ lục: kiểm tra số liệu" in text and "Đã đối chiếu" in text


def test_news_text_in_the_manner_of_the_examples(office):
    data = report_data.build(Scope(is_admin=True), office.tree.root, 2020, made_on=MADE)
    text = news.news_text(data, MADE)
    exp = expected_figures(office.tree.root.path)
    assert text.startswith("Ngày 08/01/2021, Đảng bộ Cơ quan Thử nghiệm tổ chức hội nghị tổng kết công tác xây "
                           "dựng Đảng năm 2020; bàn phương hướng, nhiệm vụ năm 2021.")
    assert f"{format_number(exp['end'])} đảng viên" in text
    assert f"kết nạp {exp['admitted']} đảng viên mới" in text
    assert "chưa có dữ liệu xếp loại chất lượng năm 2020" in text
    assert "tăng 20% so với năm 2019" in text
    assert "phấn đấu: kết nạp đảng viên mới từ 3 trở lên" in text


def test_a_report_contains_only_what_its_user_may_see(office, users):
    t = office.tree
    with pytest.raises(PermissionDenied):
        report_data.build(scope_for(users.secretary), t.root, 2020)
    data = report_data.build(scope_for(users.secretary), t.a, 2020, made_on=MADE)
    blob = json.dumps(data, default=str, ensure_ascii=False)
    for name in ("Đặng Văn Dũng", "Lê Thị Hoa", "Trương Thị Mỹ Duyên", "Chi bộ Tổng hợp"):
        assert name not in blob
    exp = expected_figures(t.a.path)
    assert data["members"]["end"]["total"] == exp["end"]
    assert "missing" in data["documents"]  # nothing registered by chi bộ A
    # received inside A, though proposed by the đảng bộ: shown; B's member's Giấy khen is not
    assert [c["recipient"] for c in data["commendations"]["rows"]] == ["Chi bộ Văn phòng"]


def test_web_dashboard_and_download(office, client_as):
    from io import BytesIO

    from docx import Document

    c = client_as("office")
    root = office.tree.root
    page = c.get(f"/bao-cao/?to_chuc={root.pk}&nam=2020").content.decode()
    assert "Tải báo cáo (.docx)" in page and "Chưa có dữ liệu xếp loại" in page
    resp = c.get(f"/bao-cao/tong-ket.docx?to_chuc={root.pk}&nam=2020")
    assert resp.status_code == 200
    doc = Document(BytesIO(b"".join(resp.streaming_content)))
    body = "\n".join(p.text for p in doc.paragraphs)
    assert "tổng kết công tác xây dựng Đảng năm 2020" in body
    assert doc.sections[0].page_width.mm == pytest.approx(210, abs=0.5)
    assert doc.styles["Normal"].font.name == "Times New Roman" and doc.styles["Normal"].font.size.pt == 14
    assert client_as("secretary").get(f"/bao-cao/tong-ket.docx?to_chuc={root.pk}&nam=2020").status_code == 404
    assert client_as("member").get("/bao-cao/").status_code == 403
    assert "tăng 20%" in c.get(f"/bao-cao/tin-bai.txt?to_chuc={root.pk}&nam=2020").content.decode()


def test_the_dashboard_keeps_its_report_without_the_list_of_every_organisation(office, users, client_as, monkeypatch):
    """The page's cached report leaves out `sub_orgs` (every organisation of the subtree, read by the checks only:
    295.000 at the national root); its figures are the download's."""
    from dangbo.core import cached
    from dangbo.core.scopes import scope_for
    from dangbo.reports import data as report_data

    kept, counted = [], cached.counted

    def spy(name, parts, build, paths=None):
        got = counted(name, parts, build, paths)
        kept.append((name, got.value))
        return got

    monkeypatch.setattr(cached, "counted", spy)
    c, root = client_as("office"), office.tree.root
    assert c.get(f"/bao-cao/?to_chuc={root.pk}&nam=2020").status_code == 200
    page = dict(kept)["report-dashboard"]
    full = report_data.build(scope_for(users.office), root, 2020, made_on=date.today())
    assert "sub_orgs" not in page["members"] and full["members"]["sub_orgs"]
    assert page["members"] == {k: v for k, v in full["members"].items() if k != "sub_orgs"}
    assert page["checks"] == full["checks"]


def test_cli_year_end(office, tmp_path, capsys, users):
    from dangbo.cli import main

    out = tmp_path / "r.docx"
    assert main(["report", "year-end", "--org", "TN", "--year", "2020", "-o", str(out), "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert out.exists() and payload["report"]["members"]["movements"]["admission"] == 3
    assert main(["report", "year-end", "--org", "TN", "--year", "2020", "-o", str(out), "--user", "bithu_a"]) == 1
    assert "Không có tổ chức đảng mã «TN»" in capsys.readouterr().err


def test_api_year_end(office, users):
    from rest_framework.test import APIClient

    c = APIClient()
    c.force_authenticate(users.office)
    data = c.get(f"/api/reports/year-end/?organization={office.tree.root.pk}&year=2020").json()
    assert data["members"]["movements"]["admission"] == 3 and "missing" in data["ratings"]
    c.force_authenticate(users.secretary)
    assert c.get(f"/api/reports/year-end/?organization={office.tree.root.pk}&year=2020").status_code == 400


def test_the_year_end_report_is_audited_the_same_way_from_web_cli_and_api(office, client_as, users, tmp_path,
                                                                             capsys):
    """One `report.year_end` event each time a report leaves the system, whichever door (issue 18.3); a refused
    request writes none."""
    from rest_framework.test import APIClient

    from dangbo.cli import main
    from dangbo.core.models import AuditEvent

    root = office.tree.root

    def events():
        return list(AuditEvent.objects.filter(action="report.year_end").order_by("seq"))

    assert client_as("office").get(f"/bao-cao/tong-ket.docx?to_chuc={root.pk}&nam=2020").status_code == 200
    assert main(["report", "year-end", "--org", "TN", "--year", "2020", "-o", str(tmp_path / "r.docx"),
                 "--user", users.office.username]) == 0
    api = APIClient()
    api.force_authenticate(users.office)
    assert api.get(f"/api/reports/year-end/?organization={root.pk}&year=2020").status_code == 200
    api.force_authenticate(users.secretary)
    assert api.get(f"/api/reports/year-end/?organization={root.pk}&year=2020").status_code == 400
    capsys.readouterr()
    got = events()
    assert [(e.data["via"], e.data["format"], e.username, e.org_path) for e in got] == [
        ("web", "docx", users.office.username, root.path), ("cli", "docx", users.office.username, root.path),
        ("api", "json", users.office.username, root.path)]
    assert all("năm 2020" in e.summary for e in got)
