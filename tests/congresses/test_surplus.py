"""One copy of the surplus of an election: the rules package computes it, every other place asks it."""

import re
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from dangbo.congresses import actions, counting, documents
from dangbo.rules import elections as rules

from .conftest import NAMES
from .test_documents import _text

pytestmark = pytest.mark.django_db

DANGBO = Path(__file__).resolve().parents[2] / "dangbo"
# A count of names compared with the seats, or the surplus bodies spelled out again.
RECOMPUTED = re.compile(r"(len\([^)]*\)|\.count\(\)|\|length)\s*[<>]=?\s*[\w.]*seats\b"
                        r"|seats\s*[<>]=?\s*(len\(|[\w.]*count\(\))|SURPLUS_BODIES\s+or\b")


def test_no_place_outside_the_rules_recomputes_the_surplus():
    found = [f"{p.relative_to(DANGBO)}:{n}: {line.strip()}"
             for p in sorted(DANGBO.rglob("*")) if p.suffix in (".py", ".html") and "migrations" not in p.parts
             and not (p.parent == DANGBO / "rules" and p.stem.startswith("election"))  # the rules themselves
             for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if RECOMPUTED.search(line)]
    assert found == []


@pytest.mark.parametrize("names", [1, 2])
def test_every_place_agrees_with_the_rules(congress, counters, names):
    """A list of exactly the seats has đồng ý columns, one more name makes it a list to strike out: the model,
    the counting engine, the page, the ballot document and the entry of ballots all say the same."""
    e = actions.create_election(counters.one, congress, body="chi_uy", seats=1, candidates="\n".join(NAMES[:names]))
    expected = rules.with_surplus(names, 1)
    assert expected is (names > 1)
    assert e.with_surplus is expected
    assert counting.engine_election(e).with_surplus is expected
    client = Client()
    client.force_login(counters.one)
    assert client.get(f"/dai-hoi/bau-cu/{e.pk}/").context["with_surplus"] is expected
    assert ("Không đồng ý" not in _text(documents.ballot_docx(e))) is expected
    first = e.candidates.order_by("pk").first().pk
    if expected:  # a list to strike out takes the names kept, not a đồng ý column
        with pytest.raises(ValidationError):
            actions.ballot_reading(e, kept=None, agree=[first], disagree=None, issued_by_board=True, invalid_reason="")
    else:  # a list without surplus: the names kept are its đồng ý column
        reading = actions.ballot_reading(e, kept=[first], agree=None, disagree=None, issued_by_board=True,
                                   invalid_reason="")
        assert reading["agree"] == [first] and reading["kept"] is None
