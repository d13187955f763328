"""The set-based generation (INSERT ... SELECT for the percentage categories) writes exactly the rows the rules
in Python write: every field of every obligation, across the change of regime, for every rounding setting, with
base changes, rounding, reliefs, voluntary amounts, members close to 50 years of party age, closed months and
members the SQL must leave to Python."""

from datetime import date

import pytest

from dangbo.dues import actions, setgen
from dangbo.dues.models import DuesObligation
from dangbo.rules.dues import round_amount
from dangbo.rules.dues_params import BHXH, DEFAULT_SETTINGS, PENSIONER

pytestmark = pytest.mark.django_db
FIELDS = ("member_id", "organization_id", "org_path", "month", "amount", "regime", "category", "rule_key", "rule",
          "base", "exempt", "unconfirmed", "problem", "reason")
MONTHS = [date(2025, 12, 1), date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1)]


@pytest.fixture
def crowd(tree, make_member):
    m = []

    def add(org, profiles, **kw):
        member = make_member(org, f"Đảng viên Số {len(m) + 1}", **kw)
        for from_month, category, base, extra in profiles:
            actions.set_profile(None, member, from_month=from_month, category=category, base=base, **extra)
        m.append(member)
        return member

    y25, feb, mar = date(2025, 1, 1), date(2026, 2, 1), date(2026, 3, 1)
    add(tree.a, [(y25, "bhxh", 8_000_000, {})])
    add(tree.a, [(y25, "bhxh", 8_000_000, {}), (feb, "bhxh", 9_123_457, {})])  # rounding; base change
    add(tree.a, [(y25, "bhxh", 7_654_321, {}), (mar, "student", None, {})])  # later row without a base
    add(tree.a, [(y25, "pensioner", 6_000_050, {})])
    add(tree.a, [(y25, "sick_leave", 5_432_199, {})])
    add(tree.a, [(y25, "bhxh", 0, {})])
    add(tree.a, [(y25, "student", None, {})])
    add(tree.a, [(y25, "bhxh", 8_000_000, {"voluntary_amount": 200_000})])
    add(tree.b, [(y25, "other", None, {"region": 1})])
    add(tree.b, [(y25, "pensioner", 4_500_001, {}), (feb, "bhxh", 12_000_000, {})])  # category change
    born = date(1950, 1, 1)
    add(tree.b, [(y25, "bhxh", 8_000_000, {})], decision_date=date(1976, 1, 15), birth_date=born)  # 50 y: 01/2026
    add(tree.b, [(y25, "bhxh", 8_000_000, {})], decision_date=date(1976, 3, 20), birth_date=born)  # 50 y: 03/2026
    add(tree.b, [(y25, "pensioner", 3_000_000, {})], decision_date=date(1960, 1, 1), birth_date=date(1935, 1, 1))
    add(tree.b, [(y25, "bhxh", 999_999_999_999, {})])  # a base with four dot groups
    add(tree.b, [])  # no profile at all
    add(tree.b, [(feb, "bhxh", 8_000_000, {})])  # base from February: none for January's 01 base
    reduced = add(tree.b, [(y25, "bhxh", 8_000_000, {})])
    actions.grant_relief(None, reduced, kind="reduce", percent=50, start=feb, end=mar, document="QĐ 5-QĐ/ĐU")
    return m


def rows(month):
    return sorted(DuesObligation.objects.filter(month=month).values_list(*FIELDS))


@pytest.mark.parametrize("rounding", ["dong", "dong_down", "hundred", "thousand"])
def test_set_based_equals_python(tree, crowd, users, settings, monkeypatch, rounding):
    settings.DANGBO_DUES = {"rounding": rounding}
    handled = []
    real = setgen.insert
    monkeypatch.setattr(setgen, "insert", lambda *a: handled.append(real(*a)) or handled[-1])
    # Chi bộ B has closed January: its rows stay as they were, in both paths.
    actions.generate_month(users.office, tree.root, date(2026, 1, 1), set_based=False)
    actions.close_month(users.office, tree.b, date(2026, 1, 1))
    DuesObligation.objects.filter(month=date(2026, 1, 1), organization=tree.a).update(reason="Ốm dài ngày")
    for month in MONTHS:
        python = actions.generate_month(users.office, tree.root, month, set_based=False)
        expected = rows(month)
        assert expected, "the crowd has obligations"
        set_based = actions.generate_month(users.office, tree.root, month)
        assert rows(month) == expected
        assert (set_based.count, set_based.total, set_based.problems) == (python.count, python.total,
                                                                          python.problems)
    assert all(h for h in handled), "the SQL path wrote rows every month"
    assert sum(len(h) for h in handled) >= 4 * 6


def test_template_follows_the_rules():
    feb = setgen.template(BHXH, date(2026, 2, 1), DEFAULT_SETTINGS)
    assert feb.base_month == date(2026, 1, 1) and feb.regime == "01" and feb.rate == 1 / setgen.Fraction(100)
    jan = setgen.template(PENSIONER, date(2026, 1, 1), DEFAULT_SETTINGS)
    assert jan.base_month == date(2026, 1, 1) and jan.regime == "342" and jan.rate == setgen.Fraction(1, 200)
    assert setgen.template("student", date(2026, 2, 1), DEFAULT_SETTINGS) is None
    for rounding in setgen.UNITS:
        for rate in (setgen.Fraction(1, 100), setgen.Fraction(1, 200)):
            for base in (0, 5, 50, 99, 100, 150, 999, 1_000, 49_999, 50_000, 123_456_789, 10**14 + 7):
                assert setgen.sql_amount(base, rate, rounding) == round_amount(base * rate, rounding)
