from django.urls import reverse
from django.utils.translation import gettext

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
    view = match.view_name if match else ""
    entries = [n for n in registry.nav_entries() if n.audience in audiences]
    claimed = {v for n in entries for v in n.active if not v.endswith(":")}
    menus = registry.nav_menus()
    bar: dict[str, dict] = {}
    for n in sorted(entries, key=lambda n: n.order):
        lit = _lit(n, view, claimed)
        if n.audience == "writers" and not can_write:
            if n.menu in bar and lit:
                bar[n.menu]["active"] = True
            continue
        href = reverse(n.url, args=[getattr(scope, n.arg)] if n.arg else None)
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
