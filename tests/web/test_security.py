"""Scope on every page, login throttling, optimistic locking, sensitive fields."""

from datetime import date

import pytest
from django.urls import reverse

from dangbo.core.models import AuditEvent, LoginFailure
from dangbo.members.models import EventKind, Member

pytestmark = pytest.mark.django_db


def test_secretary_refused_outside_their_cell(secretary_client, world):
    other = world.other.pk
    assert secretary_client.get(reverse("members:detail", args=[other])).status_code == 404
    assert secretary_client.get(reverse("members:edit", args=[other])).status_code == 404
    assert secretary_client.get(reverse("members:event", args=[other])).status_code == 404
    assert secretary_client.get(reverse("members:history", args=[other])).status_code == 404
    assert secretary_client.get(reverse("members:print", args=[other])).status_code == 404
    r = secretary_client.post(reverse("members:event", args=[other]),
                              {"kind": "death", "effective_date": "01/01/2024", "version": 1})
    assert r.status_code == 404
    assert not Member.objects.get(pk=other).events.filter(kind=EventKind.DEATH).exists()
    assert secretary_client.get(reverse("organizations:detail", args=[world.cell_b.pk])).status_code == 404
    # Own chi bộ: fine. The đảng bộ above: readable? No, a secretary only has their chi bộ.
    assert secretary_client.get(reverse("members:detail", args=[world.men.pk])).status_code == 200
    assert secretary_client.get(reverse("organizations:detail", args=[world.vp.pk])).status_code == 404
    # The list does not show the other chi bộ.
    body = secretary_client.get(reverse("members:list")).content.decode()
    assert "Nguyễn Văn Mến" in body and "Lê Văn Đức" not in body


def test_reader_gets_403_on_write_pages(client, world):
    from django.contrib.auth.models import User

    from dangbo.core.models import Role, RoleAssignment

    reader = User.objects.create_user("captren", password="x-123456789")
    RoleAssignment.objects.create(user=reader, role=Role.READER, organization=world.vp)
    client.force_login(reader)
    assert client.get(reverse("members:detail", args=[world.other.pk])).status_code == 200
    r = client.get(reverse("members:edit", args=[world.other.pk]))
    assert r.status_code == 403 and "không có quyền" in r.content.decode()
    assert client.get(reverse("members:event", args=[world.other.pk])).status_code == 403
    assert client.get(reverse("organizations:rename", args=[world.cell_b.pk])).status_code == 403
    assert client.get(reverse("members:admit")).status_code == 403


def _login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_login_and_logout(client, world):
    r = _login(client, "vanphong", "matkhau-dung-123")
    assert r.status_code == 302 and r["Location"] == reverse("home")
    assert client.get(reverse("logout")).status_code == 405  # logout is POST only
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("home")).status_code == 302


def test_login_throttled_per_username(client, world, settings):
    settings.LOGIN_MAX_FAILURES = 3
    for _ in range(3):
        r = _login(client, "vanphong", "sai")
        assert r.status_code == 200 and "không đúng" in r.content.decode()
    r = _login(client, "vanphong", "matkhau-dung-123")  # even the right password is refused now
    body = r.content.decode()
    assert r.status_code == 200
    assert "Đăng nhập sai quá nhiều lần; vui lòng thử lại sau 15 phút." in body
    assert "_auth_user_id" not in client.session


def test_login_throttled_per_address(client, world, settings):
    """An address past its limit is slowed, never locked: an office behind one address can still log in."""
    from datetime import timedelta

    from django.utils import timezone

    settings.LOGIN_ADDRESS_MAX_FAILURES = 3
    for name in ("a1", "a2", "a3"):
        _login(client, name, "sai")
    r = _login(client, "bithu", "matkhau-dung-123")
    assert "vui lòng đợi" in r.content.decode() and "_auth_user_id" not in client.session
    LoginFailure.objects.update(at=timezone.now() - timedelta(seconds=settings.LOGIN_ADDRESS_INTERVAL_SECONDS))
    r = _login(client, "bithu", "matkhau-dung-123")
    assert r.status_code == 302


