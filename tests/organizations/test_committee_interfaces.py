"""The committee as of a date through its three doors (the organisation page, `dangbo org committee`, the API) and
the web forms (form → confirm) of the level above."""

from datetime import date

import pytest
from django.urls import reverse

from dangbo.organizations.models import CommitteeChange, OrgKind, Term

from .test_committee import T0, appoint, change

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(make_org):
    top = make_org("Đảng bộ UBND tỉnh", OrgKind.UPPER, code="UBND", founded_on=date(2025, 7, 1))
    org = make_org("Đảng bộ Sở Nông nghiệp và Môi trường", OrgKind.GRASSROOTS_COMMITTEE, parent=top, code="SNNMT",
                   founded_on=date(2025, 7, 1))
    appoint(org)
    change(org, CommitteeChange.Kind.RESIGNED, "Nguyễn Văn Mến", date(2026, 1, 5))
    change(org, CommitteeChange.Kind.APPROVED, "Trần Thị Hoa", date(2026, 1, 5), "bi_thu")
    return top, org


def test_cli_committee_as_of(world, run, run_json):
    code, data, err = run_json("org", "committee", "--org", "SNNMT", "--as-of", "04/01/2026")
    assert code == 0, err
    assert data["term"]["origin"] == "appointed" and data["term"]["months"] == 60
    assert [(m["full_name"], m["position"]) for m in data["members"]][:2] == [("Nguyễn Văn Mến", "bi_thu"),
                                                                              ("Trần Thị Hoa", "pho_bi_thu")]
    code, data, err = run_json("org", "committee", "--org", "SNNMT", "--as-of", "2026-01-05")
    assert data["members"][0]["full_name"] == "Trần Thị Hoa" and data["members"][0]["decision_number"] == "99-QĐ/ĐU"
    assert "Nguyễn Văn Mến" not in {m["full_name"] for m in data["members"]}
    code, out, err = run("org", "committee", "--org", "SNNMT", "--as-of", "01/07/2025")
    assert code == 0 and "chưa có nhiệm kỳ" in out
    code, out, err = run("org", "committee", "--org", "SNNMT", "--as-of", "32/01/2026")
    assert code == 1 and "--as-of" in err and "Traceback" not in err


def test_api_committee_and_its_scope(world, make_user, make_org):
    from rest_framework.test import APIClient

    top, org = world
    client = APIClient()
    client.force_authenticate(make_user("reader", top))
    r = client.get(f"/api/organizations/{org.pk}/committee/?as_of=2026-01-05")
    assert r.status_code == 200, r.content
    assert r.json()["members"][0]["full_name"] == "Trần Thị Hoa"
    stranger = make_user("office", make_org("Đảng bộ khác", OrgKind.UPPER, code="KHAC"))
    client.force_authenticate(stranger)
    assert client.get(f"/api/organizations/{org.pk}/committee/").status_code == 404


def test_page_shows_the_committee_on_a_date(world, make_user, client_as):
    top, org = world
    client = client_as(make_user("reader", top))
    url = reverse("organizations:detail", args=[org.pk])
    page = client.get(url + "?cap_uy_ngay=04/01/2026").content.decode()
    assert "Cấp ủy tại ngày 04/01/2026" in page and "Nguyễn Văn Mến" in page
    page = client.get(url + "?cap_uy_ngay=05/01/2026").content.decode()
    assert "Nguyễn Văn Mến" not in page and "Trần Thị Hoa" in page and "99-QĐ/ĐU" in page
    assert "Thay đổi cấp ủy" not in page  # a reader decides nothing
    page = client.get(url + "?cap_uy_ngay=01/07/2025").content.decode()
    assert "Chưa có nhiệm kỳ được chuẩn y hoặc chỉ định vào ngày này." in page


def test_web_change_previews_then_confirms(world, make_user, client_as):
    top, org = world
    client = client_as(make_user("office", top))
    url = reverse("organizations:committee_change", args=[org.pk])
    assert client.get(url).status_code == 200
    body = {"change_kind": "added", "full_name": "Võ Văn Sơn", "position": "cap_uy_vien",
            "effective_date": "01/03/2026", "decision_number": "77-QĐ/ĐU", "decision_date": "25/02/2026",
            "issuer": "Ban Thường vụ Đảng ủy UBND tỉnh"}
    r = client.post(url, body)
    page = r.content.decode()
    assert r.status_code == 200 and "Xác nhận" in page and "Võ Văn Sơn" in page
    assert not CommitteeChange.objects.filter(full_name="Võ Văn Sơn").exists()  # the preview writes nothing
    r = client.post(url, body | {"xac_nhan": "1"})
    assert r.status_code == 302
    assert CommitteeChange.objects.filter(full_name="Võ Văn Sơn", kind="added").count() == 1
    # a refusal: the form again, with the Vietnamese message on its field
    r = client.post(url, body | {"xac_nhan": "1"})
    assert "không bổ sung lại" in r.content.decode()


def test_web_only_the_level_above_decides(world, make_user, client_as):
    _top, org = world
    client = client_as(make_user("office", org))
    for name in ("committee_change", "appoint_term"):
        assert client.get(reverse(f"organizations:{name}", args=[org.pk])).status_code == 403
    r = client.post(reverse("organizations:committee_change", args=[org.pk]),
                    {"change_kind": "added", "full_name": "X Y Z", "position": "cap_uy_vien",
                     "effective_date": "01/03/2026", "decision_number": "1", "xac_nhan": "1"})
    assert r.status_code == 403
    assert not CommitteeChange.objects.filter(full_name="X Y Z").exists()


def test_web_appoint_term(make_org, make_user, client_as):
    top = make_org("Đảng bộ Xã An Hòa", OrgKind.UPPER, code="XAH", founded_on=date(2025, 7, 1))
    cell = make_org("Chi bộ Thôn 1", OrgKind.GRASSROOTS_CELL, parent=top, code="XAH-T1", founded_on=date(2025, 7, 1))
    client = client_as(make_user("office", top))
    url = reverse("organizations:appoint_term", args=[cell.pk])
    page = client.get(url).content.decode()
    assert "Hướng dẫn 06-HD/TW" in page  # the ordinal rule only as a hint
    body = {"ordinal": "1", "start_year": "2025", "end_year": "2027", "length_months": "30",
            "decision_number": "08-QĐ/ĐU", "decision_date": "10/07/2025", "issuer": "Ban Thường vụ Đảng ủy xã",
            "people": "Nguyễn Văn An; Bí thư\nTrần Thị Bình; Phó Bí thư; 09-QĐ/ĐU; 15/07/2025"}
    r = client.post(url, body | {"people": "Nguyễn Văn An; Trưởng thôn"})
    assert "chức vụ «Trưởng thôn» không hợp lệ" in r.content.decode()
    r = client.post(url, body | {"xac_nhan": "1"})
    assert r.status_code == 302, r.content.decode()[:3000]
    t = Term.objects.get(organization=cell)
    assert t.is_appointed and t.months == 30 and t.committee.count() == 2
    assert t.committee.get(full_name="Trần Thị Bình").started_by.decision_number == "09-QĐ/ĐU"
    assert T0  # the shared date of the worked cases
