from django.apps import AppConfig


class PortfolioConfig(AppConfig):
    name = "itpm.portfolio"
    label = "portfolio"
    verbose_name = "Service portfolio"

    def ready(self) -> None:
        from itpm.accounts.services.ownership import register_ownership

        register_ownership("portfolio.Market", "owner", product_managers_only=True)
        register_ownership("portfolio.Service", "owner", product_managers_only=True)
