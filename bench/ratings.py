"""Ratings benchmark (issue 4): one year's decided results, counted per level for every organisation and
rolled up to every ancestor; the same roll-up in DuckDB over the same rows exported to Parquet.

Run against whatever database DATABASE_URL names (SQLite by default), already loaded with
`dangbo seed --members N` (PostgreSQL, see bench/pg-ratings.sh) or `dangbo demo --no-serve` (the bloc):

    uv run python bench/ratings.py --json

Steps: (1) seed one decided rating per active member of the register for a synthetic year (default 2030,
so the demo's own years are untouched), set-based (one INSERT … SELECT per top organisation); (2) time
`dangbo.evaluations.queries.rollup(year)` (the whole tree) and `results_summary(top, year)`, p50/p95 over
repeated runs; (3) write the same (org_path, level) rows to a CSV, convert it to Parquet with DuckDB, and time
the same roll-up in DuckDB; record the ratio. See docs/benchmarks.md for recorded results.
"""

import argparse
import csv
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dangbo.config.settings")

import django  # noqa: E402

django.setup()

from datetime import date  # noqa: E402

from django.db import connection, transaction  # noqa: E402

from bench.common import print_result, samples_ms  # noqa: E402
from dangbo.evaluations import queries  # noqa: E402
from dangbo.evaluations.models import MemberRating, RatingStatus, Review  # noqa: E402
from dangbo.organizations.models import Organization  # noqa: E402

LEVEL_SQL = "CASE WHEN m.id %% 20 < 3 THEN 4 WHEN m.id %% 20 = 19 THEN 2 WHEN m.id %% 97 = 0 THEN 1 ELSE 3 END"


def percentile(values, p):
    values = sorted(values)
    k = max(0, min(len(values) - 1, round(p / 100 * len(values) + 0.5) - 1))
    return values[k]


def timed(fn, runs: int, warmup: int = 1):
    out = samples_ms(fn, runs, warmup)
    return {"runs": runs, "p50_ms": round(statistics.median(out), 1), "p95_ms": round(percentile(out, 95), 1),
            "max_ms": round(max(out), 1)}


def seed(year: int) -> dict:
    """One decided rating per active member, inserted by the database itself (no Python per row)."""
    t = time.perf_counter()
    with transaction.atomic():
        Review.objects.filter(year=year, regime_key="bench").delete()
        roots = list(Organization.objects.filter(parent__isnull=True))
        table = MemberRating._meta.db_table
        for root in roots:
            review = Review.objects.create(organization=root, org_path=root.path, year=year,
                                           review_date=date(year, 12, 15), regime_key="bench",
                                           quota_denominator="exactly_good", quota_rounding="floor",
                                           status=Review.Status.HISTORY)
            with connection.cursor() as cur:
                cur.execute(
                    f"INSERT INTO {table} (review_id, year, org_path, rated, not_rated_code, not_rated_reason, "
                    "not_rated_source, status, self_level, self_comment, proposed_level, proposal_comment, level, "
                    "decision_number, findings, override_reason, imported, version, member_id, organization_id, "
                    "host_comment, disciplined, discipline_self_detected, sick_leave_months) "
                    f"SELECT %s, %s, m.org_path, TRUE, '', '', '', %s, {LEVEL_SQL}, '', {LEVEL_SQL}, '', "
                    f"{LEVEL_SQL}, 'BENCH', '[]', '', TRUE, 1, m.id, m.organization_id, '', FALSE, FALSE, 0 "
                    "FROM members_member m WHERE m.status IN ('official', 'probationary') AND m.org_path LIKE %s",
                    [review.pk, year, RatingStatus.DECIDED, root.path + "%"])
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            # As autovacuum does soon after a burst of inserts (autovacuum_vacuum_insert_threshold): the
            # visibility map lets the roll-up read its index alone.
            cur.execute(f"VACUUM (ANALYZE) {MemberRating._meta.db_table}")
    rows = MemberRating.objects.filter(year=year, decision_number="BENCH").count()
    return {"rows": rows, "seconds": round(time.perf_counter() - t, 1)}


