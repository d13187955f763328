import ast
import subprocess
import sys
import unicodedata
from datetime import date
from pathlib import Path

import pytest

import dangbo.rules
from dangbo.rules import badges, calendar, membership
from dangbo.rules.sources import CONFIDENCE_LEVELS, CONFIRMED, REGISTRY, Source, all_rules, register

PACKAGE = Path(dangbo.rules.__file__).parent


def test_registry_is_populated_and_sorted():
    keys = [k for k, _ in all_rules()]
    assert keys == sorted(keys) and len(keys) >= 25
    for prefix in ("text.", "lunar.", "calendar.", "membership.", "badges."):
        assert any(k.startswith(prefix) for k in keys)


@pytest.mark.parametrize("key", sorted(REGISTRY))
def test_every_source_is_complete(key):
    s = REGISTRY[key]
    assert s.confidence in CONFIDENCE_LEVELS
    assert s.document and s.clause
    for text in (s.document, s.clause, s.note):
        assert unicodedata.is_normalized("NFC", text)
    if s.confidence != CONFIRMED:
        assert s.note or "mặc định" in s.document.lower() or "giả định" in s.document.lower() or s.url


def test_unconfirmed_rules_are_parameters():
    assert REGISTRY["calendar.working_day_definition"].confidence != CONFIRMED
    assert REGISTRY["calendar.national_day_extra_default"].confidence != CONFIRMED
    assert REGISTRY["badges.reference_date"].confidence != CONFIRMED
    assert calendar.WorkingCalendar.source is REGISTRY["calendar.working_day_definition"]
    assert membership.official_date.source.confidence == CONFIRMED
    assert badges.due_milestone.source.confidence != CONFIRMED


def test_register_conflict():
    s = Source("X", "Y", None, None, CONFIRMED)
    assert register("test.dummy", s) is s
    assert register("test.dummy", Source("X", "Y", None, None, CONFIRMED)) == s
    with pytest.raises(ValueError):
        register("test.dummy", Source("X", "Z", None, None, CONFIRMED))
    del REGISTRY["test.dummy"]
    with pytest.raises(ValueError):
        Source("X", "Y", None, None, "maybe")
    with pytest.raises(ValueError):
        Source("X", "Y", date(2020, 1, 1), date(2019, 1, 1), CONFIRMED)
    assert Source("X", "Y", date(2020, 1, 1), None, CONFIRMED).is_valid_on(date(2030, 1, 1))


def test_package_imports_only_the_standard_library():
    allowed = set(sys.stdlib_module_names)
    for path in PACKAGE.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module]
            else:
                continue
            for name in names:
                assert name.split(".")[0] in allowed | {"__future__"}, f"{path.name} imports {name}"


def test_import_does_not_load_django():
    code = "import sys, dangbo.rules; print('django' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_source_files_are_nfc():
    for path in PACKAGE.glob("*.py"):
        assert unicodedata.is_normalized("NFC", path.read_text(encoding="utf-8")), path.name


def test_setting_rows_give_each_setting_its_registered_source():
    from dangbo.rules.admission import DEFAULT_SETTINGS as admission
    from dangbo.rules.discipline import DEFAULT_SETTINGS as discipline
    from dangbo.rules.sources import REGISTRY, setting_rows

    for settings in (admission, discipline):
        rows = setting_rows(settings.rows())
        assert len(rows) == len(settings.rows()) > 0
        for (label, value, key), row in zip(settings.rows(), rows, strict=True):
            src = REGISTRY[key]
            assert row == {"label": label, "value": value, "document": src.document, "clause": src.clause,
                           "confirmed": src.confirmed}
    assert any(not r["confirmed"] for r in setting_rows(discipline.rows()))


def test_a_document_states_title_and_period_once_for_each_rule_read_from_it():
    from dangbo.rules.discipline import QD296
    from dangbo.rules.sources import SOFTWARE_DEFAULT, UNCONFIRMED, Document

    doc = Document("Văn bản thử", date(2020, 1, 1), date(2020, 12, 31))
    src = doc.rule("test.document_rule", clause="Điều 1", confidence=CONFIRMED, note="n", url="u")
    assert REGISTRY["test.document_rule"] is src
    assert src == Source("Văn bản thử", "Điều 1", date(2020, 1, 1), date(2020, 12, 31), CONFIRMED, "n", "u")
    assert doc.rule("test.document_rule", clause="Điều 1", confidence=CONFIRMED, note="n", url="u") == src
    with pytest.raises(ValueError):
        doc.rule("test.document_rule", clause="Điều 2", confidence=CONFIRMED)
    del REGISTRY["test.document_rule"]
    # Every rule registered from QĐ 296 carries its title and date; the software's own defaults have no period.
    from_296 = [s for s in REGISTRY.values() if s.document == QD296.title]
    assert len(from_296) >= 5 and {(s.valid_from, s.valid_to) for s in from_296} == {(date(2025, 5, 30), None)}
    defaults = [s for s in REGISTRY.values() if s.document == SOFTWARE_DEFAULT.title]
    assert defaults and all(s.valid_from is None and s.confidence == UNCONFIRMED for s in defaults)
