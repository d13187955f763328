"""Creating user accounts with a role on the tree (used by `dangbo createuser` and the demo)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.db import transaction

from dangbo.core import audit
from dangbo.core.actions import fail
from dangbo.core.models import Role, RoleAssignment
from dangbo.organizations.models import Organization

ROLE_NEEDS_ORG = {Role.OFFICE, Role.SECRETARY, Role.READER}


@transaction.atomic
def create_user(
    username: str,
    role: str,
    *,
    org_code: str | None = None,
    password: str | None = None,
    full_name: str = "",
    email: str = "",
    member=None,
    validate: bool = True,
    password_hash=None,
):
    """One user with one role. Errors are ValidationErrors with Vietnamese messages naming the field."""
    User = get_user_model()
    username = (username or "").strip()
    if not username:
        fail("username", "Chưa nhập tên đăng nhập.")
    if User.objects.filter(username=username).exists():
        fail("username", f"Tên đăng nhập «{username}» đã có.")
    try:
        role = Role(role)
    except ValueError:
        fail("role", f"Vai trò «{role}» không có; chọn một trong: {', '.join(Role.values)}.")
    org = None
    if org_code:
        org = Organization.objects.filter(code=org_code).first()
        if org is None:
            fail("org", f"Không có tổ chức đảng mã «{org_code}».")
    if role in ROLE_NEEDS_ORG and org is None:
        fail("org", f"Vai trò {role.label.lower()} cần chọn tổ chức đảng (--org MÃ).")
    if role == Role.SECRETARY and org is not None and not org.is_cell:
        fail(
            "org", f"Bí thư chi bộ phải gắn với một chi bộ; «{org.name}» là {org.get_kind_display().lower()}."
        )
    if role == Role.MEMBER and member is None and org is None:
        pass  # a member account may be linked to its Member record later
    if password_hash is None:
        if not password:
            fail("password", "Chưa nhập mật khẩu.")
        if validate:
            from django.core.exceptions import ValidationError

            try:
                validate_password(password)
            except ValidationError as e:
                fail("password", "Mật khẩu chưa đạt: " + " ".join(e.messages))
    first, _, last = full_name.rpartition(" ")
    user = User(
        username=username,
        email=email,
        first_name=first,
        last_name=last,
        is_staff=role == Role.ADMIN,
        is_superuser=role == Role.ADMIN,
    )
    if password_hash is not None:
        user.password = password_hash
    else:
        user.set_password(password)
    user.save()
    RoleAssignment.objects.create(user=user, role=role, organization=None if role == Role.ADMIN else org)
    audit.record(
        "user.create",
        obj=user,
        org_path=org.path if org else "",
        summary=f"Tạo tài khoản {username} ({role.label}{' – ' + org.name if org else ''})",
        data={"username": username, "role": role.value, "org": org.code if org else None},
    )
    if member is not None:
        from dangbo.members.actions import link_user

        link_user(None, member, user)
    return user
