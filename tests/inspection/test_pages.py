"""The pages (list with filters and paging, detail, programme, complaints, every form) and the CLI."""

from datetime import date

import pytest
from django.utils import timezone

from dangbo.inspection import actions
from dangbo.inspection.models import Complaint, Inspection, InspectionDiscipline, Programme
from dangbo.members.models import EventKind

from .conftest import conclude

pytestmark = pytest.mark.django_db


def test_list_shows_figures_filters_and_pages(inspection, as_office, as_secretary, tree):
    resp = as_office.get(f"/kiem-tra/?to_chuc={tree.root.pk}&nam=2025")
    body = resp.content.decode()
    assert resp.status_code == 200 and "Nguyễn Văn Mến" in body and 'id="inspection-figures"' in body
    assert 'id="inspection-overdue"' in body  # its period ended in 2025, no conclusion

    def table(query):
        return as_office.get(f"/kiem-tra/?to_chuc={tree.root.pk}&{query}").content.decode().split(
            'id="inspection-list"')[1]

    assert "Nguyễn Văn Mến" in table("nam=2025")
    assert "Nguyễn Văn Mến" not in table("loai=giam_sat")
    assert "Nguyễn Văn Mến" in table("ten=văn mến") and "Nguyễn Văn Mến" not in table("ten=lan")
    assert "Nguyễn Văn Mến" not in table("tinh_trang=co_vi_pham")
    assert "Nguyễn Văn Mến" in table("tinh_trang=dang_tien_hanh&hinh_thuc=dau_hieu")
    assert as_office.get("/kiem-tra/?loai=khong-co&nam=abc").status_code == 200  # a bad filter: a message, no 500
    # The chi bộ's secretary does not read the đảng ủy's inspections.
    assert "Nguyễn Văn Mến" not in as_secretary.get("/kiem-tra/").content.decode()


def test_list_pages_by_keyset(tree, members, users, as_office):
    for n in range(57):
        actions.open_inspection(users.office, organization=tree.root, body="ubkt", kind="giam_sat",
                                basis="chuyen_de", subject_org=tree.a, content="x", decision_number=f"{n + 1}-QĐ",
                                decision_date=date(2025, 1, 2), signer="x", team_leader="y",
                                period_from=date(2025, 1, 3), period_to=date(2025, 1, 4))
    first = as_office.get(f"/kiem-tra/?to_chuc={tree.root.pk}").content.decode()
    assert "Trang sau" in first
    import re

    nxt = re.search(r'href="\?([^"]*after=[^"]*)"', first).group(1).replace("&amp;", "&")
    second = as_office.get(f"/kiem-tra/?{nxt}").content.decode()
    numbers = set(re.findall(r">(\d+)-QĐ<", first)), set(re.findall(r">(\d+)-QĐ<", second))
    assert numbers[0] and numbers[1] and not numbers[0] & numbers[1]
    assert len(numbers[0] | numbers[1]) == 57


def test_detail_and_conclusion_form(inspection, as_office, as_secretary, as_reader):
    url = f"/kiem-tra/{inspection.pk}/"
    body = as_office.get(url).content.decode()
    assert "05-QĐ/UBKT" in body and f"/kiem-tra/{inspection.pk}/ket-luan/" in body and "Chưa xác nhận đầy đủ" in body
    assert f"/kiem-tra/{inspection.pk}/ket-luan/" not in as_reader.get(url).content.decode()
    assert as_secretary.get(url).status_code == 404
    assert as_reader.get(f"/kiem-tra/{inspection.pk}/ket-luan/").status_code == 403
    bad = as_office.post(f"/kiem-tra/{inspection.pk}/ket-luan/", {
        "kt-concluded_on": "10/04/2025", "kt-conclusion": "Có vi phạm", "kt-violation_found": "on",
        "kt-version": inspection.version})
    assert bad.status_code == 200 and "Nhập vi phạm, khuyết điểm" in bad.content.decode()
    ok = as_office.post(f"/kiem-tra/{inspection.pk}/ket-luan/", {
        "kt-concluded_on": "10/04/2025", "kt-conclusion": "Có vi phạm", "kt-violation_found": "on",
        "kt-violations": "Vi phạm quy chế", "kt-discipline_required": "on", "kt-version": inspection.version})
    assert ok.status_code == 302
    inspection.refresh_from_db()
    assert inspection.violation_found and inspection.concluded_on == date(2025, 4, 10)


