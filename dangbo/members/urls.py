from django.urls import path

from . import closing_views, views

app_name = "members"
urlpatterns = [
    path("", views.member_list, name="list"),
    path("danh-sach.pdf", views.member_list_pdf, name="list_pdf"),
    path("ket-nap/", views.admit, name="admit"),
    path("viec-can-lam/", views.due, name="due"),
    path("chot-so-lieu/", closing_views.close_period, name="close_period"),
    path("viec-can-lam.pdf", views.due_pdf, name="due_pdf"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/sua/", views.edit, name="edit"),
    path("<int:pk>/su-kien/", views.record_event, name="event"),
    path("<int:pk>/ky-luat/", views.discipline, name="discipline"),
    path("<int:pk>/lich-su/", views.history, name="history"),
    path("<int:pk>/in/", views.print_view, name="print"),
]
