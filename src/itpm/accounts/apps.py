from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "itpm.accounts"
    label = "accounts"
    verbose_name = "People and organisation"
