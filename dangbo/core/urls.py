from django.urls import path

from . import job_views, views

app_name = "core"
urlpatterns = [
    path("nhat-ky/", views.audit_log, name="audit"),
    path("cong-viec/", job_views.JobList.as_view(), name="jobs"),
    path("cong-viec/<int:pk>/", job_views.JobDetail.as_view(), name="job"),
    path("cong-viec/<int:pk>/tien-do/", job_views.JobProgress.as_view(), name="job_progress"),
    path("cong-viec/<int:pk>/tep/", job_views.JobFile.as_view(), name="job_file"),
]
