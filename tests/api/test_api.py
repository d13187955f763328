"""The REST API against a real database: token auth, scoped reads, filters, actions, Vietnamese errors."""

import json

import pytest

from dangbo.core.models import AuditEvent
from dangbo.members.models import EventKind, Member, MemberEvent, Status
from dangbo.organizations.models import Organization, OrgStatus

from .world import PASSWORD

pytestmark = pytest.mark.django_db


def names(resp):
    return {r["full_name"] for r in resp.json()["results"]}


def new_member(org_id, name="Vũ Thị Hồng Nhung", **extra):
    body = {"organization": org_id, "full_name": name, "birth_date": "1990-04-02", "gender": "F",
            "citizen_id": "001190000777", "card_number": "77009999", "admission_decision_date": "2015-05-04",
            "admission_decision_number": "88-QĐ/ĐU", "ceremony_date": "2015-05-19"}
    body.update(extra)
    return body


# -- token authentication --------------------------------------------------------------------------------
def test_token_login_then_token_authenticates(world, api):
    anon = api(None)
    assert anon.get("/api/members/").status_code == 401
    bad = anon.post("/api/token/", {"username": "bithu_a", "password": "sai"}, format="json")
    assert bad.status_code == 400
    assert "không đúng" in bad.json()["non_field_errors"][0]
    missing = anon.post("/api/token/", {"username": "bithu_a"}, format="json")
    assert missing.status_code == 400 and missing.json()["password"] == ["Trường này là bắt buộc."]
    ok = anon.post("/api/token/", {"username": "bithu_a", "password": PASSWORD}, format="json")
    assert ok.status_code == 200
    anon.credentials(HTTP_AUTHORIZATION=f"Token {ok.json()['token']}")
    resp = anon.get("/api/members/")
    assert resp.status_code == 200
    assert names(resp) == {m.full_name for m in world.a_members}
    anon.credentials(HTTP_AUTHORIZATION="Token 0000000000000000000000000000000000000000")
    wrong = anon.get("/api/members/")
    assert wrong.status_code == 401 and "không hợp lệ" in wrong.json()["detail"]


def test_token_endpoint_is_throttled(world, api):
    anon = api(None)
    codes = [anon.post("/api/token/", {"username": "bithu_a", "password": f"doan-{i}"},
                       format="json").status_code for i in range(12)]
    assert codes[0] == 400 and codes[-1] == 429
    resp = anon.post("/api/token/", {"username": "bithu_a", "password": PASSWORD}, format="json")
    assert resp.status_code == 429 and "thử lại" in resp.json()["detail"]


def test_schema_and_offline_docs(world, api):
    assert api(None).get("/api/schema/").status_code == 401
    client = api("office")
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
    doc = json.loads(schema.content)
    assert doc["openapi"].startswith("3.")
    for p in ("/api/members/", "/api/members/{id}/events/", "/api/organizations/{id}/as-of/", "/api/audit/",
              "/api/due/", "/api/token/"):
        assert p in doc["paths"], p
    docs = client.get("/api/docs/")
    assert docs.status_code == 200 and docs["Content-Type"].startswith("text/html")
    body = docs.content.decode()
    assert "/api/members/{id}/events/" in body and "<script" not in body and "cdn" not in body.lower()
    root = client.get("/api/", HTTP_ACCEPT="text/html")
    assert root.status_code == 200


# -- organisations -----------------------------------------------------------------------------------
def test_organizations_scoped_with_subtree_totals(world, api):
    rows = {r["code"]: r for r in api("office").get("/api/organizations/").json()["results"]}
    assert set(rows) == {"VP", "VP-A", "VP-B", "VP-C"}
    assert rows["VP"]["totals"] == {"official": 4, "probationary": 2, "total": 6}
    assert rows["VP-A"]["totals"] == {"official": 2, "probationary": 1, "total": 3}
    assert rows["VP"]["official_count"] == 0
    sec = api("secretary_a").get("/api/organizations/").json()["results"]
    assert [r["code"] for r in sec] == ["VP-A"]
    one = api("office").get(f"/api/organizations/{world.dbo.pk}/").json()
    assert one["totals"]["total"] == 6


