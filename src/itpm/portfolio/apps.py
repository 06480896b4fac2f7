from django.apps import AppConfig


class PortfolioConfig(AppConfig):
    name = "itpm.portfolio"
    label = "portfolio"
