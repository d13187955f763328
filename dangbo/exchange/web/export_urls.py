from django.urls import path

from . import export_views as views

app_name = "exports"
urlpatterns = [
    path("", views.index, name="index"),
    path("dang-vien/", views.members, name="members"),
    path("to-chuc/", views.organizations, name="organizations"),
    path("viec-can-lam/", views.due, name="due"),
    path("thong-ke/", views.statistics_view, name="statistics"),
    path("thong-ke/chay-nen/", views.statistics_background, name="statistics_background"),
    path("mau/dang-vien.xlsx", views.template_members, name="template_members"),
    path("mau/to-chuc.xlsx", views.template_organizations, name="template_organizations"),
]
