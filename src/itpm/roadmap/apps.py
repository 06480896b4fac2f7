from django.apps import AppConfig


class RoadmapConfig(AppConfig):
    name = "itpm.roadmap"
    label = "roadmap"
