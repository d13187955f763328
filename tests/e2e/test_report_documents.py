"""The written report journey of issue 12 in a real browser, on a mid-year review: staff create the draft, write two
sections, download the draft .docx, edit it in «Word» and upload it back, record the cấp ủy's approval, issue it
(the number is taken from the document register) and download the issued file."""

from datetime import date
from io import BytesIO

import pytest
from docx import Document
from playwright.sync_api import expect

from tests.e2e.forms import submit

pytestmark = pytest.mark.e2e


def test_write_upload_approve_issue_download(page, url, login, users, tree, make_member, tmp_path):
    from dangbo.reports import actions
    from dangbo.reports.models import ReportDocument

    make_member(tree.a, "Nguyễn Văn Kết Nạp", official=False, decision_date=date(2021, 3, 2))
    login(page, "vanphong")
    page.goto(url(f"/bao-cao/van-kien/?to_chuc={tree.root.pk}"))
    submit(page, "Lập dự thảo", {
        "select[name=vk-organization]": str(tree.root.pk), "select[name=vk-kind]": "mid_year",
        "input[name=vk-year]": "2021", "input[name=vk-place]": "Tam Kỳ", "input[name=vk-conference_on]": "08/07/2021"})
    expect(page.get_by_role("heading", name="I. KẾT QUẢ THỰC HIỆN NGHỊ QUYẾT 6 THÁNG ĐẦU NĂM 2021")).to_be_visible()
    expect(page.locator("#muc-to_chuc_dang_vien")).to_contain_text("Đến ngày 30/6/2021")
    doc = ReportDocument.objects.get(kind="mid_year", year=2021)

    for key, text in (("chinh_tri_tu_tuong", "Đảng ủy lãnh đạo học tập, quán triệt Nghị quyết Đại hội XIII."),
                      ("han_che", "Công tác quy hoạch cán bộ chưa đồng bộ.")):
        page.locator(f"#muc-{key}").get_by_role("link", name="Viết, sửa").click()
        page.fill("textarea[name=text]", text)
        page.get_by_role("button", name="Lưu").click()
        expect(page.locator(f"#muc-{key}")).to_contain_text(text)
    for s in doc.sections.exclude(key__in=["chinh_tri_tu_tuong", "han_che"]):  # the others, written elsewhere
        actions.save_section(users.office, s, text=f"Nội dung mục {s.key}.", version=s.version)

    page.reload()
    with page.expect_download() as info:
        page.get_by_role("link", name="Tải .docx").click()
    draft = tmp_path / info.value.suggested_filename
    info.value.save_as(draft)
    word = Document(BytesIO(draft.read_bytes()))
    assert "DỰ THẢO" in [p.text for p in word.paragraphs]
    for p in word.paragraphs:
        if p.text == "Công tác quy hoạch cán bộ chưa đồng bộ.":
            p.text = "Công tác quy hoạch cán bộ chưa đồng bộ (sửa trong Word)."
    edited = tmp_path / "da-sua.docx"
    word.save(edited)
    page.set_input_files("input[name=file]", str(edited))
    page.get_by_role("button", name="Tải lên").click()
    expect(page.locator("#muc-han_che")).to_contain_text("(sửa trong Word)")

    page.fill("input[name=approved_on]", "08/07/2021")
    page.get_by_role("button", name="Cấp ủy đã thông qua").click()
    submit(page, "Ban hành", {"input[name=issued_on]": "09/07/2021", "input[name=signer]": "Nguyễn Văn Mến",
                              "input[name=term_start]": "16/06/2020"}, exact=True)
    expect(page.get_by_text("Đã ban hành báo cáo, số 01-BC/ĐU.")).to_be_visible()

    with page.expect_download() as info:
        page.get_by_role("link", name="Tải .docx").click()
    issued = tmp_path / info.value.suggested_filename
    info.value.save_as(issued)
    assert info.value.suggested_filename.startswith("bao-cao-so-ket-6-thang-2021-")
    text = [p.text for p in Document(BytesIO(issued.read_bytes())).paragraphs]
    assert "Công tác quy hoạch cán bộ chưa đồng bộ (sửa trong Word)." in text and "DỰ THẢO" not in text
    doc.refresh_from_db()
    assert doc.symbol == "01-BC/ĐU" and doc.register_entry.symbol == "01-BC/ĐU"
