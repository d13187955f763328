"""Export benchmark (issue 3): the whole member list to .xlsx and .csv, as an administrator.

    DANGBO_DATA_DIR=/tmp/exbench uv run dangbo migrate
    DANGBO_DATA_DIR=/tmp/exbench uv run dangbo seed --members 100000
    DANGBO_DATA_DIR=/tmp/exbench uv run python bench/export.py [--repeat 3] [--json]

Times exchange.exports.export_members end to end (query, rows, file written to disk) and the statistics
workbook; the files are opened again with python-calamine to check their row counts.
"""

import argparse
import json
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dangbo.config.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

from dangbo.core.scopes import Scope  # noqa: E402
from dangbo.exchange.exports import export_members  # noqa: E402
from dangbo.members.queries import MemberFilter  # noqa: E402


def timed_export(fmt: str, repeat: int, tmp: Path) -> dict:
    times, rows = [], 0
    for i in range(repeat):
        path = tmp / f"members-{i}.{fmt}"
        t = time.perf_counter()
        with open(path, "wb") as out:
            rows = export_members(Scope(is_admin=True), MemberFilter(), fmt, out, actor=None).rows
        times.append(time.perf_counter() - t)
    from python_calamine import CalamineWorkbook

    if fmt == "xlsx":
        sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
        reread = sum(1 for r in sheet if any(c not in ("", None) for c in r))
    else:
        reread = sum(1 for _ in open(path, encoding="utf-8-sig")) - 1
    return {"rows": rows, "reread_lines": reread, "median_s": round(statistics.median(times), 2),
            "max_s": round(max(times), 2), "file_mb": round(path.stat().st_size / 2**20, 1)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="dangbo-bench-export-"))
    result = {"database": connection.vendor,
              "xlsx": timed_export("xlsx", args.repeat, tmp), "csv": timed_export("csv", args.repeat, tmp)}
    result["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    print(json.dumps(result, ensure_ascii=False, indent=2 if args.json else None))


if __name__ == "__main__":
    main()
