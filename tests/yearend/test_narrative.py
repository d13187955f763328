"""Issue 12: the year-end report document written in dangbo: sections (declared headings, versions, optimistic
locking, audit), the workflow draft → approved → issued (refusals naming the field, the number from the document
register, frozen figures and .docx), and the .docx with the sections under their headings and «DỰ THẢO»."""

import io
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from docx import Document as Docx

from dangbo.core.actions import ConflictError
from dangbo.core.models import AuditEvent
from dangbo.documents.models import Document
from dangbo.reports import actions, narrative
from dangbo.reports import sections as S
from dangbo.reports.models import ReportSection, SectionVersion, State

pytestmark = pytest.mark.django_db
TEXTS = {
    "chinh_tri_tu_tuong": "Đảng ủy tổ chức học tập, quán triệt các nghị quyết của Trung ương cho 100% đảng viên.\n"
                          "- Tình hình tư tưởng cán bộ, đảng viên ổn định.\n- Thực hiện Chỉ thị 05-CT/TW.",
    "to_chuc_dang_vien": "Các chi bộ duy trì sinh hoạt định kỳ, nâng cao chất lượng sinh hoạt.",
    "kiem_tra_giam_sat": "Ủy ban Kiểm tra thực hiện đúng chương trình kiểm tra, giám sát năm.",
    "doan_the_dan_van": "Lãnh đạo Công đoàn, Đoàn Thanh niên hoạt động hiệu quả; thực hiện tốt quy chế dân chủ.",
    "nhiem_vu_chinh_tri": "Lãnh đạo cơ quan tham mưu kịp thời cho lãnh đạo UBND tỉnh.",
    "han_che": "Một số chi bộ chưa đổi mới nội dung sinh hoạt <chuyên đề> & chưa đều.",
    "bai_hoc": "Phát huy vai trò gương mẫu của người đứng đầu.",
    "phuong_huong": "Tiếp tục nâng cao năng lực lãnh đạo và sức chiến đấu của tổ chức đảng.\n[số liệu]\n"
                    "Phấn đấu hoàn thành các chỉ tiêu trên.",
}


@pytest.fixture
def doc(tree, members, users):
    return actions.create_document(users.office, organization=tree.root, year=2024, place="Tam Kỳ",
                                   conference_on=date(2024, 12, 20))


def section(doc, key):
    return ReportSection.objects.get(document=doc, key=key)


def write_all(doc, user):
    for key, text in TEXTS.items():
        s = section(doc, key)
        actions.save_section(user, s, text=text, version=s.version)


def docx_text(blob: bytes) -> list[str]:
    return [p.text for p in Docx(io.BytesIO(blob)).paragraphs] + [
        p.text for t in Docx(io.BytesIO(blob)).tables for c in t._cells for p in c.paragraphs]


def test_headings_declared_once_in_order():
    assert S.KEYS[0] == "chinh_tri_tu_tuong" and S.KEYS[-1] == "phuong_huong"
    assert len(set(S.KEYS)) == len(S.KEYS) == 8
    assert S.section_heading(S.BY_KEY["kiem_tra_giam_sat"], 2025) == "3. Công tác kiểm tra, giám sát, kỷ luật đảng"
    assert S.section_heading(S.BY_KEY["phuong_huong"], 2025) == "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ, CHỈ TIÊU NĂM 2026"
    assert S.heading_key("IV. PHƯƠNG HƯỚNG, NHIỆM VỤ, CHỈ TIÊU NĂM 2026") == S.heading_key(
        "iv) Phương hướng, nhiệm vụ, chỉ tiêu năm 2030")
    assert S.blocks("a\n\n- b\n+ c\n[số liệu]") == [{"text": "a", "bullet": False}, {"text": "b", "bullet": True},
                                                  {"text": "c", "bullet": True}, {"figures": True}]


def test_create_makes_every_section_and_refuses_a_second(doc, tree, users):
    assert list(doc.sections.values_list("key", flat=True)) == list(S.KEYS)
    assert doc.state == State.DRAFT
    with pytest.raises(ValidationError) as e:
        actions.create_document(users.office, organization=tree.root, year=2024)
    assert "year" in e.value.message_dict and "đã có báo cáo tổng kết năm 2024" in e.value.message_dict["year"][0]
    with pytest.raises(PermissionDenied):
        actions.create_document(users.secretary, organization=tree.root, year=2023)


