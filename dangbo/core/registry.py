"""One registry of the apps: each dangbo app's AppConfig says how it plugs in.

config/urls.py mounts `urls`, config/api_urls.py calls each `api` module's `register(router)`, the `dangbo`
command calls each `cli` module's `register(sub, ctx)`, the audit log labels and filters by `audit_types`, and
tests/test_scope_routes.py loads each `scope_plugin` (tests/<name>/scope.py), the menu bar shows each `nav`
entry, "việc cần làm" calls each `due_work` module and the demo each `demo` loader. Adding an app touches no
shared file but this one: its AppConfig subclasses DangboApp and its name goes into `APP_LAYERS` below, from
which config/settings.py builds INSTALLED_APPS and import-linter the layers contract. Subclass it as
`registry.DangboApp`: Django picks the one AppConfig class found in apps.py, so DangboApp must not be there.

An app declares only what differs from the conventions: `name` is the package holding apps.py, `label` its last
part (Django's default), `url_prefix` mounts the app's `urls` module, and an `api`, `cli`, `due_work` or
`member_record` module (or package) of the app is plugged in when it exists.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib.util import find_spec

from django.apps import AppConfig, apps
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext

# The dangbo apps, lowest layer first. Apps on one line form one layer: each may import the lines above it,
# never a line below nor an app of its own line (pyproject.toml's layers contract reads this list through
# tests/importlinter_registry.py). A name without a dot is `dangbo.<name>`. INSTALLED_APPS is this order.
APP_LAYERS: tuple[tuple[str, ...], ...] = (
    ("core",),
    ("organizations",),
    ("members",),
    ("exchange",),
    ("evaluations", "congresses", "dues", "admission", "inspection", "dossier"),  # the term workflows
    ("resolutions", "recognition", "documents", "quality"),  # the year-end apps; quality reads the register
    ("reports",),
)
# Installed apps outside the layers (two-factor sits beside core: core's token login asks it for the code).
OTHER_APPS: tuple[str, ...] = ("twofactor",)


def app_module(name: str) -> str:
    return name if "." in name else f"dangbo.{name}"


def installed_apps() -> list[str]:
    """The dangbo part of INSTALLED_APPS, in layer order."""
    return [app_module(n) for layer in APP_LAYERS for n in layer] + [app_module(n) for n in OTHER_APPS]


def import_layers() -> list[str]:
    """The layers of the apps for import-linter, highest first ("dangbo.a | dangbo.b")."""
    return [" | ".join(app_module(n) for n in layer) for layer in reversed(APP_LAYERS)]


@dataclass(frozen=True)
class Nav:
    """One entry of the menu bar, declared by an app in `DangboApp.nav`."""

    label: str
    url: str  # URL name ("members:list")
    order: int  # place in the bar, or in its drop-down menu
    menu: str = ""  # key of a NavMenu (declared by some app's `nav_menus`) holding it; "" = the bar itself
    # "readers": users who read some organisation; "writers": who write some; "own": members who read only their
    # own record; "admins": administrators only.
    audience: str = "readers"
    # View names ("members:detail") or namespaces ("organizations:") that light it; default: the url's namespace.
    # A view named exactly by another visible entry lights only that one.
    active: tuple[str, ...] = ()
    arg: str = ""  # attribute of the user's Scope passed to the url ("own_member_id")

    def lit_by(self) -> tuple[str, ...]:
        return self.active or (self.url.split(":")[0] + ":",)


@dataclass(frozen=True)
class NavMenu:
    """A drop-down of the menu bar; its entries name it in `Nav.menu`."""

    label: str
    url: str  # where the title leads without script
    order: int


class DangboApp(AppConfig):
    """Base of every dangbo app's AppConfig: the conventions above, anything else declared."""

    # Where the app's own `urls` module is mounted ("danh-gia/"); None: only what `urls` lists.
    url_prefix: str | None = None
    # (url prefix, urls module): mounted by config/urls.py in INSTALLED_APPS order, after `url_prefix`'s.
    urls: tuple[tuple[str, str], ...] = ()
    # Module with `register(router) -> list[path]`: resources under the one /api/ router. Default: `<app>.api`
    # when it exists.
    api: str = ""
    # Module with `register(sub, ctx)`: sub-commands of `dangbo` (imported before any model is used). Default:
    # `<app>.cli` when it exists.
    cli: str = ""
    # Audit action code -> Vietnamese label shown on the audit log and offered by its filter.
    audit_types: dict[str, str] = {}
    # Name of the tests package whose scope.py fills this app's routes in the scope proof.
    scope_plugin: str = ""
    # Modules (in the app) holding its registered actions (dangbo.core.actions.audited_action).
    action_modules: tuple[str, ...] = ("actions",)
    # Module with `due_items(scope, today, org_path) -> list[members.queries.DueItem]`: findings the app adds
    # to the "việc đến hạn" list (members.queries.due_work), scoped by the app itself. Default: `<app>.due_work`
    # when it exists.
    due_work: str = ""
    # Module with `transfer_blocks(member) -> list[str]`: why a member may not be transferred now (Vietnamese),
    # asked by the register's transfer actions (members.actions.record_event) without importing the app.
    transfer_guard: str = ""
    # Entries of the menu bar (Nav) and drop-down menus (key -> NavMenu) the app brings.
    nav: tuple[Nav, ...] = ()
    nav_menus: dict[str, NavMenu] = {}
    # Dotted path of a callable `load(today)` that puts the app's demo records in (dangbo demo), in layer order
    # after the register, the congresses and the accounts.
    demo: str = ""
    # The same, run after the demo's 2025 reorganisation (records that must see the new tree, e.g. a document
    # issued in late 2025 freezes its heading).
    demo_after_reorganization: str = ""
    # Module with `record_sections(member) -> list[{"title", "headers", "rows", "empty"}]`: what the member's
    # printed record (members:print) shows from this app, e.g. the ratings by year (issue 17). Default:
    # `<app>.member_record` when it exists.
    member_record: str = ""

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        # Django reads `name` from the class before making the config, so the default is set here.
        if "name" not in cls.__dict__ and cls.__module__.endswith(".apps"):
            cls.name = cls.__module__.removesuffix(".apps")

    def __init__(self, app_name, app_module):
        super().__init__(app_name, app_module)
        if self.url_prefix is not None:
            self.urls = ((self.url_prefix, f"{self.name}.urls"), *self.urls)
        for hook in ("api", "cli", "due_work", "member_record"):
            setattr(self, hook, getattr(self, hook) or self._own_module(hook))

    def _own_module(self, module: str) -> str:
        full = f"{self.name}.{module}"
        return full if find_spec(full) is not None else ""

    def get_audit_types(self) -> dict[str, str]:
        """Override to derive labels from models (called once the app registry is ready)."""
        return dict(self.audit_types)


