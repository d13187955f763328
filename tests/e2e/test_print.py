"""Issue 17: a list printed from the browser (Chromium's own print to PDF, A4, the print stylesheet) is a filed
document: the organisation's head, the title, the filter in words, the date, the column headers on every page,
25–35 rows a page, page numbers."""

import re
import shutil
import subprocess

import pytest

pytestmark = pytest.mark.e2e

GIVEN = ["An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Khánh", "Lan", "Minh", "Ngọc"]


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext reads the printed pages")
def test_member_list_prints_as_a_filed_document(page, url, login, users, tree, make_member):
    for n in range(60):
        make_member(tree.a, f"Phạm Văn {GIVEN[n % 10]} {chr(65 + n // 10)}")
    login(page, "vanphong")
    page.goto(url(f"/dang-vien/?to_chuc={tree.a.pk}"))
    page.emulate_media(media="print")
    pdf = page.pdf(format="A4", prefer_css_page_size=True)
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True,
                          check=True).stdout.decode("utf-8")
    pages = [p for p in text.split("\f") if p.strip()]
    first = pages[0]
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in first and "CHI BỘ VĂN PHÒNG" in first
    assert "ĐẢNG BỘ CƠ QUAN THỬ NGHIỆM" in first
    assert "DANH SÁCH ĐẢNG VIÊN" in first
    assert "Điều kiện lọc: Tổ chức: Chi bộ Văn phòng; Tình trạng: Đang sinh hoạt" in first and "In ngày" in first
    assert "Tìm" not in first.split("DANH SÁCH ĐẢNG VIÊN")[0]  # no navigation or filter form on paper
    rows = [[int(m.group(1)) for m in re.finditer(r"^\s*(\d+)\s+\S*[^\W\d_]", p, re.M)] for p in pages]
    assert [n for p in rows for n in p] == list(range(1, 51))  # the screen's page of 50, none lost
    for p in rows[:-1]:
        assert 25 <= len(p) <= 35, [len(r) for r in rows]
    for i, p in enumerate(pages, 1):
        assert f"Trang {i}/{len(pages)}" in p
        assert "Họ và tên" in p  # the header row on every page
