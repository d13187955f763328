from django.urls import path

from . import views

app_name = "twofactor"
urlpatterns = [
    path("", views.setup, name="setup"),
    path("ma/", views.verify, name="verify"),
    path("tat/", views.disable, name="disable"),
    path("ma-du-phong/", views.regenerate, name="regenerate"),
]