def test_save_section_versions_audit_and_lock(doc, users):
    s = section(doc, "han_che")
    actions.save_section(users.office, s, text="Bản một", version=1)
    actions.save_section(users.office, s, text="Bản hai", version=2)
    assert list(SectionVersion.objects.filter(section=s).values_list("number", "text")) == [(2, "Bản hai"),
                                                                                            (1, "Bản một")]
    ev = AuditEvent.objects.filter(action="report.section_save").order_by("seq").last()
    assert ev.user_id == users.office.pk and ev.data["section"] == "han_che" and ev.data["version"] == 2
    assert "Hạn chế, nguyên nhân" in ev.summary
    with pytest.raises(ConflictError):  # someone read version 2, another saved since
        actions.save_section(users.office, s, text="Bản ba của người khác", version=2)
    assert section(doc, "han_che").text == "Bản hai"
    with pytest.raises(PermissionDenied):
        actions.save_section(users.secretary, s, text="x", version=3)


def test_previous_year_section_offered(doc, tree, users):
    s = section(doc, "bai_hoc")
    actions.save_section(users.office, s, text="Bài học năm 2024", version=s.version)
    nxt = actions.create_document(users.office, organization=tree.root, year=2025)
    assert narrative.previous_text(section(nxt, "bai_hoc")) == "Bài học năm 2024"
    assert narrative.previous_text(section(doc, "bai_hoc")) is None


def test_workflow_refusals_name_the_field(doc, users):
    with pytest.raises(ValidationError) as e:
        actions.issue_document(users.office, doc, issued_on=date(2024, 12, 25), signer="Nguyễn Văn Mến")
    assert "state" in e.value.message_dict and "chưa được cấp ủy thông qua" in e.value.message_dict["state"][0]
    with pytest.raises(ValidationError) as e:
        actions.approve_document(users.office, doc, approved_on=date(2024, 12, 22))
    assert "sections" in e.value.message_dict and "«Hạn chế, nguyên nhân»" in e.value.message_dict["sections"][0]
    write_all(doc, users.office)
    with pytest.raises(ValidationError) as e:
        actions.approve_document(users.office, doc, approved_on=date(2023, 12, 1))
    assert "approved_on" in e.value.message_dict
    with pytest.raises(PermissionDenied):
        actions.approve_document(users.secretary, doc, approved_on=date(2024, 12, 22))
    actions.approve_document(users.office, doc, approved_on=date(2024, 12, 22))
    s = section(doc, "bai_hoc")
    with pytest.raises(ValidationError) as e:
        actions.save_section(users.office, s, text="Sửa sau khi thông qua", version=s.version)
    assert "chỉ sửa được mục «Bài học kinh nghiệm» khi báo cáo là dự thảo" in e.value.message_dict["text"][0]
    with pytest.raises(ValidationError) as e:
        actions.issue_document(users.office, doc, issued_on=date(2024, 12, 21), signer="Nguyễn Văn Mến")
    assert "issued_on" in e.value.message_dict
    with pytest.raises(ValidationError) as e:
        actions.issue_document(users.office, doc, issued_on=date(2024, 12, 25), signer=" ")
    assert "signer" in e.value.message_dict
    actions.reopen_document(users.office, doc)
    doc.refresh_from_db()
    assert doc.state == State.DRAFT and doc.approved_on is None


def _approved(doc, users):
    write_all(doc, users.office)
    return actions.approve_document(users.office, doc, approved_on=date(2024, 12, 22))


