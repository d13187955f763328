"""The extra cost of a member action once periods are closed (chốt số liệu, issue 16).

    PostgreSQL, 100,000 seeded members held by bench/_seeded_pg.sh (PG_SEED_ONLY=1), then `. $WORK/env`;
    SQLite: DANGBO_DATA_DIR=/tmp/cbench uv run --frozen dangbo seed --members 100000
        uv run --frozen python bench/closing_cost.py --actions 200 --closed 0 8 --json

For each count K of closed year ends (the K years before this one, closed first): --actions transfers of official
members to another chi bộ, dated today, then --actions admissions into chi bộ, dated today, each through its
action (members.actions.record_event, admit_member). Everything of one K runs in one transaction rolled back at the
end (the register is left as found; each action's own transaction is a savepoint there, so the commit's fsync is
not in the figures, the same for every K). Per kind of action: the median and 95th percentile milliseconds of one
action (wall clock), the process's CPU seconds for all of them (the database server's CPU on PostgreSQL is not in
it) and the SQL statements per action. The actions are the same members and chi bộ for every K (seeded choice).
--from-first-event: each action recounts every closed date after the member's first event (the rule before
replay's `changed_on`), for comparison.
"""

import argparse
import os
import random
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dangbo.config.settings")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.common import print_result  # noqa: E402
from dangbo.members import actions, closing  # noqa: E402
from dangbo.members.models import ClosedPeriod, Member, Status  # noqa: E402
from dangbo.organizations.models import CELL_KINDS, Organization, OrgStatus  # noqa: E402


class Counter:
    def __init__(self):
        self.n = 0

    def __call__(self, execute, sql, params, many, context):
        self.n += 1
        return execute(sql, params, many, context)


def timed(calls) -> dict:
    """Run each call; wall milliseconds of each, CPU seconds of all, statements per call."""
    counter, wall = Counter(), []
    cpu = time.process_time()
    with connection.execute_wrapper(counter):
        for call in calls:
            t = time.perf_counter()
            call()
            wall.append((time.perf_counter() - t) * 1000)
    cpu = time.process_time() - cpu
    wall.sort()
    return {"n": len(wall), "median_ms": round(statistics.median(wall), 1),
            "p95_ms": round(wall[int(0.95 * (len(wall) - 1))], 1), "total_s": round(sum(wall) / 1000, 2),
            "cpu_s": round(cpu, 2), "statements_per_action": round(counter.n / max(len(wall), 1), 1)}


def plan(n: int, seed: int):
    rng = random.Random(seed)
    cells = list(Organization.objects.filter(kind__in=list(CELL_KINDS), status=OrgStatus.ACTIVE).order_by("pk"))
    ids = list(Member.objects.filter(status=Status.OFFICIAL, host_organization__isnull=True).order_by("pk")
               .values_list("pk", flat=True)[:20000])
    movers = rng.sample(ids, n)
    return cells, [(pk, rng.choice(cells)) for pk in movers], [rng.choice(cells) for _ in range(n)]


def run(k: int, n: int, seed: int) -> dict:
    today = timezone.localdate()
    years = [date(today.year - i, 12, 31) for i in range(k, 0, -1)]
    with transaction.atomic():
        ClosedPeriod.objects.all().delete()  # rolled back with the rest
        t = time.perf_counter()
        for on in years:
            closing.close_period(None, on)
        close_s = time.perf_counter() - t
        cells, moves, admitted_to = plan(n, seed)

        def transfer(pk, to):
            m = Member.objects.get(pk=pk)
            if to.pk == m.organization_id:
                to = cells[(cells.index(to) + 1) % len(cells)]
            return lambda: actions.record_event(None, m, "transfer", effective_date=today, to_organization=to)

        def admit(i, org):
            return lambda: actions.admit_member(
                None, organization=org, decision_date=today,
                dossier={"full_name": f"Nguyễn Văn Thử {i}", "birth_date": date(1995, 1, 1 + i % 28), "gender": "M"})

        out = {"closed": k, "closing_s": round(close_s, 1),
               "transfer": timed([transfer(pk, to) for pk, to in moves]),
               "admission": timed([admit(i, org) for i, org in enumerate(admitted_to)])}
        transaction.set_rollback(True)
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--actions", type=int, default=200)
    ap.add_argument("--closed", type=int, nargs="+", default=[0, 8])
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--from-first-event", action="store_true",
                    help="recount the closed dates from the member's first event, as before replay's changed_on")
    args = ap.parse_args()
    if args.from_first_event:
        recount = closing.member_changed

        def from_first(member, org_ids, since):
            first = member.events.order_by("effective_date").values_list("effective_date", flat=True).first()
            return recount(member, org_ids, first)

        closing.member_changed = from_first
    result = {"database": connection.vendor, "members": Member.objects.count(),
              "recount": "from the member's first event" if args.from_first_event else "from the event changed",
              "runs": [run(k, args.actions, args.seed) for k in args.closed]}
    base = result["runs"][0]
    for r in result["runs"][1:]:
        for kind in ("transfer", "admission"):
            r[kind]["extra_median_ms"] = round(r[kind]["median_ms"] - base[kind]["median_ms"], 1)
            r[kind]["extra_cpu_s"] = round(r[kind]["cpu_s"] - base[kind]["cpu_s"], 2)
    print_result(result, args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
