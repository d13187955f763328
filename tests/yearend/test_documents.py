"""The document register: numbering per type per term, duplicates refused, counts per year."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from dangbo.core.models import AuditEvent
from dangbo.documents.actions import register_document, suggest_number
from dangbo.documents.models import Document
from dangbo.documents.queries import year_summary

pytestmark = pytest.mark.django_db
T1, T2 = date(2015, 6, 13), date(2020, 6, 17)


def out(org, t, d, term=T1, **kw):
    return register_document(None, organization=org, direction="out", doc_type=t, issued_on=d, term_start=term,
                             summary=kw.pop("summary", "Báo cáo"), **kw)


def test_numbers_run_per_type_and_restart_each_term(tree):
    a = out(tree.root, "bao_cao", date(2019, 1, 5))
    b = out(tree.root, "bao_cao", date(2019, 2, 5))
    k = out(tree.root, "ke_hoach", date(2019, 2, 6))
    c = out(tree.root, "bao_cao", date(2020, 7, 1), term=T2)
    assert [a.symbol, b.symbol, k.symbol, c.symbol] == ["01-BC/ĐU", "02-BC/ĐU", "01-KH/ĐU", "01-BC/ĐU"]
    assert suggest_number(tree.root, "bao_cao", T1) == 3
    assert AuditEvent.objects.filter(action="document.register").count() == 4


def test_a_chi_bo_numbers_with_cb_and_a_taken_number_is_refused(tree):
    out(tree.a, "thong_bao", date(2019, 1, 5), number=4)
    with pytest.raises(ValidationError) as e:
        out(tree.a, "thong_bao", date(2019, 3, 5), number=4)
    msg = " ".join(e.value.message_dict["number"])
    assert "Số 04" in msg and "đã cấp" in msg and "Số tiếp theo là 05" in msg
    assert Document.objects.filter(organization=tree.a).get().symbol == "04-TB/CB"


def test_outgoing_needs_a_term_and_incoming_a_symbol(tree):
    with pytest.raises(ValidationError) as e:
        register_document(None, organization=tree.root, direction="out", doc_type="bao_cao",
                          issued_on=date(2019, 1, 1), summary="x")
    assert "nhiệm kỳ" in e.value.message_dict["term_start"][0]
    with pytest.raises(ValidationError):
        register_document(None, organization=tree.root, direction="in", doc_type="cong_van",
                          issued_on=date(2019, 1, 1), summary="x")
    assert not Document.objects.exists()


def test_the_secretary_of_another_chi_bo_cannot_register(users, tree):
    with pytest.raises(PermissionDenied):
        register_document(users.secretary_b, organization=tree.a, direction="in", doc_type="cong_van",
                          issued_on=date(2019, 1, 1), summary="x", symbol="1-CV/ĐUK")


def test_counts_per_year_with_change(tree):
    for i in range(4):
        out(tree.root, "bao_cao", date(2019, 1, 1 + i))
    for i in range(3):
        out(tree.root, "cong_van", date(2020, 1, 1 + i))
    for i in range(2):
        register_document(None, organization=tree.a, direction="in", doc_type="cong_van", issued_on=date(2020, 2, 1),
                          summary="x", symbol=f"{i}-CV/ĐUK")
    s = year_summary(Document.objects.all(), tree.root.path, 2020)
    assert (s["out"], s["in"], s["total"], s["previous_total"]) == (3, 2, 5, 4)
    assert s["change"] == pytest.approx(25.0)
    only_a = year_summary(Document.objects.all(), tree.a.path, 2020)
    assert (only_a["total"], only_a["change"]) == (2, None)


def test_document_screens_number_and_refuse_duplicates(tree, client_as):
    c = client_as("office")
    body = {"vb-organization": tree.root.pk, "vb-direction": "out", "vb-doc_type": "bao_cao",
            "vb-issued_on": "05/01/2021", "vb-summary": "Báo cáo tổng kết năm 2020", "vb-term_start": "17/06/2020"}
    assert c.post("/van-ban/them/", body).status_code == 302
    hint = c.get("/van-ban/so-tiep-theo/", {"vb-organization": tree.root.pk, "vb-doc_type": "bao_cao",
                                           "vb-issued_on": "06/01/2021"}).content.decode()
    assert "02-BC/ĐU" in hint
    resp = c.post("/van-ban/them/", {**body, "vb-number": "1"})
    assert resp.status_code == 200 and "Số 01" in resp.content.decode()
    listing = c.get(f"/van-ban/?to_chuc={tree.root.pk}").content.decode()
    assert "01-BC/ĐU" in listing and "Báo cáo tổng kết năm 2020" in listing
    assert client_as("secretary_b").get(f"/van-ban/?to_chuc={tree.root.pk}").status_code == 404


def test_register_exports_to_xlsx(tree, client_as):
    from io import BytesIO

    from python_calamine import CalamineWorkbook

    register_document(None, organization=tree.root, direction="in", doc_type="cong_van", issued_on=date(2020, 2, 1),
                      summary="Công văn về đại hội chi bộ", symbol="12-CV/ĐUK", counterpart="Đảng ủy Khối")
    resp = client_as("office").get(f"/van-ban/xuat.xlsx?to_chuc={tree.root.pk}")
    assert resp.status_code == 200
    rows = CalamineWorkbook.from_filelike(BytesIO(b"".join(resp.streaming_content))).get_sheet_by_index(0).to_python()
    flat = [str(c) for r in rows for c in r]
    assert "12-CV/ĐUK" in flat and "Công văn về đại hội chi bộ" in flat


def test_an_entry_is_corrected_but_an_outgoing_number_is_not(tree, users, client_as):
    from dangbo.core.actions import ConflictError
    from dangbo.core.models import AuditEvent
    from dangbo.documents.actions import correct_document

    doc = out(tree.root, "bao_cao", date(2021, 3, 1))
    first_version, first_symbol = doc.version, doc.symbol
    with pytest.raises(ValidationError) as e:
        correct_document(None, doc, issued_on=date(2021, 3, 2), summary="  ", version=doc.version)
    assert "trích yếu" in e.value.message_dict["summary"][0]
    fixed = correct_document(None, doc, issued_on=date(2021, 3, 2), summary="Báo cáo quý I", signer="Trần Văn Ký",
                             symbol="99-XX/YY", version=doc.version)
    assert (fixed.summary, fixed.signer, fixed.symbol) == ("Báo cáo quý I", "Trần Văn Ký", first_symbol)
    assert AuditEvent.objects.filter(action="document.correct").count() == 1
    with pytest.raises(ConflictError):  # a stale form
        correct_document(None, fixed, issued_on=date(2021, 3, 2), summary="Khác", version=first_version)
    page = client_as("office").get(f"/van-ban/{doc.pk}/sua/").content.decode()
    assert "Báo cáo quý I" in page and 'name="symbol"' not in page
    assert client_as("secretary_b").get(f"/van-ban/{doc.pk}/sua/").status_code in (403, 404)
    fixed.refresh_from_db()
    resp = client_as("office").post(f"/van-ban/{doc.pk}/sua/", {"issued_on": "02/03/2021", "summary": "Báo cáo quý 1",
                                                                 "version": fixed.version})
    assert resp.status_code == 302
    fixed.refresh_from_db()
    assert fixed.summary == "Báo cáo quý 1"
