from django.apps import AppConfig
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
