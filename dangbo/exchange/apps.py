from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    name = "dangbo.exchange"
    label = "exchange"
    verbose_name = "Nhập, xuất dữ liệu"
