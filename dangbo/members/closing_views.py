"""The closing page (chốt số liệu, /dang-vien/chot-so-lieu/, members/closing.py): administrators only.

The closed dates (who closed each, when, the register's totals, the job closing it if one is queued or running),
and a form closing a past date, or recounting a closed one, as a background job (members/jobs.py) whose page
(core:job) shows the progress. Everyone else gets 403 and no link in the menu (Nav audience "admins").
"""

from datetime import date

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dangbo.core.generic import FormPage
from dangbo.core.models import Job, JobStatus
from dangbo.core.scopes import ScopeDenied

from . import closing, jobs
from .forms import ClosePeriodForm


def running_jobs() -> dict[str, Job]:
    """The queued or running closing jobs by the date they close (ISO)."""
    qs = Job.objects.filter(kind="members.close_period", status__in=(JobStatus.QUEUED, JobStatus.RUNNING))
    return {j.params.get("on", ""): j for j in qs.order_by("id")}


class ClosePeriodPage(FormPage):
    template_name = "members/closing.html"
    form_class = ClosePeriodForm
    title = _("Chốt số liệu đảng viên")
    submit = _("Chốt số liệu")
    result_url = "core:job"  # the job's page shows its progress
    intro = _("Số liệu của ngày đã chốt được lưu theo từng tổ chức; báo cáo, thống kê và cây tổ chức của ngày đó "
              "đọc từ số đã chốt. Sự kiện ghi muộn vào kỳ đã chốt tự cập nhật số đã chốt.")

    def check(self):
        if not self.scope.is_admin:
            raise ScopeDenied(closing.ADMIN_ONLY)

    def cancel_url(self) -> str:
        return reverse("members:list")

    def perform(self, form):
        on = form.cleaned_data["on"]
        closing.check_date(on)  # refused on the field before anything is queued
        return jobs.enqueue_close(self.request.user, on)

    def get_context(self, form) -> dict:
        running = running_jobs()
        periods = closing.closed_periods()
        for row in periods:
            row["job"] = running.pop(row["period"].on.isoformat(), None)
        pending = [{"on": date.fromisoformat(on), "job": job} for on, job in sorted(running.items(), reverse=True)]
        return {**super().get_context(form), "periods": periods, "pending": pending}


close_period = ClosePeriodPage.as_view()
