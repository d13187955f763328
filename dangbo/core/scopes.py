"""Who may see and change which part of the tree (ARCHITECTURE.md decision 7).

Every queryset a view, API endpoint, export, report or history page uses goes through `scope_for(user)`.
A role on an organisation covers its whole subtree: paths are materialised, so a subtree is a prefix.
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Q

from .models import SENSITIVE_ROLES, WRITE_ROLES, Role


@dataclass
class Scope:
    is_admin: bool = False
    read_paths: list[str] = field(default_factory=list)
    write_paths: list[str] = field(default_factory=list)
    sensitive_paths: list[str] = field(default_factory=list)
    own_member_id: int | None = None

    @property
    def is_empty(self) -> bool:
        return not (self.is_admin or self.read_paths or self.own_member_id)

    # -- predicates on one organisation path --------------------------------------------------------
    @staticmethod
    def _covers(paths: list[str], path: str) -> bool:
        return any(path.startswith(p) for p in paths)

    def can_read_path(self, path: str) -> bool:
        return self.is_admin or self._covers(self.read_paths, path)

    def can_write_path(self, path: str) -> bool:
        return self.is_admin or self._covers(self.write_paths, path)

    def can_see_sensitive_path(self, path: str) -> bool:
        return self.is_admin or self._covers(self.sensitive_paths, path)

    # -- queryset filters ---------------------------------------------------------------------------
    @staticmethod
    def _prefix_q(field_name: str, paths: list[str]) -> Q:
        q = Q(pk__in=[])
        for p in paths:
            q |= Q(**{f"{field_name}__startswith": p})
        return q

    def organizations(self, qs):
        if self.is_admin:
            return qs
        return qs.filter(self._prefix_q("path", self.read_paths))

    def writable_organizations(self, qs):
        if self.is_admin:
            return qs
        return qs.filter(self._prefix_q("path", self.write_paths))

    def members(self, qs):
        """Members whose home organisation is in scope, those temporarily hosted there, and oneself."""
        if self.is_admin:
            return qs
        q = self._prefix_q("org_path", self.read_paths) | self._prefix_q("host_path", self.read_paths)
        if self.own_member_id:
            q |= Q(pk=self.own_member_id)
        return qs.filter(q)

    def by_org_path(self, qs, field_name: str = "org_path"):
        """For rows that carry an organisation path (audit events, history).

        Audit events keep the path their organisation had when they were written (the path is hashed), so a
        subtree that has moved into this scope is also matched under its old paths (core.PathMove).
        """
        if self.is_admin:
            return qs
        return qs.filter(self._prefix_q(field_name, self.read_paths + moved_from(self.read_paths)))

    def can_read_member(self, member) -> bool:
        if self.is_admin or member.pk == self.own_member_id:
            return True
        paths = [member.organization.path]
        if member.host_organization_id:
            paths.append(member.host_organization.path)
        return any(self.can_read_path(p) for p in paths)

    def can_write_member(self, member) -> bool:
        return self.can_write_path(member.organization.path)

    def can_see_sensitive(self, member) -> bool:
        return self.can_see_sensitive_path(member.organization.path)

    def require_write_path(self, path: str, what: str = "tổ chức này"):
        if not self.can_write_path(path):
            raise PermissionDenied(f"Bạn không có quyền thay đổi dữ liệu của {what}.")


def moved_from(paths: list[str]) -> list[str]:
    """The old path prefixes of every subtree that now lies within (or contains) one of `paths`.

    A path the scope covers that sits inside a moved subtree maps back to the matching old path; moves are
    followed backwards until no more apply (a subtree moved twice).
    """
    from .models import PathMove

    moves = list(PathMove.objects.values_list("old_path", "new_path"))
    if not moves:
        return []
    found: set[str] = set()
    frontier = list(paths)
    while frontier:
        path = frontier.pop()
        for old, new in moves:
            if new.startswith(path):  # the whole moved subtree is inside the scope
                candidate = old
            elif path.startswith(new):  # the scope is a part of the moved subtree
                candidate = old + path[len(new):]
            else:
                continue
            if candidate not in found:
                found.add(candidate)
                frontier.append(candidate)
    return sorted(found)


def scope_for(user) -> Scope:
    if user is None or not user.is_authenticated:
        return Scope()
    cached = getattr(user, "_dangbo_scope", None)
    if cached is not None:
        return cached
    scope = Scope(is_admin=user.is_superuser)
    for ra in user.roles.select_related("organization"):
        if ra.role == Role.ADMIN:
            scope.is_admin = True
            continue
        if ra.role == Role.MEMBER:
            continue
        if ra.organization is None:
            continue
        path = ra.organization.path
        scope.read_paths.append(path)
        if ra.role in WRITE_ROLES:
            scope.write_paths.append(path)
        if ra.role in SENSITIVE_ROLES:
            scope.sensitive_paths.append(path)
    member = getattr(user, "member", None) if hasattr(user, "member") else None
    if member is not None:
        scope.own_member_id = member.pk
    user._dangbo_scope = scope
    return scope
