"""Issue 12: typed figures of a report document (what the register does not hold): entered with label, value,
unit, period and source; refused in Vietnamese naming the field; shown in the section after the computed figures,
as entered, with the marker and the source, never summed with them; audited; on the page, the .docx, the PDF,
the JSON and the API; not read back as staff text from an uploaded .docx; frozen when the document is issued."""

import io
import re
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from docx import Document as Docx

from dangbo.core.models import AuditEvent
from dangbo.reports import actions, narrative, typed
from dangbo.reports.models import ReportSection, TypedFigure

from .recompute import members_on

pytestmark = pytest.mark.django_db
ON = date(2024, 12, 20)


@pytest.fixture
def doc(tree, members, users):
    return actions.create_document(users.office, organization=tree.root, year=2024, place="Tam Kỳ",
                                   conference_on=ON)


def enter(doc, user, **kw):
    args = {"section": "chinh_tri_tu_tuong", "label": "Số buổi học tập, quán triệt nghị quyết", "value": "12",
            "unit": "buổi", "period_start": date(2024, 1, 1), "period_end": date(2024, 12, 31),
            "source": "Sổ theo dõi học tập nghị quyết của Văn phòng Đảng ủy"}
    args.update(kw)
    return actions.save_figure(user, doc, **args)


def refused(doc, user, **kw) -> dict:
    with pytest.raises(ValidationError) as e:
        enter(doc, user, **kw)
    return e.value.message_dict


def docx_text(blob: bytes) -> list[str]:
    return [p.text for p in Docx(io.BytesIO(blob)).paragraphs]


def test_entered_audited_and_shown_as_entered_after_the_computed_figures(doc, tree, users):
    computed = narrative.live_figures(narrative.system_scope(), doc, ON)
    f = enter(doc, users.office)
    share = enter(doc, users.office, label="Tỷ lệ đảng viên tham gia học tập nghị quyết", value="96,5", unit="%")
    cards = enter(doc, users.office, section="to_chuc_dang_vien", label="Số đảng viên được phát thẻ đảng",
                  value="3", unit="đảng viên", source="Sổ phát thẻ đảng")
    assert (f.value, share.value, cards.value) == (Decimal("12"), Decimal("96.50"), Decimal("3"))
    ev = AuditEvent.objects.filter(action="report.figure_save").order_by("id")
    assert ev.count() == 3 and "Số buổi học tập, quán triệt nghị quyết" in ev[0].summary and "12 buổi" in ev[0].summary
    # The computed figures are the same with or without typed ones: never summed, never replaced.
    assert narrative.live_figures(narrative.system_scope(), doc, ON) == computed
    official, prob = members_on(tree.root.path, date(2024, 12, 31))
    org_line = next(x for x in computed["to_chuc_dang_vien"] if x.startswith("Đến ngày 31/12/2024"))
    assert f"{official + prob} đảng viên" in org_line or str(official + prob) in org_line
    rows = {r["key"]: r for r in narrative.section_rows(doc, computed)}
    paras = rows["chinh_tri_tu_tuong"]["paragraphs"]
    assert [p["text"] for p in paras if p.get("typed")] == [
        "Số buổi học tập, quán triệt nghị quyết: 12 buổi (năm 2024) [số liệu nhập; nguồn: Sổ theo dõi học tập "
        "nghị quyết của Văn phòng Đảng ủy].",
        "Tỷ lệ đảng viên tham gia học tập nghị quyết: 96,5% (năm 2024) [số liệu nhập; nguồn: Sổ theo dõi học tập "
        "nghị quyết của Văn phòng Đảng ủy]."]
    assert not any(p["figure"] for p in paras if p.get("typed"))
    # In «xây dựng tổ chức đảng»: the computed lines first, then the typed one.
    org_paras = rows["to_chuc_dang_vien"]["paragraphs"]
    n = len(computed["to_chuc_dang_vien"])
    assert [p["text"] for p in org_paras[:n]] == computed["to_chuc_dang_vien"]
    assert org_paras[n]["typed"] and org_paras[n]["text"].startswith("Số đảng viên được phát thẻ đảng: 3 đảng viên")


