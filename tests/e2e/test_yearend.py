"""The year-end journey of issue 6 in a real browser: record a resolution with two targets, run the year-end
review, produce the year-end report and download it."""

import re
from datetime import date
from io import BytesIO

import pytest
from playwright.sync_api import expect

from tests.e2e.forms import submit

pytestmark = pytest.mark.e2e


def test_resolution_review_report_download(page, url, login, users, tree, make_member, tmp_path):
    for i, d in enumerate([date(2020, 3, 2), date(2020, 8, 19), date(2020, 10, 5)]):
        make_member(tree.a, f"Nguyễn Văn Kết Nạp {i + 1}", official=False, decision_date=d)
    login(page, "vanphong")
    page.goto(url("/nghi-quyet/"))
    page.get_by_role("link", name="Thêm nghị quyết").click()
    submit(page, "Lưu nghị quyết", {
        "select[name=nq-organization]": str(tree.root.pk), "select[name=nq-kind]": "yearly",
        "input[name=nq-title]": "Nghị quyết về nhiệm vụ năm 2020", "input[name=nq-adopted_on]": "20/12/2019",
        "input[name=nq-period_start]": "01/01/2020", "input[name=nq-period_end]": "31/12/2020"})
    expect(page.get_by_role("heading", name="Nghị quyết về nhiệm vụ năm 2020")).to_be_visible()

    for label, value, comparison in (("Kết nạp đảng viên mới", "2", "from_up"),
                                     ("Kết nạp đảng viên mới (mục tiêu cao)", "5", "gte")):
        submit(page, "Thêm chỉ tiêu", {"select[name=ct-kind]": "admissions", "input[name=ct-label]": label,
                                       "select[name=ct-comparison]": comparison, "input[name=ct-value]": value})
        expect(page.locator("#target-list")).to_contain_text(label)

    page.select_option("select[name=dg-kind]", "year_end")
    page.fill("input[name=dg-review_date]", "31/12/2020")
    page.get_by_role("button", name="Tính kết quả").click()
    results = page.locator("#review-results")
    expect(results).to_contain_text("Vượt")
    expect(results).to_contain_text("Không đạt")
    results.get_by_role("link", name="3").first.click()
    expect(page.locator("#admission-list")).to_contain_text("Nguyễn Văn Kết Nạp 3")

    page.goto(url(f"/bao-cao/?to_chuc={tree.root.pk}&nam=2020"))
    expect(page.locator("#report-targets")).to_contain_text("Kết nạp đảng viên mới")
    with page.expect_download() as info:
        page.locator("#download-docx").click()
    download = info.value
    assert re.match(r"bao-cao-tong-ket-2020-.+\.docx", download.suggested_filename)
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    from docx import Document

    doc = Document(BytesIO(path.read_bytes()))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "tổng kết công tác xây dựng Đảng năm 2020" in text
    assert "kết nạp mới 3 đảng viên" in text