def open_review_timing(year: int) -> dict:
    """Opening the review of the largest grassroots organisation: the member list on the review date from the
    event history (one query) and the bulk insert; rolled back, nothing is kept."""
    from dangbo.evaluations import actions
    from dangbo.organizations.models import GRASSROOTS_KINDS

    roots = set(Organization.objects.filter(kind__in=list(GRASSROOTS_KINDS)).values_list("path", flat=True))
    sizes: dict[str, int] = {}
    for path, a, b in Organization.objects.values_list("path", "official_count", "probationary_count"):
        top = next((path[:i] for i in range(4, len(path) + 1, 4) if path[:i] in roots), None)
        if top:
            sizes[top] = sizes.get(top, 0) + a + b
    if not sizes:
        return {}
    org = Organization.objects.get(path=max(sizes, key=lambda p: (sizes[p], p)))
    t = time.perf_counter()
    with transaction.atomic():
        review = actions.open_review(None, org, year=year, review_date=date(year, 12, 15))
        n = MemberRating.objects.filter(review=review).count()
        transaction.set_rollback(True)
    return {"organization": org.code, "members_listed": n, "seconds": round(time.perf_counter() - t, 2)}


def duckdb_rollup(year: int, runs: int) -> dict:
    import duckdb

    tmp = Path(tempfile.mkdtemp(prefix="dangbo-ratings-"))
    csv_path, parquet = tmp / "ratings.csv", tmp / "ratings.parquet"
    t = time.perf_counter()
    qs = MemberRating.objects.filter(year=year, status=RatingStatus.DECIDED).values_list("org_path", "level")
    with open(csv_path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["org_path", "level"])
        for row in qs.iterator(chunk_size=20000):
            w.writerow(row)
    con = duckdb.connect()
    con.execute(f"COPY (SELECT * FROM read_csv('{csv_path}', header=true, "
                "columns={'org_path': 'VARCHAR', 'level': 'INTEGER'})) "
                f"TO '{parquet}' (FORMAT parquet)")
    export_s = time.perf_counter() - t
    sql = (f"WITH g AS (SELECT org_path, level, count(*) AS n FROM read_parquet('{parquet}') GROUP BY ALL) "
           "SELECT substr(org_path, 1, i * 4) AS anc, level, sum(n) AS n FROM g, range(1, 64) t(i) "
           "WHERE i * 4 <= length(org_path) GROUP BY ALL")
    result = {}

    def run():
        result["rows"] = con.execute(sql).fetchall()

    stats = timed(run, runs)
    check = {(a, lv): n for a, lv, n in result["rows"]}
    return {"export_seconds": round(export_s, 1), "parquet_bytes": parquet.stat().st_size, **stats,
            "check": check}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--year", type=int, default=2030)
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--no-seed", action="store_true")
    ap.add_argument("--keep", action="store_true", help="keep the synthetic year's rows afterwards")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    out = {"database": connection.vendor, "year": args.year}
    if not args.no_seed:
        out["seed"] = seed(args.year)
    out["ratings"] = MemberRating.objects.filter(year=args.year, status=RatingStatus.DECIDED).count()
    out["organizations"] = Organization.objects.count()
    got = {}

    def rollup():
        got["r"] = queries.rollup(args.year)

    out["rollup_all"] = timed(rollup, args.runs)
    top = Organization.objects.filter(parent__isnull=True).order_by("path").first()
    out["results_summary_top"] = timed(lambda: queries.results_summary(top, args.year), args.runs)
    out["open_review_largest_grassroots"] = open_review_timing(args.year + 1)
    duck = duckdb_rollup(args.year, args.runs)
    check = duck.pop("check")
    mine = {(p, queries.KEY_LEVELS[k]): n for p, c in got["r"].items() for k, n in c.items() if n}
    out["duckdb_rollup"] = duck
    out["same_result"] = mine == check
    out["ratio_db_over_duckdb"] = round(out["rollup_all"]["p50_ms"] / max(duck["p50_ms"], 0.01), 1)
    if not args.keep:
        Review.objects.filter(year=args.year, regime_key="bench").delete()
    print_result(out, args.json)


if __name__ == "__main__":
    main()
