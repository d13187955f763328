import functools

from django.urls import get_script_prefix, reverse
from django.utils.translation import get_language, gettext

from . import registry
from .scopes import scope_for


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    scope = scope_for(user)
    can_write = scope.is_admin or bool(scope.write_paths)
    return {"scope": scope, "can_write": can_write, "nav": lambda: menu_bar(request, scope, can_write),
            "my_roles": scope.roles}  # the account menu's roles, as the scope read them: no query of its own


def _lit(entry: registry.Nav, view: str, claimed: set[str]) -> bool:
    if view in claimed:
        return view in entry.lit_by()
    return any(view == p or (p.endswith(":") and view.startswith(p)) for p in entry.lit_by())


def menu_bar(request, scope, can_write: bool) -> list[dict]:
    """The menu bar from the apps' `nav` entries (core.registry): entries and drop-downs in their order, each
    with its link and whether the page shown belongs to it."""
    if scope.can_read_any:
        audiences = {"readers", "writers", "admins"} if scope.is_admin else {"readers", "writers"}
    elif scope.own_member_id:
        audiences = {"own"}
    else:
        return []
    match = request.resolver_match
    entries = tuple(registry.nav_entries())
    args = tuple(sorted({n.arg: getattr(scope, n.arg) for n in entries if n.arg and n.audience in audiences}.items()))
    return _bar(entries, tuple(registry.nav_menus().items()), frozenset(audiences), can_write,
                match.view_name if match else "", get_language(), get_script_prefix(), args)


# The same bar for every page of a kind of user: built once per process for each (entries, audience, page, language,
# the links' arguments), not on every page (~1 ms of reverse() and gettext a page).
@functools.lru_cache(maxsize=2048)
def _bar(entries, menus, audiences, can_write, view, language, prefix, args) -> list[dict]:
    entries = [n for n in entries if n.audience in audiences]
    menus, args = dict(menus), dict(args)
    claimed = {v for n in entries for v in n.active if not v.endswith(":")}
    bar: dict[str, dict] = {}
    for n in sorted(entries, key=lambda n: n.order):
        lit = _lit(n, view, claimed)
        if n.audience == "writers" and not can_write:
            if n.menu in bar and lit:
                bar[n.menu]["active"] = True
            continue
        href = reverse(n.url, args=[args[n.arg]] if n.arg else None)
        if not n.menu:
            bar[f"entry:{n.url}:{n.label}"] = {"order": n.order, "label": gettext(n.label), "href": href,
                                             "active": lit}
            continue
        menu = menus[n.menu]
        item = bar.setdefault(n.menu, {"order": menu.order, "label": gettext(menu.label), "href": reverse(menu.url),
                                       "active": False, "children": []})
        item["children"].append({"label": gettext(n.label), "href": href})
        item["active"] = item["active"] or lit
    return sorted(bar.values(), key=lambda i: i["order"])
