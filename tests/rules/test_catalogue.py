from pathlib import Path

from dangbo.rules.catalogue import rules_markdown


def test_docs_rules_md_is_generated_from_the_registry():
    doc = Path(__file__).resolve().parents[2] / "docs" / "rules.md"
    assert doc.read_text(encoding="utf-8") == rules_markdown(), \
        "docs/rules.md is stale: run `uv run python -m dangbo.rules.catalogue > docs/rules.md`"