def test_organization_filters(world, api):
    client = api("admin")

    def codes(query):
        resp = client.get(f"/api/organizations/?{query}")
        assert resp.status_code == 200, resp.content
        return {r["code"] for r in resp.json()["results"]}

    assert codes(f"parent={world.dbo.pk}") == {"VP-A", "VP-B", "VP-C"}
    assert codes("kind=grassroots_committee") == {"VP", "SO"}
    assert codes(f"under={world.dbo.pk}") == {"VP", "VP-A", "VP-B", "VP-C"}
    assert codes("status=active&q=kinh tế") == {"VP-B"}
    assert api("secretary_a").get(f"/api/organizations/?under={world.b.pk}").json()["results"] == []
    bad = client.get("/api/organizations/?kind=xyz")
    assert bad.status_code == 400 and "kind" in bad.json()


def test_counts_as_of_a_date(world, api):
    client = api("office")
    resp = client.get(f"/api/organizations/{world.dbo.pk}/as-of/?date=2015-12-31")
    assert resp.status_code == 200, resp.content
    data = resp.json()
    assert data["organization"]["official"] == 4 and data["organization"]["probationary"] == 0
    by_code = {c["code"]: c for c in data["children"]}
    # Đặng Quốc Khánh was in chi bộ C from 2015-06-01 to 2016-06-01.
    assert by_code["VP-C"]["official"] == 1 and by_code["VP-B"]["official"] == 1
    missing = client.get(f"/api/organizations/{world.dbo.pk}/as-of/")
    assert missing.status_code == 400 and "date" in missing.json()
    bad = client.get(f"/api/organizations/{world.dbo.pk}/as-of/?date=31/12/2020")
    assert bad.status_code == 400 and "YYYY-MM-DD" in bad.json()["date"][0]
    other = api("secretary_a").get(f"/api/organizations/{world.b.pk}/as-of/?date=2015-12-31")
    assert other.status_code == 404


def test_organization_actions(world, api):
    office, sec = api("office"), api("secretary_a")
    # Found: a secretary of a chi bộ cannot found under the đảng bộ; the office can.
    body = {"code": "VP-D", "name": "Chi bộ Phòng Quản trị", "kind": "cell", "parent": world.dbo.pk,
            "founded_on": "2024-01-02", "decision_number": "5-QĐ/ĐU"}
    assert sec.post("/api/organizations/", body, format="json").status_code == 403
    created = office.post("/api/organizations/", body, format="json")
    assert created.status_code == 201, created.content
    d = Organization.objects.get(code="VP-D")
    again = office.post("/api/organizations/", body, format="json")
    assert again.status_code == 400 and "VP-D" in again.json()["code"][0]
    top = office.post("/api/organizations/", {**body, "code": "X", "parent": None, "kind": "upper"},
                      format="json")
    assert top.status_code == 403
    # Rename with optimistic locking.
    version = office.get(f"/api/organizations/{d.pk}/").json()["version"]
    ok = office.post(f"/api/organizations/{d.pk}/rename/",
                     {"name": "Chi bộ Phòng Hành chính – Quản trị", "effective_date": "2024-06-01",
                      "version": version}, format="json")
    assert ok.status_code == 200 and ok.json()["name"] == "Chi bộ Phòng Hành chính – Quản trị"
    stale = office.post(f"/api/organizations/{d.pk}/rename/",
                        {"name": "Tên khác", "effective_date": "2024-07-01", "version": version},
                        format="json")
    assert stale.status_code == 409 and "người khác" in stale.json()["detail"]
    # Scope: B is invisible to A's secretary (404), readable but not writable for the reader (403).
    rename_b = {"name": "Chi bộ X", "effective_date": "2024-06-01"}
    assert sec.post(f"/api/organizations/{world.b.pk}/rename/", rename_b, format="json").status_code == 404
    assert api("reader").post(f"/api/organizations/{world.b.pk}/rename/", rename_b,
                              format="json").status_code == 403
    # Dissolve refuses an organisation that still has members, with a Vietnamese message.
    refused = office.post(f"/api/organizations/{world.a.pk}/dissolve/", {"effective_date": "2024-06-01"},
                          format="json")
    assert refused.status_code == 400 and "còn đảng viên" in refused.json()["non_field_errors"][0]
    # Merge C into B: C's members move, C ends.
    merged = office.post(f"/api/organizations/{world.b.pk}/merge/",
                         {"sources": [world.b_sub.pk], "effective_date": "2024-06-01",
                          "decision_number": "20-QĐ/ĐU"}, format="json")
    assert merged.status_code == 200, merged.content
    world.b_sub.refresh_from_db()
    assert world.b_sub.status == OrgStatus.MERGED
    dissolved = office.post(f"/api/organizations/{d.pk}/dissolve/", {"effective_date": "2024-06-02"},
                            format="json")
    assert dissolved.status_code == 200 and dissolved.json()["status"] == "dissolved"
    events = office.get(f"/api/organizations/{world.b.pk}/events/").json()
    assert {e["kind"] for e in events} >= {"founded", "renamed", "merged"}


