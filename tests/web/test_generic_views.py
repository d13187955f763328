"""The generic views of dangbo.core (issue 18 point 4): the keyset pager, the sort whitelist, one member filter
for page/API/export, and the action form that keeps what the user typed on a conflict."""

from datetime import date

from django.test import RequestFactory
from django.urls import reverse

from dangbo.core import audit
from dangbo.core.models import AuditEvent
from dangbo.core.scopes import scope_for
from dangbo.documents.actions import register_document
from dangbo.documents.models import Document
from dangbo.documents.tables import DocumentTable
from dangbo.members.filters import MemberFilterSet


def _follow_pages(client, url):
    """Every row id of a paged list, following «Trang sau» to the end."""
    import re

    seen, pages = [], 0
    while url:
        body = client.get(url).content.decode()
        seen += re.findall(r'<tr><td class="text-secondary">(\d+)</td>', body)
        nxt = re.search(r'href="\?([^"]*after=[^"]*)"', body)
        url = f"{reverse('core:audit')}?{nxt.group(1).replace('&amp;', '&')}" if nxt else ""
        pages += 1
    return seen, pages


def test_audit_log_pages_to_the_end_without_gaps(office_client, world):
    for i in range(120):
        audit.record("member.update", actor=None, org_path=world.cell_a.path, summary=f"Dòng {i}")
    visible = scope_for(world.office).by_org_path(AuditEvent.objects.all())
    expected = [str(s) for s in visible.order_by("-seq").values_list("seq", flat=True)]
    assert len(expected) > 100
    seen, pages = _follow_pages(office_client, reverse("core:audit"))
    assert seen == expected and pages == -(-len(expected) // 50)


def test_table_sorts_only_by_whitelisted_keys():
    rf = RequestFactory()
    assert DocumentTable(rf.get("/", {"sap_xep": "ngay"})).order == ("issued_on", "id")
    assert DocumentTable(rf.get("/", {"sap_xep": "-ngay"})).order == ("-issued_on", "-id")
    # A field name that is not a column's key never reaches order_by.
    assert DocumentTable(rf.get("/", {"sap_xep": "summary"})).order == DocumentTable.default
    assert DocumentTable(rf.get("/", {"sap_xep": "-org_path"})).order == DocumentTable.default


def test_document_list_pages_and_sorts(office_client, world, monkeypatch):
    from dangbo.documents.views import DocumentList

    for day in (3, 1, 2):
        register_document(None, organization=world.cell_a, direction="in", doc_type="cong_van",
                          issued_on=date(2024, 1, day), summary=f"Công văn ngày {day}", symbol=f"{day}-CV")
    monkeypatch.setattr(DocumentList, "page_size", 2)
    url = reverse("documents:list") + f"?to_chuc={world.cell_a.pk}&sap_xep=ngay"
    first = office_client.get(url).content.decode()
    assert first.index("1-CV") < first.index("2-CV") and "3-CV" not in first and "Trang sau" in first
    cursor = first.split("after=")[1].split("&")[0].split('"')[0]
    second = office_client.get(url + f"&after={cursor}&tu=3").content.decode()
    assert "3-CV" in second and "1-CV" not in second
    # A forged cursor is ignored (first page), never a 500.
    assert office_client.get(url + "&after=!!!").status_code == 200
    assert Document.objects.count() == 3


def test_one_member_filter_for_page_api_and_export(world):
    scope = scope_for(world.office)
    page = MemberFilterSet({"tinh_trang": "official", "gioi_tinh": "F", "tuoi_tu": "30",
                            "to_chuc": str(world.cell_a.pk)}, scope=scope)
    api = MemberFilterSet.for_api({"status": "official", "gender": "F", "age_min": "30",
                                   "under": str(world.cell_a.pk)}, scope=scope)
    assert page.is_valid() and api.is_valid()
    assert page.member_filter() == api.member_filter()
    assert page.member_filter().org_path == world.cell_a.path
    assert MemberFilterSet(None, scope=scope).member_filter().status == "active"
    bad = MemberFilterSet.for_api({"status": "xyz", "age_min": "abc"}, scope=scope)
    assert not bad.is_valid() and set(bad.api_errors()) == {"status", "age_min"}
    # An organisation outside the scope is refused by name, in Vietnamese.
    secretary = MemberFilterSet.for_api({"under": str(world.cell_b.pk)}, scope=scope_for(world.secretary))
    assert not secretary.is_valid() and "phạm vi" in secretary.api_errors()["under"][0]


def test_export_and_list_read_the_same_conditions(office_client, world):
    resp = office_client.get(reverse("exports:members") + "?tuoi_tu=abc&dinh_dang=csv")
    assert resp.status_code == 400 and "Phải là số nguyên" in resp.content.decode()
    page = office_client.get(reverse("members:list") + "?tuoi_tu=abc").content.decode()
    assert "Phải là số nguyên" in page


def test_action_form_conflict_keeps_typed_text_and_takes_the_new_version(office_client, world):
    doc = register_document(None, organization=world.cell_a, direction="in", doc_type="cong_van",
                            issued_on=date(2024, 1, 5), summary="Bản đầu", symbol="5-CV")
    stale = doc.version
    Document.objects.filter(pk=doc.pk).update(version=stale + 1)  # someone else saved meanwhile
    url = reverse("documents:edit", args=[doc.pk])
    data = {"issued_on": "05/01/2024", "summary": "Nội dung tôi vừa gõ", "symbol": "5-CV", "signer": "",
            "counterpart": "", "version": stale}
    resp = office_client.post(url, data)
    body = resp.content.decode()
    assert resp.status_code == 200 and "Nội dung tôi vừa gõ" in body and "người khác" in body
    assert f'name="version" value="{stale + 1}"' in body
    assert office_client.post(url, {**data, "version": stale + 1}).status_code == 302
    assert Document.objects.get(pk=doc.pk).summary == "Nội dung tôi vừa gõ"
