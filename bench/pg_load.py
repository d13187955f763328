"""Many users at once on a seeded PostgreSQL register (issue 16 "Many users"): `bash bench/pg-load.sh [N]`.

    . $WORK/env   # a seeded server held by bench/_seeded_pg.sh (PG_SEED_ONLY=1), or DATABASE_URL set by hand
    uv run --frozen python bench/pg_load.py --users 50 --processes 4 --threads 4 --seconds 120 [--json]

Loopback only: `dangbo serve --processes P --threads T` (gunicorn) listens on 127.0.0.1 on a free port, with
Django's connection pool (DANGBO_DB_POOL=1). Bounded: every user stops after --seconds. The users and their mix:

- administrators at the root (1 in 10 users): home, report dashboard, ratings results, due work, tree, member list;
- office staff of a province (the rest): member list, name search, a member's record, tree, home, due work; one in
  three of them (the writers) also records an event on a member of their province (exemption, then its end).

Each user logs in through the form when it starts (the starts spread over the first 10 seconds) and logs out and in
again every 25 pages, so that logins are measured under load. Reports requests/s, p50/p95 per route, server
errors (must be 0) and the login time. The accounts `bench-load-*` are created (password `bench-load-2026`) if
missing; the events recorded stay in the register.

Pacing: with no pause between requests (the default, `--pace 0`) the users keep the server saturated, and by Little's
law the mean answer time is then users / (requests/s): with 50 users, over 500 ms at any rate below 100 req/s.
`--pace 0.9` starts each user's requests 0.9 s apart on average (55 req/s offered by 50 users), which reads the
target "50 users, ≥ 50 req/s, p95 ≤ 500 ms" as a load the server must carry rather than a saturation test.
"""

import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dangbo.config.settings")

from bench.load import SEARCHES, User, free_port, per_route, percentile, print_routes, wait_until_up  # noqa: E402

PASSWORD = "bench-load-2026"
ADMIN_PAGES = [("home", "/"), ("dashboard", "/bao-cao/"), ("ratings results", "/danh-gia/ket-qua/"),
               ("due work", "/dang-vien/viec-can-lam/"), ("tree", "/to-chuc/"), ("member list", "/dang-vien/")]
OFFICE_PAGES = [("member list", "/dang-vien/"), ("search", None), ("member record", None), ("member record", None),
                ("tree", "/to-chuc/"), ("home", "/"), ("due work", "/dang-vien/viec-can-lam/")]


def accounts(n_users: int):
    """(username, role, province's members for records and writes) per user; the accounts created if missing."""
    from django.contrib.auth import get_user_model

    from dangbo.core.models import Role
    from dangbo.demo.users import create_user
    from dangbo.members.models import Member
    from dangbo.organizations.models import Organization

    root = Organization.objects.filter(parent__isnull=True).order_by("path").first()
    provinces = list(Organization.objects.filter(parent=root).order_by("path")[:8])
    out = []
    for i in range(n_users):
        admin = i % 10 == 0
        name = f"bench-load-{i}"
        org = None if admin else provinces[i % len(provinces)]
        if not get_user_model().objects.filter(username=name).exists():
            create_user(name, Role.ADMIN if admin else Role.OFFICE, org_code=None if admin else org.code,
                        password=PASSWORD, validate=False)
        members = list(Member.objects.filter(org_path__startswith=(org or root).path, status="official",
                                             is_exempted=False).order_by("id")
                       .values_list("id", flat=True)[i * 20:i * 20 + 20])
        out.append((name, admin, members))
    return out


def is_exempted(member_id: int) -> bool:
    from dangbo.members.models import Member

    return Member.objects.filter(pk=member_id).values_list("is_exempted", flat=True).first() or False


def login(u: User, name: str):
    """(status, ms) of the login form's POST; its time is the server's answer, not the paced user's wait before it."""
    u.call("GET /dang-nhap/", "/dang-nhap/")
    status, _ = u.call("POST /dang-nhap/", "/dang-nhap/", {"username": name, "password": PASSWORD})
    return status, u.last_ms


