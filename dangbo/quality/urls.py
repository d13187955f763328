from django.urls import path

from . import views

app_name = "quality"
urlpatterns = [
    path("", views.finding_list, name="list"),
    path("csdl-dang-vien.xlsx", views.csdl_export, name="export"),
]
