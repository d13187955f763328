from django.contrib import admin
from django.urls import include, path

from dangbo.core import views as core_views
from dangbo.core.registry import url_mounts
from dangbo.web import home

urlpatterns = [
    path("", home.home, name="home"),
    path("dang-nhap/", core_views.LoginView.as_view(), name="login"),
    path("dang-xuat/", core_views.LogoutView.as_view(), name="logout"),
    # Each app's pages, as its AppConfig declares them (dangbo.core.registry).
    *(path(prefix, include(module)) for prefix, module in url_mounts()),
    path("api/", include("dangbo.config.api_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("quan-tri/", admin.site.urls),
]