def test_refusals_in_vietnamese_name_the_field_nothing_written(doc, users):
    e = refused(doc, users.office, value="120", unit="%", label="Tỷ lệ đảng viên dự học")
    assert e["value"] == ["Số liệu «Tỷ lệ đảng viên dự học»: tỷ lệ 120 vượt quá 100%."]
    assert "không được âm" in refused(doc, users.office, value="-3")["value"][0]
    assert "số nguyên" in refused(doc, users.office, value="2,5")["value"][0]
    assert "phải là một số" in refused(doc, users.office, value="mười hai")["value"][0]
    e = refused(doc, users.office, period_start=date(2023, 7, 1), period_end=date(2024, 6, 30))
    assert e["period_start"] == ["Số liệu «Số buổi học tập, quán triệt nghị quyết»: kỳ từ 01/07/2023 đến 30/06/2024 "
                                 "nằm ngoài kỳ của báo cáo (từ 01/01/2024 đến 31/12/2024)."]
    assert "ngày kết thúc" in refused(doc, users.office, period_start=date(2024, 6, 1),
                                      period_end=date(2024, 3, 1))["period_end"][0]
    assert "nguồn" in refused(doc, users.office, source="  ")["source"][0]
    assert "section" in refused(doc, users.office, section="khong_co")
    assert "unit" in refused(doc, users.office, unit="kg")
    assert "label" in refused(doc, users.office, label="")
    assert not TypedFigure.objects.exists() and not AuditEvent.objects.filter(action="report.figure_save").exists()
    with pytest.raises(PermissionDenied):
        enter(doc, users.secretary)


def test_mid_year_period_and_correction(tree, members, users):
    mid = actions.create_document(users.office, organization=tree.root, year=2021, kind="mid_year")
    e = refused(mid, users.office, period_start=date(2021, 1, 1), period_end=date(2021, 12, 31))
    assert "từ 01/01/2021 đến 30/06/2021" in e["period_start"][0]
    f = enter(mid, users.office, period_start=date(2021, 1, 1), period_end=date(2021, 6, 30))
    assert "(6 tháng đầu năm 2021)" in typed.line(f)
    f = actions.save_figure(users.office, figure=f, section=f.section, label=f.label, value="14", unit="buổi",
                            period_start=f.period_start, period_end=f.period_end, source=f.source)
    assert TypedFigure.objects.get().value == 14
    last = AuditEvent.objects.filter(action="report.figure_save").latest("id")
    assert last.summary.startswith("Sửa số liệu") and last.data["before"]["value"] == "12"
    actions.remove_figure(users.office, f)
    assert not TypedFigure.objects.exists() and AuditEvent.objects.filter(action="report.figure_remove").exists()


