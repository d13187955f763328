"""Creating user accounts with a role on the tree (used by `dangbo createuser` and the demo).

The account and its role are written by the audited action dangbo.core.users.create_user; this adds the
lookup of the organisation by its code and the link to the member's record.
"""

from __future__ import annotations

from django.db import transaction

from dangbo.core import users
from dangbo.core.actions import fail
from dangbo.organizations.models import Organization


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
    actor=None,
):
    """One user with one role. Errors are ValidationErrors with Vietnamese messages naming the field."""
    org = None
    if org_code:
        org = Organization.objects.filter(code=org_code).first()
        if org is None:
            fail("org", f"Không có tổ chức đảng mã «{org_code}».")
    user = users.create_user(actor, username=username, role=role, organization=org, password=password,
                             full_name=full_name, email=email, validate=validate, password_hash=password_hash)
    if member is not None:
        from dangbo.members.actions import link_user

        link_user(actor, member, user)
    return user
