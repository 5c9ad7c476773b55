from importlib import import_module
from types import ModuleType

from django.apps import AppConfig, apps
from django.contrib.admin import apps as admin_apps


class MosaicConfig(AppConfig):
    default = True
    name = "mosaic"
    verbose_name = "Mosaic"

    def ready(self):
        from mosaic import policy

        # Every app's rules register themselves on import; this makes sure none is missed.
        policy.autodiscover()


class MosaicAdminConfig(admin_apps.AdminConfig):
    """The admin site, with entry decided by the permission policy."""

    default = False

    default_site = "mosaic.admin_policy.PolicyAdminSite"


def app_modules(name: str) -> list[tuple[AppConfig, ModuleType]]:
    """Every installed app's `<app>.<name>` module (e.g. "api", "tests.test_rules") that exists.

    A module that exists but fails to import raises: a broken app is never silently skipped.
    """
    from django.utils.module_loading import module_has_submodule

    found = []
    for app in apps.get_app_configs():
        package, _, last = f"{app.name}.{name}".rpartition(".")
        try:
            parent = import_module(package)
        except ModuleNotFoundError as exc:
            if exc.name and package.startswith(exc.name):
                continue  # e.g. the app has no tests package
            raise
        if module_has_submodule(parent, last):
            found.append((app, import_module(f"{package}.{last}")))
    return found
