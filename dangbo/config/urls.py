from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("dangbo.core.urls")),
    path("to-chuc/", include("dangbo.organizations.urls")),
    path("dang-vien/", include("dangbo.members.urls")),
    path("api/", include("dangbo.config.api_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("quan-tri/", admin.site.urls),
]
