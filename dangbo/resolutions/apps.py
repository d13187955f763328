from django.apps import AppConfig


class ResolutionsConfig(AppConfig):
    name = "dangbo.resolutions"
    label = "resolutions"
    verbose_name = "Nghị quyết, chỉ tiêu"
