"""The "as of" call sites (issue 10): each one timed as it is called, writes rolled back.

    DANGBO_DATA_DIR=/tmp/asof-demo uv run dangbo demo --no-serve
    DANGBO_DATA_DIR=/tmp/asof-demo uv run python bench/asof.py --runs 15

Median milliseconds of --runs calls after one warm-up: the organisation counts at a date (the top organisation and
its children), the statistics of a year, opening the review of the largest tổ chức cơ sở, drawing a congress's
convened list there, and the report's members at five year ends. See docs/benchmarks.md.
"""

import argparse
import json
import os
import statistics
import sys
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dangbo.config.settings")

import django  # noqa: E402

django.setup()

from django.db import transaction  # noqa: E402
from django.db.models import Count  # noqa: E402

from bench.common import samples_ms  # noqa: E402
from dangbo.congresses import actions as congresses  # noqa: E402
from dangbo.core.scopes import Scope  # noqa: E402
from dangbo.evaluations import actions as evaluations  # noqa: E402
from dangbo.exchange import statistics as stats  # noqa: E402
from dangbo.members.models import Member  # noqa: E402
from dangbo.organizations import queries  # noqa: E402
from dangbo.organizations.models import GRASSROOTS_KINDS, Organization  # noqa: E402
from dangbo.reports.data import members_at_year_ends  # noqa: E402


def median_ms(fn, runs: int) -> float:
    return round(statistics.median(samples_ms(fn, runs)), 2)


def rolled_back(fn):
    def run():
        with transaction.atomic():
            fn()
            transaction.set_rollback(True)
    return run


def largest_grassroots() -> Organization:
    best, most = None, -1
    for org in Organization.objects.filter(kind__in=list(GRASSROOTS_KINDS), status="active"):
        n = Member.objects.filter(org_path__startswith=org.path).aggregate(n=Count("id"))["n"]
        if n > most:
            best, most = org, n
    return best


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--year", type=int, default=2025)
    args = ap.parse_args()
    top = Organization.objects.filter(parent__isnull=True).order_by("path").first()
    orgs = [top, *Organization.objects.filter(parent=top)]
    big = largest_grassroots()
    y = args.year
    out = {
        "top": top.code, "grassroots": big.code,
        "counts_as_of_ms": median_ms(lambda: queries.counts_as_of(orgs, date(y - 5, 12, 31)), args.runs),
        "statistics_ms": median_ms(lambda: stats.year_statistics(Scope(is_admin=True), y, top), args.runs),
        "open_review_ms": median_ms(rolled_back(lambda: evaluations.open_review(
            None, big, year=y, review_date=date(y, 12, 15))), args.runs),
        "congress_draw_ms": median_ms(rolled_back(lambda: congresses.create_congress(
            None, organization=big, kind="members", ordinal=99, term_start=y, term_end=y + 5,
            opened_on=date(y, 6, 1))), args.runs),
        "year_ends_ms": median_ms(lambda: members_at_year_ends(top.path, list(range(y - 4, y + 1))), args.runs),
    }
    print(json.dumps(out, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
