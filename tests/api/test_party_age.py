"""Party age through the REST API (rules.md §3.3): removal before recognition, re-admission with its gap."""

from datetime import date

from django.utils import timezone

from dangbo.members.models import Member
from dangbo.rules import membership as rules


def post(client, m, body):
    resp = client.post(f"/api/members/{m.pk}/events/", body, format="json")
    assert resp.status_code == 201, resp.content
    return resp.json()


def test_a_member_removed_before_recognition_has_no_party_age_in_the_api(world, api):
    m = world.a_members[2]  # probationary since the ceremony of 1/2/2024
    office = api("office")
    post(office, m, {"kind": "removal", "effective_date": "2024-09-01", "decision_number": "9-QĐ/ĐU"})
    body = office.get(f"/api/members/{m.pk}/").json()
    assert body["status"] == "removed" and body["party_age"] is None and body["party_age_start"] is None
    listed = {r["id"]: r for r in office.get("/api/members/?status=ended").json()["results"]}
    assert listed[m.pk]["party_age"] is None


def test_readmission_through_the_api_ends_official_with_the_party_age_of_the_rules(world, api):
    m = world.a_members[0]  # decision 2/3/2010, official 20/3/2011
    office = api("office")
    post(office, m, {"kind": "removal", "effective_date": "2015-01-01"})
    post(office, m, {"kind": "readmission", "effective_date": "2019-01-01", "decision_date": "2019-01-01",
                     "decision_number": "5-QĐ/ĐU", "to_organization": world.a.pk})
    body = office.get(f"/api/members/{m.pk}/").json()
    assert body["status"] == "probationary" and body["party_age"] is None and body["ceremony_date"] is None
    post(office, m, {"kind": "ceremony", "effective_date": "2019-01-15"})
    post(office, m, {"kind": "recognition", "decision_date": "2020-02-01"})
    body = office.get(f"/api/members/{m.pk}/").json()
    assert body["status"] == "official" and body["official_date"] == "2020-01-15"
    today = timezone.localdate()
    expected = rules.party_age(date(2010, 3, 2), date(2020, 1, 15), [(date(2015, 1, 1), date(2019, 1, 1))], today)
    assert body["party_age"] == str(expected)
    assert Member.objects.get(pk=m.pk).party_age_start == date(2014, 3, 2)  # 48 months outside the Party


def test_an_old_record_without_ceremony_date_is_admitted_official_through_the_api(world, api):
    body = {"organization": world.a.pk, "full_name": "Vũ Văn Cũ", "birth_date": "1950-04-02", "gender": "M",
            "admission_decision_date": "1975-05-04", "official_date": "1976-05-19"}
    resp = api("office").post("/api/members/", body, format="json")
    assert resp.status_code == 201, resp.content
    data = resp.json()
    assert data["status"] == "official" and data["ceremony_date"] is None and data["official_date"] == "1976-05-19"
    today = timezone.localdate()
    assert data["party_age"] == str(rules.party_age(date(1975, 5, 4), date(1976, 5, 19), [], today))
    # an official date before the end of 12 months' probation is still refused, naming the field
    body.update(full_name="Vũ Văn Sớm", official_date="1975-10-01")
    resp = api("office").post("/api/members/", body, format="json")
    assert resp.status_code == 400 and "12 tháng" in resp.json()["official_date"][0]
