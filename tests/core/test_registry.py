"""The app registry (dangbo.core.registry): every app plugs in through its AppConfig, and every audit type has a
Vietnamese label there."""

import ast
import importlib
import pkgutil
import unicodedata
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.test import override_settings
from django.urls import NoReverseMatch, URLResolver, clear_url_caches, get_resolver, reverse

import dangbo
from dangbo.core import registry
from dangbo.core.registry import DangboApp

ROOT = Path(dangbo.__file__).parent
# Mounted by config itself, not by an app.
CONFIG_INCLUDES = {"dangbo.config.api_urls", "django.conf.urls.i18n"}


def _dangbo_configs():
    return [a for a in apps.get_app_configs() if a.name.startswith("dangbo.")]


def _modules_of(app, predicate):
    package = importlib.import_module(app.name)
    return [f"{app.name}.{m.name}" for m in pkgutil.iter_modules(package.__path__) if predicate(m.name)]


def test_every_dangbo_app_is_registered():
    configs = _dangbo_configs()
    assert configs and all(isinstance(a, DangboApp) for a in configs), [a.name for a in configs]


def test_every_urls_api_and_cli_module_is_reached_through_the_registry():
    mounted = {module for _, module in registry.url_mounts()}
    for app in _dangbo_configs():
        for module in _modules_of(app, lambda n: n == "urls" or n.endswith("_urls")):
            assert module in mounted, f"{module} is not mounted: declare it in {app.name}.apps `urls`"
        for module in _modules_of(app, lambda n: n == "api"):
            assert module in registry.api_modules(), f"{module}: declare it in {app.name}.apps `api`"
        for module in _modules_of(app, lambda n: n == "cli"):
            assert module in registry.cli_modules(), f"{module}: declare it in {app.name}.apps `cli`"


def test_root_urlconf_mounts_nothing_by_hand():
    """Every include of the root URLconf comes from the registry, so the scope proof (which walks the
    resolver) reaches every app's routes."""
    mounted = {module for _, module in registry.url_mounts()}
    includes = {p.urlconf_name.__name__ for p in get_resolver().url_patterns
                if isinstance(p, URLResolver) and hasattr(p.urlconf_name, "__name__")}
    assert includes - CONFIG_INCLUDES <= mounted
    assert mounted <= includes
    assert settings.ROOT_URLCONF == "dangbo.config.urls"


def test_every_app_with_object_routes_has_a_scope_plugin():
    """Apps beyond the register (their routes take their own objects) tell the scope proof how to fill them."""
    from tests.test_scope_routes import PLUGINS

    names = {p.__name__ for p in PLUGINS}
    for app in registry.dangbo_apps():
        if app.scope_plugin:
            assert f"tests.{app.scope_plugin}.scope" in names
    workflow = {"evaluations", "congresses", "resolutions", "recognition", "documents", "reports"}
    assert workflow <= {a.label for a in registry.dangbo_apps() if a.scope_plugin}


# -- audit types -------------------------------------------------------------------------------------------
def _is_record(func) -> bool:
    return (isinstance(func, ast.Attribute) and func.attr == "record"
            and isinstance(func.value, ast.Name) and func.value.id == "audit")


def recorded_types() -> tuple[set[str], set[str]]:
    """(codes, f-string prefixes) of every `audit.record(...)` call in dangbo/, and of every helper that passes
    its own parameter on as the code (a helper such as `_log(code, ...)`)."""
    trees = [ast.parse(p.read_text(encoding="utf-8")) for p in ROOT.rglob("*.py") if "migrations" not in p.parts]
    wrappers = set()
    for tree in trees:
        for fn in ast.walk(tree):
            if isinstance(fn, ast.FunctionDef):
                params = {a.arg for a in fn.args.args + fn.args.kwonlyargs}
                if any(isinstance(c, ast.Call) and _is_record(c.func) and c.args
                       and isinstance(c.args[0], ast.Name) and c.args[0].id in params for c in ast.walk(fn)):
                    wrappers.add(fn.name)
    codes, prefixes = set(), set()
    for tree in trees:
        for c in ast.walk(tree):
            if not (isinstance(c, ast.Call) and (_is_record(c.func)
                                                 or isinstance(c.func, ast.Name) and c.func.id in wrappers)):
                continue
            first = c.args[0] if c.args else next((k.value for k in c.keywords if k.arg == "action"), None)
            if isinstance(first, ast.Constant):
                codes.add(first.value)
            elif isinstance(first, ast.JoinedStr):
                head = first.values[0]
                assert isinstance(head, ast.Constant), f"line {c.lineno}: an audit code must start with a literal"
                prefixes.add(head.value)
            else:
                assert isinstance(first, ast.Name), f"line {c.lineno}: audit code not found"
    return codes, prefixes