def test_issue_takes_the_next_number_and_freezes(doc, tree, users, make_member):
    from dangbo.documents.actions import register_document

    register_document(None, organization=tree.root, direction="out", doc_type="bao_cao",
                      issued_on=date(2024, 3, 1), term_start=date(2020, 6, 17), summary="Báo cáo quý I")
    doc = _approved(doc, users)
    doc = actions.issue_document(users.office, doc, issued_on=date(2024, 12, 25), signer="Nguyễn Văn Mến",
                                 signer_title="BÍ THƯ")
    # the figures as of issuing (the report itself now counts among the year's outgoing documents)
    before = narrative.live_figures(narrative.system_scope(), doc, date(2024, 12, 20))
    assert doc.state == State.ISSUED and doc.symbol == "02-BC/ĐU"
    entry = Document.objects.get(pk=doc.register_entry_id)
    assert entry.symbol == "02-BC/ĐU" and entry.signer == "Nguyễn Văn Mến" and "tổng kết" in entry.summary
    assert AuditEvent.objects.filter(action="document.register", object_id=str(entry.pk)).exists()
    assert AuditEvent.objects.filter(action="report.document_issue").count() == 1
    stored = narrative.figures_of(narrative.system_scope(), doc, date(2025, 3, 1))
    assert stored == before and any(stored.values())
    blob = bytes(doc.issued_docx)
    # The register changes after issuing: the live figures move, the issued document does not.
    make_member(tree.a, "Phan Văn Mới", official=False, decision_date=date(2024, 6, 1))
    assert narrative.live_figures(narrative.system_scope(), doc, date(2024, 12, 20)) != before
    doc.refresh_from_db()
    assert narrative.figures_of(narrative.system_scope(), doc, date(2025, 3, 1)) == before
    assert narrative.docx_bytes(narrative.system_scope(), doc, date(2025, 3, 1)) == blob
    s = section(doc, "han_che")
    with pytest.raises(ValidationError):
        actions.save_section(users.office, s, text="Sửa sau khi ban hành", version=s.version)
    with pytest.raises(ValidationError) as e:
        actions.issue_document(users.office, doc, issued_on=date(2024, 12, 26), signer="Nguyễn Văn Mến")
    assert "02-BC/ĐU" in e.value.message_dict["state"][0]
    text = docx_text(blob)
    assert "Số 02-BC/ĐU" in text and "DỰ THẢO" not in text and "Nguyễn Văn Mến" in text


def test_docx_has_sections_under_headings_and_draft_mark(doc, users):
    write_all(doc, users.office)
    doc.refresh_from_db()
    text = docx_text(narrative.docx_bytes(narrative.system_scope(), doc, date(2024, 12, 20)))
    assert "DỰ THẢO" in text
    i = text.index("1. Công tác chính trị, tư tưởng")
    assert text[i - 1] == "I. KẾT QUẢ LÃNH ĐẠO THỰC HIỆN NHIỆM VỤ NĂM 2024"
    assert text[i + 1].startswith("Đảng ủy tổ chức học tập")
    assert text[i + 2] == "- Tình hình tư tưởng cán bộ, đảng viên ổn định."
    # the figures of the section «xây dựng tổ chức đảng» stand under its heading, before the staff's text
    j = text.index("2. Công tác xây dựng tổ chức đảng và đảng viên")
    assert text[j + 1].startswith("Nhiệm kỳ") or text[j + 1].startswith("Đại hội")
    assert any(t.startswith("Đến ngày 31/12/2024, Đảng bộ Cơ quan Thử nghiệm có") for t in text[j:j + 6])
    k = text.index("II. HẠN CHẾ, NGUYÊN NHÂN")
    assert text[k + 1] == "Một số chi bộ chưa đổi mới nội dung sinh hoạt <chuyên đề> & chưa đều."  # escaped, kept
    m = text.index("IV. PHƯƠNG HƯỚNG, NHIỆM VỤ, CHỈ TIÊU NĂM 2025")
    # the figures (next year's targets) stand at the mark «[số liệu]», between the two paragraphs
    assert text[m + 1].startswith("Tiếp tục nâng cao") and "Phấn đấu hoàn thành các chỉ tiêu trên." in text[m + 2:]
    assert "Tam Kỳ, ngày 20 tháng 12 năm 2024" in text  # the conference date, not the day of printing
    _approved(doc, users)
    doc.refresh_from_db()
    text = docx_text(narrative.docx_bytes(narrative.system_scope(), doc, date(2024, 12, 23)))
    assert "DỰ THẢO" not in text and "Số       -BC/ĐU" in text  # approved: no number yet


