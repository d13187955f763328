from django.apps import AppConfig


class RecognitionConfig(AppConfig):
    name = "dangbo.recognition"
    label = "recognition"
    verbose_name = "Khen thưởng, Huy hiệu Đảng"
