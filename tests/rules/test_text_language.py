"""A rule's text (rules.text.Text) is Vietnamese as a value and reads in the active language when shown."""

import json
import pickle
from datetime import date

import pytest

from dangbo.rules import text as rules_text
from dangbo.rules.dues import MonthStatus, unpaid_finding
from dangbo.rules.text import Text, text

ENGLISH = {"Tổng điểm %(score)s: mức cao nhất là '%(label)s'.": "Total score %(score)s: the highest is '%(label)s'.",
           "Mức giảm phải là 30%, 50% hoặc 70%.": "The reduction must be 30%, 50% or 70%."}


@pytest.fixture
def english(monkeypatch):
    monkeypatch.setattr(rules_text, "translate", lambda template: ENGLISH.get(template, template))


def test_without_a_translator_a_text_reads_vietnamese(monkeypatch):
    monkeypatch.setattr(rules_text, "translate", rules_text._identity)
    t = text("Tổng điểm %(score)s: mức cao nhất là '%(label)s'.", score=72, label="Hoàn thành tốt nhiệm vụ")
    assert str(t) == t == "Tổng điểm 72: mức cao nhất là 'Hoàn thành tốt nhiệm vụ'."
    assert str(text("Mức giảm phải là 30%, 50% hoặc 70%.")) == "Mức giảm phải là 30%, 50% hoặc 70%."


def test_shown_in_the_active_language_stored_in_vietnamese(english):
    t = text("Tổng điểm %(score)s: mức cao nhất là '%(label)s'.", score=72, label="X")
    assert str(t) == f"{t}" == "%s" % t == "Total score 72: the highest is 'X'."  # noqa: UP031 (a %-formatted message shows the text too)
    assert t.vietnamese == "Tổng điểm 72: mức cao nhất là 'X'." and type(t.vietnamese) is str
    assert t == "Tổng điểm 72: mức cao nhất là 'X'."  # the value is the Vietnamese text
    assert json.loads(json.dumps({"message": t})) == {"message": "Tổng điểm 72: mức cao nhất là 'X'."}
    again = pickle.loads(pickle.dumps(t))
    assert isinstance(again, Text) and again == t and str(again) == str(t)
    assert str(text("Mức giảm phải là 30%, 50% hoặc 70%.")) == "The reduction must be 30%, 50% or 70%."
    assert str(text("Không có bản dịch %(x)s.", x=1)) == "Không có bản dịch 1."  # no English: Vietnamese


def test_a_rule_finding_is_a_text(english):
    months = [MonthStatus(date(2026, m, 1), 30_000, 0) for m in (1, 2, 3)]
    f = unpaid_finding(2026, months)
    assert isinstance(f.message, Text)
    assert f.message.template.startswith("Không đóng đảng phí %(unpaid)s tháng trong năm %(year)s")
    assert f.message.startswith("Không đóng đảng phí 3 tháng trong năm 2026")


def test_a_text_inside_a_text_reads_in_the_same_language(english, monkeypatch):
    monkeypatch.setitem(ENGLISH, "đảng viên", "members")
    monkeypatch.setitem(ENGLISH, "Có %(n)s %(who)s.", "There are %(n)s %(who)s.")
    t = text("Có %(n)s %(who)s.", n=3, who=text("đảng viên"))
    assert str(t) == "There are 3 members." and t == t.vietnamese == "Có 3 đảng viên."


def test_capitalized_as_a_value_and_when_shown(monkeypatch):
    """Text.capitalize (a «chưa có dữ liệu …» opening a sentence): the value is str.capitalize of the Vietnamese,
    so a file built from it does not change; shown, the reader's language capitalised."""
    monkeypatch.setattr(rules_text, "translate", lambda template: {
        "chưa có dữ liệu đại hội năm %(year)s": "no congress data for %(year)s yet"}.get(template, template))
    t = text("chưa có dữ liệu đại hội năm %(year)s", year=2025).capitalize()
    assert t == "Chưa có dữ liệu đại hội năm 2025" and isinstance(t, Text)
    assert str(t) == "No congress data for 2025 yet"
    assert str(Text("%(text)s.", {"text": t})) == "No congress data for 2025 yet."
    assert Text("%(text)s.", {"text": t}) == "Chưa có dữ liệu đại hội năm 2025."
    again = pickle.loads(pickle.dumps(t))
    assert again == t and str(again) == str(t)
    monkeypatch.setattr(rules_text, "translate", rules_text._identity)
    assert str(t) == t
