"""Every page of the web UI renders for office staff; search, printing and HTMX fragments work."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_login_page_is_vietnamese(client):
    r = client.get(reverse("login"))
    assert r.status_code == 200
    body = r.content.decode()
    assert '<html lang="vi">' in body
    assert "Đăng nhập" in body


def test_pages_require_login(client, world):
    for url in (reverse("home"), reverse("members:list"), reverse("organizations:tree"),
                reverse("core:audit"), reverse("members:detail", args=[world.men.pk])):
        r = client.get(url)
        assert r.status_code == 302 and r["Location"].startswith(reverse("login")), url


def test_every_page_renders_for_office_staff(office_client, world):
    m, org = world.men.pk, world.cell_a.pk
    urls = [
        reverse("home"),
        reverse("organizations:tree"),
        reverse("organizations:detail", args=[world.vp.pk]),
        reverse("organizations:children", args=[world.vp.pk]),
        reverse("organizations:as_of") + f"?ngay=31/12/2020&to_chuc={world.vp.pk}",
        reverse("organizations:found", args=[world.vp.pk]),
        reverse("organizations:rename", args=[org]),
        reverse("organizations:merge", args=[org]),
        reverse("organizations:split", args=[org]),
        reverse("organizations:dissolve", args=[org]),
        reverse("members:list"),
        reverse("members:detail", args=[m]),
        reverse("members:edit", args=[m]),
        reverse("members:event", args=[m]),
        reverse("members:history", args=[m]),
        reverse("members:print", args=[m]),
        reverse("members:admit"),
        reverse("members:due"),
        reverse("core:audit"),
    ]
    for url in urls:
        r = office_client.get(url)
        assert r.status_code == 200, url
        assert "Content-Security-Policy" in r.headers


def test_tree_shows_counts(office_client, world):
    body = office_client.get(reverse("organizations:tree")).content.decode()
    assert "Đảng bộ Văn phòng UBND tỉnh" in body
    rows = office_client.get(reverse("organizations:children", args=[world.vp.pk])).content.decode()
    assert "Chi bộ Phòng Tổng hợp" in rows and "<html" not in rows


def test_search_without_diacritics(office_client, world):
    r = office_client.get(reverse("members:list"), {"q": "nguyen van men"})
    body = r.content.decode()
    assert "Nguyễn Văn Mến" in body
    assert "Lê Văn Đức" not in body
    # d matches đ
    assert "Lê Văn Đức" in office_client.get(reverse("members:list"), {"q": "duc"}).content.decode()
    # digits find a card number or a CCCD
    assert "Trần Thị Hồng" in office_client.get(reverse("members:list"), {"q": "100002"}).content.decode()
    assert "Lê Văn Đức" in office_client.get(reverse("members:list"), {"q": "001075000003"}).content.decode()


def test_live_search_returns_fragment(office_client, world):
    r = office_client.get(reverse("members:list"), {"q": "hong"}, HTTP_HX_REQUEST="true")
    body = r.content.decode()
    assert "Trần Thị Hồng" in body and "<html" not in body and 'id="member-rows"' in body


def test_list_filters_and_formats(office_client, world):
    body = office_client.get(reverse("members:list"), {"tinh_trang": "probationary"}).content.decode()
    assert "Trần Thị Hồng" in body and "Nguyễn Văn Mến" not in body
    body = office_client.get(reverse("members:list"), {"to_chuc": world.cell_b.pk}).content.decode()
    assert "Lê Văn Đức" in body and "Nguyễn Văn Mến" not in body
    body = office_client.get(reverse("members:list"), {"gioi_tinh": "F"}).content.decode()
    assert "Trần Thị Hồng" in body and "Lê Văn Đức" not in body
    body = office_client.get(reverse("members:list"), {"nam_ket_nap": 2000}).content.decode()
    assert "Nguyễn Văn Mến" in body
    assert "01/05/1970" in body  # dd/mm/yyyy


def test_keyset_next_page(office_client, world, monkeypatch):
    from dangbo.members import queries

    monkeypatch.setattr(queries, "PAGE_SIZE", 2)
    body = office_client.get(reverse("members:list")).content.decode()
    assert "Trang sau" in body and "after=" in body


def test_as_of_counts(office_client, world):
    r = office_client.get(reverse("organizations:as_of"), {"ngay": "31/12/2020", "to_chuc": world.vp.pk})
    assert r.status_code == 200
    rows = {row["org"].pk: row["then"] for row in r.context["rows"]}
    assert rows[world.vp.pk].total == 3
    assert rows[world.cell_a.pk].official == 1 and rows[world.cell_a.pk].probationary == 1
    r = office_client.get(reverse("organizations:as_of"), {"ngay": "31/12/1999", "to_chuc": world.vp.pk})
    assert {row["org"].pk: row["then"].total for row in r.context["rows"]}[world.vp.pk] == 0


def test_print_page(office_client, world):
    r = office_client.get(reverse("members:print", args=[world.men.pk]))
    body = r.content.decode()
    assert r.status_code == 200
    assert "TÓM TẮT LÝ LỊCH ĐẢNG VIÊN" in body and "Nguyễn Văn Mến" in body
    assert "dangbo/print.css" in body and "<script>" not in body


def test_english_switch(office_client, world):
    r = office_client.post(reverse("set_language"), {"language": "en", "next": reverse("home")})
    assert r.status_code == 302
    body = office_client.get(reverse("home")).content.decode()
    assert "Overview" in body and "Log out" in body


def test_browser_language_does_not_override_vietnamese(office_client, world):
    body = office_client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "Tổng quan" in body


def test_member_role_sees_only_own_record(client, world):
    client.force_login(world.member_user)
    home = client.get(reverse("home")).content.decode()
    assert reverse("members:detail", args=[world.men.pk]) in home
    assert client.get(reverse("members:detail", args=[world.men.pk])).status_code == 200
    assert client.get(reverse("members:detail", args=[world.hong.pk])).status_code == 404
    assert client.get(reverse("members:edit", args=[world.men.pk])).status_code == 403
    assert client.get(reverse("organizations:detail", args=[world.cell_a.pk])).status_code == 404


def test_only_an_administrator_founds_a_top_level_organisation(as_admin, as_office):
    from dangbo.organizations.models import Organization

    assert as_office.get(reverse("organizations:found_top")).status_code == 403
    assert as_office.post(reverse("organizations:found_top"), {"code": "TINH", "name": "Đảng bộ tỉnh X",
                                                               "kind": "upper"}).status_code == 403
    page = as_admin.get(reverse("organizations:tree"))
    assert reverse("organizations:found_top") in page.content.decode()
    resp = as_admin.post(reverse("organizations:found_top"), {"code": "TINH", "name": "Đảng bộ tỉnh X",
                                                              "kind": "upper", "founded_on": "01/01/1990"})
    org = Organization.objects.get(code="TINH")
    assert resp.status_code == 302 and org.parent is None and org.kind == "upper"
    again = as_admin.post(reverse("organizations:found_top"), {"code": "TINH", "name": "Khác", "kind": "upper"})
    assert "đã được dùng" in again.content.decode()


def test_discipline_page_records_and_shows_a_decision(office_client, world):
    from dangbo.members.models import Member

    member = Member.objects.get(full_name="Nguyễn Văn Mến")
    url = reverse("members:discipline", args=[member.pk])
    bad = office_client.post(url, {"action": "add", "form": "canh_cao", "decided_on": "31/02/2020"})
    assert "ngày/tháng/năm" in bad.content.decode() and not member.disciplines.exists()
    resp = office_client.post(url, {"action": "add", "form": "canh_cao", "decided_on": "12/05/2020",
                                    "decision_number": "05-QĐ/UBKTĐU", "violation": "Vi phạm quy chế"})
    assert resp.status_code == 302
    page = office_client.get(reverse("members:detail", args=[member.pk])).content.decode()
    assert "Cảnh cáo" in page and "12/05/2020" in page and "05-QĐ/UBKTĐU" in page
    # QĐ 296: a chi bộ decides khiển trách or cảnh cáo, effective the day it announces the vote.
    refused = office_client.post(url, {"action": "add", "form": "cach_chuc", "decided_on": "12/06/2020",
                                       "decider": "chi_bo", "announced_on": "12/06/2020"})
    assert "Chi bộ không có thẩm quyền quyết định cách chức" in refused.content.decode()
    resp = office_client.post(url, {"action": "add", "form": "khien_trach", "decided_on": "15/06/2020",
                                    "decider": "chi_bo", "announced_on": "12/06/2020"})
    assert resp.status_code == 302 and member.disciplines.get(form="khien_trach").effective_on.day == 12
    page = office_client.get(reverse("members:detail", args=[member.pk])).content.decode()
    assert "hiệu lực 12/06/2020" in page
