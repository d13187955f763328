"""Issue 17: lists printed as filed documents. The PDFs are opened with pdftotext and read as a person would:
the organisation's head, the title, the filter in words, the rows on each page, the page numbers."""

import re
import shutil
import subprocess
from datetime import date

import pytest
from django.urls import reverse

from dangbo.core import printing
from dangbo.members.actions import admit_member
from dangbo.members.models import Badge, Discipline

pytestmark = pytest.mark.skipif(printing.soffice() is None or shutil.which("pdftotext") is None,
                                reason="LibreOffice (soffice) and pdftotext are needed to make and read the PDFs")

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Khánh", "Lan", "Minh", "Ngọc"]


def pages_of(resp) -> list[str]:
    assert resp.status_code == 200, resp.content[:500]
    assert resp["Content-Type"] == "application/pdf" and resp.content[:4] == b"%PDF"
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=resp.content, capture_output=True,
                          check=True).stdout.decode("utf-8")
    return [p for p in text.split("\f") if p.strip()]


def numbered_rows(page: str) -> list[int]:
    """The STT of each table row on a page (a line starting with a number then a letter)."""
    return [int(m.group(1)) for m in re.finditer(r"^\s*(\d+)\s+\S*[^\W\d_]", page, re.M)]


@pytest.fixture
def crowded(world):
    """70 more members in chi bộ A, so that the list runs over three pages."""
    for n in range(70):
        name = f"{FAMILY[n % 8]} Văn {GIVEN[n % 10]} {chr(65 + n // 10)}"
        admit_member(None, organization=world.cell_a,
                     dossier={"full_name": name, "birth_date": date(1980, 1, 1 + n % 28),
                              "gender": "F" if n % 3 == 0 else "M", "citizen_id": f"0019900{n:05d}"},
                     decision_date=date(2005, 3, 10), decision_number=f"{n}-QĐ/ĐU", issuer="Đảng ủy",
                     ceremony_date=date(2005, 4, 2), official_date=date(2006, 4, 2))
    return world


def test_member_list_pdf_is_a_filed_document(office_client, crowded):
    w = crowded
    pages = pages_of(office_client.get(reverse("members:list_pdf"), {"to_chuc": w.cell_a.pk}))
    first = pages[0]
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in first
    assert "ĐẢNG BỘ VĂN PHÒNG UBND TỈNH" in first and "CHI BỘ PHÒNG TỔNG HỢP" in first  # superior, issuer
    assert "DANH SÁCH ĐẢNG VIÊN" in first
    assert "Điều kiện lọc: Tổ chức: Chi bộ Phòng Tổng hợp; Tình trạng: Đang sinh hoạt" in first
    assert re.search(r"ngày \d\d tháng \d\d năm \d{4}", first)
    assert len(pages) == 3
    stt = [numbered_rows(p) for p in pages]
    assert [n for page in stt for n in page] == list(range(1, 73))  # 70 + Mến + Hồng, in order, none lost
    for page in stt[:-1]:
        assert 25 <= len(page) <= 35, [len(p) for p in stt]
    for i, page in enumerate(pages, 1):
        assert f"Trang {i}/3" in page
        assert "Họ và tên" in page and "Ngày sinh" in page  # the header row on every page
    assert "Lê Văn Đức" not in "".join(pages)  # chi bộ B's member is outside the filter


def test_member_list_pdf_follows_the_filter_and_says_it_in_words(office_client, crowded):
    w = crowded
    pages = pages_of(office_client.get(reverse("members:list_pdf"), {"to_chuc": w.cell_a.pk, "gioi_tinh": "F"}))
    text = "".join(pages)
    assert "Giới tính: Nữ" in text
    women = 1 + sum(1 for n in range(70) if n % 3 == 0)  # Hồng and every third
    assert [n for p in pages for n in numbered_rows(p)] == list(range(1, women + 1))
    assert "Nguyễn Văn Mến" not in text


def test_a_filed_list_is_vietnamese_for_a_user_reading_english(office_client, crowded):
    """A PDF a chi bộ files is a Party document: built in Vietnamese (head, filter in words, choice labels, page
    numbers) although the user reads the pages in English (core.printing.pdf_response)."""
    w = crowded
    query = {"to_chuc": w.cell_a.pk, "gioi_tinh": "F"}
    office_client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    try:
        page = office_client.get(reverse("members:list"), query).content.decode()
        assert "Female" in page  # the page itself is English: the labels the PDF is built from are lazy
        text = "".join(pages_of(office_client.get(reverse("members:list_pdf"), query)))
        due = "".join(pages_of(office_client.get(reverse("members:due_pdf"), {"to_chuc": w.cell_a.pk})))
    finally:
        office_client.post("/i18n/setlang/", {"language": "vi", "next": "/"})
    assert "DANH SÁCH ĐẢNG VIÊN" in text and "ĐẢNG CỘNG SẢN VIỆT NAM" in text and "Trang 1/" in text
    assert "Điều kiện lọc: Tổ chức: Chi bộ Phòng Tổng hợp;" in text
    assert "Giới tính: Nữ" in text and "Tình trạng: Đang sinh hoạt" in text
    assert "Chính thức" in text and "Nữ" in text
    for english in ("Female", "Gender", "Official", "Status", "Page", "Filter"):
        assert english not in text and english not in due, english
    assert "VIỆC CẦN LÀM" in due and "Xét công nhận" in due and "Điều kiện lọc: Tổ chức:" in due


