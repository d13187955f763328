from django.contrib import admin
from django.urls import include, path

from dangbo.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("dang-nhap/", core_views.LoginView.as_view(), name="login"),
    path("dang-xuat/", core_views.LogoutView.as_view(), name="logout"),
    path("", include("dangbo.core.urls")),
    path("to-chuc/", include("dangbo.organizations.urls")),
    path("dang-vien/", include("dangbo.members.urls")),
    path("nhap/", include("dangbo.exchange.import_urls")),
    path("xuat/", include("dangbo.exchange.export_urls")),
    path("danh-gia/", include("dangbo.evaluations.urls")),
    path("dai-hoi/", include("dangbo.congresses.urls")),
    path("nghi-quyet/", include("dangbo.resolutions.urls")),
    path("khen-thuong/", include("dangbo.recognition.urls")),
    path("van-ban/", include("dangbo.documents.urls")),
    path("bao-cao/", include("dangbo.reports.urls")),
    path("api/", include("dangbo.config.api_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("quan-tri/", admin.site.urls),
]
