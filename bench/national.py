"""National-scale benchmark (issue 16): every target of «a seeded national register of 5.600.000 members», measured on
the database DATABASE_URL names, already seeded with `dangbo seed --members N --shape national` (bench/national.sh
seeds a throwaway PostgreSQL, or reuses one, then runs this).

Steps, each reusing the benchmark that already measures it:
 1. close the year ends of the report's years (chốt số liệu, members.closing; the trend years and the year before);
 2. the year-end report (data + .docx, bench/report.py) of the root and of the province nearest 100.000 members at
    full scale (the same share of the register at a smaller size);
 3. server time, administrator at the root (Django's test client, in-process, bench/register.py): home, tree, due
    work, ratings results, report dashboard (≤ 500 ms), lists, records, search (≤ 150 ms);
 4. name search p95 (≤ 50 ms) and subtree counts p95 (≤ 10 ms) (bench/register.py);
 5. the ratings roll-up (≤ 2 s, within 3× DuckDB over Parquet in the same run, bench/ratings.py).
Writes PREFIX.json and PREFIX.md (the figures against the targets; a page is judged on its median server time, its
p95 shown beside it) and prints the markdown.

    uv run --frozen python bench/national.py --out /tmp/national --seed-json seed.json
"""

import argparse
import json
import os
import random
import sys
import time
from datetime import date
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dangbo.config.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.urls import reverse  # noqa: E402

from bench import ratings, register, report  # noqa: E402
from dangbo.members.models import ACTIVE_STATUSES, Member  # noqa: E402
from dangbo.organizations.models import Organization, OrgKind  # noqa: E402
from dangbo.organizations.queries import subtree_totals  # noqa: E402
from dangbo.reports import data as report_data  # noqa: E402

FULL_SCALE = 5_600_000
PROVINCE_TARGET = 100_000  # members of the province whose report is timed, at full scale


def shape() -> dict:
    by_level = {f"{r['kind']}/{r['level'] or '-'}": r["n"] for r in
                Organization.objects.values("kind", "level").annotate(n=Count("id")).order_by("kind", "level")}
    grassroots = sum(n for k, n in by_level.items() if k.startswith("grassroots"))
    members = Member.objects.filter(status__in=ACTIVE_STATUSES).count()
    return {"members": members, "organizations": Organization.objects.count(), "by_kind_and_level": by_level,
            "grassroots": grassroots, "members_per_grassroots": round(members / max(1, grassroots), 1)}


def close_year_ends(year: int) -> dict:
    from dangbo.members.closing import close_period
    from dangbo.members.models import ClosedPeriod

    out = {}
    for y in range(year - report_data.TREND_YEARS, year + 1):  # the trend and the year before it
        on = date(y, 12, 31)
        if ClosedPeriod.objects.filter(on=on).exists():
            out[str(y)] = "already closed"
            continue
        t = time.perf_counter()
        close_period(None, on)
        out[str(y)] = round(time.perf_counter() - t, 2)
    return out


def province_for(total: int) -> Organization:
    """The province whose size, as a share of the register, is nearest 100.000 of 5.600.000."""
    root = Organization.objects.filter(parent__isnull=True).order_by("path").first()
    want = total * PROVINCE_TARGET / FULL_SCALE
    provinces = list(Organization.objects.filter(parent=root, kind=OrgKind.UPPER))
    return min(provinces, key=lambda o: (abs(subtree_totals(o).total - want), o.path))


def reports(year: int, repeat: int, root, province) -> dict:
    args = SimpleNamespace(repeat=repeat, year=year, close_periods=False)
    return {name: {"organization": org.code, "members": subtree_totals(org).total, **report.measure(org, args)}
            for name, org in (("root", root), ("province", province))}


