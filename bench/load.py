"""Load test (issue 11.3): N users on the SQLite demo while a large member import commits.

    DANGBO_DATA_DIR=/tmp/x-demo uv run --frozen dangbo demo --no-serve        # once
    DANGBO_DATA_DIR=/tmp/x-demo uv run --frozen python bench/load.py --users 50 --rows 60000 [--json]

Loopback only: the server (`dangbo serve`, waitress) listens on 127.0.0.1 on a free port. Bounded: each user
stops when the import ends or after --max-seconds, whichever comes first. Each user logs in (web form), then
loops over the member list, a name search, a member's edit page (logs a sensitive view: a write) and
recording an event (exemption, then its end: writes). The import is a real `dangbo import` of a generated
.xlsx into the office's Đảng bộ. Reports server errors (must be 0), 503 "busy" answers, p50/p95 per route.
The demo database is changed (members imported, events recorded): rebuild it for another run.
"""

import argparse
import http.cookiejar
import json
import os
import random
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dangbo.config.settings")

OFFICE = ("vanphong", "dangbo-demo-2026", "VPUBND")
SEARCHES = ["nguyen van", "tran thi", "le", "hoa", "minh", "pham"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class User:
    def __init__(self, base: str, stats, lock, pace: float = 0.0, seed: int = 0):
        """`pace`: mean seconds between the starts of two requests, each gap drawn from 0,5–1,5 times it so that
        users do not keep in step (a request that takes longer is followed at once); 0: each request as soon as
        the last one is answered."""
        self.base, self.stats, self.lock = base, stats, lock
        self.pace, self.next_at, self.rng = pace, 0.0, random.Random(seed)
        self.last_ms = 0.0
        jar = http.cookiejar.CookieJar()
        self.jar = jar
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar),
                                                  _NoRedirect())

    def csrf(self) -> str:
        return next((c.value for c in self.jar if c.name == "csrftoken"), "")

    def call(self, route: str, path: str, data: dict | None = None) -> tuple[int, str]:
        body = None
        headers = {"Referer": self.base + path}
        if data is not None:
            body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": self.csrf()}).encode()
        req = urllib.request.Request(self.base + path, data=body, headers=headers)
        if self.pace:
            now = time.monotonic()
            if self.next_at > now:
                time.sleep(self.next_at - now)
            self.next_at = max(now, self.next_at) + self.pace * self.rng.uniform(0.5, 1.5)
        t0 = time.perf_counter()
        try:
            with self.opener.open(req, timeout=120) as r:
                status, text = r.status, r.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as e:
            status, text = e.code, e.read().decode("utf-8", "replace")
        except OSError:  # no answer within the timeout, or the connection dropped: counted as a failure
            status, text = 599, ""
        ms = self.last_ms = (time.perf_counter() - t0) * 1000  # the answer's time, without the pacing's wait
        with self.lock:
            self.stats[route].append((status, ms))
        return status, text


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *a, **kw):
        return None


def user_loop(i: int, base: str, member_ids: list[int], stats, lock, stop: threading.Event, deadline: float):
    u = User(base, stats, lock)
    u.call("GET /dang-nhap/", "/dang-nhap/")
    u.call("POST /dang-nhap/", "/dang-nhap/", {"username": OFFICE[0], "password": OFFICE[1]})
    member = member_ids[i % len(member_ids)]
    kinds = ["exemption", "exemption_end"]
    n = 0
    while not stop.is_set() and time.monotonic() < deadline:
        u.call("GET /dang-vien/", "/dang-vien/")
        u.call("GET /dang-vien/?q=", "/dang-vien/?" + urllib.parse.urlencode({"q": SEARCHES[n % len(SEARCHES)]}))
        u.call("GET /dang-vien/<id>/sua/", f"/dang-vien/{member}/sua/")
        status, page = u.call("GET /dang-vien/<id>/su-kien/", f"/dang-vien/{member}/su-kien/")
        m = re.search(r'name="version" value="(\d+)"', page)
        if status == 200 and m:
            u.call("POST /dang-vien/<id>/su-kien/", f"/dang-vien/{member}/su-kien/",
                   {"kind": kinds[n % 2], "version": m.group(1), "effective_date": time.strftime("%d/%m/%Y"),
                    "note": "Thử tải"})
        n += 1


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))] if values else 0.0


