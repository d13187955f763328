"""Set-based generation of a month's obligations (issue 15, a million members in a minute on PostgreSQL): for the
categories whose amount is a percentage of a stored base (BHXH salary, sick/maternity allowance, pension), one
INSERT ... SELECT per category computes the amount, the rule text and the flags in SQL; every other member (no
profile, another category, a relief, a voluntary amount, close to 50 years of party age, a negative base) goes
through the rules in Python as before (actions.generate_month).

The SQL never restates a rule: each category's rate, base month, rule text, rule key and "unconfirmed" flags are
read from `rules.monthly_dues` on sample profiles, and a category whose sample does not have the expected shape
(or whose rounding the SQL cannot express) is left to the Python path. tests/dues/test_setgen.py proves both paths
write the same rows."""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from django.db import DatabaseError, connection

from dangbo.members.models import Member
from dangbo.rules import dues as rules
from dangbo.rules.dues_params import BHXH, PENSIONER, SICK_LEAVE, DuesSettings
from dangbo.rules.text import format_number

from .models import DuesObligation, DuesProfile, DuesRelief

CATEGORIES = (BHXH, SICK_LEAVE, PENSIONER)
UNITS = {"dong": 1, "dong_down": 1, "hundred": 100, "thousand": 1000}
EXACT_BASE = 10**9  # divisible by every rate and unit: the sample that shows the rate itself
PARTY_AGE_MARGIN_MONTHS = 598  # members admitted later cannot reach 50 years of party age this month or the next


@dataclass(frozen=True)
class Template:
    category: str
    rate: Fraction
    base_month: date
    regime: str
    rule_key: str
    prefix: str  # the rule text before "(<base> đồng)"
    unconfirmed_exact: bool
    unconfirmed_rounded: bool


def _sample(category: str, base: int, month: date, settings: DuesSettings):
    profile = rules.DuesProfile(category=category, bases=((date(1900, 1, 1), base),))
    return rules.monthly_dues(profile, month, settings)


def sql_amount(base: int, rate: Fraction, rounding: str) -> int:
    """The amount as the SQL computes it (integer arithmetic), to check the template against the rules."""
    unit, n, d = UNITS[rounding], rate.numerator, rate.denominator
    if rounding == "dong_down":
        return base * n // (d * unit) * unit
    return (2 * base * n + d * unit) // (2 * d * unit) * unit


def template(category: str, month: date, settings: DuesSettings) -> Template | None:
    """What the rules say for `category` in `month`, or None when the SQL path must not be used for it."""
    if settings.rounding not in UNITS:
        return None
    exact = _sample(category, EXACT_BASE, month, settings)
    if not exact.ok or exact.exempt or exact.base != EXACT_BASE or exact.base_month is None:
        return None
    rate = Fraction(exact.amount, EXACT_BASE)
    if rate <= 0:
        return None
    tail = f"({format_number(EXACT_BASE)} đồng)"
    if not exact.rule.endswith(tail):
        return None
    t = Template(category, rate, exact.base_month, exact.regime, exact.rule_key, exact.rule[:-len(tail)],
                 exact.unconfirmed, exact.unconfirmed)
    # Samples with and without rounding (and a small base) must agree with what the SQL will write.
    for base in (1_234_567, 4_999, 0, 8_000_000, 6_000_050):
        res = _sample(category, base, month, settings)
        exact_division = (base * rate.numerator) % (rate.denominator * UNITS[settings.rounding]) == 0
        if (not res.ok or res.exempt or res.amount != sql_amount(base, rate, settings.rounding)
                or res.rule != f"{t.prefix}({format_number(base)} đồng)" or res.rule_key != t.rule_key
                or res.base_month != t.base_month or res.regime != t.regime):
            return None
        if exact_division:
            if res.unconfirmed != t.unconfirmed_exact:
                return None
        else:
            t = Template(**{**t.__dict__, "unconfirmed_rounded": res.unconfirmed})
    return t


def _format_sql(col: str) -> str:
    """format_number in SQL for 0 <= value < 10**15: digits grouped by three with dots (SQLite and PostgreSQL)."""
    s = f"CAST({col} AS TEXT)"
    n = f"LENGTH({s})"
    parts = []
    for groups in range(5, 0, -1):  # a number of 3k+1 .. 3k+3 digits has k dots
        lo, hi = 3 * (groups - 1) + 1, 3 * groups
        pieces = [f"SUBSTR({s}, 1, {n} - {3 * (groups - 1)})"]
        for g in range(groups - 1, 0, -1):
            pieces.append(f"SUBSTR({s}, {n} - {3 * g - 1}, 3)")
        parts.append(f"WHEN {n} BETWEEN {lo} AND {hi} THEN " + " || '.' || ".join(pieces))
    return "CASE " + " ".join(parts) + " END"