def test_docx_json_upload_and_frozen_once_issued(doc, users):
    from tests.yearend.test_narrative import TEXTS, write_all

    enter(doc, users.office)
    write_all(doc, users.office)
    blob = narrative.docx_bytes(narrative.system_scope(), doc, ON)
    text = docx_text(blob)
    line = ("Số buổi học tập, quán triệt nghị quyết: 12 buổi (năm 2024) [số liệu nhập; nguồn: Sổ theo dõi học tập "
            "nghị quyết của Văn phòng Đảng ủy].")
    i = text.index("1. Công tác chính trị, tư tưởng")
    assert text[i + 1] == line and text[i + 2].startswith("Đảng ủy tổ chức học tập")
    paragraphs = Docx(io.BytesIO(blob)).paragraphs
    typed_runs = [r for r in paragraphs[i + 1].runs if r.text.strip()]
    assert typed_runs and all(r.italic for r in typed_runs)  # set apart: italics
    assert not any(r.italic for r in paragraphs[i + 2].runs)  # staff text as it was
    # The .docx uploaded back: the typed line is not taken for staff text.
    assert actions.upload_docx(users.office, doc, blob=blob) == []
    assert ReportSection.objects.get(document=doc, key="chinh_tri_tu_tuong").text == TEXTS["chinh_tri_tu_tuong"]
    news = narrative.news_text(doc, narrative.figures_of(narrative.system_scope(), doc, ON), ON)
    assert ("Số buổi học tập, quán triệt nghị quyết: 12 buổi (năm 2024; nguồn: Sổ theo dõi học tập nghị quyết của "
            "Văn phòng Đảng ủy).") in news.split("\n\n")  # a paragraph of its own, apart from the computed ones
    body = narrative.document_json(doc, narrative.figures_of(narrative.system_scope(), doc, ON))
    sec = next(s for s in body["sections"] if s["key"] == "chinh_tri_tu_tuong")
    assert sec["figures"] == [] and sec["typed_figures"][0]["value"] == "12.00"
    assert sec["typed_figures"][0]["source"].startswith("Sổ theo dõi") and sec["typed_figures"][0]["typed"] is True
    doc = actions.approve_document(users.office, doc, approved_on=date(2024, 12, 22))
    with pytest.raises(ValidationError) as e:
        enter(doc, users.office, value="13")
    assert "dự thảo" in e.value.message_dict["state"][0]
    doc = actions.issue_document(users.office, doc, issued_on=date(2024, 12, 25), signer="Nguyễn Văn Mến",
                                 term_start=date(2020, 6, 17))
    assert line in docx_text(bytes(doc.issued_docx))
    with pytest.raises(ValidationError):
        actions.remove_figure(users.office, TypedFigure.objects.get())


def test_web_form_api_field_and_scope(doc, tree, users, client_as):
    c = client_as("office")
    page = reverse("reports:document", args=[doc.pk])
    assert "Số liệu nhập tay" in c.get(page).content.decode()
    url = reverse("reports:figure_add", args=[doc.pk])
    data = {"section": "kiem_tra_giam_sat", "label": "Số cuộc kiểm tra", "value": "-1", "unit": "cuộc",
            "period_start": "01/01/2024", "period_end": "31/12/2024", "source": "Ủy ban Kiểm tra"}
    r = c.post(url, data)
    assert r.status_code == 200 and "Số liệu «Số cuộc kiểm tra»: giá trị không được âm." in r.content.decode()
    r = c.post(url, {**data, "value": "4"})
    assert r.status_code == 302
    html = c.get(page).content.decode()
    assert "Số cuộc kiểm tra: 4 cuộc (năm 2024) [số liệu nhập; nguồn: Ủy ban Kiểm tra]." in html
    api = c.get(reverse("api:report-document", args=[doc.pk])).json()
    sec = next(s for s in api["sections"] if s["key"] == "kiem_tra_giam_sat")
    assert sec["typed_figures"][0]["label"] == "Số cuộc kiểm tra" and sec["typed_figures"][0]["unit"] == "cuộc"
    f = TypedFigure.objects.get()
    assert client_as("secretary").post(url, {**data, "value": "5"}).status_code in (403, 404)
    assert client_as("secretary").post(reverse("reports:figure_remove", args=[doc.pk, f.pk])).status_code in (403,
                                                                                                               404)
    assert c.post(reverse("reports:figure_remove", args=[doc.pk, f.pk])).status_code == 302
    assert not TypedFigure.objects.exists()


def test_pdf_shows_the_typed_figure_with_its_source(doc, users, client_as, soffice, pdftotext):
    import subprocess

    enter(doc, users.office, section="to_chuc_dang_vien", label="Số cấp ủy viên được chuẩn y", value="359",
          unit="đồng chí", source="Quyết định chuẩn y của Đảng ủy Khối")
    r = client_as("office").get(reverse("reports:document_pdf", args=[doc.pk]))
    assert r.status_code == 200 and r.content.startswith(b"%PDF")
    out = subprocess.run([pdftotext, "-", "-"], input=r.content, capture_output=True, check=True).stdout.decode()
    text = re.sub(r"\s+", " ", out)
    assert ("Số cấp ủy viên được chuẩn y: 359 đồng chí (năm 2024) [số liệu nhập; nguồn: Quyết định chuẩn y của "
            "Đảng ủy Khối].") in text


