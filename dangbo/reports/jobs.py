"""The year-end report of a large organisation as a background job (core/jobs.py): the .docx is built by the
worker into the job's folder and downloaded from the job's page. A report only reads: run again after a dead
worker (`rerun=True`)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_noop

from dangbo.core import jobs
from dangbo.core.scopes import Scope, scope_for
from dangbo.organizations.models import Organization


def enqueue_year_end(actor, org: Organization, year: int, *, place: str = ""):
    return jobs.enqueue("reports.year_end", actor=actor, organization=org, year=year, place=place,
                        label=f"Báo cáo tổng kết năm {year} của {org.name}")


@jobs.kind("reports.year_end", rerun=True)
def year_end(job, actor, progress):
    from . import data as report_data
    from . import render
    from .actions import record_year_end

    org = Organization.objects.get(pk=job.organization_id)
    year = int(job.params["year"])
    scope = scope_for(actor) if actor is not None else Scope(is_admin=True)
    made_on = timezone.localdate()
    progress(0, 2, gettext_noop("Đang tính số liệu của báo cáo"))
    data = report_data.build(scope, org, year, made_on=made_on, place=job.params.get("place", ""))
    progress(1, 2, gettext_noop("Đang lập tệp .docx"))
    folder = jobs.result_dir(job)
    folder.mkdir(parents=True, exist_ok=True)
    name = f"bao-cao-tong-ket-{year}-{org.code}.docx"
    tmp = folder / (name + ".part")
    with tmp.open("wb") as fh:
        render.render_docx(data, fh, made_on=made_on)
    tmp.replace(folder / name)
    record_year_end(actor, org, year, formats=["docx"], via="job")
    progress(2, 2, gettext_noop("Đã lập báo cáo"))
    return {"file": name, "summary": f"Đã lập báo cáo tổng kết năm {year} của {org.name}."}
