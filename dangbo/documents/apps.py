from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "dangbo.documents"
    label = "documents"
    verbose_name = "Sổ văn bản đi, đến"
