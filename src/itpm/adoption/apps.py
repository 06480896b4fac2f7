from django.apps import AppConfig


class AdoptionConfig(AppConfig):
    name = "itpm.adoption"
    label = "adoption"
