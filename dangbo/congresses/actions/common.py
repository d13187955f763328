"""What the congress actions share: the scope checks (a writer of the congress's, election's or meeting's
organisation) and the person recorded on rows."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from dangbo.core.actions import writes


def person(actor):
    """The user to store on a row (None for a system job)."""
    return actor if getattr(actor, "pk", None) else None


def _denied(org=None) -> str:
    """The refusal of a writer outside the organisation, in the reader's language (the scope check runs before
    the action's body switches to Vietnamese)."""
    if org is None:
        return str(_("Bạn không có quyền thay đổi dữ liệu của tổ chức này."))
    return _("Bạn không có quyền thay đổi dữ liệu của «%(org)s».") % {"org": org.name}


def _denied_here(**arguments) -> str:
    return _denied()


IN_ORGANIZATION = writes(lambda organization, **_: organization.path,
                         lambda organization, **_: _denied(organization))
ON_CONGRESS = writes(lambda c, **_: c.org_path, _denied_here)
ON_CONGRESS_NAMED = writes(lambda c, **_: c.org_path, lambda c, **_: _denied(c.organization))
ON_ELECTION = writes(lambda e, **_: e.org_path, _denied_here)
ON_MEETING = writes(lambda m, **_: m.org_path, _denied_here)
ON_PLAN = writes(lambda plan, **_: plan.org_path, _denied_here)
