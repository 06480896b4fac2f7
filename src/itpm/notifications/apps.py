from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "itpm.notifications"
    label = "notifications"
