"""Issue 12: the mid-year review (sơ kết 6 tháng), the political report of a congress and the cấp ủy's review of the
term, through the same models, actions, pages, API and CLI as the year-end document; every figure recomputed
independently (tests/yearend/recompute.py), every kind through LibreOffice → PDF → text."""

import io
import json
import re
import subprocess
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from docx import Document as Docx

from dangbo.core.models import AuditEvent
from dangbo.reports import actions, narrative, periods
from dangbo.reports import sections as S
from dangbo.reports.models import ReportSection, State
from tests.yearend.recompute import admissions, members_on

pytestmark = pytest.mark.django_db
MID = {"chinh_tri_tu_tuong": "Đảng ủy lãnh đạo học tập, quán triệt nghị quyết năm 2020 đến 100% đảng viên.",
       "han_che": "Một số chi bộ sinh hoạt chuyên đề chưa đều.",
       "phuong_huong": "Tập trung lãnh đạo hoàn thành các chỉ tiêu nghị quyết năm 2020.\n[số liệu]"}
TERM = {"nhiem_vu_chinh_tri": "Đảng bộ lãnh đạo cơ quan tham mưu kịp thời cho UBND tỉnh trong nhiệm kỳ.",
        "phuong_huong": "Nâng cao năng lực lãnh đạo và sức chiến đấu của Đảng bộ.\n[số liệu]"}


def section(doc, key):
    return ReportSection.objects.get(document=doc, key=key)


def write(doc, user, texts):
    for key, text in texts.items():
        s = section(doc, key)
        actions.save_section(user, s, text=text, version=s.version)


def write_rest(doc, user):
    for s in doc.sections.all():
        if not s.text:
            actions.save_section(user, s, text=f"Nội dung mục {s.key}.", version=s.version)


def pdf_text(blob: bytes, pdftotext) -> str:
    out = subprocess.run([pdftotext, "-", "-"], input=blob, capture_output=True, check=True).stdout.decode()
    return re.sub(r"\s+", " ", out)


@pytest.fixture
def resolutions(tree):
    """The 2015 congress's resolution (kết nạp ≥ 5 over the term), the 2020 congress's (the new term's targets)
    and the 2020 yearly resolution (kết nạp ≥ 2 in the year)."""
    from dangbo.resolutions.models import Resolution, Target

    def make(kind, title, start, end, label, value, period="year"):
        r = Resolution.objects.create(organization=tree.root, org_path=tree.root.path, kind=kind, title=title,
                                      adopted_on=start, period_start=start, period_end=end)
        Target.objects.create(resolution=r, kind="admissions", label=label, value=value, period=period)
        return r

    return {
        "term": make("congress", "Nghị quyết Đại hội lần thứ IX", date(2015, 6, 13), date(2020, 6, 15),
                     "Kết nạp đảng viên mới trong nhiệm kỳ", 5, "term"),
        "new": make("congress", "Nghị quyết Đại hội lần thứ X", date(2020, 6, 16), date(2025, 6, 15),
                    "Kết nạp đảng viên mới nhiệm kỳ 2020 - 2025", 5, "term"),
        "year": make("yearly", "Nghị quyết năm 2020", date(2020, 1, 1), date(2020, 12, 31),
                     "Kết nạp đảng viên mới năm 2020", 2),
    }


def test_headings_per_kind_declared_once():
    assert S.keys("mid_year") == ("chinh_tri_tu_tuong", "to_chuc_dang_vien", "kiem_tra_giam_sat", "doan_the_dan_van",
                                  "nhiem_vu_chinh_tri", "chi_tieu", "han_che", "phuong_huong")
    assert S.section_heading(S.by_key("mid_year")["phuong_huong"], 2021) == \
        "III. PHƯƠNG HƯỚNG, NHIỆM VỤ 6 THÁNG CUỐI NĂM 2021"
    assert S.section_heading(S.by_key("political")["phuong_huong"], 2020) == \
        "IV. MỤC TIÊU, PHƯƠNG HƯỚNG, NHIỆM VỤ NHIỆM KỲ 2020 - 2025"
    assert S.section_heading(S.by_key("committee_review")["nguyen_nhan"], 2020) == "3. Nguyên nhân"
    assert S.label(S.by_key("committee_review")["khac_phuc"], 2020) == "Phương hướng, biện pháp khắc phục"
    # the year-end headings as before
    assert S.keys() == S.KEYS and S.section_heading(S.BY_KEY["bai_hoc"], 2025) == "III. BÀI HỌC KINH NGHIỆM"


