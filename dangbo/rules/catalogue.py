"""The rules dangbo applies, as a Markdown document (docs/rules.md is this output, checked by a test)."""

from . import (  # noqa: F401  (importing registers their rules)
    badges,
    calendar,
    documents,
    elections,
    meetings,
    membership,
    ratings,
    reorganization,
    targets,
    text,
)
from .sources import CONFIDENCE_LABELS, all_rules
from .text import format_date


def rules_markdown() -> str:
    lines = [
        "# Rules dangbo applies",
        "",
        "Generated from the registry in `dangbo/rules` (`uv run python -m dangbo.rules.catalogue`); a test",
        "keeps this file equal to the code. Every rule names its document, clause, period and confidence.",
        "An UNCONFIRMED rule is a parameter with a default, never a silent constant; the research behind",
        "them is `../shared/domain/rules.md`.",
        "",
        "| key | document | clause | valid | confidence |",
        "|---|---|---|---|---|",
    ]
    for key, s in all_rules():
        start = format_date(s.valid_from) if s.valid_from else "…"
        end = format_date(s.valid_to) if s.valid_to else "…"
        period = f"{start} – {end}"
        clause = s.clause.replace("|", "\\|")
        if s.note:
            clause += f" <br>*{s.note.replace('|', '/')}*"
        doc = f"[{s.document}]({s.url})" if s.url else s.document
        lines.append(f"| `{key}` | {doc} | {clause} | {period} | {CONFIDENCE_LABELS[s.confidence]} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(rules_markdown(), end="")
