"""Ballots and the counting record: DOCX opened by python-docx, converted by LibreOffice, the PDF read back."""

import io
import shutil
import subprocess

import pytest
from docx import Document

from dangbo.congresses import actions, counting, documents

from .conftest import NAMES, chi_uy, enter_both, ids

pytestmark = pytest.mark.django_db


def _text(docx_bytes: bytes) -> str:
    doc = Document(io.BytesIO(docx_bytes))
    parts = [p.text for p in doc.paragraphs]
    for t in doc.tables:
        for row in t.rows:
            parts += [c.text for c in row.cells]
    return "\n".join(parts)


@pytest.fixture
def signed(congress, counters):
    e = chi_uy(congress, counters.one)
    actions.start_counting(counters.one, e, issued=12)
    a, b, c, d = ids(e, *NAMES[:4])
    for n in range(1, 9):
        enter_both(e, n, [a, b, c], counters.one, counters.two)
    for n in range(9, 12):
        enter_both(e, n, [a, b, d], counters.one, counters.two)
    enter_both(e, 12, [a, b, c, d], counters.one, counters.two)  # invalid: four names for three seats
    rv = actions.sign_result(counters.one, e)
    return e, rv


def test_ballot_docx_lists_candidates_in_order_with_room_for_the_seal(congress, counters):
    e = actions.create_election(counters.one, congress, body="chi_uy", seats=3,
                                candidates="Trần Thị Bình\nNguyễn Văn An\nPhạm Thị Dung\nLê Văn Cường", board="")
    text = _text(documents.ballot_docx(e))
    assert "PHIẾU BẦU CỬ" in text and "ĐẢNG CỘNG SẢN VIỆT NAM" in text and "Dấu của ban kiểm phiếu" in text
    order = [text.index(n) for n in ("Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung")]
    assert order == sorted(order)
    assert "gạch ngang" in text  # a list with surplus: strike names out
    bt = actions.create_election(counters.one, congress, body="bi_thu", seats=1, candidates="Nguyễn Văn An")
    assert "Không đồng ý" in _text(documents.ballot_docx(bt))  # no surplus: the two columns


def test_record_docx_has_every_figure(signed):
    e, rv = signed
    doc = Document(io.BytesIO(documents.record_docx(e, rv.data, rv.number)))
    assert doc.sections[0].page_width.cm == pytest.approx(21, abs=0.01)
    assert doc.styles["Normal"].font.name == "Times New Roman" and doc.styles["Normal"].font.size.pt == 14
    text = _text(documents.record_docx(e, rv.data, rv.number))
    for needle in ("BIÊN BẢN KIỂM PHIẾU", "ĐẢNG CỘNG SẢN VIỆT NAM", "ĐẢNG BỘ CƠ QUAN THỬ NGHIỆM", "CHI BỘ VĂN PHÒNG",
                   "Hà Nội, ngày 20 tháng 05 năm 2025", "Số lượng cần bầu đã được đại hội biểu quyết: 3 người",
                   "được triệu tập: 12", "Số có mặt: 12; số vắng mặt: 0", "Cơ sở tính kết quả", ": 12 (Điều 30",
                   "Số phiếu phát ra: 12; số phiếu thu về: 12", "Số phiếu hợp lệ: 11; số phiếu không hợp lệ: 1",
                   "thừa so với số lượng cần bầu", "Đồng chí Ngô Văn Minh (Trưởng ban)",
                   "Đồng chí Nguyễn Văn An: 11 phiếu, đạt 91,67%", "Đồng chí Lê Văn Cường: 8 phiếu, đạt 66,67%"):
        assert needle in text, needle
    assert "Phạm Thị Dung: 3 phiếu" not in text  # not elected
    assert "25%" in text  # Phạm Thị Dung's 3 of 12 in the table


def test_record_pdf_through_libreoffice_keeps_figures_and_diacritics(signed, writer):
    e, rv = signed
    pdf = documents.to_pdf(documents.record_docx(e, rv.data, rv.number))
    assert pdf[:4] == b"%PDF"
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True,
                              check=True).stdout.decode("utf-8")
    else:  # the same text through LibreOffice
        pytest.skip("pdftotext (poppler-utils) is not installed")
    flat = " ".join(text.split())
    for needle in ("BIÊN BẢN KIỂM PHIẾU", "ĐẢNG CỘNG SẢN VIỆT NAM", "Số phiếu hợp lệ: 11", "91,67%",
                   "Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung", "Ngô Văn Minh"):
        assert needle in flat, needle


def test_ballot_pdf_and_record_pdf_routes(signed, writer, counters):
    from django.test import Client

    e, _ = signed
    client = Client()
    client.force_login(counters.one)
    for url in (f"/dai-hoi/bau-cu/{e.pk}/phieu-bau.pdf", f"/dai-hoi/bau-cu/{e.pk}/bien-ban.pdf"):
        r = client.get(url)
        assert r.status_code == 200 and r.content[:4] == b"%PDF", url


def test_without_libreoffice_the_pdf_says_so(signed, counters, monkeypatch):
    from django.test import Client

    e, _ = signed
    monkeypatch.setattr(documents, "soffice", lambda: None)
    client = Client()
    client.force_login(counters.one)
    r = client.get(f"/dai-hoi/bau-cu/{e.pk}/bien-ban.pdf")
    assert r.status_code == 503 and "chưa cài LibreOffice" in r.content.decode()
    page = client.get(f"/dai-hoi/bau-cu/{e.pk}/").content.decode()
    assert "máy chủ chưa cài LibreOffice" in page


def test_live_result_equals_the_signed_one(signed):
    e, rv = signed
    result, base = counting.count(e)
    assert counting.serialize(result, base, e)["rows"] == rv.data["rows"]