def test_api_creates_changes_and_removes_through_the_actions(doc, users, client_as):
    """The REST API writes typed figures through `save_figure`/`remove_figure`: the form's checks and Vietnamese
    messages, the scope checked, one audit event per change, nothing once the document is issued."""
    c = client_as("office")
    url = reverse("api:report-document-figures", args=[doc.pk])
    body = {"section": "chinh_tri_tu_tuong", "label": "Số buổi học tập, quán triệt nghị quyết", "value": 12,
            "unit": "buổi", "period_start": "2024-01-01", "period_end": "2024-12-31",
            "source": "Sổ theo dõi học tập nghị quyết"}
    r = c.post(url, body, content_type="application/json")
    assert r.status_code == 201, r.content.decode()
    made = r.json()
    f = TypedFigure.objects.get()
    assert made["id"] == f.pk and made["value"] == "12.00" and made["typed"] is True
    assert made["text"] == ("Số buổi học tập, quán triệt nghị quyết: 12 buổi (năm 2024) [số liệu nhập; nguồn: Sổ "
                            "theo dõi học tập nghị quyết].")
    assert f.entered_by == users.office
    saves = AuditEvent.objects.filter(action="report.figure_save")
    assert saves.count() == 1 and saves.get().summary.startswith("Nhập số liệu «Số buổi học tập")
    # read back: the list and the one figure
    assert [x["id"] for x in c.get(url).json()["results"]] == [f.pk]
    one = reverse("api:report-document-figure", args=[doc.pk, f.pk])
    assert c.get(one).json()["label"] == "Số buổi học tập, quán triệt nghị quyết"
    # a share, a decimal comma: the form's rules
    r = c.post(url, {**body, "label": "Tỷ lệ đảng viên tham gia học tập", "value": "96,5", "unit": "%"},
               content_type="application/json")
    assert r.status_code == 201 and r.json()["text"].startswith("Tỷ lệ đảng viên tham gia học tập: 96,5% (năm 2024)")
    # bad values: 400 naming the field, in Vietnamese, nothing written
    before = (TypedFigure.objects.count(), AuditEvent.objects.count())
    bad = [({"value": 120, "unit": "%", "label": "Tỷ lệ dự học"}, "value",
            "Số liệu «Tỷ lệ dự học»: tỷ lệ 120 vượt quá 100%."),
           ({"value": -3}, "value", "Số liệu «Số buổi học tập, quán triệt nghị quyết»: giá trị không được âm."),
           ({"value": "2,5"}, "value", "Số liệu «Số buổi học tập, quán triệt nghị quyết»: số buổi phải là số nguyên."),
           ({"unit": "kg"}, "unit", "Chọn đơn vị tính."),
           ({"section": "khong_co"}, "section", "Chọn mục của báo cáo ghi số liệu này."),
           ({"period_start": "2023-07-01"}, "period_start", None),
           ({"period_start": "01/01/2024"}, "period_start", "Ngày không đúng định dạng; hãy dùng YYYY-MM-DD (ví dụ "
                                                            "2020-12-31)."),
           ({"source": ""}, "source", None),
           ({"label": "x" * 256}, "label", "Không được dài quá 255 ký tự.")]
    for change, field, message in bad:
        r = c.post(url, {**body, **change}, content_type="application/json")
        assert r.status_code == 400 and field in r.json(), (change, r.content.decode())
        assert message is None or r.json()[field] == [message], r.json()
    r = c.post(url, {"label": "Số cuộc kiểm tra"}, content_type="application/json")
    assert r.status_code == 400 and r.json()["value"] == ["Trường này là bắt buộc."]
    assert (TypedFigure.objects.count(), AuditEvent.objects.count()) == before
    # change: only the fields sent; audited once, with the value before
    r = c.patch(one, {"value": "14"}, content_type="application/json")
    assert r.status_code == 200 and r.json()["value"] == "14.00" and r.json()["source"] == body["source"]
    last = AuditEvent.objects.filter(action="report.figure_save").latest("id")
    assert last.summary.startswith("Sửa số liệu «Số buổi học tập, quán triệt nghị quyết» = 14 buổi")
    assert last.data["before"]["value"] == "12" and last.data["after"]["value"] == "14"
    n = AuditEvent.objects.count()
    assert c.patch(one, {"value": 14}, content_type="application/json").status_code == 200
    assert AuditEvent.objects.count() == n  # nothing changed, nothing audited
    r = c.patch(one, {"value": "mười bốn"}, content_type="application/json")
    assert r.status_code == 400 and "phải là một số" in r.json()["value"][0]
    assert TypedFigure.objects.get(pk=f.pk).value == 14
    # out of scope: not found for the secretary of a chi bộ, refused for a reader; nothing written
    n = AuditEvent.objects.count()
    sec = client_as("secretary")
    assert sec.get(url).status_code == 404 and sec.get(one).status_code == 404
    assert sec.post(url, body, content_type="application/json").status_code == 404
    assert sec.patch(one, {"value": 1}, content_type="application/json").status_code == 404
    assert sec.delete(one).status_code == 404
    reader = client_as("reader")  # reads the đảng bộ's document, writes nothing of it
    assert reader.get(one).status_code == 200
    r = reader.patch(one, {"value": 1}, content_type="application/json")
    assert r.status_code == 403 and r.json()["detail"] == (
        f"Bạn không có quyền sửa báo cáo của «{doc.organization.name}».")
    assert reader.post(url, body, content_type="application/json").status_code == 403
    assert reader.delete(one).status_code == 403
    assert TypedFigure.objects.get(pk=f.pk).value == 14 and AuditEvent.objects.count() == n
    # a figure of another document is not reached through this one
    other = actions.create_document(users.office, organization=doc.organization, year=2021, kind="mid_year")
    assert c.get(reverse("api:report-document-figure", args=[other.pk, f.pk])).status_code == 404
    # remove: 204, audited once
    r = c.delete(one)
    assert r.status_code == 204 and not TypedFigure.objects.filter(pk=f.pk).exists()
    assert AuditEvent.objects.filter(action="report.figure_remove").count() == 1
    assert c.delete(one).status_code == 404


