"""Movements of a year (Biểu 1 sections B and C, exchange.statistics.movements) read by index (issue 16).

    . $WORK/env   # a seeded PostgreSQL held by bench/_seeded_pg.sh (PG_SEED_ONLY=1), or any DANGBO_DATA_DIR
    uv run --frozen python bench/movements.py --year 2025 [--runs 5]

For the whole register, the largest province (a child of the top organisation) and the largest tổ chức cơ sở:
the median milliseconds of `statistics.movements` for the year, and every SQL statement it runs that reads the
event table, with its plan (EXPLAIN ANALYZE on PostgreSQL, EXPLAIN QUERY PLAN on SQLite): how the event table is
read ("Index Scan", "Bitmap Index Scan", "Seq Scan", or SQLite's SEARCH/SCAN) and the statement's time.
"""

import argparse
import json
import os
import re
import statistics
import sys
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dangbo.config.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from bench.common import samples_ms  # noqa: E402
from dangbo.exchange import statistics as stats  # noqa: E402
from dangbo.members.models import Member, MemberEvent  # noqa: E402
from dangbo.organizations.models import GRASSROOTS_KINDS, Organization  # noqa: E402

EVENTS = MemberEvent._meta.db_table


def largest(qs) -> Organization:
    best, most = None, -1
    for org in qs:
        n = Member.objects.filter(org_path__startswith=org.path).aggregate(n=Count("id"))["n"]
        if n > most:
            best, most = org, n
    return best


def event_reads(plan: str) -> list[str]:
    """How the plan reads the event table: one line per access ("Bitmap Index Scan on event_org_date", "Seq Scan on
    members_memberevent", SQLite's "SEARCH members_memberevent USING INDEX …")."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            names = set(connection.introspection.get_constraints(cur, EVENTS)) | {EVENTS}
        found = set()
        for line in plan.splitlines():
            m = re.search(r"((?:Parallel )?(?:Seq|Index Only|Index|Bitmap Index|Bitmap Heap) Scan)(?: using (\S+))? on "
                          r"(\S+)", line)
            if m and (m.group(2) in names or m.group(3) in names):
                found.add(m.group(0))
        return sorted(found)
    return sorted({line.strip() for line in plan.splitlines() if EVENTS in line})


def explain(sql: str) -> tuple[str, float | None]:
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute("EXPLAIN (ANALYZE, FORMAT TEXT) " + sql)
            plan = "\n".join(r[0] for r in cur.fetchall())
            m = re.search(r"Execution Time: ([\d.]+) ms", plan)
            return plan, float(m.group(1)) if m else None
        cur.execute("EXPLAIN QUERY PLAN " + sql)
        return "\n".join(str(r[-1]) for r in cur.fetchall()), None


def measure(path: str, start: date, end: date, runs: int, plans: bool) -> dict:
    with CaptureQueriesContext(connection) as ctx:
        got = stats.movements(path, start, end)
    statements = []
    for q in ctx.captured_queries:
        if EVENTS not in q["sql"]:
            continue
        plan, ms = explain(q["sql"])
        reads = event_reads(plan)
        statements.append({"ms": ms, "event_table": reads, "sql": q["sql"][:160], **({"plan": plan} if plans else {})})
    seq = sum(1 for s in statements for r in s["event_table"] if "Seq Scan" in r or r.startswith("SCAN "))
    return {"median_ms": round(statistics.median(samples_ms(lambda: stats.movements(path, start, end), runs)), 1),
            "figures": {m.key: m.count for m in got if m.count}, "event_statements": len(statements),
            "sequential_reads_of_events": seq, "statements": statements}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--year", type=int, default=date.today().year - 1)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--plans", action="store_true", help="the whole plan of each statement in the output")
    args = ap.parse_args()
    start, end = date(args.year, 1, 1), date(args.year, 12, 31)
    top = Organization.objects.filter(parent__isnull=True).order_by("path").first()
    province = largest(Organization.objects.filter(parent=top))
    grassroots = largest(Organization.objects.filter(kind__in=list(GRASSROOTS_KINDS), status="active",
                                                     path__startswith=province.path))
    out = {"database": connection.vendor, "year": args.year, "events": MemberEvent.objects.count(),
           "members": Member.objects.count()}
    for name, org in (("register", None), ("province", province), ("grassroots", grassroots)):
        path = org.path if org else ""
        out[name] = {"code": org.code if org else "", **measure(path, start, end, args.runs, args.plans)}
    print(json.dumps(out, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
