"""Issue 17, third bullet and the API docs: each test failed before its fix."""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from dangbo.core.models import Role, RoleAssignment


def test_a_member_sees_their_own_cccd_and_religion(client, world):
    client.force_login(world.member_user)
    body = client.get(reverse("members:detail", args=[world.men.pk])).content.decode()
    assert "001070000001" in body and "Phật giáo" in body
    assert "Ẩn (không đủ quyền)" not in body
    printed = client.get(reverse("members:print", args=[world.men.pk])).content.decode()
    assert "001070000001" in printed


def test_a_secretary_still_does_not_see_a_members_cccd(secretary_client, world):
    body = secretary_client.get(reverse("members:detail", args=[world.men.pk])).content.decode()
    assert "001070000001" not in body and "Ẩn (không đủ quyền)" in body


def _label_classes(body: str, field: str) -> str:
    start = body.index(f'for="id_{field}"')
    tag = body.rfind("<label", 0, start)
    return body[tag:start]


def test_event_form_marks_the_fields_its_kinds_require(office_client, world):
    body = office_client.get(reverse("members:event", args=[world.men.pk])).content.decode()
    for field in ("kind", "effective_date", "to_organization", "end_date", "external_place"):
        assert "required" in _label_classes(body, field), field
    for field in ("decision_number", "issuer", "note"):
        assert "required" not in _label_classes(body, field), field


def test_own_chi_bo_is_not_offered_as_transfer_destination(office_client, world):
    body = office_client.get(reverse("members:event", args=[world.men.pk])).content.decode()
    select = body.split('name="to_organization"')[1].split("</select>")[0]
    assert f'value="{world.cell_b.pk}"' in select and f'value="{world.cell_a.pk}"' not in select


def test_upper_level_reader_home_shows_due_work_only_as_information(client, world):
    reader = User.objects.create_user("captren", password="matkhau-dung-123")
    RoleAssignment.objects.create(user=reader, role=Role.READER, organization=world.root)
    client.force_login(reader)
    body = client.get(reverse("home")).content.decode()
    assert 'id="due-watched"' in body and "để theo dõi" in body
    assert 'id="due-work"' not in body and "Việc cần làm" not in body.split('id="due-watched"')[1][:2000]
    watched = body.split('id="due-watched"')[1].split("</div>\n    </div>")[0]
    assert "<a " not in watched and "<button" not in watched


def test_office_home_still_lists_due_work_as_work(office_client, world):
    body = office_client.get(reverse("home")).content.decode()
    assert 'id="due-work"' in body and reverse("members:due") in body
    assert 'id="due-watched"' not in body


@pytest.mark.parametrize("path", ["/api/docs/"])
def test_api_docs_send_an_anonymous_visitor_to_log_in(client, db, path):
    r = client.get(path)
    assert r.status_code == 302
    assert r["Location"].startswith(reverse("login")) and "next=/api/docs/" in r["Location"]


def test_api_docs_open_after_login(office_client):
    r = office_client.get("/api/docs/")
    assert r.status_code == 200 and "/api/members/" in r.content.decode()


def test_office_sees_unconfirmed_dues_rules_in_their_words_with_the_value(office_client, world):
    body = office_client.get(reverse("dues:sheet"), {"to_chuc": world.cell_a.pk, "thang": "02/2026"}).content.decode()
    box = body.split('id="dues-unconfirmed"')[1].split("</details>")[0]
    assert "chưa có văn bản xác nhận" in box
    assert "đang áp dụng: <strong>làm tròn đến đồng" in box  # dues.rounding's setting, as applied
    assert "vùng I 5.310.000 đồng" in box  # the regional minimum wage setting
    assert "No text" not in box and "setting `" not in box and "rules.md" not in box  # developers' notes


def test_dues_setting_follows_the_deployment(office_client, world, settings):
    settings.DANGBO_DUES = {"rounding": "thousand"}
    body = office_client.get(reverse("dues:sheet"), {"to_chuc": world.cell_a.pk, "thang": "02/2026"}).content.decode()
    assert "đang áp dụng: <strong>làm tròn đến nghìn đồng" in body


def test_rating_regime_page_shows_no_developer_notes(office_client):
    page = office_client.get(reverse("evaluations:regime"), {"nam": 2024}).content.decode()
    assert "Chưa có văn bản xác nhận" in page and "rules.md" not in page
    assert "đang áp dụng theo thiết lập" in page
