"""What import-linter (scripts/test) cannot see: no module uses another module's private names (`_x`)."""

import ast
from pathlib import Path

import dangbo

ROOT = Path(dangbo.__file__).parent
KNOWN: set[tuple[str, str]] = set()  # none left: exchange's shared row helpers are public in exchange/pipeline


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def private_uses(source: str, rel: str) -> set[tuple[str, str]]:
    """(rel, name) for each `from m import _x` and each `m._x` on an imported module `m`."""
    tree = ast.parse(source)
    found, modules = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            for alias in node.names:
                if _private(alias.name):
                    found.add((rel, alias.name))
                else:
                    modules.add(alias.asname or alias.name)
        elif isinstance(node, ast.Import):
            modules.update((alias.asname or alias.name).split(".")[0] for alias in node.names)
    for node in ast.walk(tree):
        if (isinstance(node, ast.Attribute) and _private(node.attr) and node.attr != "_meta"
                and isinstance(node.value, ast.Name) and node.value.id in modules):
            found.add((rel, node.attr))
    return found


def test_the_scan_sees_both_forms():
    source = "from dangbo.core import actions\nfrom dangbo.core.audit import _digest\nactions._x()\nself._y()\n"
    assert private_uses(source, "m.py") == {("m.py", "_digest"), ("m.py", "_x")}


def test_no_module_uses_another_modules_private_names():
    found = set()
    for path in ROOT.rglob("*.py"):
        if "migrations" not in path.parts:
            found |= private_uses(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT.parent)))
    assert sorted(found - KNOWN) == []
