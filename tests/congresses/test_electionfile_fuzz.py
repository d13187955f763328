"""Any election file answers with the count or with one Vietnamese line naming the field (issue 13 item 5):
never a traceback, never a value silently misread."""

import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from dangbo.congresses import electionfile

EXAMPLE = json.loads((Path(__file__).parents[2] / "docs" / "examples" / "election-chi-uy.json").read_text("utf-8"))
FIELDS = ["body", "seats", "date", "convened", "excluded", "present", "issued", "returned", "official_members",
          "round", "candidates", "ballots", "totals", "valid", "invalid", "alternate_seats", "chi_bo"]
BALLOT_FIELDS = ["kept", "agree", "disagree", "issued_by_board", "invalid_reason"]

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 40) | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=6) | st.sampled_from(["12", "false", "ba", "Nguyễn Văn An", "2025-05-20", "-1"]),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=4), inner, max_size=3),
    max_leaves=8)


def answer(data):
    try:
        parsed = electionfile.parse(data)
        electionfile.table(electionfile.result_data(parsed, electionfile.count(parsed)))
    except electionfile.ElectionFileError as exc:
        message = str(exc)
        assert "\n" not in message and (message.startswith("trường «") or message.startswith("tệp")), message
        return message
    return None


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(FIELDS), json_values)
def test_a_bad_value_in_any_field(field, value):
    answer(EXAMPLE | {field: value})


@settings(max_examples=300, deadline=None)
@given(st.integers(0, len(EXAMPLE["ballots"]) - 1), st.sampled_from(BALLOT_FIELDS), json_values)
def test_a_bad_value_on_a_ballot(i, field, value):
    ballots = [dict(b) for b in EXAMPLE["ballots"]]
    ballots[i][field] = value
    answer(EXAMPLE | {"ballots": ballots})


def test_a_quoted_boolean_is_refused_not_read_as_true():
    ballots = [dict(b) for b in EXAMPLE["ballots"]]
    ballots[-1]["issued_by_board"] = "false"
    assert "«issued_by_board»" in answer(EXAMPLE | {"ballots": ballots})


def test_a_count_longer_than_any_register_is_refused_by_its_field():
    """Found by the fuzzing above: a huge «convened» failed only when its percentage was printed."""
    for field in ("convened", "seats", "present", "issued"):
        message = answer(EXAMPLE | {field: 10**20})
        assert message.startswith(f"trường «{field}»: phải không quá 10.000.000"), message
