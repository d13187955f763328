from django.http import HttpResponse
from django.urls import path

app_name = "registry_probe"
urlpatterns = [
    path("", lambda request: HttpResponse("probe"), name="index"),
    path("<int:pk>/", lambda request, pk: HttpResponse(f"probe {pk}"), name="detail"),
]
