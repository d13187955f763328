from django.urls import path

from . import views

app_name = "resolutions"
urlpatterns = [
    path("", views.resolution_list, name="list"),
    path("them/", views.resolution_create, name="create"),
    path("<int:pk>/", views.resolution_detail, name="detail"),
    path("<int:pk>/sua/", views.resolution_edit, name="edit"),
    path("<int:pk>/chi-tieu/", views.target_add, name="target_add"),
    path("<int:pk>/danh-gia/", views.review_run, name="review_run"),
    path("chi-tieu/<int:pk>/xoa/", views.target_remove, name="target_remove"),
    path("ky-danh-gia/<int:pk>/", views.review_detail, name="review"),
    path("ky-danh-gia/<int:pk>/tinh-lai/", views.review_recompute, name="review_recompute"),
    path("ket-nap/", views.admissions, name="admissions"),
]
