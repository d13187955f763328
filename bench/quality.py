"""Data-quality benchmark (issue 14.5): the report of a whole register and its page.

Run against whatever database DATABASE_URL names (SQLite by default), already loaded with
`dangbo demo --no-serve` (the bloc, ~3,000 members) or `dangbo seed --members N` (bench/pg-quality.sh):

    DANGBO_DATA_DIR=/tmp/qdemo uv run python bench/quality.py --json

Measured, p50/p95 over --runs runs after one warm-up: (1) `queries.counts` of the top organisation (every kind in
one aggregate scan) and `queries.scan` of its first page (the counts and the page's rows in one pass); (2)
`queries.report` with the first 100 findings of each kind (what `dangbo quality --org` prints); (3) the page
/chat-luong-du-lieu/ for the top organisation, its second page, the page filtered by one kind, and the page of one
chi bộ, through Django's test client as the office staff of the top organisation (the whole request: middleware,
scope, queries, template); (4) with --export, the CSDL .xlsx of a chi bộ; (5) on a PostgreSQL server on this
machine, `report_server_cpu_ms`: the CPU time the server process spent on each `queries.report` (from
/proc/PID/stat), a figure the other processes of a shared machine do not inflate as they do the wall time.
"""

import argparse
import io
import os
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dangbo.config.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.common import print_result, samples_ms  # noqa: E402
from dangbo.core.models import Role, RoleAssignment  # noqa: E402
from dangbo.core.paging import PAGE_SIZE  # noqa: E402
from dangbo.core.scopes import Scope  # noqa: E402
from dangbo.members.models import Member  # noqa: E402
from dangbo.organizations.models import Organization, OrgKind  # noqa: E402
from dangbo.quality import exports, queries  # noqa: E402
from dangbo.rules.quality import KINDS  # noqa: E402

URL = "/chat-luong-du-lieu/"


def stats(ms: list[float]) -> dict:
    ms = sorted(ms)
    p95 = ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))]
    return {"p50_ms": round(statistics.median(ms), 1), "p95_ms": round(p95, 1), "runs": len(ms)}


def server_cpu_ms(fn, runs: int) -> dict | None:
    """CPU milliseconds of this connection's PostgreSQL backend per call of fn (None when the server is not a
    process of this machine that /proc shows)."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cur:
        cur.execute("SELECT pg_backend_pid()")
        stat = Path(f"/proc/{cur.fetchone()[0]}/stat")
    if not stat.exists():
        return None
    tick = 1000 / os.sysconf("SC_CLK_TCK")

    def cpu() -> float:
        fields = stat.read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) * tick  # utime + stime

    fn()  # warm-up
    ms = []
    for _ in range(runs):
        before = cpu()
        fn()
        ms.append(cpu() - before)
    return stats(ms)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--page-runs", type=int, default=30)
    ap.add_argument("--export", action="store_true", help="also time the CSDL .xlsx of one chi bộ")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.REQUIRE_2FA_ROLES = ()  # the benchmark's session has no TOTP device; the page is what is measured
    today = timezone.localdate()
    top = max(Organization.objects.filter(depth=1),
              key=lambda o: Member.objects.filter(org_path__startswith=o.path).count())
    members = Member.objects.filter(org_path__startswith=top.path).count()
    cell = (Organization.objects.filter(path__startswith=top.path, kind__in=[OrgKind.CELL, OrgKind.GRASSROOTS_CELL])
            .order_by("-official_count").first())
    ctx = queries.Context(top.path, today)
    result = {"database": connection.vendor, "organization": top.code, "members": members, "today": str(today)}
    found = queries.counts(ctx)
    result["findings"] = {k: v for k, v in found.items() if v}
    result["counts"] = stats(samples_ms(lambda: queries.counts(ctx), args.runs))
    codes = [k.code for k in KINDS]
    # The page's one pass (the counts and the first page's rows: what the page runs since the listing joined it).
    result["scan_first_page"] = stats(samples_ms(lambda: queries.scan(ctx, codes, size=PAGE_SIZE + 1), args.runs))
    admin = Scope(is_admin=True)
    result["report_100_per_kind"] = stats(samples_ms(lambda: queries.report(admin, top, today), args.runs))
    cpu = server_cpu_ms(lambda: queries.report(admin, top, today), args.runs)
    if cpu is not None:
        result["report_server_cpu_ms"] = cpu

    # Office staff of the top organisation (scope filters in play, as for the people who use the page).
    user, _ = get_user_model().objects.get_or_create(username="bench-quality")
    RoleAssignment.objects.get_or_create(user=user, role=Role.OFFICE, organization=top)
    client = Client()
    client.force_login(user)

    def get(url, params):
        resp = client.get(url, params)
        assert resp.status_code == 200, (url, resp.status_code, resp.get("Location"))
        return resp

    get(URL, {"to_chuc": top.pk})
    _, nxt = queries.fetch(ctx, admin, [k.code for k in KINDS])("", PAGE_SIZE)  # the second page's cursor
    pages = {"page_top": (URL, {"to_chuc": top.pk})}
    if nxt:
        pages["page_top_next"] = (URL, {"to_chuc": top.pk, "after": nxt, "tu": PAGE_SIZE + 1})
    busiest = max(found, key=found.get)
    pages["page_top_one_kind"] = (URL, {"to_chuc": top.pk, "loai": busiest})
    if cell is not None:
        pages["page_one_cell"] = (URL, {"to_chuc": cell.pk})
    for name, (url, params) in pages.items():
        result[name] = stats(samples_ms(lambda u=url, p=params: get(u, p), args.page_runs))
    if args.export and cell is not None:
        def export():
            exports.export_csdl(admin, cell, io.BytesIO(), actor=None)

        result["export_one_cell"] = stats(samples_ms(export, 3)) | {
            "rows": Member.objects.filter(org_path__startswith=cell.path, status__in=["official", "probationary"])
            .count()}
    print_result(result, args.json)


if __name__ == "__main__":
    main()
