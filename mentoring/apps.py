from django.apps import AppConfig


class MentoringConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "mentoring"
    verbose_name = "Mentoring"

    def ready(self):
        from mentoring import (
            checkin_tasks,  # noqa: F401 - registers the check-ins' sweep step
            mosaic,  # noqa: F401 - registers relationships as the mosaic's coverage
        )