def insert(month: date, members_sql: str, members_params, closed_org_ids, settings: DuesSettings) -> dict[int, int]:
    """Write the obligations of every member of the list (a subquery giving member_id, org_id, org_path) whose
    amount the SQL can compute; return their amounts by member id (the caller computes the rest in Python)."""
    done: dict[int, int] = {}
    unit = UNITS.get(settings.rounding)
    obligation, profile, relief, member = (DuesObligation._meta.db_table, DuesProfile._meta.db_table,
                                           DuesRelief._meta.db_table, Member._meta.db_table)
    qn = connection.ops.quote_name
    for category in CATEGORIES:
        t = template(category, month, settings)
        if t is None:
            continue
        n, d = t.rate.numerator, t.rate.denominator
        if settings.rounding == "dong_down":
            amount = f"(b.base * {n} / {d * unit}) * {unit}"
        else:
            amount = f"((2 * b.base * {n} + {d * unit}) / {2 * d * unit}) * {unit}"
        closed = ""
        if closed_org_ids:
            closed = f" AND l.org_id NOT IN ({', '.join(str(int(i)) for i in closed_org_ids)})"
        party_age = ""
        params: list = []
        if t.regime == "01":  # the 50-year exemption of QĐ 01: anyone near it goes through the rules
            party_age = " AND (m.admission_decision_date IS NULL OR m.admission_decision_date > %s)"
            params.append(rules.add_months(month, -PARTY_AGE_MARGIN_MONTHS))
        sql = f"""
            INSERT INTO {qn(obligation)} (member_id, organization_id, org_path, month, amount, regime, category,
                                          rule_key, rule, base, exempt, unconfirmed, problem, reason)
            SELECT l.member_id, l.org_id, l.org_path, %s, {amount}, CAST(%s AS TEXT), CAST(%s AS TEXT),
                   CAST(%s AS TEXT), CAST(%s AS TEXT) || {_format_sql('b.base')} || CAST(%s AS TEXT), b.base,
                   CAST(%s AS BOOLEAN),
                   CASE WHEN (b.base * {n}) %% {d * unit} = 0 THEN CAST(%s AS BOOLEAN) ELSE CAST(%s AS BOOLEAN) END,
                   '', ''
            FROM ({members_sql}) l
            JOIN {qn(profile)} cur ON cur.member_id = l.member_id AND cur.from_month <= %s AND NOT EXISTS (
                SELECT 1 FROM {qn(profile)} p WHERE p.member_id = cur.member_id AND p.from_month <= %s
                AND p.from_month > cur.from_month)
            JOIN {qn(profile)} b ON b.member_id = l.member_id AND b.base IS NOT NULL AND b.from_month <= %s
                AND NOT EXISTS (SELECT 1 FROM {qn(profile)} p WHERE p.member_id = b.member_id
                AND p.base IS NOT NULL AND p.from_month <= %s AND p.from_month > b.from_month)
            JOIN {qn(member)} m ON m.id = l.member_id
            WHERE cur.category = %s AND b.base IS NOT NULL AND b.base >= 0 AND b.base < 1000000000000000
              AND (cur.voluntary_amount IS NULL OR cur.voluntary_amount = 0)
              AND NOT EXISTS (SELECT 1 FROM {qn(relief)} r WHERE r.member_id = l.member_id){party_age}{closed}
            RETURNING member_id, amount"""
        values = [month, t.regime, category, t.rule_key, t.prefix + "(", " đồng)", False,
                  t.unconfirmed_exact, t.unconfirmed_rounded, *members_params, month, month, t.base_month,
                  t.base_month, category, *params]
        with connection.cursor() as cur:
            cur.execute(sql, values)
            done.update((r[0], r[1]) for r in cur.fetchall())
    return done


LISTED = "dues_gen_listed"


@contextmanager
def listed_table(listed):
    """The month's list (a members_as_of queryset: member_id, org_id, org_path) read once into a temporary table
    of the connection, for the generation's statements to read; dropped afterwards."""
    sql, params = listed.query.sql_with_params()
    with connection.cursor() as cur:
        cur.execute(f"DROP TABLE IF EXISTS {LISTED}")
        # CREATE ... AS SELECT, not INSERT ... SELECT into a table with a key: PostgreSQL runs it in parallel and
        # writes it in bulk (1,000,000 members: 16 s -> 5 s); the statements that read it join by hash.
        cur.execute(f"CREATE TEMPORARY TABLE {LISTED} AS "
                    f"SELECT l.member_id, l.org_id, l.org_path FROM ({sql}) l", params)
        if connection.vendor == "postgresql":
            cur.execute(f"ANALYZE {LISTED}")
    try:
        yield LISTED
    finally:
        try:
            with connection.cursor() as cur:
                cur.execute(f"DROP TABLE IF EXISTS {LISTED}")
        except DatabaseError:  # a failed transaction on PostgreSQL: the original error is what matters
            pass


def unwritten(table: str, month: date) -> list[dict]:
    """The members of the list without an obligation for `month` (those the SQL did not write)."""
    obligation = connection.ops.quote_name(DuesObligation._meta.db_table)
    with connection.cursor() as cur:
        cur.execute(f"SELECT l.member_id, l.org_id, l.org_path FROM {table} l WHERE NOT EXISTS ("
                    f"SELECT 1 FROM {obligation} o WHERE o.member_id = l.member_id AND o.month = %s) "
                    f"ORDER BY l.member_id", [month])
        return [{"member_id": r[0], "org_id": r[1], "org_path": r[2]} for r in cur.fetchall()]
