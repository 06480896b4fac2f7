from django.apps import AppConfig


class IdeasConfig(AppConfig):
    name = "itpm.ideas"
    label = "ideas"
