"""A streaming replica under dangbo (issue 16, "Beyond one machine"): bench/pg-replica.sh starts the servers.

    DATABASE_URL=postgres://…primary DATABASE_REPLICA_URL=postgres://…replica uv run python bench/replica.py --json

1. The year-end report of the top organisation (data.build + .docx, as bench/report.py; one untimed warm-up run
   first) with the router sending its reads to the replica, then the same report pinned to the primary; which
   server did the reading is shown by the rows each one returned meanwhile (pg_stat_database.tup_returned +
   tup_fetched of the database).
   Then the whole member list exported to CSV, read from the replica.
2. Read-your-writes: single-row updates of a probe table on the primary, each read back at once on the replica:
   how many times the replica still showed the old value (why a request that wrote is pinned to the primary).
3. Replication lag under a write burst: batches of UPDATEs of members_member on the primary while a sampler reads,
   every 100 ms, pg_stat_replication on the primary (replay_lag, bytes not yet replayed) and
   now() - pg_last_xact_replay_timestamp() on the replica; then how long the replica took to replay the last
   write of the burst.
"""

import argparse
import json
import os
import statistics
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dangbo.config.settings")

import django  # noqa: E402

django.setup()

import psycopg  # noqa: E402
from django.conf import settings  # noqa: E402
from django.db import connections  # noqa: E402
from psycopg.conninfo import make_conninfo  # noqa: E402

from dangbo.core import replica  # noqa: E402
from dangbo.core.scopes import Scope  # noqa: E402
from dangbo.organizations.models import Organization  # noqa: E402
from dangbo.organizations.queries import subtree_totals  # noqa: E402
from dangbo.reports import data as report_data  # noqa: E402
from dangbo.reports import render  # noqa: E402

ROWS_READ = ("SELECT tup_returned + tup_fetched FROM pg_stat_database WHERE datname = current_database()")


def _conninfo(alias: str) -> str:
    s = settings.DATABASES[alias]
    return make_conninfo(host=s["HOST"], port=s["PORT"], dbname=s["NAME"], user=s["USER"])


def _one(conn, sql, params=()):
    return conn.execute(sql, params).fetchone()[0]


def _rows_read(conn) -> int:
    conn.execute("SELECT pg_stat_clear_snapshot()")
    return int(_one(conn, ROWS_READ))


def report_runs(org, year: int, repeat: int, pinned: bool, primary, standby) -> dict:
    times = []

    def run(path) -> dict:
        with replica.unit_of_work(pinned=pinned):
            data = report_data.build(Scope(is_admin=True), org, year, made_on=date.today())
            with open(path, "wb") as fh:
                render.render_docx(data, fh)
        return data

    with tempfile.TemporaryDirectory(prefix="dangbo-replica-") as tmp:
        run(Path(tmp, "warm-up.docx"))  # the server's cache and the template, not timed
        connections.close_all()
        time.sleep(1.5)
        before = (_rows_read(primary), _rows_read(standby))
        for i in range(repeat):
            t = time.perf_counter()
            data = run(Path(tmp, f"r{i}.docx"))
            times.append(time.perf_counter() - t)
    connections.close_all()  # a backend reports its counts when it exits (or within 10 s of going idle)
    time.sleep(1.5)
    after = (_rows_read(primary), _rows_read(standby))
    return {"served_by": "primary" if pinned else "replica", "end_total": data["members"]["end"]["total"],
            "seconds_median": round(statistics.median(times), 3), "seconds_max": round(max(times), 3),
            "rows_read_on_primary": after[0] - before[0], "rows_read_on_replica": after[1] - before[1]}


def export_run(primary, standby) -> dict:
    """The whole member list as CSV (exports.export_members, an administrator), rows streamed from the replica."""
    from dangbo.exchange import exports
    from dangbo.members.queries import MemberFilter

    connections.close_all()
    time.sleep(1.5)
    before = (_rows_read(primary), _rows_read(standby))
    with replica.unit_of_work(), tempfile.TemporaryFile() as fh:
        t = time.perf_counter()
        result = exports.export_members(Scope(is_admin=True), MemberFilter(), "csv", fh, actor=None)
        seconds = time.perf_counter() - t
    connections.close_all()
    time.sleep(1.5)
    after = (_rows_read(primary), _rows_read(standby))
    return {"rows": result.rows, "seconds": round(seconds, 2), "rows_read_on_primary": after[0] - before[0],
            "rows_read_on_replica": after[1] - before[1]}


