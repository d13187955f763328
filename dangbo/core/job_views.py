"""The background jobs' pages (/cong-viec/): the user's jobs, one job with its progress polled by HTMX, its file.

Scoped like everything else: a job belongs to the organisation it works on (`Job.org_path`); a job of no
organisation (a system job) is the administrator's.
"""

from pathlib import Path

from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from . import jobs
from .generic import ScopedDetailView, ScopedView, is_htmx
from .models import Job


class JobList(ScopedView):
    def get(self, request):
        qs = Job.objects.scoped(self.scope).select_related("organization", "user")[:100]
        return render(request, "core/job_list.html", {"jobs": list(qs)})


class JobDetail(ScopedDetailView):
    model = Job
    select_related = ("organization", "user")
    template_name = "core/job_detail.html"

    def get_context(self, obj):
        return {"job": obj, "stale": jobs.is_dead(obj)}


class JobProgress(ScopedDetailView):
    """The progress partial the job page polls every second; when the job ends, the page reloads."""

    model = Job

    def get(self, request, *args, **kwargs):
        job = self.object
        if not job.is_running:
            resp = HttpResponse("")
            resp["HX-Redirect"] = reverse("core:job", args=[job.pk])
            return resp
        if not is_htmx(request):
            resp = HttpResponse(status=303)
            resp["Location"] = reverse("core:job", args=[job.pk])
            return resp
        return render(request, "core/job_progress.html", {"job": job})


class JobFile(ScopedDetailView):
    """The file a finished job made (statistics, a report), for whoever may read the job."""

    model = Job

    def get(self, request, *args, **kwargs):
        job = self.object
        name = (job.result or {}).get("file")
        path = jobs.result_dir(job) / name if name else None
        if not name or Path(name).name != name or not path.is_file():
            raise Http404(_("Công việc này không có tệp kết quả."))
        return FileResponse(path.open("rb"), as_attachment=True, filename=name)
