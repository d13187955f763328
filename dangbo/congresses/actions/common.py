"""What the congress actions share: the scope checks (a writer of the congress's, election's or meeting's
organisation) and the person recorded on rows."""

from __future__ import annotations

from dangbo.core.actions import writes


def person(actor):
    """The user to store on a row (None for a system job)."""
    return actor if getattr(actor, "pk", None) else None


def _denied(what: str = "tổ chức này") -> str:
    return f"Bạn không có quyền thay đổi dữ liệu của {what}."


IN_ORGANIZATION = writes(lambda organization, **_: organization.path,
                         lambda organization, **_: _denied(f"«{organization.name}»"))
ON_CONGRESS = writes(lambda c, **_: c.org_path, _denied())
ON_CONGRESS_NAMED = writes(lambda c, **_: c.org_path, lambda c, **_: _denied(f"«{c.organization.name}»"))
ON_ELECTION = writes(lambda e, **_: e.org_path, _denied())
ON_MEETING = writes(lambda m, **_: m.org_path, _denied())
ON_PLAN = writes(lambda plan, **_: plan.org_path, _denied())