def test_split_moves_members(world, api):
    office = api("office")
    e = office.post("/api/organizations/", {"code": "VP-E", "name": "Chi bộ Phòng Kinh tế 1", "kind": "cell",
                                            "parent": world.dbo.pk}, format="json").json()
    f = office.post("/api/organizations/", {"code": "VP-F", "name": "Chi bộ Phòng Kinh tế 2", "kind": "cell",
                                            "parent": world.dbo.pk}, format="json").json()
    live = Member.objects.filter(organization=world.b, status__in=[Status.OFFICIAL, Status.PROBATIONARY])
    assignments = [{"member": m.pk, "organization": e["id"] if i % 2 else f["id"]}
                   for i, m in enumerate(live)]
    partial = office.post(f"/api/organizations/{world.b.pk}/split/",
                          {"assignments": assignments[:1], "effective_date": "2024-06-01"}, format="json")
    assert partial.status_code == 400 and "assignments" in partial.json()
    resp = office.post(f"/api/organizations/{world.b.pk}/split/",
                       {"assignments": assignments, "effective_date": "2024-06-01"}, format="json")
    assert resp.status_code == 200, resp.content
    assert {o["code"] for o in resp.json()} == {"VP-E", "VP-F"}
    assert not Member.objects.filter(organization=world.b, status=Status.OFFICIAL).exists()


# -- members: lists and filters ----------------------------------------------------------------------
def test_member_list_filters(world, api):
    client = api("office")

    def found(query):
        resp = client.get(f"/api/members/?{query}")
        assert resp.status_code == 200, resp.content
        return names(resp)

    assert found("q=nguyen van men") == {"Nguyễn Văn Mến"}
    assert found("q=dang quoc") == {"Đặng Quốc Khánh"}  # d matches đ
    assert found("q=001900000012") == {"Hoàng Thị Xuyến"}  # by CCCD
    assert found("q=7700000013") == {"Phùng Văn Quỳnh"}  # by card number
    assert found(f"under={world.a.pk}") == {m.full_name for m in world.a_members}
    assert found("status=probationary") == {"Lê Văn An", "Phùng Văn Quỳnh"}
    assert found("gender=F") == {"Trần Thị Bình", "Hoàng Thị Xuyến"}
    assert len(found("age_min=40&age_max=60")) == 6
    assert found("age_max=30") == set()
    assert len(found("party_age_min=10")) == 4
    assert found("admission_year=2024") == {"Lê Văn An", "Phùng Văn Quỳnh"}
    bad = client.get("/api/members/?age_min=abc")
    assert bad.status_code == 400 and "số nguyên" in bad.json()["age_min"][0]
    assert client.get("/api/members/?status=xyz").status_code == 400


def test_member_list_is_scoped_sorted_and_keyset_paginated(world, api):
    client = api("office")
    first = client.get("/api/members/?page_size=4").json()
    assert len(first["results"]) == 4 and first["next_cursor"]
    second = client.get(f"/api/members/?page_size=4&cursor={first['next_cursor']}").json()
    assert second["next_cursor"] is None
    ordered = [r["full_name"] for r in first["results"] + second["results"]]
    # Vietnamese order by given name: An, Bình, Khánh, Mến, Quỳnh, Xuyến.
    assert ordered == ["Lê Văn An", "Trần Thị Bình", "Đặng Quốc Khánh", "Nguyễn Văn Mến", "Phùng Văn Quỳnh",
                       "Hoàng Thị Xuyến"]
    assert all("citizen_id" not in r and "religion" not in r for r in first["results"])
    assert names(api("secretary_b").get("/api/members/")) == {m.full_name for m in world.b_members}
    assert names(api("member_a").get("/api/members/")) == {"Trần Thị Bình"}


# -- members: single records and sensitive fields -------------------------------------------------------
def test_sensitive_fields_only_for_allowed_roles_and_logged(world, api):
    m = world.a_members[0]
    before = AuditEvent.objects.filter(action="member.view_sensitive").count()
    office = api("office").get(f"/api/members/{m.pk}/").json()
    assert office["citizen_id"] == m.citizen_id and office["religion"] == "Phật giáo"
    assert AuditEvent.objects.filter(action="member.view_sensitive").count() == before + 1
    for role in ("secretary_a", "reader"):
        data = api(role).get(f"/api/members/{m.pk}/").json()
        assert data["full_name"] == m.full_name
        assert "citizen_id" not in data and "religion" not in data
    assert AuditEvent.objects.filter(action="member.view_sensitive").count() == before + 1
    own = world.a_members[1]
    assert api("member_a").get(f"/api/members/{own.pk}/").status_code == 200
    assert api("member_a").get(f"/api/members/{m.pk}/").status_code == 404


