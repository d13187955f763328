"""One test per page: the list (filter, figures), the dossier with its checklist, a step form, the CLI."""

from datetime import date

import pytest

from dangbo.admission.models import Step, StepKind

pytestmark = pytest.mark.django_db


def test_list_page_shows_the_pipeline_and_its_figures(candidate, as_secretary, tree):
    resp = as_secretary.get(f"/ket-nap/?to_chuc={tree.a.pk}")
    assert resp.status_code == 200
    body = resp.content.decode()
    assert "Phan Thị Thu Trang" in body and 'id="admission-figures"' in body
    assert "Giấy chứng nhận lớp bồi dưỡng nhận thức về Đảng" in body  # what is missing, per row
    assert "Phan Thị Thu Trang" not in as_secretary.get(
        f"/ket-nap/?to_chuc={tree.a.pk}&trang_thai=admitted").content.decode()
    assert "Phan Thị Thu Trang" in as_secretary.get(f"/ket-nap/?to_chuc={tree.a.pk}&ten=thu trang").content.decode()
    assert as_secretary.get("/ket-nap/?trang_thai=khong-co").status_code == 200  # a bad filter: a message, no 500


def test_detail_page_has_the_checklist_and_the_settings(candidate, as_secretary, as_secretary_b, as_office):
    assert f"/ket-nap/{candidate.pk}/quyet-dinh/" in as_office.get(f"/ket-nap/{candidate.pk}/").content.decode()
    resp = as_secretary.get(f"/ket-nap/{candidate.pk}/")
    body = resp.content.decode()
    assert resp.status_code == 200 and 'id="checklist"' in body and 'data-state="missing"' in body
    assert "Chưa xác nhận đầy đủ" in body and "60" in body
    # The decision is the đảng ủy cơ sở's to record: offered to its office, not to the chi bộ's secretary.
    assert f"/ket-nap/{candidate.pk}/don/" in body and f"/ket-nap/{candidate.pk}/quyet-dinh/" not in body
    assert as_secretary_b.get(f"/ket-nap/{candidate.pk}/").status_code == 404


def test_create_page_proposes_a_candidate(as_secretary, tree):
    resp = as_secretary.post("/ket-nap/them/", {
        "kn-organization": tree.a.pk, "kn-full_name": "Đỗ Văn Hải", "kn-birth_date": "04/05/1999", "kn-gender": "M",
        "kn-education_grade": "8", "kn-proposed_by": "Công đoàn", "kn-proposed_on": "02/03/2026"})
    assert resp.status_code == 200 and "trung học cơ sở" in resp.content.decode()  # grade 8: refused, on the field
    resp = as_secretary.post("/ket-nap/them/", {
        "kn-organization": tree.a.pk, "kn-full_name": "Đỗ Văn Hải", "kn-birth_date": "04/05/1999", "kn-gender": "M",
        "kn-education_grade": "9", "kn-proposed_by": "Công đoàn", "kn-proposed_on": "02/03/2026"})
    assert resp.status_code == 302


def test_step_form_records_a_step_and_refuses_bad_input(candidate, as_secretary, as_secretary_b, members):
    url = f"/ket-nap/{candidate.pk}/gioi-thieu/"
    assert as_secretary.get(url).status_code == 200
    bad = as_secretary.post(url, {"kn-member": members.men.pk, "kn-months_known": "6", "kn-on": "02/04/2025"})
    assert bad.status_code == 200 and "ít nhất 12 tháng" in bad.content.decode()
    assert as_secretary_b.post(url, {"kn-member": members.men.pk, "kn-months_known": "24",
                                     "kn-on": "02/04/2025"}).status_code in (403, 404)
    ok = as_secretary.post(url, {"kn-member": members.men.pk, "kn-months_known": "24", "kn-on": "02/04/2025"})
    assert ok.status_code == 302
    assert Step.objects.get(candidate=candidate, kind=StepKind.INTRODUCER).on == date(2025, 4, 2)


def test_cli_lists_the_pipeline(candidate, run_json, run, tree, users):
    code, data, _ = run_json("admission", "list", "--org", tree.root.code)
    assert code == 0 and data["in_pipeline"] == 1
    person = data["candidates"][0]
    assert person["full_name"] == "Phan Thị Thu Trang"
    assert {i["key"] for i in person["open"]} >= {"certificate", "application", "introducers"}
    code, out, _ = run("admission", "list", "--org", tree.root.code)
    assert code == 0 and "Còn thiếu: Đơn xin vào Đảng" in out
    code, _, err = run("admission", "list", "--org", tree.root.code, "--user", users.secretary_b.username)
    assert code != 0 and "không có quyền" in err
    code, _, err = run("admission", "list", "--org", "KHONG-CO")
    assert code != 0 and "KHONG-CO" in err


