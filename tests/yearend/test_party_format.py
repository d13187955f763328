"""Issue 12: the Party document format per kind of issuing body (rules.md §6, HD 36-HD/VPTW 1.2.1): the upper body
and the issuing body as written (ĐẢNG BỘ … over ĐẢNG ỦY …, CHI BỘ …), the document's date (the conference's), the
signature block with the name of who held the post that day (the committee) and Nơi nhận, for every report kind
and the consolidated report as a written document, checked through LibreOffice → PDF → text."""

import re
import subprocess
from datetime import date

import pytest

from dangbo.organizations.models import OrgKind, Position
from dangbo.reports import actions, narrative
from dangbo.reports.heading import party_heading, signer_as_of
from dangbo.rules import documents as D

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name,kind,committee,body,signs", [
    ("Đảng bộ Văn phòng UBND tỉnh", "grassroots_committee", "Đảng ủy Văn phòng UBND tỉnh",
     "Đảng bộ Văn phòng UBND tỉnh", "T/M ĐẢNG ỦY"),
    ("Chi bộ Sở Tư pháp", "grassroots_cell", "Chi bộ Sở Tư pháp", "Chi bộ Sở Tư pháp", "T/M CHI BỘ"),
    ("Chi bộ Phòng Tổng hợp", "cell", "Chi bộ Phòng Tổng hợp", "Chi bộ Phòng Tổng hợp", "T/M CHI BỘ"),
    ("Đảng bộ Khối các cơ quan tỉnh", "upper", "Đảng ủy Khối các cơ quan tỉnh", "Đảng bộ Khối các cơ quan tỉnh",
     "T/M ĐẢNG ỦY"),
    ("Đảng bộ tỉnh Quảng Nam", "upper", "Tỉnh ủy Quảng Nam", "Đảng bộ tỉnh Quảng Nam", "T/M TỈNH ỦY"),
    ("Đảng bộ thành phố Tam Kỳ", "upper", "Thành ủy Tam Kỳ", "Đảng bộ thành phố Tam Kỳ", "T/M THÀNH ỦY"),
    ("Đảng bộ bộ phận Khối Nội chính", "partial_committee", "Đảng ủy bộ phận Khối Nội chính",
     "Đảng bộ bộ phận Khối Nội chính", "T/M ĐẢNG ỦY"),
    ("Đảng ủy Sở Y tế", "grassroots_committee", "Đảng ủy Sở Y tế", "Đảng bộ Sở Y tế", "T/M ĐẢNG ỦY"),
])
def test_issuing_body_as_written(name, kind, committee, body, signs):
    cell = kind in D.CELL_KINDS
    assert D.committee_name(name, kind) == committee
    assert D.party_body_name(committee) == body
    assert D.on_behalf(committee, cell=cell) == signs
    assert D.on_behalf(committee, congress=True, cell=cell) == ("T/M CHI ỦY" if cell else "T/M BAN CHẤP HÀNH")


def appoint(org, people, on):
    from dangbo.organizations.committee_actions import appoint_term

    return appoint_term(None, org, ordinal=1, start_year=on.year, end_year=on.year + 5, decision_number="12-QĐ/ĐUK",
                        decision_date=on, issuer="Ban Thường vụ Đảng ủy Khối", people=people, length_months=60)


@pytest.fixture
def bloc(make_org):
    upper = make_org("Đảng bộ Khối các cơ quan tỉnh", OrgKind.UPPER, code="K")
    office = make_org("Đảng bộ Văn phòng UBND tỉnh", OrgKind.GRASSROOTS_COMMITTEE, parent=upper, code="VP")
    cell = make_org("Chi bộ Phòng Tổng hợp", OrgKind.CELL, parent=office, code="VP-TH")
    justice = make_org("Chi bộ Sở Tư pháp", OrgKind.GRASSROOTS_CELL, parent=upper, code="STP")
    appoint(office, [{"full_name": "Nguyễn Văn Mến", "position": Position.SECRETARY},
                     {"full_name": "Trần Thị Hoa", "position": Position.DEPUTY}], date(2020, 6, 20))
    appoint(justice, [{"full_name": "Lê Thị Thủy", "position": Position.DEPUTY}], date(2020, 7, 1))
    appoint(upper, [{"full_name": "Hoàng Duy Chính", "position": Position.SECRETARY}], date(2020, 10, 1))
    return upper, office, cell, justice


