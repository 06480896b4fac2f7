from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class WebConfig(AppConfig):
    name = "itpm.web"
    label = "web"
    verbose_name = "Web shell"

    def ready(self) -> None:
        # Each app says what its records' choosers offer in its own choosers.py (web.choosers).
        autodiscover_modules("choosers")