def dangbo_apps() -> list[DangboApp]:
    return [a for a in apps.get_app_configs() if isinstance(a, DangboApp)]


def url_mounts() -> list[tuple[str, str]]:
    return [mount for a in dangbo_apps() for mount in a.urls]


def api_modules() -> list[str]:
    return [a.api for a in dangbo_apps() if a.api]


def cli_modules() -> list[str]:
    return [a.cli for a in dangbo_apps() if a.cli]


def action_modules() -> list[str]:
    """Where each app's registered actions live (its `action_modules` that exist)."""
    names = [f"{a.name}.{m}" for a in dangbo_apps() for m in a.action_modules]
    return [n for n in names if find_spec(n) is not None]


def due_work_modules() -> list[str]:
    return [a.due_work for a in dangbo_apps() if a.due_work]


def transfer_guard_modules() -> list[str]:
    return [a.transfer_guard for a in dangbo_apps() if a.transfer_guard]


def demo_loaders(after_reorganization: bool = False) -> list[tuple[str, str]]:
    """(the app's Vietnamese name, dotted path of its demo loader), those run before or after the 2025 move."""
    attr = "demo_after_reorganization" if after_reorganization else "demo"
    return [(str(a.verbose_name), getattr(a, attr)) for a in dangbo_apps() if getattr(a, attr)]


def nav_entries() -> list[Nav]:
    return [n for a in dangbo_apps() for n in a.nav]


def nav_menus() -> dict[str, NavMenu]:
    return {k: m for a in dangbo_apps() for k, m in a.nav_menus.items()}
def member_record_modules() -> list[str]:
    return [a.member_record for a in dangbo_apps() if a.member_record]


def scope_plugins() -> list[str]:
    return list(dict.fromkeys(a.scope_plugin for a in dangbo_apps() if a.scope_plugin))


_audit_types: dict[str, str] | None = None


def audit_types() -> dict[str, str]:
    """Every declared audit action code with its label; a code declared by two apps is a configuration error."""
    global _audit_types
    if _audit_types is None:
        merged: dict[str, str] = {}
        owner: dict[str, str] = {}
        for a in dangbo_apps():
            for code, label in a.get_audit_types().items():
                if code in merged:
                    raise ImproperlyConfigured(f"audit type {code!r} declared by {owner[code]} and {a.label}")
                merged[code], owner[code] = label, a.label
        _audit_types = merged
    return _audit_types


def audit_type_groups() -> list[tuple[str, list[tuple[str, str]]]]:
    """(app name, [(code, label)]) for a grouped choice list."""
    audit_types()  # raises on a duplicate
    return [(str(a.verbose_name), [(code, gettext(label)) for code, label in a.get_audit_types().items()])
            for a in dangbo_apps() if a.get_audit_types()]


def audit_label(code: str) -> str:
    """The label of an audit action in the user's language (declared in Vietnamese with gettext_noop, translated
    here); an unknown code (an old row) is shown as stored."""
    label = audit_types().get(code)
    return gettext(label) if label else code