def test_mid_year_figures_recomputed(register, resolutions, users):
    root = register.tree.root
    data = periods.build_mid_year(narrative.system_scope(), root, 2020)
    o, p = members_on(root.path, date(2020, 6, 30))
    o0, p0 = members_on(root.path, date(2019, 12, 31))
    m = data["members"]
    assert (m["end"]["official"], m["end"]["probationary"]) == (o, p)
    assert (m["start"]["official"], m["start"]["probationary"]) == (o0, p0)
    admitted = admissions(root.path, date(2020, 1, 1), date(2020, 6, 30))
    assert m["movements"]["admission"] == admitted == 1  # x20a on 10/3; y20 (1/7) and x20b (20/11) after
    assert m["cells"] == 2
    lines = periods.lines(data)
    assert lines["org_line"] == (f"Đến ngày 30/6/2020, Đảng bộ Cơ quan Thử nghiệm có 2 chi bộ trực thuộc, {o + p} "
                                 f"đảng viên ({o} chính thức, {p} dự bị); ngày 31/12/2019 có {o0 + p0} đảng viên.")
    assert "6 tháng đầu năm 2020, kết nạp mới 1 đảng viên" in lines["movements_line"]
    # the year's resolution checked as of 30/06: 1 of ≥ 2, the year is not over
    year = next(r for r in data["resolutions"] if r["title"] == "Nghị quyết năm 2020")
    t = year["targets"][0]
    assert t["actual"] == "1" and t["verdict"] == "dang_thuc_hien"
    assert "- Kết nạp đảng viên mới năm 2020: chỉ tiêu ≥ 2, thực hiện 1 (Đang thực hiện)." in lines["targets_lines"]
    assert "- Kết nạp đảng viên mới năm 2020: chỉ tiêu năm ≥ 2." in lines["remaining_targets_lines"]
    # the 2020 congress resolution is not yet in force on 30/06? it is (from 16/06): listed with its own target
    assert {r["title"] for r in data["resolutions"]} == {"Nghị quyết năm 2020", "Nghị quyết Đại hội lần thứ X"}


def test_term_figures_recomputed(register, resolutions, users):
    root = register.tree.root
    data = periods.build_term(narrative.system_scope(), root, 2020, made_on=date(2020, 6, 16))
    t = data["term"]
    # no congress on record: the term is the five years before, to the document's date; the basis says so
    assert (t["start"], t["end"]) == (date(2015, 1, 1), date(2020, 6, 16))
    assert "chưa có dữ liệu đại hội nhiệm kỳ 2015 - 2020" in t["start_basis"]
    m = data["members"]
    assert (m["start"]["official"], m["start"]["probationary"]) == members_on(root.path, date(2015, 1, 1))
    assert (m["end"]["official"], m["end"]["probationary"]) == members_on(root.path, date(2020, 6, 16))
    admitted = admissions(root.path, date(2015, 1, 2), date(2020, 6, 16))
    assert sum(r["count"] for r in data["admitted_by_year"]) == m["movements"]["admission"] == admitted == 2
    assert {r["year"]: r["count"] for r in data["admitted_by_year"]}[2019] == 1
    # the previous congress's target checked at the end of the term: final, 2 of ≥ 5 is not reached
    prev = data["resolutions"]
    assert [r["title"] for r in prev] == ["Nghị quyết Đại hội lần thứ IX"]
    assert prev[0]["targets"][0]["actual"] == "2" and prev[0]["targets"][0]["verdict"] == "khong_dat"
    assert data["next_targets"] == [{"label": "Kết nạp đảng viên mới nhiệm kỳ 2020 - 2025", "target_text": "≥ 5",
                                     "resolution": "Nghị quyết Đại hội lần thứ X"}]
    lines = periods.lines(data)
    assert lines["term_admissions_line"].startswith("Công tác phát triển đảng viên: cả nhiệm kỳ kết nạp 2 đảng viên")
    assert lines["term_org_line"].startswith("Cuối nhiệm kỳ 2015 - 2020 (16/06/2020), Đảng bộ Cơ quan Thử nghiệm có")
    assert lines["next_targets_lines"] == ["Các chỉ tiêu chủ yếu nhiệm kỳ 2020 - 2025:",
                                           "- Kết nạp đảng viên mới nhiệm kỳ 2020 - 2025: ≥ 5."]