def test_signer_is_who_held_the_post_on_the_date(bloc):
    upper, office, cell, justice = bloc
    assert signer_as_of(office, date(2020, 6, 19)) == ("BÍ THƯ", "")  # before the term: nobody recorded
    assert signer_as_of(office, date(2021, 1, 11)) == ("BÍ THƯ", "Nguyễn Văn Mến")
    assert signer_as_of(justice, date(2021, 1, 11)) == ("PHÓ BÍ THƯ", "Lê Thị Thủy")  # no bí thư: the phó
    h = party_heading(office, date(2021, 1, 11))
    assert (h["superior"], h["issuer_name"], h["on_behalf"]) == (
        "ĐẢNG BỘ KHỐI CÁC CƠ QUAN TỈNH", "ĐẢNG ỦY VĂN PHÒNG UBND TỈNH", "T/M ĐẢNG ỦY")
    assert h["receivers"] == ["- Đảng ủy Khối các cơ quan tỉnh (b/c),", "- Các chi bộ trực thuộc,",
                              "- Lưu Văn phòng Đảng ủy."]
    h = party_heading(cell, date(2021, 1, 11))
    assert (h["superior"], h["issuer_name"], h["on_behalf"], h["receivers"][-1]) == (
        "ĐẢNG BỘ VĂN PHÒNG UBND TỈNH", "CHI BỘ PHÒNG TỔNG HỢP", "T/M CHI BỘ", "- Lưu Chi bộ.")
    assert party_heading(upper, date(2021, 1, 11))["superior"] == ""  # the top of the register


def test_issue_takes_the_signer_from_the_committee(bloc):
    _upper, office, _cell, _justice = bloc
    doc = actions.create_document(None, organization=office, year=2020, place="Tam Kỳ",
                                  conference_on=date(2021, 1, 11))
    for s in doc.sections.all():
        actions.save_section(None, s, text=f"Nội dung mục {s.key}.", version=s.version)
    actions.approve_document(None, doc, approved_on=date(2021, 1, 11))
    doc = actions.issue_document(None, doc, issued_on=date(2021, 1, 12), signer="", term_start=date(2020, 6, 17))
    assert (doc.signer, doc.signer_title) == ("Nguyễn Văn Mến", "BÍ THƯ")


def test_consolidated_document_refused_for_a_chi_bo(bloc):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="là chi bộ, không có tổ chức đảng trực thuộc"):
        actions.create_document(None, organization=bloc[3], year=2020, kind="consolidated")


def pdf_text(pdf, pdftotext, page: int | None = None, box: tuple[int, int, int, int] | None = None) -> str:
    """The PDF's text, whitespace collapsed; `page` (-1: the last) and `box` (x, y, width, height in points from
    the top left) read one column only: pdftotext interleaves the lines of the two columns of the header."""
    args = [pdftotext]
    if page is not None:
        if page < 0:
            info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
            page = int(re.search(r"Pages:\s+(\d+)", info).group(1))
        args += ["-f", str(page), "-l", str(page)]
    if box is not None:
        args += ["-x", str(box[0]), "-y", str(box[1]), "-W", str(box[2]), "-H", str(box[3])]
    out = subprocess.run([*args, str(pdf), "-"], capture_output=True, check=True).stdout.decode()
    return re.sub(r"\s+", " ", out.replace("\u00a0", " ")).strip()


# A4 is 595 × 842 points; the left margin is 30 mm (85 pt), the left columns (header, Nơi nhận) 75 mm (213 pt).
LEFT, RIGHT = (0, 0, 295, 842), (300, 0, 295, 842)


TEXT = ("Đảng ủy lãnh đạo học tập, quán triệt nghị quyết đến 100% đảng viên; tổ chức Hội nghị tổng kết "
        "nhiệm kỳ 2020 - 2025 đúng hướng dẫn của Ban Thường vụ Đảng ủy Khối.")