# -- the web: list, create, edit a section (with last year's text), approve, issue, download -------------------
def test_web_journey(tree, users, client_as):
    from django.urls import reverse

    from dangbo.reports.models import ReportDocument

    c = client_as("office")
    assert c.get(reverse("reports:documents") + f"?to_chuc={tree.root.pk}").status_code == 200
    r = c.post(reverse("reports:document_create"), {"vk-organization": tree.root.pk, "vk-year": 2023})
    old = ReportDocument.objects.get(year=2023)
    assert r.status_code == 302 and r["Location"] == reverse("reports:document", args=[old.pk])
    s = section(old, "bai_hoc")
    c.post(reverse("reports:section_edit", args=[old.pk, "bai_hoc"]), {"text": "Bài học năm 2023", "version": 1})
    c.post(reverse("reports:document_create"), {"vk-organization": tree.root.pk, "vk-year": 2024,
                                                "vk-conference_on": "20/12/2024", "vk-place": "Tam Kỳ"})
    doc = ReportDocument.objects.get(year=2024)
    page = c.get(reverse("reports:section_edit", args=[doc.pk, "bai_hoc"]) + "?nam_truoc=1").content.decode()
    assert "Bài học năm 2023" in page and "Lấy nội dung năm trước" in page
    for key, text in TEXTS.items():
        s = section(doc, key)
        r = c.post(reverse("reports:section_edit", args=[doc.pk, key]), {"text": text, "version": s.version})
        assert r.status_code == 302, r.content.decode()[:2000]
    # a stale version: the page keeps what was typed and says someone else saved
    r = c.post(reverse("reports:section_edit", args=[doc.pk, "han_che"]), {"text": "Chồng lên", "version": 1})
    assert r.status_code == 200 and "vừa được người khác cập nhật" in r.content.decode()
    page = c.get(reverse("reports:document", args=[doc.pk])).content.decode()
    assert "Số liệu tự động" in page and "&lt;chuyên đề&gt; &amp; chưa đều" in page  # escaped
    assert c.get(reverse("reports:section_history", args=[doc.pk, "han_che"])).status_code == 200
    s = section(old, "bai_hoc")  # a version saved by a system job (the demo) has no user
    actions.save_section(None, s, text="Bài học năm 2023 (bản của hệ thống)", version=s.version)
    page = c.get(reverse("reports:section_history", args=[old.pk, "bai_hoc"])).content.decode()
    assert "bản của hệ thống" in page and "dangbo (hệ thống)" in page
    r = c.post(reverse("reports:document_approve", args=[doc.pk]), {"approved_on": "22/12/2024",
                                                                    "version": doc.version})
    assert r.status_code == 302
    doc.refresh_from_db()
    r = c.post(reverse("reports:document_issue", args=[doc.pk]), {
        "issued_on": "21/12/2024", "signer": "Nguyễn Văn Mến", "signer_title": "BÍ THƯ", "term_start": "17/06/2020",
        "version": doc.version})
    assert r.status_code == 200 and "không được trước ngày cấp ủy thông qua" in r.content.decode()
    r = c.post(reverse("reports:document_issue", args=[doc.pk]), {
        "issued_on": "25/12/2024", "signer": "Nguyễn Văn Mến", "signer_title": "BÍ THƯ", "term_start": "17/06/2020",
        "version": doc.version})
    assert r.status_code == 302
    doc.refresh_from_db()
    assert doc.symbol == "01-BC/ĐU"
    r = c.get(reverse("reports:document_docx", args=[doc.pk]))
    assert r.status_code == 200 and r.content == bytes(doc.issued_docx)
    # the secretary of a chi bộ reads nothing of the đảng bộ's document and changes nothing
    b = client_as("secretary")
    assert b.get(reverse("reports:document", args=[doc.pk])).status_code == 404


# -- upload back ------------------------------------------------------------------------------------------------
def _edited(blob: bytes, edit) -> bytes:
    d = Docx(io.BytesIO(blob))
    edit(d)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def test_upload_back_reads_sections_by_heading(doc, users):
    write_all(doc, users.office)
    doc.refresh_from_db()
    blob = narrative.docx_bytes(narrative.system_scope(), doc, date(2024, 12, 20))
    before = {s.key: s.text for s in doc.sections.all()}

    def edit(d):
        for p in d.paragraphs:
            if p.text.startswith("Một số chi bộ chưa đổi mới"):
                p.text = "Một số chi bộ chưa đổi mới nội dung sinh hoạt (đã sửa trong Word)."
                p.insert_paragraph_before("Nguyên nhân chủ yếu là chủ quan.")

    changed = actions.upload_docx(users.office, doc, blob=_edited(blob, edit))
    assert changed == ["Hạn chế, nguyên nhân"]
    s = section(doc, "han_che")
    assert s.text == ("Nguyên nhân chủ yếu là chủ quan.\n"
                      "Một số chi bộ chưa đổi mới nội dung sinh hoạt (đã sửa trong Word).")
    assert s.versions.first().via == "upload"
    after = {x.key: x.text for x in doc.sections.all()}
    # every other section reads back as it was: the generated figures are not copied into the staff's text
    assert {k: v for k, v in after.items() if k != "han_che"} == {k: v for k, v in before.items() if k != "han_che"}
    assert AuditEvent.objects.filter(action="report.document_upload").count() == 1
    # the same file again changes nothing (no version, no event)
    assert actions.upload_docx(users.office, doc, blob=_edited(blob, edit)) == []


