"""Moving a whole subtree by one decision (issue 13): `move_organization` on the largest province-like subtree.

    PostgreSQL, a seeded register (bench/pg-move.sh N: a throwaway server, `dangbo seed --members N`):
        bash bench/pg-move.sh 100000
    Any database already seeded (SQLite included):
        DANGBO_DATA_DIR=/tmp/mbench uv run dangbo seed --members 5000
        DANGBO_DATA_DIR=/tmp/mbench uv run python bench/move.py

Picks the organisation at depth 2 (a province of the seeded register) with the most members under it (--org to
choose), founds a receiving top-level organisation, and moves the subtree there and back, --runs times in all
(each move is one run: there, back, there…), as one administrator's decisions on today's date. Prints the member
count of the subtree, the median and maximum seconds of a move, and the slowest statements of the last move.
Checks after every move: the counts as of the day before the move (the subtree, its old and new parents) are
unchanged, every member of the subtree is under the new parent's path, and the subtree's own counts are unchanged.
"""

import argparse
import os
import statistics
import sys
import time
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dangbo.config.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402

from bench.common import print_result  # noqa: E402
from dangbo.members.models import Member  # noqa: E402
from dangbo.organizations import actions  # noqa: E402
from dangbo.organizations.models import Organization, OrganizationMove, OrgKind  # noqa: E402
from dangbo.organizations.queries import counts_as_of, subtree_totals  # noqa: E402

RECEIVER = "MOVEBENCH"


def largest_subtree(depth: int) -> tuple[Organization, int]:
    best, most = None, -1
    for org in Organization.objects.filter(depth=depth, status="active").order_by("path"):
        n = Member.objects.filter(org_path__startswith=org.path).aggregate(n=Count("id"))["n"]
        if n > most:
            best, most = org, n
    return best, most


@contextmanager
def statement_times(into: list):
    """(seconds, SQL) of every statement run inside the block."""

    def wrapper(execute, sql, params, many, context):
        t = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            into.append((time.perf_counter() - t, sql))

    with connection.execute_wrapper(wrapper):
        yield


def check(org: Organization, old_parent: Organization, new_parent: Organization, before: dict, n_members: int,
          totals) -> list[str]:
    """What must hold after a move: the figures as of the day before unchanged, no member lost."""
    problems = []
    orgs = [Organization.objects.get(pk=o.pk) for o in (org, old_parent, new_parent)]
    after = {pk: t for pk, t in counts_as_of(orgs, before["on"]).items()}
    for o in orgs:
        if after[o.pk] != before["counts"][o.pk]:
            problems.append(f"{o.code}: as of {before['on']} {before['counts'][o.pk]} before, {after[o.pk]} after")
    moved = Organization.objects.get(pk=org.pk)
    parent = Organization.objects.get(pk=new_parent.pk)
    if not moved.path.startswith(parent.path) or moved.parent_id != parent.pk:
        problems.append(f"{moved.code} is not under {parent.code} ({moved.path} / {parent.path})")
    under = Member.objects.filter(org_path__startswith=parent.path).count()
    in_subtree = Member.objects.filter(org_path__startswith=moved.path).count()
    if in_subtree != n_members or under < n_members:
        problems.append(f"members: {n_members} before, {in_subtree} in the subtree and {under} under the new "
                        "parent after")
    if subtree_totals(moved) != totals:
        problems.append(f"subtree totals {totals} before, {subtree_totals(moved)} after")
    return problems


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--org", help="organisation code (default: the depth-2 organisation with the most members)")
    ap.add_argument("--runs", type=int, default=3, help="moves in all: there, back, there… (default 3)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    if args.org:
        org = Organization.objects.get(code=args.org)
        n_members = Member.objects.filter(org_path__startswith=org.path).count()
    else:
        org, n_members = largest_subtree(2)
    receiver = Organization.objects.filter(code=RECEIVER).first() or actions.found_organization(
        None, code=RECEIVER, name="Đảng bộ tiếp nhận (thử chuyển giao)", kind=OrgKind.UPPER,
        founded_on=date(1976, 1, 1))
    home = org.parent
    if home.pk == receiver.pk:  # measured again: the subtree's parent before the first move is its home
        home = OrganizationMove.objects.filter(organization=org).order_by("pk").first().old_parent
    today = actions.org_today()
    day_before = today - timedelta(days=1)
    totals = subtree_totals(org)
    times, problems, statements = [], [], []
    for i in range(args.runs):
        org.refresh_from_db()
        frm, to = (home, receiver) if org.parent_id == home.pk else (receiver, home)
        orgs = [org, frm, to]
        before = {"on": day_before, "counts": counts_as_of(orgs, day_before)}
        statements = []
        with statement_times(statements):
            t = time.perf_counter()
            move = actions.move_organization(None, org, to, effective_date=today,
                                             decision_number=f"{9000 + i}-QĐ/TU", record="Biên bản bàn giao (thử)")
            times.append(time.perf_counter() - t)
        problems += [f"run {i + 1}: {p}" for p in check(org, frm, to, before, n_members, totals)]
        if move.members_moved != before["counts"][org.pk].total:
            problems.append(f"run {i + 1}: members_moved {move.members_moved}, "
                            f"{before['counts'][org.pk].total} on the list the day before")
    slowest = sorted(statements, key=lambda s: -s[0])[:5]
    out = {"database": connection.vendor, "organization": org.code, "organization_name": org.name,
           "members_in_subtree": n_members, "organizations_moved": move.organizations_moved,
           "members_moved": move.members_moved, "runs": args.runs,
           "seconds": [round(s, 3) for s in times], "seconds_median": round(statistics.median(times), 3),
           "seconds_max": round(max(times), 3), "statements_last_run": len(statements),
           "slowest_statements_last_run": [f"{s:.3f} s {sql[:160]}" for s, sql in slowest],
           "checks": "ok" if not problems else problems}
    print_result(out, args.json)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
