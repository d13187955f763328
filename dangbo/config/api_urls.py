"""The REST API under /api/: token login, OpenAPI 3 schema, offline docs, and the scoped resources."""

import importlib

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.routers import DefaultRouter

from dangbo.core.api import ApiDocsView, TokenView, not_found
from dangbo.core.registry import api_modules


class Router(DefaultRouter):
    include_format_suffixes = False


router = Router()
# Every app declaring an `api` module in its AppConfig adds its viewsets and extra paths through
# `register(router)` (dangbo.core.registry), so every resource is under one router, schema and token login.
extra_paths = []
for _module in api_modules():
    extra_paths += importlib.import_module(_module).register(router)

app_name = "api"
urlpatterns = [
    path("token/", TokenView.as_view(), name="token"),
    path("schema/", SpectacularAPIView.as_view(permission_classes=[IsAuthenticated]), name="schema"),
    path("docs/", ApiDocsView.as_view(), name="docs"),
    *extra_paths,
    path("", include(router.urls)),
    # Anything else under /api/ ending in a slash (an id of the wrong shape) is a JSON 404, as documented;
    # without the slash Django's APPEND_SLASH redirect still applies.
    re_path(r"^.*/$", not_found),
]
