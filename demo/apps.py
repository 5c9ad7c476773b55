"""The demo app: collects every installed app's demo steps when Django starts."""
from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class DemoConfig(AppConfig):
    name = "demo"
    verbose_name = "Demo network"

    def ready(self):
        # Each app's `<app>/demo.py` registers its steps on import.
        autodiscover_modules("demo")