def test_discipline_form_refuses_then_records(inspection, users, as_office, members):
    conclude(users.office, inspection)
    url = f"/kiem-tra/{inspection.pk}/ky-luat/"
    assert "Nguyễn Văn Mến" in as_office.get(url).content.decode()
    data = {"kt-member": members.men.pk, "kt-form": "cach_chuc", "kt-decider": "chi_bo", "kt-decided_on": "20/04/2025",
            "kt-announced_on": "20/04/2025", "kt-decision_number": "1-QĐ/CB"}
    bad = as_office.post(url, data)
    assert bad.status_code == 200 and "không có thẩm quyền quyết định cách chức" in bad.content.decode()
    assert as_office.post(url, {**data, "kt-form": "khien_trach"}).status_code == 302
    link = InspectionDiscipline.objects.get(inspection=inspection)
    assert link.discipline.effective_on == date(2025, 4, 20)
    assert "Hạn khiếu nại" in as_office.get(f"/kiem-tra/{inspection.pk}/").content.decode()


def test_create_pages(tree, members, as_office, as_secretary):
    resp = as_office.post(f"/kiem-tra/them/?to_chuc={tree.root.pk}", {
        "kt-body": "ubkt", "kt-kind": "giam_sat", "kt-basis": "dau_hieu", "kt-subject_org": tree.b.pk,
        "kt-content": "x", "kt-decision_number": "3-QĐ", "kt-decision_date": "02/03/2025", "kt-signer": "x",
        "kt-team_leader": "y", "kt-period_from": "03/03/2025", "kt-period_to": "20/03/2025"})
    assert resp.status_code == 200 and "tiến hành kiểm tra" in resp.content.decode()
    assert as_secretary.get(f"/kiem-tra/them/?to_chuc={tree.root.pk}").status_code == 404  # not even read
    assert as_secretary.get(f"/kiem-tra/them/?to_chuc={tree.b.pk}").status_code == 404
    assert as_secretary.post(f"/kiem-tra/them/?to_chuc={tree.a.pk}", {}).status_code == 200  # their own chi bộ
    resp = as_office.post(f"/kiem-tra/them/?to_chuc={tree.root.pk}", {
        "kt-body": "ubkt", "kt-kind": "giam_sat", "kt-basis": "chuyen_de", "kt-subject_org": tree.b.pk,
        "kt-content": "x", "kt-decision_number": "3-QĐ", "kt-decision_date": "02/03/2025", "kt-signer": "x",
        "kt-team_leader": "y", "kt-period_from": "03/03/2025", "kt-period_to": "20/03/2025"})
    assert resp.status_code == 302 and Inspection.objects.filter(subject_org=tree.b).exists()
    resp = as_secretary.post(f"/kiem-tra/chuong-trinh/them/?to_chuc={tree.a.pk}", {
        "kt-body": "chi_bo", "kt-year": "2025", "kt-adopted_on": "05/01/2025"})
    assert resp.status_code == 302
    p = Programme.objects.get(organization=tree.a)
    assert as_secretary.post(f"/kiem-tra/chuong-trinh/{p.pk}/noi-dung/", {
        "kt-kind": "giam_sat", "kt-basis": "chuyen_de", "kt-subject": "Đảng viên Mến", "kt-content": "Nêu gương",
        "kt-quarter": "2"}).status_code == 302
    body = as_secretary.get(f"/kiem-tra/chuong-trinh/{p.pk}/").content.decode()
    assert "Nêu gương" in body and "Chưa thực hiện" in body
    item = p.items.get()
    assert f"noi_dung={item.pk}" in body
    form = as_secretary.get(f"/kiem-tra/them/?to_chuc={tree.a.pk}&noi_dung={item.pk}").content.decode()
    assert "Nêu gương</textarea>" in form and f'value="{item.pk}" selected' in form
    assert "2025" in as_secretary.get(f"/kiem-tra/chuong-trinh/?to_chuc={tree.a.pk}").content.decode()


