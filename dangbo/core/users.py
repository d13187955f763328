"""User accounts and their roles, changed only through these actions so each change is one audit event.

Used by `dangbo createuser`, the demo loader (dangbo.demo.users) and any page that grants roles; the Django
admin shows role assignments read-only. `actor=None` is a system job; a person must be an administrator.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

from . import audit
from .actions import audited_action, fail
from .i18n import joined, later, lowered
from .models import Role, RoleAssignment
from .scopes import scope_for

ROLE_NEEDS_ORG = {Role.OFFICE, Role.SECRETARY, Role.READER}


def _admin_only(refusal: str):
    """The scope check of these actions: accounts and roles are the administrator's (or a system job's)."""
    def check(actor, **arguments):
        if actor is not None and not scope_for(actor).is_admin:
            raise PermissionDenied(refusal)
    return check


def _checked_role(role, organization) -> Role:
    """The role, refused with a Vietnamese message when it does not fit the organisation."""
    try:
        role = Role(role)
    except ValueError:
        fail("role", _("Vai trò «%(role)s» không có; chọn một trong: %(roles)s."), role=role,
             roles=", ".join(Role.values))
    if role in ROLE_NEEDS_ORG and organization is None:
        fail("org", _("Vai trò %(role)s cần chọn tổ chức đảng (--org MÃ)."), role=lowered(role.label))
    if role == Role.SECRETARY and organization is not None and not organization.is_cell:
        fail("org", _("Bí thư chi bộ phải gắn với một chi bộ; «%(org)s» là %(kind)s."), org=organization.name,
             kind=lowered(later(organization.get_kind_display)))
    return role


def _where(role: Role, organization) -> str:
    return f"{role.label}{' – ' + organization.name if organization is not None and role != Role.ADMIN else ''}"


@audited_action("user.create", scope=_admin_only(_("Chỉ quản trị hệ thống được tạo tài khoản.")))
def create_user(actor, *, username: str, role: str, organization=None, password: str | None = None,
                full_name: str = "", email: str = "", validate: bool = True, password_hash: str | None = None):
    """One user with one role, one audit event. Errors are ValidationErrors naming the field."""
    User = get_user_model()
    username = (username or "").strip()
    if not username:
        fail("username", _("Chưa nhập tên đăng nhập."))
    if User.objects.filter(username=username).exists():
        fail("username", _("Tên đăng nhập «%(username)s» đã có."), username=username)
    role = _checked_role(role, organization)
    if password_hash is None:
        if not password:
            fail("password", _("Chưa nhập mật khẩu."))
        if validate:
            try:
                validate_password(password)
            except ValidationError as e:
                fail("password", _("Mật khẩu chưa đạt: %(why)s"), why=joined(e, " "))
    first, _space, last = (full_name or "").rpartition(" ")
    user = User(username=username, email=email, first_name=first, last_name=last,
                is_staff=role == Role.ADMIN, is_superuser=role == Role.ADMIN)
    if password_hash is not None:
        user.password = password_hash
    else:
        user.set_password(password)
    user.save()
    org = None if role == Role.ADMIN else organization
    RoleAssignment.objects.create(user=user, role=role, organization=org)
    audit.record("user.create", actor=actor, obj=user, org_path=org.path if org else "",
                 summary=f"Tạo tài khoản {username} ({_where(role, org)})",
                 data={"username": username, "role": role.value, "org": org.code if org else None})
    return user


@audited_action("user.role_grant", scope=_admin_only(_("Chỉ quản trị hệ thống được giao vai trò.")))
def grant_role(actor, user, role: str, organization=None) -> RoleAssignment:
    """Give `user` a role on `organization` (its whole subtree), one audit event."""
    role = _checked_role(role, organization)
    org = None if role == Role.ADMIN else organization
    if RoleAssignment.objects.filter(user=user, role=role, organization=org).exists():
        fail("role", _("Tài khoản %(username)s đã có vai trò %(role)s."), username=user.username,
             role=lowered(later(lambda: _where(role, org))))
    assignment = RoleAssignment.objects.create(user=user, role=role, organization=org)
    if role == Role.ADMIN and not (user.is_staff and user.is_superuser):
        user.is_staff = user.is_superuser = True
        user.save(update_fields=["is_staff", "is_superuser"])
    audit.record("user.role_grant", actor=actor, obj=assignment, org_path=org.path if org else "",
                 summary=f"Giao vai trò {_where(role, org)} cho tài khoản {user.username}",
                 data={"username": user.username, "role": role.value, "org": org.code if org else None})
    return assignment


@audited_action("user.role_revoke", scope=_admin_only(_("Chỉ quản trị hệ thống được thu hồi vai trò.")))
def revoke_role(actor, assignment: RoleAssignment) -> None:
    """Take a role away, one audit event; an administrator losing the role loses the Django admin too."""
    user, role, org = assignment.user, Role(assignment.role), assignment.organization
    pk = assignment.pk
    assignment.delete()
    if role == Role.ADMIN and not RoleAssignment.objects.filter(user=user, role=Role.ADMIN).exists():
        user.is_staff = user.is_superuser = False
        user.save(update_fields=["is_staff", "is_superuser"])
    audit.record("user.role_revoke", actor=actor, object_type="core.roleassignment", object_id=pk,
                 org_path=org.path if org else "",
                 summary=f"Thu hồi vai trò {_where(role, org)} của tài khoản {user.username}",
                 data={"username": user.username, "role": role.value, "org": org.code if org else None})
