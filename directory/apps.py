from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = "Faculty directory"

    def ready(self):
        from directory import signals

        signals.connect()