@pytest.mark.parametrize("who,kind,year,conference_on,header,on_behalf,signer,title", [
    ("office", "year_end", 2020, date(2021, 1, 11), ["ĐẢNG BỘ KHỐI CÁC CƠ QUAN TỈNH", "ĐẢNG ỦY VĂN PHÒNG UBND TỈNH"],
     "T/M ĐẢNG ỦY", "Nguyễn Văn Mến", "tổng kết công tác xây dựng Đảng năm 2020"),
    ("office", "mid_year", 2021, date(2021, 7, 8), ["ĐẢNG BỘ KHỐI CÁC CƠ QUAN TỈNH", "ĐẢNG ỦY VĂN PHÒNG UBND TỈNH"],
     "T/M ĐẢNG ỦY", "Nguyễn Văn Mến", "sơ kết tình hình thực hiện Nghị quyết 6 tháng đầu năm 2021"),
    ("office", "political", 2025, date(2025, 6, 16), ["ĐẢNG BỘ KHỐI CÁC CƠ QUAN TỈNH", "ĐẢNG ỦY VĂN PHÒNG UBND TỈNH"],
     "T/M BAN CHẤP HÀNH", "Nguyễn Văn Mến", "chính trị của Ban Chấp hành nhiệm kỳ 2020 - 2025"),
    ("office", "committee_review", 2025, date(2025, 6, 16),
     ["ĐẢNG BỘ KHỐI CÁC CƠ QUAN TỈNH", "ĐẢNG ỦY VĂN PHÒNG UBND TỈNH"],
     "T/M BAN CHẤP HÀNH", "Nguyễn Văn Mến", "kiểm điểm sự lãnh đạo, chỉ đạo của Ban Chấp hành nhiệm kỳ 2020 - 2025"),
    ("justice", "year_end", 2020, date(2021, 1, 8), ["ĐẢNG BỘ KHỐI CÁC CƠ QUAN TỈNH", "CHI BỘ SỞ TƯ PHÁP"],
     "T/M CHI BỘ", "Lê Thị Thủy", "tổng kết công tác xây dựng Đảng năm 2020"),
    ("upper", "consolidated", 2020, date(2021, 1, 11), ["ĐẢNG ỦY KHỐI CÁC CƠ QUAN TỈNH"],
     "T/M ĐẢNG ỦY", "Hoàng Duy Chính", "tổng kết công tác xây dựng Đảng năm 2020"),
])
def test_every_kind_in_the_party_format_through_libreoffice(who, kind, year, conference_on, header, on_behalf, signer,
                                                             title, bloc, soffice, pdftotext, tmp_path):
    from dangbo.core.printing import docx_to_pdf

    upper, office, _cell, justice = bloc
    org = {"office": office, "justice": justice, "upper": upper}[who]
    doc = actions.create_document(None, organization=org, year=year, kind=kind, place="Tam Kỳ",
                                  conference_on=conference_on)
    first = doc.sections.order_by("id").first()
    actions.save_section(None, first, text=TEXT, version=first.version)
    pdf = tmp_path / "vk.pdf"
    pdf.write_bytes(docx_to_pdf(narrative.docx_bytes(narrative.system_scope(), doc, date(2026, 12, 7))))
    text = pdf_text(pdf, pdftotext)
    # The left header: the upper body, the issuing body, the star, the number (in that order, a column of its own).
    head = pdf_text(pdf, pdftotext, page=1, box=(LEFT[0], 0, LEFT[2], 230))
    assert head.startswith(" ".join(header) + " * Số"), head
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text
    # The document's date is the conference's, not the day it was printed.
    assert f"Tam Kỳ, ngày {conference_on:%d} tháng {conference_on:%m} năm {conference_on.year}" in text
    assert "07 tháng 12 năm 2026" not in text
    assert "DỰ THẢO" in text and "BÁO CÁO" in text and title in text
    # The signature block on the right of the last page: T/M …, the title and who held it on the document's date
    # (organizations.committee); Nơi nhận on the left.
    sign = pdf_text(pdf, pdftotext, page=-1, box=RIGHT)
    title_held = "PHÓ BÍ THƯ" if who == "justice" else "BÍ THƯ"
    assert sign.endswith(f"{on_behalf} {title_held} {signer}"), sign
    receivers = pdf_text(pdf, pdftotext, page=-1, box=LEFT)
    upper_line = ["- Cấp ủy cấp trên (b/c),"] if who == "upper" else ["- Đảng ủy Khối các cơ quan tỉnh (b/c),"]
    below = {"office": ["- Các chi bộ trực thuộc,"], "upper": ["- Các tổ chức cơ sở,"], "justice": []}[who]
    last = "- Lưu Chi bộ." if who == "justice" else "- Lưu Văn phòng Đảng ủy."
    assert receivers.endswith(" ".join(["Nơi nhận:", *upper_line, *below, last])), receivers
    assert TEXT in text  # diacritics and «100%», «2020 - 2025» as written
    if kind == "consolidated":  # the figures of the submissions: none accepted yet, none counted as zero
        assert "0/2 tổ chức cơ sở đã nộp" in text
        assert "Chưa tổng hợp số liệu của 2 tổ chức cơ sở" in text


