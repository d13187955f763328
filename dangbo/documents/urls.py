from django.urls import path

from . import views

app_name = "documents"
urlpatterns = [
    path("", views.document_list, name="list"),
    path("them/", views.document_create, name="create"),
    path("so-tiep-theo/", views.document_suggested, name="suggested"),
    path("xuat.xlsx", views.document_export, name="export"),
    path("<int:pk>/", views.document_detail, name="detail"),
    path("<int:pk>/sua/", views.document_edit, name="edit"),
]