def pages(client, root, year: int, ratings_year: int, n: int) -> dict:
    m = Member.objects.filter(status="official").order_by("id")[Member.objects.count() // 2]
    cell = Organization.objects.filter(kind=OrgKind.CELL).order_by("path")[0]
    at_root = {"to_chuc": root.pk, "nam": year}
    heavy = {  # ≤ 500 ms
        "home": (reverse("home"), None),
        "tree": (reverse("organizations:tree"), None),
        "due work": (reverse("members:due"), None),
        "ratings results": (reverse("evaluations:results"), {"to_chuc": root.pk, "nam": ratings_year}),
        "report dashboard": (reverse("reports:dashboard"), at_root),
    }
    light = {  # ≤ 150 ms
        "member list": (reverse("members:list"), None),
        "member search": (reverse("members:list"), {"q": m.full_name}),
        "member record": (reverse("members:detail", args=[m.pk]), None),
        "member history": (reverse("members:history", args=[m.pk]), None),
        "organisation (root)": (reverse("organizations:detail", args=[root.pk]), None),
        "organisation (chi bộ)": (reverse("organizations:detail", args=[cell.pk]), None),
    }
    out = {}
    for group, urls, limit in (("heavy", heavy, 500), ("light", light, 150)):
        for name, (url, params) in urls.items():
            r = client.get(url, params)
            if r.status_code != 200:
                out[name] = {"status": r.status_code, "group": group, "target_ms": limit}
                continue
            out[name] = {**register.timed(lambda _, u=url, q=params: client.get(u, q), list(range(n)), warmup=1),
                         "group": group, "target_ms": limit}
    return out


def ratings_rollup(year: int, runs: int) -> dict:
    from dangbo.evaluations import queries
    from dangbo.evaluations.models import Review

    out = {"seed": ratings.seed(year)}
    got = {}
    out["rollup_all"] = ratings.timed(lambda: got.update(r=queries.rollup(year)), runs)
    duck = ratings.duckdb_rollup(year, runs)
    check = duck.pop("check")
    mine = {(p, queries.KEY_LEVELS[k]): n for p, c in got["r"].items() for k, n in c.items() if n}
    out.update(duckdb_rollup=duck, same_result=mine == check,
               ratio_db_over_duckdb=round(out["rollup_all"]["p50_ms"] / max(duck["p50_ms"], 0.01), 1))
    out["_cleanup"] = lambda: Review.objects.filter(year=year, regime_key="bench").delete()
    return out


def verdicts(r: dict) -> list[tuple[str, str, str, bool | None]]:
    """(figure, target, measured, met) rows; met is None when the target is for another size."""
    scale = r["shape"]["members"] / FULL_SCALE
    seed_s = r.get("seed", {}).get("seconds")
    rows = []
    if seed_s:
        full = seed_s / scale
        rows.append(("seeding (extrapolated to 5.600.000 linearly)", "≤ 45 min",
                     f"{seed_s:.0f} s here → ~{full / 60:.0f} min", full <= 45 * 60))
    closing = sum(v for v in r["close"].values() if not isinstance(v, str))
    rows.append(("closing the year ends (chốt số liệu)", "—", f"{closing:.1f} s", None))
    rep = r["reports"]
    rows.append(("root year-end report (data + .docx)", "≤ 10 s", f"{rep['root']['seconds_median']} s",
                 rep["root"]["seconds_median"] <= 10))
    rows.append((f"province report ({rep['province']['members']} members)", "≤ 3 s",
                 f"{rep['province']['seconds_median']} s", rep["province"]["seconds_median"] <= 3))
    for name, p in r["pages"].items():
        got = f"p50 {p['p50_ms']} ms, p95 {p['p95_ms']} ms" if "p50_ms" in p else f"HTTP {p['status']}"
        rows.append((f"page: {name} (admin at the root)", f"≤ {p['target_ms']} ms", got,
                     "p50_ms" in p and p["p50_ms"] <= p["target_ms"]))
    rows.append(("name search p95", "≤ 50 ms", f"{r['name_search']['p95_ms']} ms", r["name_search"]["p95_ms"] <= 50))
    ra = r["ratings"]
    rows.append(("ratings roll-up p50 (whole tree)", "≤ 2 s and ≤ 3× DuckDB",
                 f"{ra['rollup_all']['p50_ms']} ms; DuckDB {ra['duckdb_rollup']['p50_ms']} ms "
                 f"(×{ra['ratio_db_over_duckdb']})",
                 ra["rollup_all"]["p50_ms"] <= 2000 and ra["ratio_db_over_duckdb"] <= 3 and ra["same_result"]))
    sc = r["subtree_counts"]["any_subtree"]
    rows.append(("subtree counts p95", "≤ 10 ms", f"{sc['p95_ms']} ms", sc["p95_ms"] <= 10))
    return rows


def markdown(r: dict) -> str:
    s = r["shape"]
    lines = [f"National benchmark, {r['database']}: {s['members']:,} members, {s['organizations']:,} organisations "
             f"({s['grassroots']:,} grassroots, {s['members_per_grassroots']} members each); year {r['year']}; "
             f"load average {r['load_before']} → {r['load_after']}; {r['seconds']:.0f} s in all.", "",
             "| figure | target (5.600.000) | measured | met |", "|---|---|---|---|"]
    for fig, target, got, met in verdicts(r):
        lines.append(f"| {fig} | {target} | {got} | {'—' if met is None else ('yes' if met else '**no**')} |")
    return "\n".join(lines) + "\n"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--year", type=int, default=date.today().year - 1)
    ap.add_argument("--ratings-year", type=int, default=2030)
    ap.add_argument("--repeat", type=int, default=3, help="runs of each report")
    ap.add_argument("--n", type=int, default=20, help="requests per page")
    ap.add_argument("--search-n", type=int, default=200, help="name searches and subtree counts")
    ap.add_argument("--seed-json", help="the output of `dangbo seed --json` (seeding time and phases)")
    ap.add_argument("--out", default="/tmp/dangbo-national", help="writes OUT.json and OUT.md")
    args = ap.parse_args()
    started = time.perf_counter()
    r = {"database": connection.vendor, "year": args.year, "load_before": [round(x, 2) for x in os.getloadavg()],
         "shape": shape()}
    if args.seed_json and Path(args.seed_json).exists() and Path(args.seed_json).stat().st_size:
        r["seed"] = json.loads(Path(args.seed_json).read_text())
    rng = random.Random(2026)
    r["close"] = close_year_ends(args.year)
    root = Organization.objects.filter(parent__isnull=True).order_by("path").first()
    r["reports"] = reports(args.year, args.repeat, root, province_for(r["shape"]["members"]))
    r["ratings"] = ratings_rollup(args.ratings_year, max(3, args.repeat))
    try:
        r["pages"] = pages(register.admin_client(), root, args.year, args.ratings_year, args.n)
    finally:
        r["ratings"].pop("_cleanup")()
    r["name_search"] = register.bench_search(rng, args.search_n)
    r["subtree_counts"] = register.bench_counts(rng, args.search_n)
    r["seconds"] = time.perf_counter() - started
    r["load_after"] = [round(x, 2) for x in os.getloadavg()]
    md = markdown(r)
    Path(args.out + ".json").write_text(json.dumps(r, ensure_ascii=False, indent=2, default=str))
    Path(args.out + ".md").write_text(md)
    print(md)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
