from django.http import JsonResponse
from django.urls import path


def register(router) -> list:
    return [path("probe/", lambda request: JsonResponse({"ok": True}), name="probe")]