def user_loop(i: int, base: str, account, stats, lock, deadline: float, logins: list, pace: float = 0.0):
    name, admin, members = account
    rng = random.Random(i)
    time.sleep(i * 10 / 50)  # the logins spread over the first 10 seconds
    u = User(base, stats, lock, pace, seed=i)
    writer = not admin and i % 3 == 1
    n = 0
    status, ms = login(u, name)
    with lock:
        logins.append((status, ms))
    while time.monotonic() < deadline:
        pages = ADMIN_PAGES if admin else OFFICE_PAGES
        route, path = pages[n % len(pages)]
        if route == "search":
            path = "/dang-vien/?" + urllib.parse.urlencode({"q": rng.choice(SEARCHES)})
        elif route == "member record":
            path = f"/dang-vien/{rng.choice(members)}/"
        u.call(route, path)
        if writer and n % 3 == 2:
            member = rng.choice(members)
            status, page = u.call("event form", f"/dang-vien/{member}/su-kien/")
            version = re.search(r'name="version" value="(\d+)"', page)
            exempted = is_exempted(member)  # read by the load test, not counted: exemption, or its end
            if status == 200 and version:
                u.call("write: record event", f"/dang-vien/{member}/su-kien/",
                       {"kind": "exemption_end" if exempted else "exemption", "version": version.group(1),
                        "effective_date": time.strftime("%d/%m/%Y"), "note": "Thử tải"})
        n += 1
        if n % 25 == 0 and time.monotonic() < deadline:
            u.call("POST /dang-xuat/", "/dang-xuat/", {})
            status, ms = login(u, name)
            with lock:
                logins.append((status, ms))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--users", type=int, default=50)
    ap.add_argument("--processes", type=int, default=4)
    ap.add_argument("--threads", type=int, default=4)
    ap.add_argument("--seconds", type=float, default=120)
    ap.add_argument("--pace", type=float, default=0.0,
                    help="seconds between the starts of a user's requests (0: none, the server saturated)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    import django

    django.setup()
    from django.db import connection

    if connection.vendor != "postgresql":
        sys.exit("bench/pg_load.py measures a PostgreSQL register: set DATABASE_URL (bench/pg-load.sh does).")
    acc = accounts(args.users)
    connection.close()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = Path(tempfile.mkdtemp(prefix="dangbo-pgload-")) / "server.log"
    env = {**os.environ, "DANGBO_ALLOWED_HOSTS": "127.0.0.1", "DANGBO_REQUIRE_2FA_ROLES": "", "DANGBO_DB_POOL": "1",
           "DANGBO_DB_POOL_MAX_SIZE": str(args.threads + 2)}
    server = subprocess.Popen([sys.executable, "-m", "dangbo", "serve", "--host", "127.0.0.1", "--port", str(port),
                               "--processes", str(args.processes), "--threads", str(args.threads), "--no-worker"],
                              env=env, stdout=subprocess.DEVNULL, stderr=open(log, "w"))
    try:
        wait_until_up(base, 120)
        stats, lock, logins = defaultdict(list), threading.Lock(), []
        t0 = time.monotonic()
        deadline = t0 + args.seconds
        threads = [threading.Thread(target=user_loop,
                                    args=(i, base, acc[i], stats, lock, deadline, logins, args.pace))
                   for i in range(args.users)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.monotonic() - t0
    finally:
        server.terminate()
        server.wait()
    routes = per_route(stats)
    all_rows = [r for rows in stats.values() for r in rows]
    all_ms = [m for _, m in all_rows]
    login_ms = [m for _, m in logins]
    result = {"users": args.users, "processes": args.processes, "threads": args.threads, "pace_s": args.pace,
              "seconds": round(elapsed, 1), "requests": len(all_rows),
              "requests_per_s": round(len(all_rows) / elapsed, 1),
              "p50_ms": round(percentile(all_ms, 50)), "p95_ms": round(percentile(all_ms, 95)),
              "server_errors": sum(1 for s, _ in all_rows if s >= 500),
              "logins": len(logins), "login_failures": sum(1 for s, _ in logins if s != 302),
              "login_p50_ms": round(percentile(login_ms, 50)), "login_p95_ms": round(percentile(login_ms, 95)),
              "login_max_ms": round(max(login_ms, default=0)), "routes": routes, "server_log": str(log)}
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
    else:
        print(f"{result['requests']} requests in {result['seconds']} s: {result['requests_per_s']} req/s, "
              f"p50 {result['p50_ms']} ms, p95 {result['p95_ms']} ms, {result['server_errors']} server errors; "
              f"{result['logins']} logins ({result['login_failures']} failed), p95 {result['login_p95_ms']} ms, "
              f"max {result['login_max_ms']} ms")
        print_routes(routes)
    return 1 if result["server_errors"] or result["login_failures"] else 0


if __name__ == "__main__":
    sys.exit(main())