def test_api_refuses_changes_to_an_issued_document(doc, users, client_as):
    from tests.yearend.test_narrative import write_all

    f = enter(doc, users.office)
    write_all(doc, users.office)
    actions.approve_document(users.office, doc, approved_on=date(2024, 12, 22))
    actions.issue_document(users.office, doc, issued_on=date(2024, 12, 25), signer="Nguyễn Văn Mến",
                           term_start=date(2020, 6, 17))
    c = client_as("office")
    n = AuditEvent.objects.count()
    url = reverse("api:report-document-figures", args=[doc.pk])
    one = reverse("api:report-document-figure", args=[doc.pk, f.pk])
    r = c.post(url, {"section": "chinh_tri_tu_tuong", "label": "Số buổi", "value": 3, "unit": "buổi",
                     "period_start": "2024-01-01", "period_end": "2024-12-31", "source": "Sổ"},
               content_type="application/json")
    assert r.status_code == 400
    assert r.json()["state"] == ["Báo cáo đang ở trạng thái «Đã ban hành»: chỉ nhập, sửa số liệu khi báo cáo là dự "
                                 "thảo."]
    r = c.patch(one, {"value": 13}, content_type="application/json")
    assert r.status_code == 400 and "dự thảo" in r.json()["state"][0]
    r = c.delete(one)
    assert r.status_code == 400 and r.json()["state"] == [
        "Báo cáo đang ở trạng thái «Đã ban hành»: chỉ xóa số liệu khi báo cáo là dự thảo."]
    assert c.get(one).json()["value"] == "12.00"  # still readable
    assert TypedFigure.objects.get().value == 12 and AuditEvent.objects.count() == n
