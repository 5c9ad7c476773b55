from django.apps import AppConfig


class SafetyConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "safety"
    verbose_name = "Confidential escalation"

    def ready(self):
        from safety import notify  # noqa: F401 - declares the notification kinds
