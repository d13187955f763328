"""Issue 11.7: personal data. Roles that may not see CCCD / religion may neither set nor search them; the
uniqueness error tells no one where else a CCCD is; sensitive responses are never cached; a PATCH must
carry the version it read."""

from datetime import date

import pytest

from dangbo.members.models import Member
from tests.api.test_api import new_member
from tests.api.world import admit

pytestmark = pytest.mark.django_db


def _messages(resp, field):
    return " ".join(resp.json().get(field, []))


def test_secretary_cannot_learn_that_a_cccd_belongs_to_another_organisation(world, api):
    b = world.b_members[0]
    r = api("secretary_a").post("/api/members/", new_member(world.a.pk, citizen_id=b.citizen_id), format="json")
    assert r.status_code == 400
    text = _messages(r, "citizen_id")
    assert "ngoài phạm vi" not in text and "đã có trong sổ" not in text
    assert "không được xem" in text


def test_secretary_may_not_set_religion_or_cccd(world, api):
    m = world.a_members[0]
    for field, value in (("citizen_id", "001199999999"), ("religion", "Công giáo")):
        r = api("secretary_a").patch(f"/api/members/{m.pk}/", {field: value, "version": m.version},
                                     format="json")
        assert r.status_code == 400 and "không được xem" in _messages(r, field)
    m.refresh_from_db()
    assert m.citizen_id != "001199999999" and m.religion == "Phật giáo"
    # Admitting without the sensitive fields still works for them.
    body = new_member(world.a.pk)
    del body["citizen_id"]
    assert api("secretary_a").post("/api/members/", body, format="json").status_code == 201


def test_office_duplicate_outside_scope_is_not_located(world, api):
    from dangbo.organizations.actions import found_organization
    from dangbo.organizations.models import OrgKind

    cell = found_organization(None, code="SO-1", name="Chi bộ Phòng Ngân sách", kind=OrgKind.CELL,
                              parent=world.other, founded_on=date(1990, 1, 1))
    outsider = admit(cell, "Tạ Văn Ngoại", 77, decided=date(2012, 3, 2), ceremony=date(2012, 3, 20))
    r = api("office").post("/api/members/", new_member(world.a.pk, citizen_id=outsider.citizen_id),
                           format="json")
    assert r.status_code == 400
    text = _messages(r, "citizen_id")
    assert "đã có trong sổ" in text and "ngoài phạm vi" not in text and outsider.full_name not in text


def test_only_roles_that_see_cccd_can_search_by_it(world, api, client):
    m = world.a_members[0]
    found = api("secretary_a").get("/api/members/", {"q": m.citizen_id}).json()["results"]
    assert found == []
    found = api("office").get("/api/members/", {"q": m.citizen_id}).json()["results"]
    assert [row["id"] for row in found] == [m.pk]
    # Card numbers stay searchable for everyone in scope.
    found = api("secretary_a").get("/api/members/", {"q": m.card_number}).json()["results"]
    assert [row["id"] for row in found] == [m.pk]
    client.force_login(world.users["secretary_a"])
    page = client.get("/dang-vien/", {"q": m.citizen_id}).content.decode()
    assert m.full_name not in page


def test_responses_with_cccd_or_religion_are_not_stored(world, api, client):
    m = world.a_members[0]
    r = api("office").get(f"/api/members/{m.pk}/")
    assert r.json()["citizen_id"] == m.citizen_id and "no-store" in r["Cache-Control"]
    client.force_login(world.users["office"])
    page = client.get(f"/dang-vien/{m.pk}/")
    assert m.citizen_id in page.content.decode() and "no-store" in page["Cache-Control"]


def test_patch_without_version_is_refused(world, api):
    m = world.a_members[0]
    r = api("office").patch(f"/api/members/{m.pk}/", {"phone": "0912000111"}, format="json")
    assert r.status_code == 400 and "version" in r.json()
    assert Member.objects.get(pk=m.pk).phone != "0912000111"
    r = api("office").patch(f"/api/members/{m.pk}/", {"phone": "0912000111", "version": m.version},
                            format="json")
    assert r.status_code == 200 and Member.objects.get(pk=m.pk).phone == "0912000111"


def test_a_secretary_cannot_import_cccd_or_religion(tmp_path, world):
    from tests.exchange.test_importer import preview, row, write_csv

    path = write_csv(tmp_path / "s.csv", [
        row("Phan Văn Mới", "15/04/1985", cccd=world.b_members[0].citizen_id, org=world.a.code),
        row("Phan Văn Hai", "15/04/1986", org=world.a.code),  # the column may stay, empty
    ])
    pv = preview(path, world.users["secretary_a"], world.a)
    assert [r.action for r in pv.rows] == ["error", "create"]
    err = pv.rows[0].errors
    assert [e.column for e in err] == ["Số CCCD"] and "không được xem" in err[0].message
    assert world.b_members[0].full_name not in str(pv.as_dict() if hasattr(pv, "as_dict") else err)
