"""Consolidated report benchmark (issue 12): an upper level's report from N submitted organisations, to .docx and
the bảng tổng hợp .xlsx, end to end.

    SQLite, 70 organisations (a fresh database; --seed builds the bloc and its accepted submissions once):
        DANGBO_DATA_DIR=/tmp/cbench uv run python bench/consolidated.py --seed 70
    SQLite, the demo bloc (its organisations' real 2025 submissions, one missing, one returned):
        DANGBO_DATA_DIR=/tmp/rbench uv run dangbo demo --no-serve
        DANGBO_DATA_DIR=/tmp/rbench uv run python bench/consolidated.py --org DBKCQT --year 2025
    PostgreSQL: the same with DATABASE_URL set (--seed 2000).

Times consolidated.build (the submissions and the expected organisations) + render_docx (python-docx) + render_xlsx
(openpyxl), as an administrator. `--seed N` writes an upper organisation BENCH-K with N grassroots organisations and
one accepted submission each: the figures are a real `submissions.snapshot` shape with varied numbers (what is
timed is the consolidation of stored snapshots, not the organisations' own year-end builds).
"""

import argparse
import json
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

from dangbo.core.scopes import Scope  # noqa: E402
from dangbo.organizations.models import Organization  # noqa: E402
from dangbo.reports import consolidated  # noqa: E402

SEED_CODE = "BENCH-K"


def seed(n: int, year: int) -> Organization:
    """An upper organisation with `n` grassroots organisations, each with an accepted submission of `year`."""
    from django.core.management import call_command
    from django.utils import timezone

    from dangbo.organizations.actions import found_organization
    from dangbo.organizations.models import OrgKind
    from dangbo.reports.models import Submission
    from dangbo.reports.submissions import FIELDS, LEVELS

    call_command("migrate", verbosity=0)
    upper = Organization.objects.filter(code=SEED_CODE).first()
    if upper is not None and Organization.objects.filter(parent=upper).count() >= n:
        return upper
    rng = random.Random(12)
    with transaction.atomic():
        upper = upper or found_organization(None, code=SEED_CODE, name="Đảng bộ Khối thử tải", kind=OrgKind.UPPER,
                                            founded_on=date(1997, 1, 1))
        have = Organization.objects.filter(parent=upper).count()
        subs = []
        for i in range(have, n):
            org = found_organization(None, code=f"{SEED_CODE}-{i + 1:04d}", name=f"Chi bộ cơ quan thử tải số {i + 1}",
                                     kind=OrgKind.GRASSROOTS_CELL, parent=upper, founded_on=date(1997, 1, 1))
            figures = {k: rng.randint(0, 60) for k, _label in FIELDS}
            subs.append(Submission(organization=org, org_path=org.path, upper=upper, year=year, state="accepted",
                                   submitted_at=timezone.now(), decided_at=timezone.now(), times=1,
                                   figures={"version": 1, "year": year, "figures": figures, "missing": {},
                                            "self": rng.choice([k for k, _l in LEVELS]),
                                            "organization": {"code": org.code, "name": org.name}}))
        Submission.objects.bulk_create(subs)
    return upper


def document_times(upper, args) -> list[float]:
    """The written consolidated report (a draft with its sections written) to .docx, `args.repeat` times: the
    consolidation (consolidated.build) and the template (narrative.docx_bytes)."""
    from dangbo.reports import actions, narrative
    from dangbo.reports.models import ReportDocument

    doc = ReportDocument.objects.filter(organization=upper, kind="consolidated", year=args.year).first()
    if doc is None:
        doc = actions.create_document(None, organization=upper, year=args.year, kind="consolidated",
                                      conference_on=date(args.year + 1, 1, 11), place="Tam Kỳ")
        for s in doc.sections.all():
            actions.save_section(None, s, text="Đảng ủy lãnh đạo 100% tổ chức cơ sở đảng quán triệt nghị quyết.\n"
                                               "[số liệu]", version=s.version)
    out = []
    for _ in range(args.repeat):
        t = time.perf_counter()
        narrative.docx_bytes(Scope(is_admin=True), doc, date.today())
        out.append(time.perf_counter() - t)
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--org", help="code of the upper organisation (default: the seeded one)")
    ap.add_argument("--seed", type=int, help="build an upper organisation with this many submitted organisations")
    ap.add_argument("--year", type=int, default=2025)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--document", action="store_true",
                    help="also time the written consolidated report (kind «consolidated»: sections + figures)")
    args = ap.parse_args()
    upper = seed(args.seed, args.year) if args.seed else Organization.objects.get(code=args.org or SEED_CODE)
    times, build_times, xlsx_times, cpu = [], [], [], []
    for _ in range(args.repeat):
        t, c0 = time.perf_counter(), time.process_time()
        data = consolidated.build(Scope(is_admin=True), upper, args.year, made_on=date.today())
        b = time.perf_counter()
        docx = consolidated.render_docx(data, date.today())
        d = time.perf_counter()
        xlsx = consolidated.render_xlsx(data)
        times.append(d - t)
        cpu.append(time.process_time() - c0)
        build_times.append(b - t)
        xlsx_times.append(time.perf_counter() - d)
    c = data["coverage"]
    doc_times = document_times(upper, args) if args.document else []
    out = {"database": connection.vendor, "organization": upper.code, "year": args.year,
           "expected": c["expected"], "counted": c["counted"], "members_end": data["totals"]["members_end"],
           "docx_bytes": len(docx), "xlsx_bytes": len(xlsx),
           "seconds_median": round(statistics.median(times), 3), "seconds_max": round(max(times), 3),
           "data_seconds_median": round(statistics.median(build_times), 3),
           "xlsx_seconds_median": round(statistics.median(xlsx_times), 3),
           "cpu_seconds_median": round(statistics.median(cpu), 3), "repeat": args.repeat,
           "load_average": os.getloadavg()}
    if doc_times:
        out["document_seconds_median"] = round(statistics.median(doc_times), 3)
        out["document_seconds_max"] = round(max(doc_times), 3)
    print(json.dumps(out, ensure_ascii=False) if args.json else
          f"{upper.code} ({c['text']}, tính {c['counted']}, {connection.vendor}): báo cáo tổng hợp năm {args.year} "
          f"ra .docx trung vị {out['seconds_median']} s (số liệu {out['data_seconds_median']} s), tối đa "
          f"{out['seconds_max']} s; bảng .xlsx {out['xlsx_seconds_median']} s; "
          f"CPU (.docx + .xlsx) {out['cpu_seconds_median']} s"
          + (f"; văn kiện .docx trung vị {out['document_seconds_median']} s" if doc_times else ""))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
