"""Import benchmark (issue 3): one 100,000-row, 30-column .xlsx of members, through dangbo's importer
(read, preview, commit) and through django-import-export with a plain ModelResource, side by side.

    uv run python bench/exchange.py --rows 100000 [--json]      # DATABASE_URL picks SQLite or PostgreSQL

Each side runs in its own process on its own fresh database tree (a small seeded tree supplies the chi bộ),
so peak memory (ru_maxrss) belongs to that side alone. Results are recorded in docs/benchmarks.md.
"""

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dangbo.config.settings")

EXTRA = ["Nơi sinh", "Ngày vào Đoàn", "Ngoại ngữ", "Tin học", "Danh hiệu", "Khen thưởng"]  # unmapped, as in real files


def setup_django():
    import django

    django.setup()


def make_file(path: Path, rows: int, cells: list[str], seed: int = 7):
    """A realistic register: Vietnamese names, real Excel dates, CCCD and card numbers as text."""
    import xlsxwriter

    from dangbo.demo import names as N
    from dangbo.exchange.parsing.headers import MEMBER_COLUMNS
    from dangbo.rules.membership import official_date

    rng = random.Random(seed)
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    ws = wb.add_worksheet("Danh sách")
    datefmt = wb.add_format({"num_format": "dd/mm/yyyy"})
    headers = ["STT"] + [c.header for c in MEMBER_COLUMNS] + EXTRA
    for j, h in enumerate(headers):
        ws.write_string(0, j, h)
    def pick(table):  # the demo's name tables: (name, weight) pairs or plain names
        words = [t[0] if isinstance(t, tuple) else t for t in table]
        weights = [t[1] if isinstance(t, tuple) else 1 for t in table]
        return lambda: rng.choices(words, weights)[0]

    fam = pick(N.FAMILY_NAMES)
    mid_m, mid_f, given_m, given_f = (pick(t) for t in (N.MIDDLE_MALE, N.MIDDLE_FEMALE, N.GIVEN_MALE, N.GIVEN_FEMALE))
    for i in range(rows):
        female = rng.random() < 0.45
        middle, given = (mid_f, given_f) if female else (mid_m, given_m)
        name = f"{fam()} {middle()} {given()}"
        birth = date(1950, 1, 1) + timedelta(days=rng.randrange(365 * 35))  # admitted by 2024 at the latest
        admitted = birth + timedelta(days=365 * 19 + rng.randrange(365 * 20))
        ceremony = admitted + timedelta(days=rng.randrange(5, 40))
        official = official_date(ceremony)
        values = {
            "full_name": name, "birth_date": birth, "gender": "Nữ" if female else "Nam", "ethnicity": "Kinh",
            "religion": "Không", "hometown": "Quảng Nam", "residence": "Tam Kỳ, Quảng Nam",
            "citizen_id": f"0{49 + i % 3}{i:09d}", "card_number": f"{i + 10**7:08d}",
            "organization": rng.choice(cells), "workplace": "Văn phòng UBND tỉnh", "job_title": "Chuyên viên",
            "education": "12/12", "qualification": "Cử nhân", "political_theory": "Trung cấp",
            "phone": f"09{rng.randrange(10**8):08d}", "email": "", "admission_decision_date": admitted,
            "admission_decision_number": f"{rng.randrange(1, 999)}-QĐ/ĐU", "ceremony_date": ceremony,
            "official_date": official if official < date(2026, 1, 1) else None, "transfer_in_date": None, "note": "",
        }
        r = i + 1
        ws.write_number(r, 0, r)
        for j, col in enumerate(MEMBER_COLUMNS, start=1):
            v = values[col.key]
            if isinstance(v, date):
                ws.write_datetime(r, j, v, datefmt)
            elif v:
                ws.write_string(r, j, str(v))
        for j in range(len(EXTRA)):
            ws.write_string(r, 1 + len(MEMBER_COLUMNS) + j, "")
    wb.close()


def tree_cells() -> list[str]:
    from dangbo.organizations.models import Organization

    return list(Organization.objects.filter(kind__in=["cell", "grassroots_cell"]).values_list("code", flat=True))


def run_dangbo(path: Path) -> dict:
    from dangbo.exchange.kinds import members as importer
    from dangbo.exchange.parsing.readers import read_table
    from dangbo.organizations.models import Organization

    root = Organization.objects.filter(parent__isnull=True).first()
    t0 = time.perf_counter()
    table = read_table(path)
    pv = importer.preview(table, actor=None, target_org=root, mapping_override={h: "" for h in EXTRA})
    t1 = time.perf_counter()
    result = importer.commit(pv, None)
    t2 = time.perf_counter()
    return {"preview_s": round(t1 - t0, 2), "commit_s": round(t2 - t1, 2), "total_s": round(t2 - t0, 2),
            "counts": pv.counts, "created": getattr(result, "created", None),
            "first_error": str(pv.errors[0]) if pv.errors else None}