def test_the_document_date_is_edited_before_issue(tree, users, client_as):
    """The conference date (the document's date) is edited on the document's page: the date line and the signer
    follow it; a date outside the report's year is refused naming the field; an issued document keeps its date."""
    import io

    from django.core.exceptions import ValidationError
    from django.urls import reverse
    from docx import Document as Docx

    from dangbo.core.models import AuditEvent

    root = tree.root
    appoint(root, [{"full_name": "Nguyễn Văn Mến", "position": Position.SECRETARY}], date(2020, 6, 20))
    doc = actions.create_document(users.office, organization=root, year=2020, place="Tam Kỳ")
    c = client_as("office")
    page = c.get(reverse("reports:document", args=[doc.pk])).content.decode()
    assert "Ngày văn bản" in page
    r = c.post(reverse("reports:document_date", args=[doc.pk]),
               {"conference_on": "11/01/2021", "place": "Hội An", "version": doc.version})
    assert r.status_code == 302
    doc.refresh_from_db()
    assert (doc.conference_on, doc.place) == (date(2021, 1, 11), "Hội An")
    assert AuditEvent.objects.filter(action="report.document_date", object_id=doc.pk).exists()
    words = "\n".join(cell.text for t in Docx(io.BytesIO(narrative.docx_bytes(
        narrative.system_scope(), doc, date(2026, 12, 7)))).tables for row in t.rows for cell in row.cells)
    assert "Hội An, ngày 11 tháng 01 năm 2021" in words and "Nguyễn Văn Mến" in words
    r = c.post(reverse("reports:document_date", args=[doc.pk]),
               {"conference_on": "11/01/2023", "place": "", "version": doc.version})
    assert r.status_code == 200 and "phải trong năm 2020 hoặc 2021" in r.content.decode()
    doc.refresh_from_db()
    assert doc.conference_on == date(2021, 1, 11)
    for s in doc.sections.all():
        actions.save_section(users.office, s, text="Nội dung.", version=s.version)
    actions.approve_document(users.office, doc, approved_on=date(2021, 1, 11))
    doc = actions.issue_document(users.office, doc, issued_on=date(2021, 1, 12), term_start=date(2020, 6, 17))
    assert doc.signer == "Nguyễn Văn Mến"
    with pytest.raises(ValidationError, match="đã ban hành"):
        actions.set_document_date(users.office, doc, conference_on=date(2021, 1, 10))


def test_consolidated_document_from_the_command_line(bloc, run, tmp_path):
    import io

    from docx import Document as Docx

    upper = bloc[0]
    code, _out, err = run("report", "consolidated", "--org", "K", "--year", "2020", "--document", "-o",
                          str(tmp_path / "th.docx"))
    assert code == 1 and "chưa có văn kiện báo cáo tổng hợp năm 2020" in err
    doc = actions.create_document(None, organization=upper, year=2020, kind="consolidated", place="Tam Kỳ",
                                  conference_on=date(2021, 1, 11))
    code, _out, err = run("report", "consolidated", "--org", "K", "--year", "2020", "--document", "-o",
                          str(tmp_path / "th.docx"), "--xlsx", str(tmp_path / "th.xlsx"))
    assert code == 0, err
    text = [p.text for p in Docx(io.BytesIO((tmp_path / "th.docx").read_bytes())).paragraphs]
    assert "DỰ THẢO" in text and "0/2 tổ chức cơ sở đã nộp; số liệu tổng hợp từ 0/2 tổ chức cơ sở (các báo cáo cấp " \
        "trên đã nhận)." in text
    assert (tmp_path / "th.xlsx").stat().st_size > 0 and doc.pk
