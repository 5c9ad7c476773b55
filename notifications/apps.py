from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "notifications"
    verbose_name = "Notifications"

    def ready(self):
        from django.utils.module_loading import autodiscover_modules

        # Each app names the kinds it tells people about in its own `notify` module.
        autodiscover_modules("notify")