def test_lockout_expires_and_success_clears(client, world, settings):
    from datetime import timedelta

    from django.utils import timezone

    settings.LOGIN_MAX_FAILURES = 3
    for _ in range(3):
        _login(client, "vanphong", "sai")
    LoginFailure.objects.update(at=timezone.now() - timedelta(seconds=settings.LOGIN_LOCKOUT_SECONDS + 1))
    _login(client, "vanphong", "sai")
    r = _login(client, "vanphong", "matkhau-dung-123")
    assert r.status_code == 302
    assert not LoginFailure.objects.filter(username="vanphong").exists()


def _dossier_post(member, **changes):
    data = {
        "full_name": member.full_name, "birth_date": member.birth_date.strftime("%d/%m/%Y"),
        "gender": member.gender, "ethnicity": member.ethnicity, "religion": member.religion,
        "hometown": member.hometown, "residence": member.residence, "citizen_id": member.citizen_id or "",
        "card_number": member.card_number or "", "workplace": member.workplace, "job_title": member.job_title,
        "education": member.education, "qualification": member.qualification,
        "political_theory": member.political_theory, "phone": member.phone, "email": member.email,
        "admission_decision_number": member.admission_decision_number, "version": member.version,
    }
    data.update(changes)
    return data


def test_edit_saves_with_dates_in_vietnamese_format(office_client, world):
    m = Member.objects.get(pk=world.men.pk)
    r = office_client.post(reverse("members:edit", args=[m.pk]),
                           _dossier_post(m, birth_date="02/05/1970", phone="0912345678"))
    assert r.status_code == 302
    m.refresh_from_db()
    assert m.birth_date == date(1970, 5, 2) and m.phone == "0912345678"


def test_conflict_keeps_input(office_client, world):
    m = Member.objects.get(pk=world.men.pk)
    stale = _dossier_post(m, phone="0900000001", workplace="Sở Tài chính")
    # Someone else saves first.
    from dangbo.members.actions import update_dossier

    update_dossier(None, m, {"phone": "0988888888"}, version=m.version)
    r = office_client.post(reverse("members:edit", args=[m.pk]), stale)
    body = r.content.decode()
    assert r.status_code == 200
    assert "vừa được người khác cập nhật" in body
    assert 'value="Sở Tài chính"' in body and 'value="0900000001"' in body  # the user's input is kept
    assert "0988888888" in body  # and the other person's version is shown
    m.refresh_from_db()
    assert m.phone == "0988888888"  # nothing of the stale save was written
    # Saving again (the form now carries the current version) goes through.
    again = dict(stale, version=m.version)
    assert office_client.post(reverse("members:edit", args=[m.pk]), again).status_code == 302


def test_event_errors_next_to_fields_and_nothing_written(office_client, world):
    m = world.men
    before = m.events.count()
    r = office_client.post(reverse("members:event", args=[m.pk]),
                           {"kind": "transfer", "effective_date": "01/06/2020", "version": m.version,
                            "to_organization": world.cell_a.pk})
    body = r.content.decode()
    assert r.status_code == 200 and "trùng với nơi đảng viên đang sinh hoạt" in body
    assert "invalid-feedback" in body
    assert m.events.count() == before


def test_record_transfer_and_see_history(office_client, world):
    m = world.men
    r = office_client.post(reverse("members:event", args=[m.pk]),
                           {"kind": "transfer", "effective_date": "01/06/2020", "version": m.version,
                            "to_organization": world.cell_b.pk, "decision_number": "45-QĐ/ĐU"})
    assert r.status_code == 302
    m.refresh_from_db()
    assert m.organization_id == world.cell_b.pk
    body = office_client.get(reverse("members:history", args=[m.pk])).content.decode()
    assert "Chuyển sinh hoạt đảng chính thức" in body and "vanphong" in body


