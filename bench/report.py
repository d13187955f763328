"""Year-end report benchmark (issue 6): the report of an organisation to .docx, end to end.

    SQLite, the demo bloc (~3,000 members):
        DANGBO_DATA_DIR=/tmp/rbench uv run dangbo demo --no-serve
        DANGBO_DATA_DIR=/tmp/rbench uv run python bench/report.py --org DBKCQT --year 2025
    PostgreSQL, a seeded register (bench/pg-report.sh N: a throwaway server, `dangbo seed --members N`):
        bash bench/pg-report.sh 100000
    Closed periods (chốt số liệu, issue 16): `--close-periods` measures the report and the statistics tables with
    no period closed, then closes the report's year ends (timing the close) and measures again:
        bash bench/pg-report.sh 100000 2025 --close-periods

Times data.build (every query) + render_docx (docxtpl, chart) to a file, as an administrator; --org defaults to
the organisation with the most members under it at depth 1 (the top of the tree).

    --document: the written year-end report instead (issue 12: narrative sections with the live figures in them,
    `reports.narrative.docx_bytes`, the Party format of `van-kien-bao-cao.docx`): the organisation's draft of the
    year, created once with every section written (about a page each) when it has none.
"""

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dangbo.config.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

from dangbo.core.scopes import Scope  # noqa: E402
from dangbo.organizations.models import Organization  # noqa: E402
from dangbo.organizations.queries import subtree_totals  # noqa: E402
from dangbo.reports import data as report_data  # noqa: E402
from dangbo.reports import render  # noqa: E402


def measure(org, args) -> dict:
    from dangbo.exchange.statistics import year_statistics

    times, build_times, stats_times = [], [], []
    with tempfile.TemporaryDirectory(prefix="dangbo-rbench-") as tmp:
        for i in range(args.repeat):
            t = time.perf_counter()
            data = report_data.build(Scope(is_admin=True), org, args.year, made_on=date.today())
            b = time.perf_counter()
            with open(Path(tmp, f"r{i}.docx"), "wb") as fh:
                render.render_docx(data, fh)
            times.append(time.perf_counter() - t)
            build_times.append(b - t)
            if args.close_periods:
                t = time.perf_counter()
                year_statistics(Scope(is_admin=True), args.year, org)
                stats_times.append(time.perf_counter() - t)
    out = {"end_total": data["members"]["end"]["total"],
           "seconds_median": round(statistics.median(times), 3), "seconds_max": round(max(times), 3),
           "data_seconds_median": round(statistics.median(build_times), 3)}
    if stats_times:
        out["statistics_seconds_median"] = round(statistics.median(stats_times), 3)
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--org", help="organisation code (default: the top organisation)")
    ap.add_argument("--year", type=int, default=date.today().year - 1)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--close-periods", action="store_true",
                    help="then close the year ends (chốt số liệu) and measure again")
    ap.add_argument("--document", action="store_true", help="the written report (sections and live figures)")
    args = ap.parse_args()
    org = (Organization.objects.get(code=args.org) if args.org
           else Organization.objects.filter(parent__isnull=True).order_by("path").first())
    if args.document:
        return document(org, args)
    out = {"database": connection.vendor, "organization": org.code, "members_in_subtree": subtree_totals(org).total,
           "year": args.year, "repeat": args.repeat, **measure(org, args)}
    if args.close_periods:
        from dangbo.members.closing import close_period

        t = time.perf_counter()
        for year in range(args.year - report_data.TREND_YEARS, args.year + 1):  # the trend and the year before
            close_period(None, date(year, 12, 31))
        out["close_seconds"] = round(time.perf_counter() - t, 3)
        out["closed"] = measure(org, args)
        assert out["closed"]["end_total"] == out["end_total"]
    print(json.dumps(out, ensure_ascii=False) if args.json else
          f"{out['organization']} ({out['members_in_subtree']} đảng viên, {connection.vendor}): báo cáo năm "
          f"{args.year} ra .docx trung vị {out['seconds_median']} s (số liệu {out['data_seconds_median']} s), "
          f"tối đa {out['seconds_max']} s")
    return 0


PARAGRAPH = ("Đảng ủy đã lãnh đạo các chi, đảng bộ cơ sở học tập, quán triệt và triển khai thực hiện nghiêm túc các "
             "nghị quyết, chỉ thị của Đảng; 100% cán bộ, đảng viên xây dựng và thực hiện cam kết tu dưỡng, rèn "
             "luyện, phấn đấu; công tác kiểm tra, giám sát được thực hiện theo chương trình đề ra.")


def document(org, args) -> int:
    """The written year-end report (a draft, every section about a page of text) to .docx, timed end to end:
    the figures (data.build), the sections and the template (narrative.docx_bytes)."""
    from dangbo.reports import actions, narrative
    from dangbo.reports.models import ReportDocument

    doc = ReportDocument.objects.filter(organization=org, kind="year_end", year=args.year, period="").first()
    if doc is None:
        doc = actions.create_document(None, organization=org, year=args.year, place="Tam Kỳ",
                                      conference_on=date(args.year + 1, 1, 11))
        for s in doc.sections.all():
            actions.save_section(None, s, text="\n".join([PARAGRAPH] * 4 + ["[số liệu]", "- " + PARAGRAPH]),
                                 version=s.version)
    members_end = narrative.build_data(Scope(is_admin=True), doc)["members"]["end"]["total"]  # once, untimed
    times, cpu, size = [], [], 0
    for _ in range(args.repeat):
        t, c = time.perf_counter(), time.process_time()
        size = len(narrative.docx_bytes(Scope(is_admin=True), doc, date.today()))
        times.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    out = {"database": connection.vendor, "organization": org.code, "members_in_subtree": subtree_totals(org).total,
           "year": args.year, "members_end": members_end, "document": doc.pk, "state": doc.state,
           "sections": doc.sections.count(),
           "docx_bytes": size, "seconds_median": round(statistics.median(times), 3),
           "seconds_max": round(max(times), 3), "cpu_seconds_median": round(statistics.median(cpu), 3),
           "repeat": args.repeat, "load_average": os.getloadavg()}
    print(json.dumps(out, ensure_ascii=False) if args.json else
          f"{org.code} ({out['members_end']} đảng viên ngày 31/12, {connection.vendor}): văn kiện báo cáo tổng kết năm "
          f"{args.year} ({out['sections']} mục) ra .docx trung vị {out['seconds_median']} s, tối đa "
          f"{out['seconds_max']} s, CPU {out['cpu_seconds_median']} s; tải máy {out['load_average']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
