from django.urls import path

from . import views

app_name = "inspection"
urlpatterns = [
    path("", views.inspection_list, name="list"),
    path("them/", views.inspection_create, name="create"),
    path("<int:pk>/", views.inspection_detail, name="detail"),
    path("<int:pk>/ket-luan/", views.conclude, name="conclude"),
    path("<int:pk>/khac-phuc/", views.follow_up, name="follow_up"),
    path("<int:pk>/ky-luat/", views.discipline, name="discipline"),
    path("chuong-trinh/", views.programme_list, name="programmes"),
    path("chuong-trinh/them/", views.programme_create, name="programme_create"),
    path("chuong-trinh/<int:pk>/", views.programme_detail, name="programme"),
    path("chuong-trinh/<int:pk>/noi-dung/", views.programme_item, name="programme_item"),
    path("khieu-nai/", views.complaint_list, name="complaints"),
    path("khieu-nai/them/", views.complaint_create, name="complaint_create"),
    path("khieu-nai/<int:pk>/", views.complaint_detail, name="complaint"),
    path("khieu-nai/<int:pk>/giai-quyet/", views.settle, name="settle"),
]
