from django.apps import AppConfig


class CommendationsConfig(AppConfig):
    name = "dangbo.commendations"
    label = "commendations"
    verbose_name = "Khen thưởng, Huy hiệu Đảng"
