"""Dues benchmark (issue 15): one month's obligations for the whole register, the yearly roll-up of every
organisation, the sổ thu nộp of the bloc, and a 100,000-line portal payments import (preview + commit).

Run against whatever database DATABASE_URL names (SQLite by default), already loaded with
`dangbo demo --no-serve` (the bloc, ~3,000 members) or `dangbo seed --members N`:

    DANGBO_DATA_DIR=/tmp/duesdemo uv run python bench/dues.py --json

It works in a synthetic year (default 2030, regime 01-QĐ/TW) so the demo's own dues are untouched:
(1) every active member without a dues profile gets one (bulk); (2) `actions.generate_month` for each top
organisation, one month, timed; then the other eleven months; (3) a year of payments written in bulk (90% of
the obligations); (4) `queries.summary(top, year)` (the yearly roll-up of every organisation) and
`queries.book(top, year)` (the sổ of the whole bloc), p50/p95; (5) a CSV of N portal lines (default 100,000)
matched to members by CCCD, `portal.preview` then `portal.commit`, timed. With --generate-only, (2)'s first month
only (to repeat that figure on one seeded server). See docs/benchmarks.md.
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
from django.db.models import Sum  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.common import samples_ms  # noqa: E402
from dangbo.core.bulk import refresh_statistics  # noqa: E402
from dangbo.dues import actions, portal, queries, totals  # noqa: E402
from dangbo.dues.models import Channel, DuesObligation, DuesPayment, DuesProfile, DuesTotal  # noqa: E402
from dangbo.members.models import ACTIVE_STATUSES, Member  # noqa: E402
from dangbo.organizations.models import Organization  # noqa: E402


def plus_days(column: str, n: int) -> str:
    """SQL for a date column plus n days, on either database."""
    return f"{column} + {n}" if connection.vendor == "postgresql" else f"date({column}, '+{n} days')"


def bloc_of_about(org, size: int):
    """The sổ's figure is for a bloc of about `size` members: on a seeded national register, go down from the top
    to the organisation whose register is nearest that size (on the demo, the top itself)."""
    def members(o):
        return Member.objects.filter(org_path__startswith=o.path, status__in=ACTIVE_STATUSES).count()

    while members(org) > 2 * size:
        children = list(org.children.all())
        if not children:
            break
        org = min(children, key=lambda c: abs(members(c) - size))
    return org


def timed(fn, runs: int):
    out = sorted(samples_ms(fn, runs))
    return {"runs": runs, "p50_ms": round(statistics.median(out), 1),
            "p95_ms": round(out[max(0, round(0.95 * len(out)) - 1)], 1)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--year", type=int, default=2030)
    ap.add_argument("--lines", type=int, default=100_000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--months", type=int, default=12, help="months of the year drawn up and paid (default 12)")
    ap.add_argument("--generate-only", action="store_true",
                    help="only time the first month's generate_month (then clear the year): to repeat that figure")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    year = args.year
    result = {"database": connection.vendor}
    tops = list(Organization.objects.filter(parent=None).order_by("path"))
    active = Member.objects.filter(status__in=ACTIVE_STATUSES)
    result["members"] = active.count()
    result["organizations"] = Organization.objects.count()

    # Set-based seeding (one INSERT ... SELECT each), so a 1,000,000-member register fits in memory and minutes.
    member, profile = Member._meta.db_table, DuesProfile._meta.db_table
    # Without profiles yet (a freshly seeded register), no NOT EXISTS: PostgreSQL plans the anti-join against
    # the empty table as a scan of it per member, and that heap grows with every row the INSERT writes.
    missing = (f" AND NOT EXISTS (SELECT 1 FROM {profile} p WHERE p.member_id = m.id)"
               if DuesProfile.objects.exists() else "")
    with connection.cursor() as cur:
        cur.execute(
            f"INSERT INTO {profile} (member_id, from_month, category, base, note, created_at) "
            f"SELECT m.id, %s, 'bhxh', 6000000 + (m.id %% 90) * 100000, '', %s FROM {member} m "
            f"WHERE m.status IN ({', '.join(['%s'] * len(ACTIVE_STATUSES))}){missing}",
            [date(2025, 1, 1), timezone.now(), *ACTIVE_STATUSES])
    refresh_statistics([DuesProfile])
    clear_year(year)

    t = time.perf_counter()
    made = sum(actions.generate_month(None, top, date(year, 1, 1)).count for top in tops)
    seconds = time.perf_counter() - t
    result["generate_month"] = {"obligations": made, "seconds": round(seconds, 2),
                                "per_1000_members_ms": round(seconds * 1000 / max(made, 1) * 1000, 1)}
    if args.generate_only:
        print(json.dumps(result, ensure_ascii=False, indent=2) if args.json else result, flush=True)
        clear_year(year)
        return
    t = time.perf_counter()
    for month in range(2, args.months + 1):
        for top in tops:
            actions.generate_month(None, top, date(year, month, 1))
    result["generate_month"]["months"] = args.months
    result["generate_month"]["other_months_s"] = round(time.perf_counter() - t, 1)

    t = time.perf_counter()
    payment, obligation = DuesPayment._meta.db_table, DuesObligation._meta.db_table
    with connection.cursor() as cur:  # 90% of the year's obligations paid on the 10th through the portal
        cur.execute(
            f"INSERT INTO {payment} (member_id, organization_id, org_path, month, book_month, amount, channel, "
            f"paid_on, portal_ref, note, source, recorded_at) "
            f"SELECT member_id, organization_id, org_path, month, month, amount, %s, {plus_days('month', 9)}, "
            f"'B' || CAST(id AS VARCHAR(20)), '', '', %s FROM {obligation} "
            f"WHERE month >= %s AND month <= %s AND amount > 0 AND id %% 10 <> 0",
            [Channel.PORTAL, timezone.now(), date(year, 1, 1), date(year, 12, 1)])
        rows = cur.rowcount
    # What the actions would have added to the per-(organisation, month) totals for these entries.
    totals.add_sums(DuesPayment.objects.filter(book_month__year=year).values("organization_id", "org_path",
                                                                             "book_month").annotate(s=Sum("amount")))
    result["payments_seeded"] = {"rows": rows, "seconds": round(time.perf_counter() - t, 2)}
    refresh_statistics([DuesObligation, DuesPayment])  # what autovacuum does after such a load

    top = tops[0]
    result["rollup_year"] = {"organisations": Organization.objects.filter(path__startswith=top.path).count(),
                             **timed(lambda: queries.summary(top, year), args.runs)}
    bloc = bloc_of_about(top, 3000)
    result["book_year"] = {"organisation": bloc.name, "members": len(queries.book(bloc, year)["rows"]),
                           **timed(lambda: queries.book(bloc, year), args.runs)}

    members = list(active.exclude(citizen_id=None).values_list("citizen_id", "full_name")[:50_000])
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "cong.csv"
        with path.open("w", encoding="utf-8") as f:
            f.write("Mã giao dịch,Số CCCD,Họ và tên,Kỳ đóng,Số tiền,Ngày nộp\n")
            for i in range(args.lines):
                cccd, name = members[i % len(members)]
                month = 1 + (i // len(members)) % 12
                f.write(f"P{year}{i:07d},{cccd},{name},{month:02d}/{year},50000,15/{month:02d}/{year}\n")
        before = queries.summary(top, year)[0]["collected"]
        t = time.perf_counter()
        preview = portal.preview(None, path)
        t_preview = time.perf_counter() - t
        t = time.perf_counter()
        committed = portal.commit(None, path)
        t_commit = time.perf_counter() - t
    result["portal_import"] = {"lines": args.lines, "matched": len(preview.good), "written": len(committed.good),
                               "preview_s": round(t_preview, 2), "commit_s": round(t_commit, 2),
                               "total_s": round(t_preview + t_commit, 2),
                               # the roll-up (kept totals) grew by exactly the file's total
                               "rollup_grew_by_file_total": queries.summary(top, year)[0]["collected"] - before
                               == committed.total}
    print(json.dumps(result, ensure_ascii=False, indent=2) if args.json else result, flush=True)
    clear_year(year)


def clear_year(year: int) -> None:
    """The synthetic year's rows, removed by plain DELETEs (millions of rows: no model-by-model collection)."""
    start, end = date(year, 1, 1), date(year + 1, 1, 1)
    with connection.cursor() as cur:
        for model, column in ((DuesPayment, "month"), (DuesPayment, "book_month"), (DuesObligation, "month"),
                              (DuesTotal, "month")):
            cur.execute(f"DELETE FROM {model._meta.db_table} WHERE {column} >= %s AND {column} < %s", [start, end])


if __name__ == "__main__":
    main()
