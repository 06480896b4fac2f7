from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "itpm.audit"
    label = "audit"
    verbose_name = "Audit log"