def test_upload_missing_heading_refused_by_name_nothing_written(doc, users):
    write_all(doc, users.office)
    doc.refresh_from_db()
    blob = narrative.docx_bytes(narrative.system_scope(), doc, date(2024, 12, 20))
    versions = SectionVersion.objects.count()

    def edit(d):
        for p in d.paragraphs:
            if p.text == "III. BÀI HỌC KINH NGHIỆM":
                p.text = "III. NHỮNG ĐIỀU RÚT RA"
            if p.text.startswith("Một số chi bộ chưa đổi mới"):
                p.text = "Sửa đổi sẽ không được ghi."

    with pytest.raises(ValidationError) as e:
        actions.upload_docx(users.office, doc, blob=_edited(blob, edit))
    assert "«III. BÀI HỌC KINH NGHIỆM»" in e.value.message_dict["file"][0]
    assert SectionVersion.objects.count() == versions and section(doc, "han_che").text == TEXTS["han_che"]
    with pytest.raises(ValidationError) as e:
        actions.upload_docx(users.office, doc, blob=b"not a docx")
    assert "không phải tệp Word" in e.value.message_dict["file"][0]


def test_upload_on_the_web(doc, users, client_as):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    write_all(doc, users.office)
    doc.refresh_from_db()
    blob = narrative.docx_bytes(narrative.system_scope(), doc, date(2024, 12, 20))
    edited = _edited(blob, lambda d: [setattr(p, "text", "Bài học mới.") for p in d.paragraphs
                                      if p.text.startswith("Phát huy vai trò")])
    r = client_as("office").post(reverse("reports:document_upload", args=[doc.pk]),
                                 {"file": SimpleUploadedFile("bc.docx", edited)})
    assert r.status_code == 302 and section(doc, "bai_hoc").text == "Bài học mới."
    r = client_as("office").post(reverse("reports:document_upload", args=[doc.pk]),
                                 {"file": SimpleUploadedFile("bc.docx", b"xx")})
    assert r.status_code == 200 and "không phải tệp Word" in r.content.decode()


def test_cli_document(doc, users, tmp_path, capsys):
    import json

    from dangbo.cli import main

    out = tmp_path / "vk.docx"
    assert main(["report", "year-end", "--org", "TN", "--year", "2023", "--document", "-o", str(out)]) == 1
    assert "chưa có văn kiện báo cáo tổng kết năm 2023" in capsys.readouterr().err
    write_all(doc, users.office)
    assert main(["report", "year-end", "--org", "TN", "--year", "2024", "--document", "-o", str(out), "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["document"]["state"] == "draft" and payload["document"]["sections"][5]["text"] == TEXTS["han_che"]
    assert "DỰ THẢO" in docx_text(out.read_bytes())


def test_pdf_of_a_draft_through_libreoffice(doc, users, client_as, soffice, pdftotext):
    import re
    import subprocess

    from django.urls import reverse

    write_all(doc, users.office)
    r = client_as("office").get(reverse("reports:document_pdf", args=[doc.pk]))
    assert r.status_code == 200 and r.content.startswith(b"%PDF")
    out = subprocess.run([pdftotext, "-", "-"], input=r.content, capture_output=True, check=True).stdout.decode()
    text = re.sub(r"\s+", " ", out)
    assert "DỰ THẢO" in text and "BÁO CÁO" in text and "II. HẠN CHẾ, NGUYÊN NHÂN" in text
    assert "Phát huy vai trò gương mẫu của người đứng đầu." in text and "T/M ĐẢNG ỦY" in text
    assert "Đến ngày 31/12/2024, Đảng bộ Cơ quan Thử nghiệm có" in text  # the figures, with their diacritics
