"""Cache rules for pages that show a signed-in person's data."""
from django.utils.cache import patch_cache_control


class PrivatePagesMiddleware:
    """Keep every page served to a signed-in person out of shared caches and the browser's disk.

    Static files never reach this middleware: WhiteNoise answers them earlier, cacheable.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response