def test_scope_404_for_reads_and_403_for_writes(world, api):
    b = world.b_members[0]
    sec = api("secretary_a")
    assert sec.get(f"/api/members/{b.pk}/").status_code == 404
    assert sec.get(f"/api/members/{b.pk}/events/").status_code == 404
    assert sec.get(f"/api/members/{b.pk}/history/").status_code == 404
    assert sec.patch(f"/api/members/{b.pk}/", {"phone": "0900000000"}, format="json").status_code == 404
    assert sec.post(f"/api/members/{b.pk}/events/", {"kind": "exemption", "effective_date": "2024-06-01"},
                    format="json").status_code == 404
    reader = api("reader")
    assert reader.get(f"/api/members/{b.pk}/").status_code == 200
    resp = reader.patch(f"/api/members/{b.pk}/", {"phone": "0900000000"}, format="json")
    assert resp.status_code == 403 and "không có quyền" in resp.json()["detail"]
    assert reader.post(f"/api/members/{b.pk}/events/", {"kind": "exemption", "effective_date": "2024-06-01"},
                       format="json").status_code == 403
    assert api("member_a").patch(f"/api/members/{world.a_members[1].pk}/", {"phone": "0911"},
                                 format="json").status_code == 403
    b.refresh_from_db()
    assert b.phone == "" and not b.is_exempted


# -- members: admission ----------------------------------------------------------------------------------
def test_admit_member(world, api):
    sec = api("secretary_a")
    body = new_member(world.a.pk)
    del body["citizen_id"]  # a secretary may not see CCCD, so may not type one either (issue 11.7)
    resp = sec.post("/api/members/", body, format="json")
    assert resp.status_code == 201, resp.content
    data = resp.json()
    assert data["status"] == "probationary" and data["organization"] == world.a.pk
    assert data["official_date"] == "2016-05-19"
    assert "citizen_id" not in data
    m = Member.objects.get(pk=data["id"])
    assert m.search_name == "vu thi hong nhung"
    assert AuditEvent.objects.filter(action="member.admit", object_id=str(m.pk)).exists()
    world.a.refresh_from_db()
    assert world.a.probationary_count == 2
    assert sec.post("/api/members/", new_member(world.b.pk, citizen_id="001190000778", card_number="1"),
                    format="json").status_code == 403


@pytest.mark.parametrize("changes, field, text", [
    ({"birth_date": "2000-06-01", "admission_decision_date": "2018-05-01", "ceremony_date": None},
     "birth_date", "18 tuổi"),
    ({"ceremony_date": "2015-05-01"}, "ceremony_date", "lễ kết nạp"),
    ({"citizen_id": "001900000001"}, "citizen_id", "Nguyễn Văn Mến"),
    ({"card_number": "7700000011"}, "card_number", "Đặng Quốc Khánh"),
    ({"citizen_id": "12345"}, "citizen_id", "12 chữ số"),
    ({"birth_date": "02/04/1990"}, "birth_date", "YYYY-MM-DD"),
    ({"gender": "X"}, "gender", "lựa chọn"),
    ({"full_name": ""}, "full_name", "không được để trống"),
    ({"admission_decision_date": None}, "admission_decision_date", "không được để trống"),
    ({"organization": 999999}, "organization", "Không có tổ chức"),
])
def test_bad_admission_refused_in_vietnamese_naming_the_field(world, api, changes, field, text):
    before = (Member.objects.count(), MemberEvent.objects.count(), AuditEvent.objects.count())
    resp = api("office").post("/api/members/", new_member(world.a.pk, **changes), format="json")
    assert resp.status_code == 400, resp.content
    errors = resp.json()
    assert field in errors, errors
    assert text.lower() in " ".join(errors[field]).lower(), errors
    assert (Member.objects.count(), MemberEvent.objects.count(), AuditEvent.objects.count()) == before