def run_import_export(path: Path) -> dict:
    import tablib
    from import_export import fields, resources, widgets

    from dangbo.exchange.parsing.headers import MEMBER_COLUMNS
    from dangbo.members.models import Member
    from dangbo.organizations.models import Organization

    header = {c.key: c.header for c in MEMBER_COLUMNS}
    date_keys = {"birth_date", "admission_decision_date", "ceremony_date", "official_date"}
    plain = ["full_name", "ethnicity", "religion", "hometown", "residence", "citizen_id", "card_number",
             "workplace", "job_title", "education", "qualification", "phone", "email", "admission_decision_number"]

    class MemberResource(resources.ModelResource):
        organization = fields.Field(attribute="organization", column_name=header["organization"],
                                    widget=widgets.ForeignKeyWidget(Organization, "code"))

        class Meta:
            model = Member
            fields = tuple(plain) + tuple(date_keys) + ("organization", "gender")
            import_id_fields = ["citizen_id"]  # match existing members by CCCD, as dangbo does first

    for key in plain:
        MemberResource.fields[key] = fields.Field(attribute=key, column_name=header[key], default="")
    for key in date_keys:
        MemberResource.fields[key] = fields.Field(attribute=key, column_name=header[key], widget=widgets.DateWidget())
    class GenderWidget(widgets.Widget):  # the one translation a plain resource needs: Nam/Nữ -> M/F
        def clean(self, value, row=None, **kwargs):
            return {"Nam": "M", "Nữ": "F"}.get(value, value)

    MemberResource.fields["gender"] = fields.Field(attribute="gender", column_name=header["gender"],
                                                   widget=GenderWidget())

    t0 = time.perf_counter()
    with open(path, "rb") as f:
        dataset = tablib.Dataset().load(f, format="xlsx")
    t1 = time.perf_counter()
    result = MemberResource().import_data(dataset, dry_run=False, use_transactions=True, raise_errors=False)
    t2 = time.perf_counter()
    return {"load_s": round(t1 - t0, 2), "import_s": round(t2 - t1, 2), "total_s": round(t2 - t0, 2),
            "totals": dict(result.totals), "has_errors": result.has_errors(),
            "first_error": next((str(e.error) for row in result.rows for e in row.errors), None)}


def child(side: str, path: str, rows: int) -> None:
    Path(os.environ.get("DANGBO_DATA_DIR", "var")).mkdir(parents=True, exist_ok=True)
    setup_django()
    from django.core.management import call_command

    from dangbo.demo.seed import seed

    call_command("migrate", verbosity=0)
    seed(200, 5)  # a small tree of chi bộ to import into; its codes are the same in every process
    if side == "gen":
        t = time.perf_counter()
        make_file(Path(path), rows, tree_cells())
        print(json.dumps({"made_in_s": round(time.perf_counter() - t, 1)}))
        return
    out = run_dangbo(Path(path)) if side == "dangbo" else run_import_export(Path(path))
    out["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    print(json.dumps(out, ensure_ascii=False))


def fresh_env(tmp: Path, side: str) -> dict:
    env = dict(os.environ, DANGBO_DATA_DIR=str(tmp / side))
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        base, _, _name = url.rpartition("/")
        dbname = f"bench_exchange_{side.replace('-', '_')}"
        subprocess.run(["psql", base + "/postgres", "-qc", f"DROP DATABASE IF EXISTS {dbname}"], check=True)
        subprocess.run(["psql", base + "/postgres", "-qc", f"CREATE DATABASE {dbname}"], check=True)
        env["DATABASE_URL"] = f"{base}/{dbname}"
    return env


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--sides", default="dangbo,import-export")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--child", nargs=2, help=argparse.SUPPRESS)  # side, file
    args = ap.parse_args()
    if args.child:
        return child(args.child[0], args.child[1], args.rows)
    tmp = Path(tempfile.mkdtemp(prefix="dangbo-bench-exchange-"))
    path = tmp / f"members-{args.rows}.xlsx"

    def run(side: str, env: dict) -> dict:
        p = subprocess.run([sys.executable, __file__, "--rows", str(args.rows), "--child", side, str(path)],
                           env=env, capture_output=True, text=True)
        lines = [ln for ln in p.stdout.splitlines() if ln.startswith("{")]
        return json.loads(lines[-1]) if lines else {"error": (p.stderr or p.stdout)[-2000:]}

    gen_env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    gen_env["DANGBO_DATA_DIR"] = str(tmp / "gen")
    result = {"rows": args.rows, "columns": 30, **run("gen", gen_env),
              "database": "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"}
    result["file_mb"] = round(path.stat().st_size / 2**20, 1)
    for side in args.sides.split(","):
        result[side] = run(side, fresh_env(tmp, side))
    if "dangbo" in result and "import-export" in result and "total_s" in result["dangbo"] \
            and "total_s" in result["import-export"]:
        result["speedup"] = round(result["import-export"]["total_s"] / result["dangbo"]["total_s"], 1)
    print(json.dumps(result, ensure_ascii=False, indent=None if not args.json else 2))


if __name__ == "__main__":
    main()