def test_complaint_pages_and_the_transfer_refusal(tree, members, users, as_office, as_secretary_b):
    resp = as_office.post(f"/kiem-tra/khieu-nai/them/?to_chuc={tree.root.pk}", {
        "kt-body": "ubkt", "kt-kind": "to_cao", "kt-received_on": "02/05/2025", "kt-sender": "Ông A",
        "kt-content": "Tố cáo"})
    assert resp.status_code == 200 and "Chọn đảng viên hoặc tổ chức đảng bị tố cáo" in resp.content.decode()
    resp = as_office.post(f"/kiem-tra/khieu-nai/them/?to_chuc={tree.root.pk}", {
        "kt-body": "ubkt", "kt-kind": "to_cao", "kt-received_on": "02/05/2025", "kt-sender": "Ông A",
        "kt-member": members.dung.pk, "kt-content": "Tố cáo"})
    assert resp.status_code == 302
    c = Complaint.objects.get()
    assert "Đặng Văn Dũng" in as_office.get(f"/kiem-tra/khieu-nai/?to_chuc={tree.root.pk}").content.decode()
    assert "chưa được chuyển sinh hoạt" in as_office.get(f"/kiem-tra/khieu-nai/{c.pk}/").content.decode()
    assert as_secretary_b.get(f"/kiem-tra/khieu-nai/{c.pk}/").status_code == 404
    # The register's transfer page refuses with the reason, on the page.
    resp = as_office.post(f"/dang-vien/{members.dung.pk}/su-kien/", {
        "kind": EventKind.TRANSFER, "effective_date": timezone.localdate().strftime("%d/%m/%Y"),
        "to_organization": tree.a.pk, "version": members.dung.version})
    body = resp.content.decode()
    assert resp.status_code == 200 and "giải quyết tố cáo" in body, body[body.find("alert"):][:600]
    # The event page says so before anyone tries.
    assert 'id="transfer-blocks"' in as_office.get(f"/dang-vien/{members.dung.pk}/su-kien/").content.decode()
    assert 'id="transfer-blocks"' not in as_office.get(f"/dang-vien/{members.men.pk}/su-kien/").content.decode()
    assert as_office.post(f"/kiem-tra/khieu-nai/{c.pk}/giai-quyet/", {
        "kt-settled_on": "02/06/2025", "kt-outcome": "sai", "kt-result": "Không có cơ sở"}).status_code == 302
    c.refresh_from_db()
    assert c.settled_on == date(2025, 6, 2)


def test_cli_lists_the_year(inspection, users, run, run_json, tree):
    conclude(users.office, inspection)
    code, data, _ = run_json("inspection", "list", "--org", tree.root.code, "--year", "2025")
    assert code == 0 and data["figures"]["kiem_tra"]["total"] == 1
    assert data["inspections"][0]["subject"] == "Nguyễn Văn Mến" and data["inspections"][0]["violation_found"]
    code, out, _ = run("inspection", "list", "--org", tree.root.code, "--year", "2025")
    assert code == 0 and "Kiểm tra: 1 cuộc" in out and "có vi phạm 1" in out
    code, _, err = run("inspection", "list", "--org", tree.root.code, "--user", users.secretary_b.username)
    assert code != 0 and "không có quyền" in err
    code, _, err = run("inspection", "list", "--org", "KHONG-CO")
    assert code != 0 and "KHONG-CO" in err
    code, _, err = run("inspection", "list", "--org", tree.root.code, "--year", "1990")
    assert code != 0 and "1990" in err


def test_due_work_page_api_and_export_show_the_overdue_conclusion(inspection, users, tree, as_office,
                                                                   as_secretary_b):
    """The inspection's overdue conclusion reaches "Việc cần làm" (page, API, export), linked to the inspection;
    an organisation inspected stands where a member would."""
    of_b = actions.open_inspection(users.office, organization=tree.root, body="ubkt", kind="giam_sat",
                                   basis="chuyen_de", subject_org=tree.b, content="x", decision_number="8-QĐ",
                                   decision_date=date(2025, 1, 2), signer="x", team_leader="y",
                                   period_from=date(2025, 1, 3), period_to=date(2025, 1, 4))
    page = as_office.get("/dang-vien/viec-can-lam/").content.decode()
    assert f'href="/kiem-tra/{inspection.pk}/"' in page and "Kết luận kiểm tra (quá thời hạn)" in page
    api = as_office.get("/api/due/").json()
    row = next(r for r in api if r["link"] == f"/kiem-tra/{inspection.pk}/")
    assert row["member"] is None and row["link"] == f"/kiem-tra/{inspection.pk}/"
    assert row["full_name"] == "Nguyễn Văn Mến"
    org_row = next(r for r in api if r["link"] == f"/kiem-tra/{of_b.pk}/")
    assert org_row["full_name"] == "Chi bộ Tổng hợp" and org_row["organization"] == tree.b.pk
    resp = as_office.get("/xuat/viec-can-lam/", {"dinh_dang": "csv"})
    csv = (b"".join(resp.streaming_content) if resp.streaming else resp.content).decode("utf-8-sig")
    assert "Kết luận kiểm tra (quá thời hạn)" in csv
    assert "Kết luận kiểm tra" not in as_secretary_b.get("/dang-vien/viec-can-lam/").content.decode()