def test_term_bounds_from_the_congresses(tree, members):
    from dangbo.congresses.models import Congress

    for ordinal, start, opened in ((9, 2015, date(2015, 6, 13)), (10, 2020, date(2020, 6, 16))):
        Congress.objects.create(organization=tree.root, org_path=tree.root.path, ordinal=ordinal, term_start=start,
                                term_end=start + 5, opened_on=opened)
    t = periods.term_bounds(tree.root, 2020)
    assert (t["start"], t["end"]) == (date(2015, 6, 13), date(2020, 6, 16))
    assert t["previous_congress"]["ordinal"] == "IX" and t["congress"]["ordinal"] == "X"


def test_workflow_of_a_mid_year_document(register, resolutions, users):
    root = register.tree.root
    doc = actions.create_document(users.office, organization=root, year=2020, kind="mid_year", place="Tam Kỳ",
                                  conference_on=date(2020, 7, 8))
    assert doc.period == "6t" and list(doc.sections.values_list("key", flat=True)) == list(S.keys("mid_year"))
    with pytest.raises(ValidationError) as e:
        actions.create_document(users.office, organization=root, year=2020, kind="mid_year")
    assert "đã có «Báo cáo sơ kết 6 tháng» năm 2020" in e.value.message_dict["year"][0]
    with pytest.raises(ValidationError) as e:
        actions.create_document(users.office, organization=root, year=2021, kind="mid_year",
                                conference_on=date(2021, 3, 1))
    assert "conference_on" in e.value.message_dict
    # a year-end document of the same year is another document
    actions.create_document(users.office, organization=root, year=2020)
    write(doc, users.office, MID)
    ev = AuditEvent.objects.filter(action="report.section_save").order_by("seq").last()
    assert "báo cáo sơ kết 6 tháng đầu năm 2020" in ev.summary
    write_rest(doc, users.office)
    actions.approve_document(users.office, doc, approved_on=date(2020, 7, 8))
    doc = actions.issue_document(users.office, doc, issued_on=date(2020, 7, 10), signer="Nguyễn Văn Mến",
                                 term_start=date(2020, 6, 16))
    assert doc.state == State.ISSUED and doc.symbol == "01-BC/ĐU"
    assert doc.register_entry.summary.startswith("Báo cáo sơ kết tình hình thực hiện Nghị quyết 6 tháng đầu năm 2020")
    text = [p.text for p in Docx(io.BytesIO(bytes(doc.issued_docx))).paragraphs]
    assert "I. KẾT QUẢ THỰC HIỆN NGHỊ QUYẾT 6 THÁNG ĐẦU NĂM 2020" in text
    assert "6. Kết quả thực hiện các chỉ tiêu của nghị quyết năm" in text
    assert any(x.startswith("Đến ngày 30/6/2020, Đảng bộ Cơ quan Thử nghiệm có") for x in text)
    assert section(doc, "to_chuc_dang_vien").figures  # frozen with the document


