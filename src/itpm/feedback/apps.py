from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "itpm.feedback"
    label = "feedback"