def test_member_list_pdf_outside_the_scope_is_refused(secretary_client, world):
    r = secretary_client.get(reverse("members:list_pdf"), {"to_chuc": world.cell_b.pk})
    assert r.status_code == 400 and r["Content-Type"].startswith("text/html")
    body = r.content.decode()
    assert "Điều kiện lọc không hợp lệ" in body and "Lê Văn Đức" not in body
    own = pages_of(secretary_client.get(reverse("members:list_pdf")))
    assert "Nguyễn Văn Mến" in own[0] and "Lê Văn Đức" not in own[0]


def test_due_work_pdf(office_client, world):
    pages = pages_of(office_client.get(reverse("members:due_pdf"), {"to_chuc": world.cell_a.pk}))
    text = "".join(pages)
    assert "VIỆC CẦN LÀM" in text and "Điều kiện lọc: Tổ chức: Chi bộ Phòng Tổng hợp" in text
    assert "Trần Thị Hồng" in text and "Xét công nhận" in text and "Trang 1/1" in text


def test_meeting_attendance_pdf(office_client, world):
    from dangbo.congresses.models import Meeting, MeetingAttendance

    m = Meeting.objects.create(organization=world.cell_a, org_path=world.cell_a.path, held_on=date(2025, 3, 5),
                               title="Sinh hoạt tháng 3")
    MeetingAttendance.objects.create(meeting=m, member=world.men, present=True)
    MeetingAttendance.objects.create(meeting=m, member=world.hong, present=False, reason="Đi công tác")
    text = "".join(pages_of(office_client.get(reverse("congresses:meeting_attendance_pdf", args=[m.pk]))))
    assert "DANH SÁCH ĐIỂM DANH" in text and "CHI BỘ PHÒNG TỔNG HỢP" in text
    assert "có mặt 1/2" in text and "Đi công tác" in text and "Nguyễn Văn Mến" in text


def test_ratings_of_the_year_pdf(office_client, world):
    from dangbo.evaluations import actions

    actions.open_review(None, world.vp, year=2025, review_date=date(2025, 12, 15))
    pages = pages_of(office_client.get(reverse("evaluations:records_pdf"), {"to_chuc": world.vp.pk, "nam": 2025}))
    text = "".join(pages)
    assert "KẾT QUẢ XẾP LOẠI ĐẢNG VIÊN NĂM 2025" in text
    assert "Năm: 2025" in text and "Mức: Tất cả" in text
    assert "Nguyễn Văn Mến" in text and "Lê Văn Đức" in text


def test_dues_of_the_month_pdf(office_client, world):
    from dangbo.dues import actions

    for m in (world.men, world.hong):
        actions.set_profile(None, m, from_month=date(2025, 1, 1), category="bhxh", base=7_000_000)
    actions.generate_month(None, world.cell_a, date(2026, 2, 1))
    text = "".join(pages_of(office_client.get(reverse("dues:sheet_pdf"),
                                              {"to_chuc": world.cell_a.pk, "thang": "02/2026"})))
    assert "DANH SÁCH THU ĐẢNG PHÍ THÁNG 02/2026" in text and "Tháng: 02/2026" in text
    assert "Nguyễn Văn Mến" in text and "Cộng" in text and "Lê Văn Đức" not in text


def test_dues_pdf_of_another_chi_bo_is_not_found(secretary_client, world):
    r = secretary_client.get(reverse("dues:sheet_pdf"), {"to_chuc": world.cell_b.pk, "thang": "02/2026"})
    assert r.status_code == 404


def test_member_record_print_has_badges_disciplines_and_ratings(office_client, world):
    from dangbo.evaluations import actions

    Badge.objects.create(member=world.men, years=30, awarded_on=date(2024, 2, 3), decision_number="5-QĐ/TU")
    Discipline.objects.create(member=world.men, form="khien_trach", decided_on=date(2019, 6, 1),
                              decision_number="7-QĐ/ĐU", violation="Vi phạm chế độ sinh hoạt")
    actions.open_review(None, world.vp, year=2025, review_date=date(2025, 12, 15))
    body = office_client.get(reverse("members:print", args=[world.men.pk])).content.decode()
    assert "HUY HIỆU ĐẢNG" in body and "Huy hiệu 30 năm tuổi Đảng" in body and "03/02/2024" in body
    assert "KỶ LUẬT" in body and "Vi phạm chế độ sinh hoạt" in body
    assert "KẾT QUẢ XẾP LOẠI CHẤT LƯỢNG HẰNG NĂM" in body and "2025" in body
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in body and "CHI BỘ PHÒNG TỔNG HỢP" in body


def test_list_pages_carry_the_print_head(office_client, world):
    body = office_client.get(reverse("members:list"), {"to_chuc": world.cell_a.pk, "gioi_tinh": "F"}).content.decode()
    assert 'class="doc-header print-only"' in body and "ĐẢNG CỘNG SẢN VIỆT NAM" in body
    assert "Điều kiện lọc: Tổ chức: Chi bộ Phòng Tổng hợp; Tình trạng: Đang sinh hoạt; Giới tính: Nữ" in body
    due = office_client.get(reverse("members:due")).content.decode()
    assert "Điều kiện lọc: Tất cả (không lọc)" in due and 'id="due-pdf"' in due

