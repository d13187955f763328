from django.urls import path

from . import views

app_name = "organizations"
urlpatterns = [
    path("", views.tree, name="tree"),
    path("dang-so/", views.as_of, name="as_of"),
    path("thanh-lap/", views.found_top, name="found_top"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/truc-thuoc/", views.children, name="children"),
    path("<int:pk>/thanh-lap/", views.found, name="found"),
    path("<int:pk>/doi-ten/", views.rename, name="rename"),
    path("<int:pk>/hop-nhat/", views.merge, name="merge"),
    path("<int:pk>/chuyen/", views.move, name="move"),
    path("<int:pk>/chia-tach/", views.split, name="split"),
    path("<int:pk>/giai-the/", views.dissolve, name="dissolve"),
    path("<int:pk>/cap-uy/thay-doi/", views.committee_change, name="committee_change"),
    path("<int:pk>/cap-uy/chi-dinh/", views.appoint_term, name="appoint_term"),
]
