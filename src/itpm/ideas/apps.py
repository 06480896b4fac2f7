from django.apps import AppConfig


class IdeasConfig(AppConfig):
    name = "itpm.ideas"
    label = "ideas"

    def ready(self) -> None:
        from itpm.accounts.services.ownership import register_ownership

        register_ownership("ideas.Idea", "owner", product_managers_only=True)
