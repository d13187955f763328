"""User accounts and roles change only through audited actions (dangbo.core.users); the admin shows roles read-only."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from dangbo.core import audit
from dangbo.core.models import AuditEvent, Role, RoleAssignment
from dangbo.core.users import create_user, grant_role, revoke_role

pytestmark = pytest.mark.django_db


def _events(action):
    return list(AuditEvent.objects.filter(action=action))


def test_create_user_writes_user_role_and_one_audit_event(tree, users):
    n = AuditEvent.objects.count()
    user = create_user(users.admin, username="bt-a", role="secretary", organization=tree.a,
                       password="Mat-khau-rat-dai-2026", full_name="Nguyễn Văn Bí")
    assert RoleAssignment.objects.filter(user=user, role=Role.SECRETARY, organization=tree.a).exists()
    assert AuditEvent.objects.count() == n + 1
    ev = AuditEvent.objects.order_by("-seq").first()
    assert (ev.action, ev.username, ev.org_path) == ("user.create", users.admin.username, tree.a.path)
    assert audit.verify_chain()[1] == []


def test_grant_and_revoke_are_each_one_audit_event(tree, users, make_user):
    user = make_user()
    a = grant_role(users.admin, user, "reader", tree.root)
    assert [e.data["role"] for e in _events("user.role_grant")] == ["reader"]
    assert _events("user.role_grant")[0].org_path == tree.root.path
    revoke_role(users.admin, a)
    assert not RoleAssignment.objects.filter(user=user).exists()
    assert [e.data["username"] for e in _events("user.role_revoke")] == [user.username]


def test_admin_role_grants_and_revokes_the_django_admin(users, make_user):
    user = make_user()
    a = grant_role(None, user, "admin")
    user.refresh_from_db()
    assert user.is_superuser and user.is_staff and a.organization is None
    revoke_role(None, a)
    user.refresh_from_db()
    assert not user.is_superuser and not user.is_staff


def test_only_an_administrator_grants_roles(tree, users, make_user):
    user = make_user()
    with pytest.raises(PermissionDenied):
        grant_role(users.office, user, "reader", tree.a)
    with pytest.raises(PermissionDenied):
        create_user(users.office, username="x", role="reader", organization=tree.a, password="Mat-khau-rat-dai-2026")
    assert _events("user.role_grant") == [] and _events("user.create") == []


@pytest.mark.parametrize("role, org, field", [
    ("secretary", "root", "org"),  # a secretary belongs to a chi bộ
    ("office", None, "org"),
    ("chief", "a", "role"),
])
def test_a_role_that_does_not_fit_is_refused_naming_the_field(tree, make_user, role, org, field):
    with pytest.raises(ValidationError) as e:
        grant_role(None, make_user(), role, getattr(tree, org) if org else None)
    assert field in e.value.message_dict


def test_a_role_held_already_is_refused(tree, users):
    with pytest.raises(ValidationError, match="đã có vai trò"):
        grant_role(None, users.reader, "reader", tree.root)


def test_role_assignments_are_read_only_in_the_django_admin(tree, users, client_as):
    users.admin.is_staff = users.admin.is_superuser = True  # as `dangbo createuser --role admin` makes them
    users.admin.save()
    client = client_as(users.admin)
    # The admin site needs a session verified by a second step (dangbo.twofactor).
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=users.admin, name="test", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    assert client.get("/quan-tri/core/roleassignment/").status_code == 200
    assert client.get("/quan-tri/core/roleassignment/add/").status_code == 403
    a = RoleAssignment.objects.get(user=users.reader)
    response = client.post(f"/quan-tri/core/roleassignment/{a.pk}/change/",
                           {"user": users.reader.pk, "role": "office", "organization": tree.root.pk})
    assert response.status_code == 403
    a.refresh_from_db()
    assert a.role == "reader"
    assert client.post(f"/quan-tri/core/roleassignment/{a.pk}/delete/", {"post": "yes"}).status_code == 403
    assert RoleAssignment.objects.filter(pk=a.pk).exists()
