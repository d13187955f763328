"""The members' background job (core/jobs.py): closing a period (chốt số liệu, members/closing.py).

Closing a date writes its table in one transaction (the rows of the date replaced as a whole): a job stopped
midway wrote nothing, so a dead worker's job is run again (`rerun=True`).
"""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext_noop

from dangbo.core import jobs
from dangbo.rules.text import format_number

from . import closing


def enqueue_close(actor, on: date, *, queue: bool = True):
    return jobs.enqueue("members.close_period", actor=actor, queue=queue, on=on.isoformat(), ref=ref_of(on),
                        label=f"Chốt số liệu đảng viên ngày {on:%d/%m/%Y}")


def ref_of(on: date) -> str:
    """The jobs closing `on` carry this reference (the closing page finds the latest of each date by it)."""
    return f"close:{on.isoformat()}"


@jobs.kind("members.close_period", rerun=True)
def close_job(job, actor, progress):
    on = date.fromisoformat(job.params["on"])
    step = gettext_noop("Đang tính số liệu của từng tổ chức")
    total = len(closing.DIMENSIONS)
    progress(0, total, step)
    closing.close_period(actor, on, progress=lambda done, _n: progress(done, total, step))
    progress(total, total, gettext_noop("Đã chốt số liệu"))
    counted = closing.counts("", on).get("", (0, 0))
    return {"summary": f"Đã chốt số liệu ngày {on:%d/%m/%Y}: {format_number(sum(counted))} đảng viên "
                       f"({format_number(counted[0])} chính thức, {format_number(counted[1])} dự bị).",
            "on": on.isoformat(), "official": counted[0], "probationary": counted[1]}