def test_admission_to_a_dissolved_organization_refused(world, api):
    office = api("office")
    d = office.post("/api/organizations/", {"code": "VP-G", "name": "Chi bộ G", "kind": "cell",
                                            "parent": world.dbo.pk}, format="json").json()
    office.post(f"/api/organizations/{d['id']}/dissolve/", {"effective_date": "2024-01-01"}, format="json")
    resp = office.post("/api/members/", new_member(d["id"]), format="json")
    assert resp.status_code == 400 and "ngừng hoạt động" in resp.json()["organization"][0]


# -- members: dossier edits and optimistic locking ---------------------------------------------------------
def test_patch_dossier_and_conflict(world, api):
    m = world.a_members[0]
    sec, office = api("secretary_a"), api("office")
    version = sec.get(f"/api/members/{m.pk}/").json()["version"]
    first = office.patch(f"/api/members/{m.pk}/", {"phone": "0912345678", "version": version}, format="json")
    assert first.status_code == 200, first.content
    assert first.json()["phone"] == "0912345678" and first.json()["version"] == version + 1
    second = sec.patch(f"/api/members/{m.pk}/", {"job_title": "Phó Chánh Văn phòng", "version": version},
                       format="json")
    assert second.status_code == 409
    assert "vừa được người khác cập nhật" in second.json()["detail"]
    m.refresh_from_db()
    assert m.phone == "0912345678" and m.job_title == "" and m.version == version + 1
    dup = office.patch(f"/api/members/{m.pk}/", {"citizen_id": world.b_members[0].citizen_id,
                                                 "version": version + 1}, format="json")
    assert dup.status_code == 400 and "Đặng Quốc Khánh" in dup.json()["citizen_id"][0]
    renamed = office.patch(f"/api/members/{m.pk}/", {"full_name": "Nguyễn Văn Mến Em", "version": version + 1},
                           format="json")
    assert renamed.status_code == 200
    history = office.get(f"/api/members/{m.pk}/history/").json()
    changed = [c["field"] for e in history["fields"] for c in e["changes"]]
    assert "phone" in changed and "full_name" in changed
    assert {"member.admit", "member.update"} <= {a["action"] for a in history["audit"]}
    assert [e["kind"] for e in history["events"]] == ["admission", "ceremony", "recognition"]


# -- members: lifecycle events --------------------------------------------------------------------------
def test_record_a_transfer(world, api):
    m = world.a_members[0]
    sec = api("secretary_a")
    body = {"kind": "transfer", "effective_date": "2024-03-01", "decision_number": "30-QĐ/ĐU",
            "decision_date": "2024-02-20", "issuer": "Đảng ủy Văn phòng", "to_organization": world.b.pk}
    resp = sec.post(f"/api/members/{m.pk}/events/", body, format="json")
    assert resp.status_code == 201, resp.content
    ev = resp.json()
    assert ev["kind"] == "transfer" and ev["to_organization"] == world.b.pk
    assert ev["from_organization"] == world.a.pk
    m.refresh_from_db()
    assert m.organization_id == world.b.pk
    world.a.refresh_from_db()
    world.b.refresh_from_db()
    assert (world.a.official_count, world.b.official_count) == (1, 3)
    # The member has left A's scope: A's secretary no longer sees them, B's secretary does, with history.
    assert sec.get(f"/api/members/{m.pk}/").status_code == 404
    events = api("secretary_b").get(f"/api/members/{m.pk}/events/").json()
    assert [e["kind"] for e in events][-1] == "transfer"
    assert AuditEvent.objects.filter(action="member.transfer", object_id=str(m.pk)).count() == 1


@pytest.mark.parametrize("body, field, text", [
    ({"kind": "transfer", "effective_date": "2024-03-01"}, "to_organization", "Chưa chọn"),
    ({"kind": "transfer", "effective_date": "2024-03-01", "to_organization": "A"}, "to_organization",
     "số nguyên"),
    ({"kind": "transfer", "effective_date": "2008-03-01", "to_organization": "B"}, "effective_date", "trước"),
    ({"kind": "transfer", "effective_date": "2024-03-01", "to_organization": "SAME"}, "to_organization",
     "trùng"),
    ({"kind": "temporary", "effective_date": "2024-03-01", "to_organization": "B"}, "end_date", "Chưa nhập"),
    ({"kind": "nonsense", "effective_date": "2024-03-01"}, "kind", "lựa chọn"),
])
def test_bad_event_refused(world, api, body, field, text):
    m = world.a_members[0]
    ref = {"A": "A", "B": world.b.pk, "SAME": world.a.pk}
    if "to_organization" in body:
        body = {**body, "to_organization": ref[body["to_organization"]]}
    before = (MemberEvent.objects.count(), AuditEvent.objects.count())
    resp = api("secretary_a").post(f"/api/members/{m.pk}/events/", body, format="json")
    assert resp.status_code == 400, resp.content
    assert field in resp.json() and text.lower() in " ".join(resp.json()[field]).lower(), resp.json()
    assert (MemberEvent.objects.count(), AuditEvent.objects.count()) == before


