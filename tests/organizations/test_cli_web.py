"""`dangbo org move|merge|tree` and the web form «Chuyển tổ chức theo quyết định», the tree page as of a date."""

import pytest
from django.urls import reverse

from dangbo.organizations.models import Organization, OrganizationMove

from .conftest import move_vp

pytestmark = pytest.mark.django_db


def test_cli_move_then_tree_as_of(bloc, run, run_json):
    code, data, err = run_json("org", "move", "VP", "--to", "UBND", "--date", "01/07/2025",
                               "--decision", "1520-QĐ/TU", "--decision-date", "27/06/2025",
                               "--record", "Biên bản bàn giao số 01-BB/ĐUK")
    assert code == 0, err
    assert data == {"organization": "VP", "from": "KHOI", "to": "UBND", "effective_date": "2025-07-01",
                    "decision_number": "1520-QĐ/TU", "organizations_moved": 3, "members_moved": 3}
    assert OrganizationMove.objects.get().record == "Biên bản bàn giao số 01-BB/ĐUK"

    code, then, err = run_json("org", "tree", "--as-of", "31/12/2024")
    assert code == 0, err
    rows = {r["code"]: r for r in then["organizations"]}
    assert rows["VP"]["parent"] == "KHOI" and rows["KHOI"]["total"] == 3 and "UBND" not in rows
    code, now, err = run_json("org", "tree", "--org", "UBND", "--as-of", "2025-12-31")
    assert code == 0, err
    assert [(r["code"], r["level"], r["total"]) for r in now["organizations"]][:2] == [("UBND", 0, 3), ("VP", 1, 3)]
    code, out, err = run("org", "tree", "--org", "KHOI", "--as-of", "31/12/2024")
    assert code == 0 and "Cây tổ chức tại ngày 31/12/2024" in out and "  Đảng bộ Văn phòng UBND tỉnh [VP]" in out


def test_cli_refusals_are_one_vietnamese_line(bloc, run):
    code, out, err = run("org", "move", "VP", "--to", "VP-TH", "--date", "01/07/2025", "--decision", "1-QĐ/TU")
    assert code == 1 and err.startswith("Lỗi: to: Không thể chuyển") and "Traceback" not in err
    code, out, err = run("org", "move", "VP", "--to", "UBND", "--date", "31/02/2025", "--decision", "1-QĐ/TU")
    assert code == 1 and "--date" in err and "không tồn tại" in err
    code, out, err = run("org", "move", "VP", "--to", "UBND", "--date", "01/07/2025", "--decision", " ")
    assert code == 1 and "decision_number" in err and "số quyết định" in err
    code, out, err = run("org", "move", "KHONGCO", "--to", "UBND", "--date", "01/07/2025", "--decision", "1")
    assert code == 1 and "KHONGCO" in err
    assert not OrganizationMove.objects.exists()


def test_cli_merge(bloc, run_json):
    code, data, err = run_json("org", "merge", "KHOI", "--into", "UBND", "--date", "01/07/2025",
                               "--decision", "1521-QĐ/TU")
    assert code == 0, err
    assert data["status"] == "merged" and Organization.objects.get(code="VP").parent.code == "UBND"


