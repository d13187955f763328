"""dangbo through PgBouncer in transaction pooling mode (docs/operations.md "PgBouncer"); bench/pg-pgbouncer.sh
starts the servers. N threads, each with its own connection, export the whole member list (CSV) three times at
once, then the year-end report of the top organisation is built through the pooler.

    DATABASE_URL=postgres://…pgbouncer uv run python bench/pgbouncer.py [--threads 6]

Without DANGBO_DISABLE_SERVER_SIDE_CURSORS the exports' named cursors (QuerySet.iterator(), declared WITH HOLD)
are fetched on whichever server connection the pooler hands out next, and fail; with it they succeed.
"""

import argparse
import io
import json
import os
import sys
import threading
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dangbo.config.settings")

import django  # noqa: E402

django.setup()

from django.db import connection, connections  # noqa: E402

from dangbo.core.scopes import Scope  # noqa: E402
from dangbo.exchange import exports  # noqa: E402
from dangbo.members.queries import MemberFilter  # noqa: E402
from dangbo.organizations.models import Organization  # noqa: E402
from dangbo.reports import data as report_data  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=6)
    ap.add_argument("--year", type=int, default=2025)
    args = ap.parse_args()
    outcomes: list[str] = []

    def exporter():
        try:
            for _ in range(3):
                r = exports.export_members(Scope(is_admin=True), MemberFilter(), "csv", io.BytesIO(), actor=None)
            outcomes.append(f"ok, {r.rows} rows")
        except Exception as e:  # noqa: BLE001 - the error is the finding
            outcomes.append(type(e).__name__ + ": " + str(e).splitlines()[0].split('"')[0].strip())
        finally:
            connections.close_all()

    threads = [threading.Thread(target=exporter) for _ in range(args.threads)]
    t = time.perf_counter()
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    seconds = time.perf_counter() - t
    org = Organization.objects.filter(parent__isnull=True).order_by("path").first()
    data = report_data.build(Scope(is_admin=True), org, args.year)
    print(json.dumps({
        "server_side_cursors_disabled": bool(connection.settings_dict.get("DISABLE_SERVER_SIDE_CURSORS")),
        "threads": args.threads, "exports_seconds": round(seconds, 1), "outcomes": Counter(outcomes),
        "report_end_total": data["members"]["end"]["total"]}, ensure_ascii=False))
    return 0 if all(o.startswith("ok") for o in outcomes) else 1


if __name__ == "__main__":
    raise SystemExit(main())