def test_papers_print_as_docx(candidate, as_secretary, as_secretary_b, users, members):
    import io

    from docx import Document

    from dangbo.admission import actions

    from .conftest import complete_dossier

    resp = as_secretary.get(f"/ket-nap/{candidate.pk}/don-xin-vao-dang.docx")
    assert resp.status_code == 200 and resp["Content-Disposition"].endswith('.docx"')
    text = "\n".join(p.text for p in Document(io.BytesIO(resp.content)).paragraphs)
    assert "ĐƠN XIN VÀO ĐẢNG" in text and "Phan Thị Thu Trang" in text and "Chi bộ Văn phòng" in text
    # A Party paper is Vietnamese even for a user reading the pages in English (choice labels are lazy).
    as_secretary.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english_page = as_secretary.get(f"/ket-nap/{candidate.pk}/").content.decode()
    resp = as_secretary.get(f"/ket-nap/{candidate.pk}/don-xin-vao-dang.docx")
    text = "\n".join(p.text for p in Document(io.BytesIO(resp.content)).paragraphs)
    assert "Female" in english_page or "Male" in english_page or "Admission" in english_page
    assert "Giới tính: Nữ" in text and "Female" not in text
    as_secretary.post("/i18n/setlang/", {"language": "vi", "next": "/"})
    url = f"/ket-nap/{candidate.pk}/nghi-quyet-de-nghi-ket-nap.docx"
    assert as_secretary.get(url).status_code == 404  # no vote recorded yet
    complete_dossier(users.secretary, candidate, [members.men, members.lan])
    actions.record_branch_resolution(users.secretary, candidate, on=date(2025, 5, 5), votes_for=2,
                                     official_members=3, document="05-NQ/CB")
    doc = Document(io.BytesIO(as_secretary.get(url).content))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "NGHỊ QUYẾT" in text and "số tán thành: 2 (bằng 66,7%)" in text and "Nguyễn Văn Mến" in text
    assert as_secretary_b.get(url).status_code == 404


def test_due_work_page_links_an_overdue_decision_to_the_dossier(candidate, as_office, users, members):
    from dangbo.admission import actions

    from .conftest import complete_dossier

    complete_dossier(users.secretary, candidate, [members.men, members.lan])
    actions.record_branch_resolution(users.secretary, candidate, on=date(2025, 5, 5), votes_for=2, official_members=2)
    body = as_office.get("/dang-vien/viec-can-lam/").content.decode()  # months after 5/5/2025 + 60 working days
    assert f'href="/ket-nap/{candidate.pk}/"' in body and "Quyết định kết nạp (quá 60 ngày làm việc)" in body
    api = as_office.get("/api/due/").json()
    item = next(i for i in api if i["kind"] == "admission_decision")
    assert item["member"] is None and item["link"] == f"/ket-nap/{candidate.pk}/"


def test_introducer_slips_and_the_decision_print_as_docx(candidate, as_secretary, as_secretary_b, as_office, users,
                                                        members):
    import io

    from docx import Document

    from dangbo.admission import actions

    from .conftest import complete_dossier

    def text_of(resp):
        assert resp.status_code == 200 and resp["Content-Disposition"].endswith('.docx"')
        doc = Document(io.BytesIO(resp.content))
        cells = [p.text for t in doc.tables for cell in t._cells for p in cell.paragraphs]  # the header
        return "\n".join(cells + [p.text for p in doc.paragraphs])

    slips = f"/ket-nap/{candidate.pk}/phieu-gioi-thieu.docx"
    decision = f"/ket-nap/{candidate.pk}/quyet-dinh-ket-nap.docx"
    assert as_secretary.get(slips).status_code == 404 and as_secretary.get(decision).status_code == 404
    page = as_secretary.get(f"/ket-nap/{candidate.pk}/").content.decode()
    assert slips not in page and decision not in page
    complete_dossier(users.secretary, candidate, [members.men, members.lan])
    text = text_of(as_secretary.get(slips))
    # One slip per introducer, each with their own details and the months they knew the person.
    assert text.count("PHIẾU GIỚI THIỆU NGƯỜI VÀO ĐẢNG") == 2
    assert "Tôi là: Nguyễn Văn Mến, sinh ngày 19/08/1975" in text and "Tôi là: Trần Thị Lan" in text
    assert "quần chúng Phan Thị Thu Trang, sinh ngày 20/07/2000" in text and "trong 24 tháng" in text
    assert "Kính gửi: Chi bộ Văn phòng" in text
    assert as_secretary_b.get(slips).status_code == 404  # another chi bộ's candidate: not found
    actions.record_branch_resolution(users.secretary, candidate, on=date(2025, 5, 5), votes_for=2,
                                     official_members=2, document="05-NQ/CB")
    actions.record_committee_resolution(users.office, candidate, on=date(2025, 5, 20), document="12-NQ/ĐU",
                                        issuer="Đảng ủy")
    actions.decide_admission(users.office, candidate, on=date(2025, 6, 2), document="77-QĐ/ĐU",
                             issuer="Ban Thường vụ Đảng ủy")
    page = as_office.get(f"/ket-nap/{candidate.pk}/").content.decode()
    assert slips in page and decision in page
    text = text_of(as_office.get(decision))
    assert "QUYẾT ĐỊNH" in text and "Số 77-QĐ/ĐU" in text and "ĐẢNG BỘ CƠ QUAN THỬ NGHIỆM" in text
    assert "ngày 02 tháng 06 năm 2025" in text
    assert "Chi bộ Văn phòng số 05-NQ/CB ngày 05/05/2025" in text and "số 12-NQ/ĐU ngày 20/05/2025" in text
    assert "Điều 1. Kết nạp quần chúng Phan Thị Thu Trang, sinh ngày 20/07/2000" in text
    assert "thời gian dự bị là 12 tháng, kể từ ngày chi bộ tổ chức lễ kết nạp" in text
    assert "T/M BAN THƯỜNG VỤ ĐẢNG ỦY" in text
    assert as_secretary_b.get(decision).status_code == 404
