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
    return jobs.enqueue("members.close_period", actor=actor, queue=queue, on=on.isoformat(),
                        label=f"Chốt số liệu đảng viên ngày {on:%d/%m/%Y}")


@jobs.kind("members.close_period", rerun=True)
def close_job(job, actor, progress):
    on = date.fromisoformat(job.params["on"])
    progress(0, 1, gettext_noop("Đang tính số liệu của từng tổ chức"))
    closing.close_period(actor, on)
    progress(1, 1, gettext_noop("Đã chốt số liệu"))
    total = closing.counts("", on).get("", (0, 0))
    return {"summary": f"Đã chốt số liệu ngày {on:%d/%m/%Y}: {format_number(sum(total))} đảng viên "
                       f"({format_number(total[0])} chính thức, {format_number(total[1])} dự bị).",
            "on": on.isoformat(), "official": total[0], "probationary": total[1]}