def test_political_report_and_committee_review_web_api_cli(register, resolutions, users, client_as, tmp_path,
                                                           capsys):
    from dangbo.cli import main

    root = register.tree.root
    c = client_as("office")
    r = c.post(reverse("reports:document_create"), {"vk-organization": root.pk, "vk-kind": "political",
                                                    "vk-year": 2020, "vk-conference_on": "16/06/2020"})
    assert r.status_code == 302, r.content.decode()[:3000]
    doc = root.report_documents.get(kind="political")
    assert doc.period == "2020-2025"
    page = c.get(reverse("reports:document", args=[doc.pk])).content.decode()
    assert "I. KẾT QUẢ THỰC HIỆN NGHỊ QUYẾT ĐẠI HỘI NHIỆM KỲ 2015 - 2020" in page
    assert "cả nhiệm kỳ kết nạp 2 đảng viên" in page
    r = c.post(reverse("reports:section_edit", args=[doc.pk, "nhiem_vu_chinh_tri"]),
               {"text": TERM["nhiem_vu_chinh_tri"], "version": 1})
    assert r.status_code == 302
    assert c.get(reverse("reports:section_edit", args=[doc.pk, "uu_diem"])).status_code == 404  # not its heading
    news = c.get(reverse("reports:document_news", args=[doc.pk])).content.decode()
    assert news.startswith("Ngày 16/06/2020, Đảng bộ Cơ quan Thử nghiệm tổ chức Đại hội nhiệm kỳ 2020 - 2025.")
    body = json.loads(c.get(reverse("reports:document_json", args=[doc.pk])).content)
    assert body["sections"][0]["text"] == TERM["nhiem_vu_chinh_tri"]
    assert body["data"]["members"]["movements"]["admission"] == 2
    # the API: list and detail scoped, a section saved through the same action (version checked)
    api = c.get("/api/reports/documents/", {"kind": "political"}).json()
    assert [d["id"] for d in api["results"]] == [doc.pk]
    detail = c.get(f"/api/reports/documents/{doc.pk}/").json()
    assert detail["kind"] == "political" and any("kết nạp 2 đảng viên" in f
                                                 for s in detail["sections"] for f in s["figures"])
    url = f"/api/reports/documents/{doc.pk}/sections/bai_hoc/"
    r = c.post(url, {"text": "Bài học qua API.", "version": 1}, content_type="application/json")
    assert r.status_code == 200 and r.json()["versions"] == 1 and section(doc, "bai_hoc").text == "Bài học qua API."
    assert c.post(url, {"text": "Bản cũ", "version": 1}, content_type="application/json").status_code == 409
    assert c.get("/api/reports/documents/", {"kind": "x"}).status_code == 400
    secretary = client_as("secretary")
    assert secretary.get(f"/api/reports/documents/{doc.pk}/").status_code == 404
    assert secretary.get("/api/reports/documents/").json()["results"] == []
    assert secretary.post(url, {"text": "x", "version": 2}, content_type="application/json").status_code == 404
    # the cấp ủy's review: a second document of the term, its own headings
    review = actions.create_document(users.office, organization=root, year=2020, kind="committee_review")
    assert list(review.sections.values_list("key", flat=True)) == list(S.keys("committee_review"))
    # the CLI: the written document, and the figures-only draft of a kind
    out = tmp_path / "ct.docx"
    assert main(["report", "term", "--org", "TN", "--year", "2020", "--document", "-o", str(out), "--json",
                 "--news", str(tmp_path / "tin.txt")]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["document"]["state"] == "draft" and payload["document"]["kind"] == "political"
    assert "DỰ THẢO" in [p.text for p in Docx(io.BytesIO(out.read_bytes())).paragraphs]
    assert main(["report", "term", "--org", "TN", "--year", "2020", "--review", "-o", str(out)]) == 0
    text = [p.text for p in Docx(io.BytesIO(out.read_bytes())).paragraphs]
    assert "I. ĐẶC ĐIỂM TÌNH HÌNH" in text and "3. Nguyên nhân" in text
    capsys.readouterr()
    assert main(["report", "term", "--org", "TN", "--year", "2020", "--period", "2021-2026", "--json"]) == 1
    assert "không khớp" in capsys.readouterr().err
    assert main(["report", "mid-year", "--org", "TN", "--year", "2021", "--document", "--json"]) == 1
    assert "chưa có văn kiện báo cáo sơ kết 6 tháng đầu năm 2021" in capsys.readouterr().err
    assert main(["report", "mid-year", "--org", "TN", "--year", "2020", "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["document"]["sections"][1]["figures"][0].startswith("Đến ngày 30/6/2020")
    assert AuditEvent.objects.filter(action="report.year_end", data__via="cli").count() == 3


@pytest.mark.parametrize("kind,year,texts,headings,figure", [
    ("mid_year", 2020, MID, ["I. KẾT QUẢ THỰC HIỆN NGHỊ QUYẾT 6 THÁNG ĐẦU NĂM 2020",
                             "III. PHƯƠNG HƯỚNG, NHIỆM VỤ 6 THÁNG CUỐI NĂM 2020"],
     "Đến ngày 30/6/2020, Đảng bộ Cơ quan Thử nghiệm có 2 chi bộ trực thuộc"),
    ("political", 2020, TERM, ["I. KẾT QUẢ THỰC HIỆN NGHỊ QUYẾT ĐẠI HỘI NHIỆM KỲ 2015 - 2020",
                               "IV. MỤC TIÊU, PHƯƠNG HƯỚNG, NHIỆM VỤ NHIỆM KỲ 2020 - 2025"],
     "cả nhiệm kỳ kết nạp 2 đảng viên"),
    ("committee_review", 2020, {"uu_diem": "Ban Chấp hành giữ vững nguyên tắc tập trung dân chủ."},
     ["I. ĐẶC ĐIỂM TÌNH HÌNH", "II. KẾT QUẢ KIỂM ĐIỂM SỰ LÃNH ĐẠO, CHỈ ĐẠO NHIỆM KỲ 2015 - 2020"],
     "đầu nhiệm kỳ (01/01/2015)"),
])
def test_each_kind_through_libreoffice(kind, year, texts, headings, figure, register, resolutions, users, soffice,
                                       pdftotext, tmp_path):
    from dangbo.reports import render

    root = register.tree.root
    doc = actions.create_document(users.office, organization=root, year=year, kind=kind, place="Tam Kỳ",
                                  conference_on=date(2020, 7, 8) if kind == "mid_year" else date(2020, 6, 16))
    write(doc, users.office, texts)
    write_rest(doc, users.office)
    actions.approve_document(users.office, doc, approved_on=doc.conference_on)
    doc = actions.issue_document(users.office, doc, issued_on=doc.conference_on + timedelta(days=1),
                                 signer="Nguyễn Văn Mến", term_start=date(2015, 6, 13))
    docx = tmp_path / "vk.docx"
    docx.write_bytes(bytes(doc.issued_docx))
    render.docx_to_pdf(str(docx), str(tmp_path / "vk.pdf"))
    text = pdf_text((tmp_path / "vk.pdf").read_bytes(), pdftotext)
    def flat(x):  # pdftotext joins a line broken after «2015 -» without its hyphen
        return re.sub(r"\s*-\s*", " ", x)

    for h in headings:
        assert flat(h) in flat(text)
    assert figure in text
    assert next(iter(texts.values())).split("\n")[0] in text
    signer_body = "T/M ĐẢNG ỦY" if kind == "mid_year" else "T/M BAN CHẤP HÀNH"
    assert signer_body in text and "BÍ THƯ" in text and "Nguyễn Văn Mến" in text and "01-BC/ĐU" in text
    assert "Tam Kỳ, ngày" in text and "DỰ THẢO" not in text


def test_upload_back_a_political_report(register, resolutions, users):
    root = register.tree.root
    doc = actions.create_document(users.office, organization=root, year=2020, kind="political",
                                  conference_on=date(2020, 6, 16))
    write(doc, users.office, TERM)
    write_rest(doc, users.office)
    doc.refresh_from_db()
    blob = narrative.docx_bytes(narrative.system_scope(), doc, date(2020, 6, 16))
    paragraphs = [p.text for p in Docx(io.BytesIO(blob)).paragraphs]
    assert "IV. MỤC TIÊU, PHƯƠNG HƯỚNG, NHIỆM VỤ NHIỆM KỲ 2020\u00a0-\u00a02025" in paragraphs  # kept on one line
    assert actions.upload_docx(users.office, doc, blob=blob) == []  # read back as written: nothing changes
    d = Docx(io.BytesIO(blob))
    for p in d.paragraphs:
        if p.text.startswith("Nâng cao năng lực lãnh đạo"):
            p.text = "Nâng cao năng lực lãnh đạo (sửa trong Word)."
    buf = io.BytesIO()
    d.save(buf)
    assert actions.upload_docx(users.office, doc, blob=buf.getvalue()) == [
        "Mục tiêu, phương hướng, nhiệm vụ nhiệm kỳ 2020 - 2025"]
    assert section(doc, "phuong_huong").text == "Nâng cao năng lực lãnh đạo (sửa trong Word).\n[số liệu]"