def wait_until_up(base: str, seconds: float) -> None:
    """Until the server answers its login page (at most `seconds`)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(base + "/dang-nhap/", timeout=2)
            return
        except OSError:
            time.sleep(0.2)


def per_route(stats) -> dict:
    """{route: requests, p50 and p95 in ms, answers by status} of the (status, ms) pairs recorded per route."""
    routes = {}
    for route, rows in sorted(stats.items()):
        ms = [m for _, m in rows]
        codes = defaultdict(int)
        for s, _ in rows:
            codes[s] += 1
        routes[route] = {"n": len(rows), "p50_ms": round(percentile(ms, 50)), "p95_ms": round(percentile(ms, 95)),
                         "statuses": dict(sorted(codes.items()))}
    return routes


def print_routes(routes: dict) -> None:
    print("| route | requests | p50 ms | p95 ms | statuses |\n|---|---|---|---|---|")
    for route, r in routes.items():
        print(f"| {route} | {r['n']} | {r['p50_ms']} | {r['p95_ms']} | {r['statuses']} |")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--users", type=int, default=50)
    ap.add_argument("--rows", type=int, default=60000)
    ap.add_argument("--threads", type=int, default=8, help="server threads (waitress)")
    ap.add_argument("--max-seconds", type=float, default=600)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    import django

    django.setup()
    from bench.exchange import EXTRA, make_file
    from dangbo.members.models import Member
    from dangbo.organizations.models import Organization

    office = Organization.objects.get(code=OFFICE[2])
    cells = list(Organization.objects.filter(path__startswith=office.path, kind__in=["cell", "grassroots_cell"],
                                             status="active").values_list("code", flat=True))
    member_ids = list(Member.objects.filter(org_path__startswith=office.path, status="official",
                                            is_exempted=False).order_by("id").values_list("id", flat=True)
                      [:args.users])
    tmp = Path(tempfile.mkdtemp(prefix="dangbo-load-"))
    xlsx = tmp / "import.xlsx"
    make_file(xlsx, args.rows, cells)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    # The users log in with a password alone: two-factor (required for office staff by default) has its own
    # tests, and a user held at the code page would only measure redirects.
    env = {**os.environ, "DANGBO_ALLOWED_HOSTS": "127.0.0.1", "DANGBO_REQUIRE_2FA_ROLES": ""}
    server = subprocess.Popen([sys.executable, "-m", "dangbo", "serve", "--host", "127.0.0.1", "--port", str(port),
                               "--threads", str(args.threads)], env=env, stdout=subprocess.DEVNULL,
                              stderr=open(tmp / "server.log", "w"))
    try:
        wait_until_up(base, 60)
        stats, lock, stop = defaultdict(list), threading.Lock(), threading.Event()
        deadline = time.monotonic() + args.max_seconds
        threads = [threading.Thread(target=user_loop, args=(i, base, member_ids, stats, lock, stop, deadline))
                   for i in range(args.users)]
        for t in threads:
            t.start()
        time.sleep(3)  # users logged in and busy before the import starts
        t0 = time.monotonic()
        unmapped = [f"--mapping={h}=" for h in EXTRA]  # realistic extra columns, skipped
        imp = subprocess.run([sys.executable, "-m", "dangbo", "import", "members", str(xlsx), "--org", OFFICE[2],
                              "--json", *unmapped], env=env, capture_output=True, text=True)
        import_s = time.monotonic() - t0
        stop.set()
        for t in threads:
            t.join()
    finally:
        server.terminate()
        server.wait()
    routes = per_route(stats)
    all_rows = [r for rows in stats.values() for r in rows]
    result = {"users": args.users, "rows": args.rows, "import_seconds": round(import_s, 1),
              "import_exit": imp.returncode, "import_output": imp.stdout.strip()[-400:] or imp.stderr[-400:],
              "requests": len(all_rows), "server_errors": sum(1 for s, _ in all_rows if s >= 500 and s != 503),
              "busy_503": sum(1 for s, _ in all_rows if s == 503), "routes": routes}
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
    else:
        print(f"{result['requests']} requests, {result['server_errors']} server errors, {result['busy_503']} busy; "
              f"import of {args.rows} rows: {result['import_seconds']} s (exit {imp.returncode})")
        print_routes(routes)
    return 1 if result["server_errors"] or imp.returncode else 0


if __name__ == "__main__":
    sys.exit(main())
