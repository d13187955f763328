from django.urls import path

from . import views

app_name = "admission"
urlpatterns = [
    path("", views.candidate_list, name="list"),
    path("them/", views.candidate_create, name="create"),
    path("<int:pk>/", views.candidate_detail, name="detail"),
    *[path(f"<int:pk>/{key}/", views.step_view(key), name=key) for key in views.SPECS],
]