def test_admit_form(office_client, world):
    r = office_client.post(reverse("members:admit"), {
        "organization": world.cell_b.pk, "decision_number": "30-QĐ/ĐU", "decision_date": "10/03/2024",
        "issuer": "Đảng ủy", "ceremony_date": "02/04/2024", "full_name": "Phạm Thị Lan",
        "birth_date": "04/05/1995", "gender": "F", "ethnicity": "Kinh", "education": "12/12",
        "citizen_id": "001095000099"})
    assert r.status_code == 302, r.content.decode()[:2000]
    m = Member.objects.get(full_name="Phạm Thị Lan")
    assert m.official_date == date(2025, 4, 2) and m.organization_id == world.cell_b.pk


def test_admit_under_18_refused(office_client, world):
    r = office_client.post(reverse("members:admit"), {
        "organization": world.cell_b.pk, "decision_date": "10/03/2024", "full_name": "Phạm Văn Trẻ",
        "birth_date": "04/05/2010", "gender": "M", "ethnicity": "Kinh", "education": "9/12"})
    assert r.status_code == 200
    assert not Member.objects.filter(full_name="Phạm Văn Trẻ").exists()
    assert "invalid-feedback" in r.content.decode() or "alert-danger" in r.content.decode()


def test_sensitive_fields_hidden_for_secretary(secretary_client, world):
    body = secretary_client.get(reverse("members:detail", args=[world.men.pk])).content.decode()
    assert "001070000001" not in body and "Phật giáo" not in body
    assert "Ẩn (không đủ quyền)" in body
    assert not AuditEvent.objects.filter(action="member.view_sensitive").exists()
    edit = secretary_client.get(reverse("members:edit", args=[world.men.pk])).content.decode()
    assert "001070000001" not in edit and 'name="citizen_id"' not in edit


def test_sensitive_fields_shown_and_logged_for_office(office_client, world):
    for n in (1, 2):
        body = office_client.get(reverse("members:detail", args=[world.men.pk])).content.decode()
        assert "001070000001" in body and "Phật giáo" in body
        logged = AuditEvent.objects.filter(action="member.view_sensitive", object_id=str(world.men.pk))
        assert logged.count() == n
        assert logged.last().username == "vanphong"
    office_client.get(reverse("members:print", args=[world.men.pk]))
    assert AuditEvent.objects.filter(action="member.view_sensitive").count() == 3


def test_audit_log_scoped(secretary_client, world):
    body = secretary_client.get(reverse("core:audit")).content.decode()
    assert "Nguyễn Văn Mến" in body
    assert "Lê Văn Đức" not in body


def test_org_rename_and_found(office_client, world):
    org = world.cell_b
    r = office_client.post(reverse("organizations:rename", args=[org.pk]),
                           {"name": "Chi bộ Phòng Kinh tế – Ngành", "effective_date": "01/01/2025",
                            "version": org.version})
    assert r.status_code == 302
    org.refresh_from_db()
    assert org.name == "Chi bộ Phòng Kinh tế – Ngành"
    r = office_client.post(reverse("organizations:found", args=[world.vp.pk]),
                           {"code": "CBC", "name": "Chi bộ Phòng Nội chính", "kind": "cell",
                            "founded_on": "01/02/2025"})
    assert r.status_code == 302
    r = office_client.post(reverse("organizations:found", args=[world.vp.pk]),
                           {"code": "CBC", "name": "Chi bộ trùng mã", "kind": "cell"})
    assert r.status_code == 200 and "đã được dùng" in r.content.decode()


def test_merge_moves_members(office_client, world):
    r = office_client.post(reverse("organizations:merge", args=[world.cell_a.pk]),
                           {"sources": [world.cell_b.pk], "effective_date": "01/03/2025",
                            "decision_number": "12-QĐ/ĐU"})
    assert r.status_code == 302, r.content.decode()[:3000]
    assert Member.objects.get(pk=world.other.pk).organization_id == world.cell_a.pk
    world.cell_b.refresh_from_db()
    assert world.cell_b.status == "merged"


def test_dissolve_refused_with_members(office_client, world):
    r = office_client.post(reverse("organizations:dissolve", args=[world.cell_b.pk]),
                           {"effective_date": "01/03/2025"})
    assert r.status_code == 200 and "còn đảng viên" in r.content.decode()
