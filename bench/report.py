"""Year-end report benchmark (issue 6): the report of an organisation to .docx, end to end.

    SQLite, the demo bloc (~3,000 members):
        DANGBO_DATA_DIR=/tmp/rbench uv run dangbo demo --no-serve
        DANGBO_DATA_DIR=/tmp/rbench uv run python bench/report.py --org DBKCQT --year 2025
    PostgreSQL, a seeded register (bench/pg-report.sh N: a throwaway server, `dangbo seed --members N`):
        bash bench/pg-report.sh 100000
    Closed periods (chốt số liệu, issue 16): `--close-periods` measures the report and the statistics tables with
    no period closed, then closes the report's year ends (timing the close) and measures again:
        bash bench/pg-report.sh 100000 2025 --close-periods

Times data.build (every query) + render_docx (docxtpl, chart) to a file, as an administrator; --org defaults to
the organisation with the most members under it at depth 1 (the top of the tree).
"""

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dangbo.config.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

from dangbo.core.scopes import Scope  # noqa: E402
from dangbo.organizations.models import Organization  # noqa: E402
from dangbo.organizations.queries import subtree_totals  # noqa: E402
from dangbo.reports import data as report_data  # noqa: E402
from dangbo.reports import render  # noqa: E402


def measure(org, args) -> dict:
    from dangbo.exchange.statistics import year_statistics

    times, build_times, stats_times = [], [], []
    with tempfile.TemporaryDirectory(prefix="dangbo-rbench-") as tmp:
        for i in range(args.repeat):
            t = time.perf_counter()
            data = report_data.build(Scope(is_admin=True), org, args.year, made_on=date.today())
            b = time.perf_counter()
            with open(Path(tmp, f"r{i}.docx"), "wb") as fh:
                render.render_docx(data, fh)
            times.append(time.perf_counter() - t)
            build_times.append(b - t)
            if args.close_periods:
                t = time.perf_counter()
                year_statistics(Scope(is_admin=True), args.year, org)
                stats_times.append(time.perf_counter() - t)
    out = {"end_total": data["members"]["end"]["total"],
           "seconds_median": round(statistics.median(times), 3), "seconds_max": round(max(times), 3),
           "data_seconds_median": round(statistics.median(build_times), 3)}
    if stats_times:
        out["statistics_seconds_median"] = round(statistics.median(stats_times), 3)
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--org", help="organisation code (default: the top organisation)")
    ap.add_argument("--year", type=int, default=date.today().year - 1)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--close-periods", action="store_true",
                    help="then close the year ends (chốt số liệu) and measure again")
    args = ap.parse_args()
    org = (Organization.objects.get(code=args.org) if args.org
           else Organization.objects.filter(parent__isnull=True).order_by("path").first())
    out = {"database": connection.vendor, "organization": org.code, "members_in_subtree": subtree_totals(org).total,
           "year": args.year, "repeat": args.repeat, **measure(org, args)}
    if args.close_periods:
        from dangbo.members.closing import close_period

        t = time.perf_counter()
        for year in range(args.year - report_data.TREND_YEARS, args.year + 1):  # the trend and the year before
            close_period(None, date(year, 12, 31))
        out["close_seconds"] = round(time.perf_counter() - t, 3)
        out["closed"] = measure(org, args)
        assert out["closed"]["end_total"] == out["end_total"]
    print(json.dumps(out, ensure_ascii=False) if args.json else
          f"{out['organization']} ({out['members_in_subtree']} đảng viên, {connection.vendor}): báo cáo năm "
          f"{args.year} ra .docx trung vị {out['seconds_median']} s (số liệu {out['data_seconds_median']} s), "
          f"tối đa {out['seconds_max']} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
