"""The dues' background jobs (core/jobs.py): the month's obligations of a large organisation, and closing a month.

`generate_month` replaces the open months' obligations as a whole in one transaction: a job stopped midway wrote
nothing, so a dead worker's job is simply run again (`rerun=True`). Its progress is coarse (a step before and
after the one transaction: SQLite could not write it from inside, see core/jobs.py).
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.utils.translation import gettext_noop

from dangbo.core import jobs
from dangbo.organizations.models import Organization
from dangbo.rules import dues as rules
from dangbo.rules.text import format_number

from . import actions

# An organisation whose subtree has more members than this is drawn up in the background from its page.
INLINE_MEMBERS = 20_000


def inline_members() -> int:
    return int(getattr(settings, "DANGBO_DUES_INLINE_MEMBERS", INLINE_MEMBERS))


def sheet_url(org: Organization, month: date) -> str:
    from django.urls import reverse

    return f"{reverse('dues:sheet')}?to_chuc={org.pk}&thang={month.month:02d}/{month.year}"


def _enqueue(kind: str, doing: str, actor, org: Organization, month: date, queue: bool):
    month = rules.month_start(month)
    return jobs.enqueue(kind, actor=actor, organization=org, queue=queue, month=month.isoformat(),
                        label=f"{doing} đảng phí tháng {rules.month_label(month)} của {org.name}")


def _month_step(job, progress, doing: str, done: str, step):
    """`step(org, month)` on the organisation and month the job was enqueued for, between two progress lines;
    (org, month, what the step returned)."""
    org, month = Organization.objects.get(pk=job.organization_id), date.fromisoformat(job.params["month"])
    progress(0, 1, doing)
    result = step(org, month)
    progress(1, 1, done)
    return org, month, result


def enqueue_month(actor, org: Organization, month: date, *, queue: bool = True):
    return _enqueue("dues.month", "Lập sổ", actor, org, month, queue)


@jobs.kind("dues.month", rerun=True)
def month_job(job, actor, progress):
    org, month, res = _month_step(job, progress, gettext_noop("Đang tính mức đóng của từng đảng viên"),
                                  gettext_noop("Đã ghi sổ"), lambda o, m: actions.generate_month(actor, o, m))
    return {"summary": f"Đã lập sổ đảng phí tháng {rules.month_label(month)}: {format_number(res.count)} đảng viên, "
                       f"{format_number(res.total)} đồng.",
            "count": res.count, "total": res.total, "problems": res.problems[:50],
            "url": sheet_url(org, month)}


def enqueue_close(actor, org: Organization, month: date, *, queue: bool = True):
    return _enqueue("dues.close", "Khóa sổ", actor, org, month, queue)


@jobs.kind("dues.close", rerun=True)
def close_job(job, actor, progress):
    """Period closing (khóa sổ) of one organisation's month, as a job for the command line and scripts."""
    org, month, _closed = _month_step(job, progress, gettext_noop("Đang khóa sổ"), gettext_noop("Đã khóa sổ"),
                                      lambda o, m: actions.close_month(actor, o, m))
    return {"summary": f"Đã khóa sổ đảng phí tháng {rules.month_label(month)} của {org.name}.",
            "url": sheet_url(org, month)}
