from django.apps import AppConfig


class MentoringConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "mentoring"
    verbose_name = "Mentoring"

    def ready(self):
        from directory.availability import register_unavailable_to
        from mentoring import (
            agreement_services,  # noqa: F401 - registers the stage reviews' sweep step
            checkin_tasks,  # noqa: F401 - registers the check-ins' sweep step
            meetings_tasks,  # noqa: F401 - registers the cadence reminders' sweep step
            mosaic,  # noqa: F401 - registers relationships as the mosaic's coverage
        )
        from mentoring.selectors import blocked_either_way

        # A block either way: to each, the other looks as any mentor not taking protégés now does.
        register_unavailable_to(blocked_either_way)