def test_web_move_previews_then_confirms(bloc, make_user, client_as):
    from dangbo.core.models import RoleAssignment

    user = make_user("office", bloc.khoi)
    RoleAssignment.objects.create(user=user, role="office", organization=bloc.ubnd)
    client = client_as(user)
    url = reverse("organizations:move", args=[bloc.vp.pk])
    page = client.get(url)
    assert page.status_code == 200 and "Chuyển tổ chức theo quyết định" in page.content.decode()
    form = {"to": bloc.ubnd.pk, "effective_date": "01/07/2025", "decision_number": "1520-QĐ/TU",
            "decision_date": "27/06/2025", "issuer": "Ban Thường vụ Tỉnh ủy", "record": "Biên bản số 01-BB/ĐUK"}
    preview = client.post(url, form)
    text = preview.content.decode()
    assert preview.status_code == 200 and "3 tổ chức, 3 đảng viên chuyển từ «Đảng bộ Khối các cơ quan tỉnh» về " \
        "«Đảng bộ UBND tỉnh» từ ngày 01/07/2025" in text and 'name="xac_nhan"' in text
    assert not OrganizationMove.objects.exists()  # a preview writes nothing

    # a refusal keeps what was typed
    bad = client.post(url, form | {"decision_number": "", "xac_nhan": "1"})
    text = bad.content.decode()
    assert bad.status_code == 200 and "Chưa nhập số quyết định" in text and "Biên bản số 01-BB/ĐUK" in text
    assert not OrganizationMove.objects.exists()

    done = client.post(url, form | {"xac_nhan": "1"})
    assert done.status_code == 302 and done.url == reverse("organizations:detail", args=[bloc.vp.pk])
    assert Organization.objects.get(pk=bloc.vp.pk).parent == bloc.ubnd
    page = client.get(done.url).content.decode()
    assert "1520-QĐ/TU" in page and "Chuyển trực thuộc" in page


def test_web_move_refused_outside_the_scope(bloc, make_user, client_as):
    client = client_as(make_user("office", bloc.vp))
    url = reverse("organizations:move", args=[bloc.vp.pk])
    resp = client.post(url, {"to": bloc.ubnd.pk, "effective_date": "01/07/2025", "decision_number": "1-QĐ/TU",
                             "xac_nhan": "1"})
    assert resp.status_code in (200, 403) and not OrganizationMove.objects.exists()
    assert Organization.objects.get(pk=bloc.vp.pk).parent == bloc.khoi


def test_tree_page_as_of_a_date(bloc, make_user, client_as):
    move_vp(bloc)
    client = client_as(make_user("admin"))
    then = client.get(reverse("organizations:tree"), {"ngay": "31/12/2024"}).content.decode()
    assert "Cây tổ chức và đảng số tại ngày 31/12/2024" in then
    row = then[then.index("Đảng bộ Văn phòng UBND tỉnh"):]
    assert "Đảng bộ Khối các cơ quan tỉnh" in row[:400]
    now = client.get(reverse("organizations:tree"), {"ngay": "31/12/2025"}).content.decode()
    row = now[now.index(">Đảng bộ Văn phòng UBND tỉnh<"):]
    assert "<td>Đảng bộ UBND tỉnh</td>" in row[:400]
    bad = client.get(reverse("organizations:tree"), {"ngay": "32/13/2024"})
    assert bad.status_code == 200 and "Xem cây tại ngày" in bad.content.decode()
    assert "Cây tổ chức đảng" in client.get(reverse("organizations:tree")).content.decode()


def test_api_move(bloc, make_user):
    from rest_framework.test import APIClient

    from dangbo.core.models import RoleAssignment

    user = make_user("office", bloc.khoi)
    client = APIClient()
    client.force_authenticate(user)
    body = {"to": bloc.ubnd.pk, "effective_date": "2025-07-01", "decision_number": "1520-QĐ/TU",
            "record": "Biên bản bàn giao"}
    refused = client.post(f"/api/organizations/{bloc.vp.pk}/move/", body, format="json")
    assert refused.status_code == 403 and not OrganizationMove.objects.exists()  # the destination is not theirs
    RoleAssignment.objects.create(user=user, role="office", organization=bloc.ubnd)
    user = type(user).objects.get(pk=user.pk)
    client.force_authenticate(user)
    missing = client.post(f"/api/organizations/{bloc.vp.pk}/move/", body | {"decision_number": ""}, format="json")
    assert missing.status_code == 400 and "số quyết định" in missing.json()["decision_number"][0]
    moved = client.post(f"/api/organizations/{bloc.vp.pk}/move/", body, format="json")
    assert moved.status_code == 200, moved.content
    assert Organization.objects.get(pk=bloc.vp.pk).parent == bloc.ubnd
    assert OrganizationMove.objects.get().record == "Biên bản bàn giao"