def read_your_writes(primary, standby, n: int) -> dict:
    """n committed writes to a probe table of the primary, each read back at once on the replica."""
    primary.execute("CREATE TABLE IF NOT EXISTS replica_probe (id int PRIMARY KEY, v bigint NOT NULL)")
    primary.execute("INSERT INTO replica_probe VALUES (1, 0) ON CONFLICT (id) DO UPDATE SET v = 0")
    primary.commit()
    while _one(standby, "SELECT count(*) FROM pg_tables WHERE tablename = 'replica_probe'") == 0 or \
            _one(standby, "SELECT count(*) FROM replica_probe") == 0:
        standby.commit()
        time.sleep(0.01)
    standby.commit()
    stale = 0
    waits = []
    for v in range(1, n + 1):
        primary.execute("UPDATE replica_probe SET v = %s WHERE id = 1", (v,))
        primary.commit()
        t = time.perf_counter()
        seen = _one(standby, "SELECT v FROM replica_probe WHERE id = 1")
        standby.commit()
        if seen != v:
            stale += 1
            while _one(standby, "SELECT v FROM replica_probe WHERE id = 1") != v:
                standby.commit()
                time.sleep(0.0005)
            standby.commit()
        waits.append((time.perf_counter() - t) * 1000)
    primary.execute("DROP TABLE replica_probe")
    primary.commit()
    return {"writes": n, "stale_reads_right_after": stale,
            "visible_after_ms_p50": round(statistics.median(waits), 2),
            "visible_after_ms_max": round(max(waits), 2)}


def burst(primary_info: str, standby_info: str, rows: int, batch: int) -> dict:
    samples = []
    done = threading.Event()

    def sample():
        with psycopg.connect(primary_info, autocommit=True) as p, psycopg.connect(standby_info, autocommit=True) as s:
            while not done.is_set():
                lag_bytes, replay_lag = p.execute(
                    "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn), "
                    "EXTRACT(EPOCH FROM replay_lag) FROM pg_stat_replication").fetchone()
                delay = _one(s, "SELECT EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp())")
                samples.append((int(lag_bytes or 0), float(replay_lag or 0), float(delay or 0)))
                time.sleep(0.1)

    with psycopg.connect(primary_info) as p, psycopg.connect(standby_info, autocommit=True) as s:
        lo, hi = p.execute("SELECT min(id), max(id) FROM members_member").fetchone()
        sampler = threading.Thread(target=sample)
        sampler.start()
        t0 = time.perf_counter()
        updated = 0
        start = lo - 1
        while updated < rows:
            if start >= hi:
                start = lo - 1  # round the table again
            cur = p.execute("UPDATE members_member SET updated_at = now() WHERE id > %s AND id <= %s",
                            (start, start + batch))
            p.commit()
            updated += cur.rowcount
            start += batch
        burst_s = time.perf_counter() - t0
        end_lsn = _one(p, "SELECT pg_current_wal_lsn()::text")
        wal_bytes = _one(p, "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')")
        t1 = time.perf_counter()
        while not _one(s, "SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", (end_lsn,)):
            time.sleep(0.005)
        catch_up_ms = (time.perf_counter() - t1) * 1000
        done.set()
        sampler.join()
    lag_bytes = [b for b, _, _ in samples]
    replay = [r for _, r, _ in samples]
    delay = [d for _, _, d in samples]

    def p95(xs):
        return round(sorted(xs)[int(0.95 * (len(xs) - 1))], 3) if xs else None

    return {"rows_updated": updated, "batch_rows": batch, "burst_seconds": round(burst_s, 2),
            "rows_per_second": round(updated / burst_s), "wal_position_mb_after": round(wal_bytes / 2**20),
            "samples": len(samples),
            "bytes_behind_p50": int(statistics.median(lag_bytes)) if lag_bytes else None,
            "bytes_behind_max": max(lag_bytes, default=None),
            "replay_lag_s_p50": round(statistics.median(replay), 3) if replay else None,
            "replay_lag_s_p95": p95(replay), "replay_lag_s_max": round(max(replay, default=0), 3),
            "replica_replay_delay_s_p95": p95(delay),
            "replica_caught_up_after_burst_ms": round(catch_up_ms, 1)}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--year", type=int, default=date.today().year - 1)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--burst-rows", type=int, default=200_000)
    ap.add_argument("--batch", type=int, default=2_000)
    ap.add_argument("--ryw", type=int, default=200, help="read-your-writes probes")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    if not replica.configured():
        print("DATABASE_REPLICA_URL is not set", file=sys.stderr)
        return 2
    primary_info, standby_info = _conninfo("default"), _conninfo("replica")
    org = Organization.objects.filter(parent__isnull=True).order_by("path").first()
    out = {"organization": org.code, "members_in_subtree": subtree_totals(org).total, "year": args.year}
    with psycopg.connect(primary_info, autocommit=True) as p, psycopg.connect(standby_info, autocommit=True) as s:
        out["replica_in_recovery"] = _one(s, "SELECT pg_is_in_recovery()")
        out["database_size_mb"] = round(_one(p, "SELECT pg_database_size(current_database())") / 2**20)
        out["replication"] = p.execute("SELECT application_name, state, sync_state FROM pg_stat_replication"
                                       ).fetchall()
        out["report_replica"] = report_runs(org, args.year, args.repeat, False, p, s)
        out["report_primary"] = report_runs(org, args.year, args.repeat, True, p, s)
        out["export_members_csv_replica"] = export_run(p, s)
    with psycopg.connect(primary_info) as p, psycopg.connect(standby_info) as s:
        out["read_your_writes"] = read_your_writes(p, s, args.ryw)
    out["burst"] = burst(primary_info, standby_info, args.burst_rows, args.batch)
    print(json.dumps(out, ensure_ascii=False, default=str, indent=None if args.json else 2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
