"""Who may see and change which part of the tree (ARCHITECTURE.md decision 7).

Every queryset a view, API endpoint, export, report or history page uses goes through `scope_for(user)`.
A role on an organisation covers its whole subtree: paths are materialised, so a subtree is a prefix.
The path lists are this module's business: other code asks `scope.require(action, target)`, the predicates, or
`Model.objects.scoped(scope, action)` (tests/test_scope_policy.py keeps it so). A denial is always `ScopeDenied`,
answered 403 on pages (templates/403.html shows its message), in the API (core.api) and in the CLI.
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .i18n import formatted
from .models import SENSITIVE_ROLES, WRITE_ROLES, Role

READ, WRITE = "read", "write"
ACTIONS = (READ, WRITE)


class ScopeDenied(PermissionDenied):
    """The one exception for "outside your scope": a 403 with its Vietnamese message everywhere."""

    def __init__(self, message: str = _("Bạn không có quyền thực hiện thao tác này.")):
        super().__init__(message)


def path_of(target) -> str:
    """The organisation path of a path string, an organisation (`path`) or a row that carries `org_path`."""
    if isinstance(target, str):
        return target
    path = getattr(target, "org_path", None)
    if path is None:
        path = target.path
    return path


@dataclass
class Scope:
    is_admin: bool = False
    read_paths: list[str] = field(default_factory=list)
    write_paths: list[str] = field(default_factory=list)
    sensitive_paths: list[str] = field(default_factory=list)
    own_member_id: int | None = None
    # The user's role assignments as `scope_for` read them (with each organisation and its parent), for the page's
    # account menu and print head: not part of what the scope allows, so outside its repr (a cache key) and equality.
    roles: list = field(default_factory=list, repr=False, compare=False)

    @property
    def is_empty(self) -> bool:
        return not (self.is_admin or self.read_paths or self.own_member_id)

    def paths_read(self) -> list[str] | None:
        """The subtrees this scope reads (None: the whole register), for figures kept by region (core/cached.py)."""
        return None if self.is_admin else list(self.read_paths) or None

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

    def can(self, action: str, target=None) -> bool:
        """`action` ("read" | "write") on `target` (a path, an organisation or a row with org_path); without a
        target: on some organisation at all (the page that lists or adds such rows)."""
        if action not in ACTIONS:
            raise ValueError(f"unknown scope action {action!r}")
        if target is None:
            return self.is_admin or bool(self.read_paths if action == READ else self.write_paths)
        path = path_of(target)
        return self.can_read_path(path) if action == READ else self.can_write_path(path)

    def require(self, action: str, target=None, message: str | None = None):
        """Raise ScopeDenied unless the scope allows `action` on `target` (see `can`)."""
        if not self.can(action, target):
            raise ScopeDenied(message or _denied(action, target))

    # -- what callers need from the path lists, without reading them ---------------------------------
    @property
    def can_read_any(self) -> bool:
        return self.can(READ)

    @property
    def can_write_any(self) -> bool:
        return self.can(WRITE)

    @property
    def can_see_any_sensitive(self) -> bool:
        return self.is_admin or bool(self.sensitive_paths)

    @staticmethod
    def _tops(paths: list[str]) -> list[str]:
        paths = sorted(set(paths))
        return [p for p in paths if not any(p != q and p.startswith(q) for q in paths)]

    def top_organizations(self) -> list:
        """The organisations at the top of what this scope reads, in path order, from the roles as loaded (no query);
        empty for the administrator (the whole tree) or a scope built without them."""
        tops, seen = set(self.read_roots()), {}
        for ra in self.roles:
            if ra.organization is not None and ra.organization.path in tops:
                seen.setdefault(ra.organization.path, ra.organization)
        return [seen[p] for p in sorted(seen)]

    def top_organization(self):
        """The first of `top_organizations` (None if none)."""
        return next(iter(self.top_organizations()), None)

    def read_roots(self) -> list[str]:
        """The highest paths this scope reads (each role's subtree once); empty for the admin, who reads all."""
        return self._tops(self.read_paths)

    def write_roots(self) -> list[str]:
        return self._tops(self.write_paths)

    def sensitive_prefixes(self) -> tuple[str, ...]:
        """For `path.startswith(...)` in a loop over many rows (an export); the admin sees every row anyway."""
        return tuple(self.sensitive_paths)

    def reads_inside(self, path: str) -> bool:
        """The scope reads `path` or some part of its subtree (a secretary inside the đảng bộ's review)."""
        return self.can_read_path(path) or any(p.startswith(path) for p in self.read_paths)

    def path_q(self, field_name: str, action: str = READ, *, with_ancestors: bool = False) -> Q:
        """The rows whose `field_name` lies in the scope (not for the admin: no filter needed);
        `with_ancestors` also matches rows of the organisations above each role (their review covers it)."""
        paths = self.read_paths if action == READ else self.write_paths
        q = self._prefix_q(field_name, paths)
        if with_ancestors:
            for p in paths:
                q |= Q(**{f"{field_name}__in": [p[:i] for i in range(4, len(p) + 1, 4)]})
        return q

    def sensitive_q(self, field_name: str = "org_path") -> Q:
        return Q() if self.is_admin else self._prefix_q(field_name, self.sensitive_paths)

    def restrict(self, qs, action: str = READ, field_name: str = "org_path"):
        """`qs` cut to the rows whose `field_name` path the scope may `action` (ScopedQuerySet.scoped).
        Reading matches like `by_org_path` (rows kept under a moved subtree's old path too), so a caller
        moving from `by_org_path` to `.scoped()` loses no row."""
        if action not in ACTIONS:
            raise ValueError(f"unknown scope action {action!r}")
        if self.is_admin:
            return qs
        if action == READ:
            return self.by_org_path(qs, field_name)
        return qs.filter(self.path_q(field_name, action))

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
        return qs.filter(self._prefix_q(field_name, self.read_paths + self._read_paths_moved_from()))

    def _read_paths_moved_from(self) -> list[str]:
        # A scope lives for one request (scope_for keeps it on the user): the moves are read once in it, not once
        # per history list of the page.
        if "_moved_from" not in self.__dict__:
            self.__dict__["_moved_from"] = moved_from(self.read_paths)
        return self.__dict__["_moved_from"]

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
        """CCCD and religion: office staff of the member's subtree, the administrator, and the member themself
        (issue 17: a member sees their own record whole)."""
        if self.own_member_id is not None and member.pk == self.own_member_id:
            return True
        return self.can_see_sensitive_path(member.organization.path)

    def require_write_path(self, path: str, what: str = _("tổ chức này")):
        self.require(WRITE, path, formatted(_("Bạn không có quyền thay đổi dữ liệu của %(what)s."), what=what))


def _denied(action: str, target) -> str:
    name = getattr(target, "name", None) or getattr(getattr(target, "organization", None), "name", None)
    if name:
        message = (_("Bạn không có quyền xem dữ liệu của «%(name)s».") if action == READ
                   else _("Bạn không có quyền thay đổi dữ liệu của «%(name)s»."))
        return formatted(message, name=name)
    if target is not None:
        return (_("Bạn không có quyền xem dữ liệu này.") if action == READ
                else _("Bạn không có quyền thay đổi dữ liệu này."))
    return _("Bạn không có quyền xem dữ liệu.") if action == READ else _("Bạn không có quyền thay đổi dữ liệu.")


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
    scope.roles = list(user.roles.select_related("organization", "organization__parent").order_by("id"))
    for ra in scope.roles:
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
    # The id alone: building the user's member record (forty columns) on every request cost more than the query.
    scope.own_member_id = _own_member_id(user)
    user._dangbo_scope = scope
    return scope


def _own_member_id(user) -> int | None:
    members = getattr(user._meta.model, "member", None)  # the reverse one-to-one from members.Member.user
    if members is None:
        return None
    return members.related.related_model._default_manager.filter(user_id=user.pk).values_list("pk", flat=True).first()


def require(actor, action: str, target=None, message: str | None = None):
    """The check every action starts with; `actor` None is a system job (demo loader, seed, restore)."""
    if actor is not None:
        scope_for(actor).require(action, target, message)
