from django.urls import path

from . import import_views as views

app_name = "imports"
urlpatterns = [
    path("", views.history, name="list"),
    path("tai-len/", views.upload, name="upload"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/tien-do/", views.progress, name="progress"),
    path("<int:pk>/ghep-cot/", views.mapping, name="mapping"),
    path("<int:pk>/ghi-vao-so/", views.commit, name="commit"),
    path("<int:pk>/huy/", views.cancel, name="cancel"),
]
