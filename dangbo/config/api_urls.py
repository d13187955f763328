"""The REST API under /api/: token login, OpenAPI 3 schema, offline docs, and the scoped resources."""

import importlib

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.routers import DefaultRouter

from dangbo.core.api import ApiDocsView, AuditEventViewSet, TokenView
from dangbo.members.api import DueWorkView, MemberViewSet
from dangbo.organizations.api import OrganizationViewSet


class Router(DefaultRouter):
    include_format_suffixes = False


router = Router()
router.register("organizations", OrganizationViewSet, basename="organization")
router.register("members", MemberViewSet, basename="member")
router.register("audit", AuditEventViewSet, basename="audit")

# Apps beyond the register add their viewsets and extra paths through `dangbo.<app>.api.register(router)`.
APP_APIS = ("evaluations", "congresses", "resolutions", "recognition", "documents", "reports")
extra_paths = []
for _name in APP_APIS:
    extra_paths += importlib.import_module(f"dangbo.{_name}.api").register(router)

app_name = "api"
urlpatterns = [
    path("token/", TokenView.as_view(), name="token"),
    path("schema/", SpectacularAPIView.as_view(permission_classes=[IsAuthenticated]), name="schema"),
    path("docs/", ApiDocsView.as_view(), name="docs"),
    path("due/", DueWorkView.as_view(), name="due"),
    *extra_paths,
    path("", include(router.urls)),
]
