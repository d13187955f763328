"""Register benchmarks (issue 2): subtree counts, name search, member list pages, every page's server time.

Run against whatever database DATABASE_URL names (SQLite by default), already loaded with
`dangbo seed --members N` or `dangbo demo --no-serve`:

    uv run python bench/register.py --json            # the figures as JSON
    uv run python bench/register.py --pages           # also every page of the web UI, as an admin

Server time is measured in-process with Django's test client (request → response, no network), p95 over
repeated requests on random inputs after a warm-up. See docs/benchmarks.md for recorded results.
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dangbo.config.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.common import print_result  # noqa: E402
from dangbo.members.models import Member  # noqa: E402
from dangbo.members.queries import MemberFilter, page  # noqa: E402
from dangbo.organizations.models import Organization  # noqa: E402
from dangbo.organizations.queries import subtree_totals  # noqa: E402

settings.ALLOWED_HOSTS = ["*"]
# Server time of the pages, not the log-in: the clients below are logged in by force_login, with no second step
# (an administrator is otherwise sent to the 2FA code page, dangbo/twofactor/middleware.py).
settings.REQUIRE_2FA_ROLES = ()


def percentile(values, p):
    values = sorted(values)
    k = max(0, min(len(values) - 1, round(p / 100 * len(values) + 0.5) - 1))
    return values[k]


def timed(fn, inputs, warmup=3):
    for x in inputs[:warmup]:
        fn(x)
    out = []
    for x in inputs:
        t = time.perf_counter()
        fn(x)
        out.append((time.perf_counter() - t) * 1000)
    return {"n": len(out), "p50_ms": round(statistics.median(out), 2), "p95_ms": round(percentile(out, 95), 2),
            "max_ms": round(max(out), 2)}


def bench_counts(rng, n):
    ids = list(Organization.objects.values_list("id", flat=True))
    root_ids = list(Organization.objects.filter(parent__isnull=True).values_list("id", flat=True))
    sample = root_ids + [rng.choice(ids) for _ in range(n)]
    orgs = {o.pk: o for o in Organization.objects.filter(pk__in=sample)}
    out = {"any_subtree": timed(lambda pk: subtree_totals(orgs[pk]), sample)}
    out["root"] = timed(lambda pk: subtree_totals(orgs[pk]), root_ids * n)
    return out


def bench_search(rng, n):
    names = [m for m in Member.objects.order_by("?").values_list("full_name", flat=True)[: n]] if \
        connection.vendor == "sqlite" else list(
        Member.objects.raw("SELECT id, full_name FROM members_member TABLESAMPLE SYSTEM (1) LIMIT %s", [n]))
    names = [getattr(x, "full_name", x) for x in names]
    queries = []
    for name in names:
        words = name.split()
        style = rng.random()
        # People type the whole name, or family + given, or just the given name, without diacritics.
        q = name if style < 0.5 else (f"{words[0]} {words[-1]}" if style < 0.8 else words[-1])
        queries.append(q)
    from dangbo.core.scopes import Scope

    admin = Scope(is_admin=True)

    def run(q):
        qs = MemberFilter(q=q).apply(admin.members(Member.objects.all()), today=timezone.localdate())
        page(qs, searching=q)

    from dangbo.rules.text import search_key

    return timed(run, [search_key(q) for q in queries])


def bench_list(client, rng, n, total):
    first = timed(lambda _: client.get("/dang-vien/"), list(range(n)))
    positions = [rng.randrange(total // 2, total) for _ in range(n)]
    cursors = []
    from dangbo.members.queries import encode_cursor

    for pos in positions:
        m = Member.objects.filter(status__in=["official", "probationary"]).order_by("sort_key", "id") \
            .only("id", "sort_key")[pos: pos + 1]
        if m:
            cursors.append(encode_cursor(m[0]))
    deep = timed(lambda c: client.get("/dang-vien/", {"after": c}), cursors)
    return {"first_page": first, "deep_page": deep}


def admin_client():
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(is_superuser=True).first()
    if user is None:
        user = get_user_model().objects.create_superuser("bench-admin", password="bench-admin-2026")
    c = Client()
    c.force_login(user)
    return c


def office_client():
    """Office staff of a province-sized subtree (the largest child of the root): scope filters in play."""
    from django.contrib.auth import get_user_model
    from django.db.models import Count

    from dangbo.core.models import Role, RoleAssignment

    root = Organization.objects.filter(parent__isnull=True).first()
    org = (Organization.objects.filter(parent=root).annotate(n=Count("children")).order_by("-n").first() or root)
    user, _ = get_user_model().objects.get_or_create(username="bench-office")
    RoleAssignment.objects.get_or_create(user=user, role=Role.OFFICE, organization=org)
    c = Client()
    c.force_login(user)
    return c, org


def bench_scoped(rng, n):
    client, org = office_client()
    from dangbo.organizations.queries import subtree_totals as totals

    names = list(Member.objects.filter(organization__path__startswith=org.path)
                 .values_list("full_name", flat=True)[:2000])
    queries = [rng.choice(names) for _ in range(n)]
    queries = [q if rng.random() < 0.6 else f"{q.split()[0]} {q.split()[-1]}" for q in queries]
    return {"organization": org.name, "members": totals(org).total,
            "list_first_page": timed(lambda _: client.get("/dang-vien/"), list(range(max(20, n // 4)))),
            "search_page": timed(lambda q: client.get("/dang-vien/", {"q": q}), queries[: max(20, n // 4)])}


def bench_pages(client, rng, n):
    """Every page of the UI, filled with real objects of the loaded data."""
    from django.urls import reverse

    m = Member.objects.filter(status="official").order_by("?").first()
    org = Organization.objects.filter(kind="cell").order_by("?").first()
    root = Organization.objects.filter(parent__isnull=True).first()
    urls = {
        "home": reverse("home"),
        "org tree": reverse("organizations:tree"),
        "org detail (root)": reverse("organizations:detail", args=[root.pk]),
        "org detail (chi bộ)": reverse("organizations:detail", args=[org.pk]),
        "as of 31/12/2020": reverse("organizations:as_of") + f"?ngay=31/12/2020&to_chuc={root.pk}",
        "member list": reverse("members:list"),
        "member search": reverse("members:list") + "?q=nguyen+van",
        "member detail": reverse("members:detail", args=[m.pk]),
        "member edit": reverse("members:edit", args=[m.pk]),
        "member event form": reverse("members:event", args=[m.pk]),
        "member history": reverse("members:history", args=[m.pk]),
        "member print": reverse("members:print", args=[m.pk]),
        "admit form": reverse("members:admit"),
        "due work": reverse("members:due"),
        "audit log": reverse("core:audit"),
    }
    out = {}
    for name, url in urls.items():
        r = client.get(url)
        assert r.status_code == 200, (url, r.status_code)
        out[name] = timed(lambda _u: client.get(_u), [url] * n)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=200, help="requests per measurement")
    ap.add_argument("--pages", action="store_true", help="time every page of the UI")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    rng = random.Random(2026)
    total = Member.objects.count()
    result = {"database": connection.vendor, "members": total,
              "organizations": Organization.objects.count()}
    result["subtree_counts"] = bench_counts(rng, args.n)
    result["name_search"] = bench_search(rng, args.n)
    client = admin_client()
    result["member_list"] = bench_list(client, rng, max(20, args.n // 4), total)
    result["office_of_one_province"] = bench_scoped(rng, args.n)
    if args.pages:
        result["pages"] = bench_pages(client, rng, max(10, args.n // 10))
    print_result(result, args.json)


if __name__ == "__main__":
    main()