def test_no_event_on_a_dead_member(world, api):
    m = world.a_members[0]
    sec = api("secretary_a")
    assert sec.post(f"/api/members/{m.pk}/events/", {"kind": "death", "effective_date": "2024-03-01"},
                    format="json").status_code == 201
    resp = sec.post(f"/api/members/{m.pk}/events/", {"kind": "exemption", "effective_date": "2024-04-01"},
                    format="json")
    assert resp.status_code == 400 and "từ trần" in resp.json()["non_field_errors"][0]
    assert Member.objects.get(pk=m.pk).status == Status.DECEASED


def test_transfer_to_dissolved_organization_refused(world, api):
    office = api("office")
    d = office.post("/api/organizations/", {"code": "VP-H", "name": "Chi bộ H", "kind": "cell",
                                            "parent": world.dbo.pk}, format="json").json()
    office.post(f"/api/organizations/{d['id']}/dissolve/", {"effective_date": "2024-01-01"}, format="json")
    resp = office.post(f"/api/members/{world.a_members[0].pk}/events/",
                       {"kind": "transfer", "effective_date": "2024-03-01", "to_organization": d["id"]},
                       format="json")
    assert resp.status_code == 400 and "ngừng hoạt động" in resp.json()["to_organization"][0]


# -- audit and due work --------------------------------------------------------------------------------------
def test_audit_is_scoped(world, api):
    all_rows = api("admin").get("/api/audit/?page_size=500").json()["results"]
    assert len(all_rows) == AuditEvent.objects.count()
    sec_rows = api("secretary_a").get("/api/audit/?page_size=500").json()["results"]
    assert sec_rows and all(r["org_path"].startswith(world.a.path) for r in sec_rows)
    assert not any(name in json.dumps(sec_rows, ensure_ascii=False) for name in world.b_secrets)
    b_row = AuditEvent.objects.filter(org_path=world.b.path).first()
    assert api("secretary_a").get(f"/api/audit/{b_row.seq}/").status_code == 404
    assert api("reader").get(f"/api/audit/{b_row.seq}/").status_code == 200
    assert api("member_a").get("/api/audit/").json()["results"] == []
    filtered = api("office").get(f"/api/audit/?action=member.admit&under={world.b.pk}").json()["results"]
    assert len(filtered) == 3


def test_due_work(world, api):
    resp = api("office").get("/api/due/?today=2024-12-20&horizon=90")
    assert resp.status_code == 200, resp.content
    items = resp.json()
    kinds = {(i["full_name"], i["kind"]) for i in items}
    assert ("Lê Văn An", "probation_end") in kinds and ("Phùng Văn Quỳnh", "probation_end") in kinds
    sec = api("secretary_a").get("/api/due/?today=2024-12-20&horizon=90").json()
    assert {i["full_name"] for i in sec} == {"Lê Văn An"}
    assert api("secretary_a").get(f"/api/due/?under={world.b.pk}").status_code == 400


def test_member_events_listed_in_order(world, api):
    k = world.b_members[0]
    events = api("secretary_b").get(f"/api/members/{k.pk}/events/").json()
    assert [e["kind"] for e in events] == ["admission", "ceremony", "recognition", "transfer", "transfer"]
    assert events[3]["to_organization"] == world.b_sub.pk


def test_admission_is_not_an_event(world, api):
    # Every lifecycle event goes through POST .../events/ except admission, which is POST /api/members/.
    m = world.a_members[0]
    resp = api("office").post(f"/api/members/{m.pk}/events/",
                              {"kind": "admission", "effective_date": "2024-01-02"}, format="json")
    assert resp.status_code == 400 and "POST /api/members/" in resp.json()["kind"][0]
    assert MemberEvent.objects.filter(member=m, kind=EventKind.ADMISSION).count() == 1


def test_duplicate_cccd_message_does_not_name_a_member_outside_scope(world, api):
    b = world.b_members[1]
    resp = api("secretary_a").post("/api/members/", new_member(world.a.pk, citizen_id=b.citizen_id),
                                   format="json")
    assert resp.status_code == 400 and "citizen_id" in resp.json()
    assert b.full_name not in resp.json()["citizen_id"][0]