def test_the_scan_finds_the_calls():
    codes, prefixes = recorded_types()
    assert {"organization.found", "commendation.decide", "document.register", "rating.decide_orgs",
            "member.admit", "user.create"} <= codes
    assert "member." in prefixes


def test_every_recorded_audit_type_has_a_vietnamese_label():
    codes, prefixes = recorded_types()
    labels = registry.audit_types()
    assert sorted(codes - set(labels)) == []
    for code in codes:
        assert labels[code] and labels[code] != code and not labels[code].isascii(), code
    assert all(unicodedata.is_normalized("NFC", label) for label in labels.values())
    for prefix in prefixes:
        assert any(code.startswith(prefix) for code in labels), prefix


def test_every_member_event_kind_has_a_label():
    from dangbo.members.models import EventKind

    labels = registry.audit_types()
    for kind in EventKind:
        if kind != EventKind.ADMISSION:  # recorded as member.admit
            assert labels[f"member.{kind.value}"] == kind.label


def test_a_code_declared_twice_is_refused(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    core = apps.get_app_config("core")
    monkeypatch.setattr(registry, "_audit_types", None)
    monkeypatch.setattr(core, "audit_types", {**core.audit_types, "organization.found": "x"})
    with pytest.raises(ImproperlyConfigured, match="organization.found"):
        registry.audit_types()
    monkeypatch.setattr(registry, "_audit_types", None)


@pytest.mark.django_db
def test_audit_log_labels_and_filters_workflow_types(tree, users, client_as):
    """Defect 9 (issue 10): the audit log showed raw codes and could not filter by them."""
    from dangbo.core import audit

    with_label = {"commendation.decide": "Quyết định khen thưởng", "document.register": "Vào sổ văn bản",
                  "rating.decide_orgs": "Quyết định xếp loại tổ chức"}
    for code in with_label:
        audit.record(code, org_path=tree.a.path, summary=f"Sự kiện {code}")
    client = client_as(users.admin)
    page = client.get("/nhat-ky/").content.decode()
    for code, label in with_label.items():
        assert f"<td>{label}</td>" in page
        assert f"<td>{code}</td>" not in page
        assert f'value="{code}"' in page  # offered by the filter
        filtered = client.get("/nhat-ky/", {"hanh_dong": code}).content.decode()
        assert f"Sự kiện {code}" in filtered
        assert all(f"Sự kiện {other}" not in filtered for other in with_label if other != code)


def _reload_urls():
    import dangbo.config.api_urls
    import dangbo.config.urls

    importlib.reload(dangbo.config.api_urls)
    importlib.reload(dangbo.config.urls)
    clear_url_caches()


def test_a_new_app_plugs_in_through_its_appconfig_and_its_line_in_the_registry(monkeypatch, capsys, client_as):
    """tests/registry_app follows docs/architecture.md "Adding an app": its AppConfig and one line in
    registry.APP_LAYERS are all it takes for its pages, API, command, menu entry, audit labels, scope-proof plug-in
    and layer to appear; no other shared file names it."""
    from dangbo.cli import main
    from tests import importlinter_registry

    monkeypatch.setattr(registry, "APP_LAYERS", (*registry.APP_LAYERS, ("tests.registry_app",)))
    monkeypatch.setattr(registry, "_audit_types", None)
    assert registry.import_layers()[0] == "tests.registry_app"  # the layers contract puts it on top of the apps
    contract = importlinter_registry.RegistryLayersContract(
        "l", {}, {"layers": ["dangbo.cli", importlinter_registry.PLACEHOLDER, "dangbo.rules"]})
    assert [sorted(t.name for t in layer.module_tails) for layer in contract.layers][:3] == \
        [["dangbo.cli"], ["tests.registry_app"], ["dangbo.reports"]]
    others = [a for a in settings.INSTALLED_APPS if not a.startswith("dangbo.")]
    try:
        with override_settings(INSTALLED_APPS=[*others, *registry.installed_apps()]):
            _reload_urls()
            assert reverse("registry_probe:index") == "/tham-do/"
            assert reverse("api:probe") == "/api/probe/"
            assert registry.audit_label("probe.touch") == "Thao tác thử của ứng dụng mới"
            assert ("Ứng dụng thử đăng ký", [("probe.touch", "Thao tác thử của ứng dụng mới")]) in \
                registry.audit_type_groups()
            assert main(["probe"]) == 0 and capsys.readouterr().out == "probe\n"
            # The menu bar, between the entries ordered 50 and 60.
            page = client_as("office").get("/tham-do/").content.decode()
            assert page == "probe"
            bar = client_as("office").get("/dang-vien/").content.decode()
            assert bar.index("Đánh giá, xếp loại") < bar.index('href="/tham-do/">Trang thử') < \
                bar.index("Đại hội, sinh hoạt")
            # The scope proof (loaded now, as it is when the app is installed) walks its route and knows its argument.
            from tests import test_scope_routes as proof

            proof = importlib.reload(proof)
            assert "tests.registry_app.scope" in {p.__name__ for p in proof.PLUGINS}
            route = next(r for r in proof.all_routes() if r.name == "registry_probe:detail")
            assert proof.target_kind(route, "pk") == "probe"
    finally:
        registry._audit_types = None
        _reload_urls()
        importlib.reload(importlib.import_module("tests.test_scope_routes"))
    with pytest.raises(NoReverseMatch):
        reverse("registry_probe:index")
    assert "probe.touch" not in registry.audit_types()


def test_conventions_fill_what_an_app_does_not_declare():
    """name from the package of apps.py, label its last part, `url_prefix` mounts `<app>.urls`, and `api`/`cli`/
    `due_work`/`member_record` only where the module exists."""
    twofactor = apps.get_app_config("twofactor")
    assert (twofactor.name, twofactor.urls) == ("dangbo.twofactor", (("xac-thuc/", "dangbo.twofactor.urls"),))
    assert (twofactor.api, twofactor.cli) == ("", "dangbo.twofactor.cli")
    core = apps.get_app_config("core")
    assert (core.urls, core.api, core.cli) == ((("", "dangbo.core.urls"),), "dangbo.core.api", "")
    exchange = apps.get_app_config("exchange")
    assert exchange.cli == "dangbo.exchange.cli" and exchange.api == ""
    assert [m for _, m in exchange.urls] == ["dangbo.exchange.web.import_urls", "dangbo.exchange.web.export_urls"]
    assert (core.due_work, core.member_record) == ("", "")
    assert registry.due_work_modules() == [f"dangbo.{a}.due_work" for a in
                                           ("congresses", "dues", "admission", "inspection", "dossier")]
    assert registry.member_record_modules() == ["dangbo.evaluations.member_record", "dangbo.dossier.member_record"]


def test_shared_files_name_no_app():
    """Settings, the menu bar and the demo reach the apps through the registry (congresses' demo excepted: it must
    run before the accounts are made, the other apps' loaders after)."""
    settings_py = (ROOT / "config" / "settings.py").read_text()
    base_html = (ROOT / "templates" / "base.html").read_text()
    menu_bar = base_html[base_html.index('id="main-nav"'):base_html.index("</ul>", base_html.index('id="main-nav"'))]
    demo_py = (ROOT / "demo" / "__init__.py").read_text()
    assert {"dangbo.evaluations.demo.load_ratings_demo", "dangbo.admission.demo.load"} <= \
        {loader for _, loader in registry.demo_loaders()}
    for app in registry.dangbo_apps():
        assert f'"{app.name}"' not in settings_py, app.name
        assert f"{app.label}:" not in menu_bar, app.label
        if app.label != "congresses":
            assert f"{app.name}.demo" not in demo_py, app.name
