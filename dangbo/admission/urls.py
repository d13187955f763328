from django.urls import path

from . import views

app_name = "admission"
urlpatterns = [
    path("", views.candidate_list, name="list"),
    path("them/", views.candidate_create, name="create"),
    path("<int:pk>/", views.candidate_detail, name="detail"),
    path("<int:pk>/don-xin-vao-dang.docx", views.print_application, name="print_application"),
    path("<int:pk>/nghi-quyet-de-nghi-ket-nap.docx", views.print_branch_resolution, name="print_branch_resolution"),
    path("<int:pk>/phieu-gioi-thieu.docx", views.print_introducers, name="print_introducers"),
    path("<int:pk>/quyet-dinh-ket-nap.docx", views.print_decision, name="print_decision"),
    *[path(f"<int:pk>/{key}/", views.step_view(key), name=key) for key in views.SPECS],
]
