from django.urls import path

from . import views

app_name = "admission"
urlpatterns = [
    path("", views.candidate_list, name="list"),
    path("them/", views.candidate_create, name="create"),
    path("<int:pk>/", views.candidate_detail, name="detail"),
    path("<int:pk>/don-xin-vao-dang.docx", views.print_application, name="print_application"),
    path("<int:pk>/nghi-quyet-de-nghi-ket-nap.docx", views.print_branch_resolution, name="print_branch_resolution"),
    *[path(f"<int:pk>/{key}/", views.step_view(key), name=key) for key in views.SPECS],
]
