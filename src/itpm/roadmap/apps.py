from django.apps import AppConfig


class RoadmapConfig(AppConfig):
    name = "itpm.roadmap"
    label = "roadmap"

    def ready(self) -> None:
        from itpm.accounts.services.ownership import register_ownership

        register_ownership("roadmap.Goal", "owner", product_managers_only=True)
        register_ownership("roadmap.Initiative", "owner", product_managers_only=True)
        register_ownership("roadmap.Feature", "owner", product_managers_only=True)
