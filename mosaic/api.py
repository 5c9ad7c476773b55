"""The JSON API at /api/v1/: one NinjaAPI, with every app's router found and mounted here.

An app offers endpoints by having `<app>/api.py` with a `router` (a ninja Router) and, if it
wants one, a `prefix` (default: none, so its paths sit at /api/v1/). Nothing here names an app.
"""
from django.http import JsonResponse
from ninja import Router

from mosaic.apikit import Docs, MosaicAPI, SessionAuth, TokenAuth, error_body, install_error_handlers
from mosaic.apps import app_modules


def discover_routers() -> list[tuple[str, str, Router]]:
    """(app label, prefix, router) for every installed app with an `api` module holding a router."""
    return [
        (app.label, getattr(module, "prefix", ""), module.router)
        for app, module in app_modules("api")
        if module.__name__ != __name__ and isinstance(getattr(module, "router", None), Router)
    ]


def build_api() -> MosaicAPI:
    built = MosaicAPI(
        title="Mosaic API",
        version="1",
        description=(
            "Mosaic's data for scripts and other tools. Sign in in the browser (unsafe methods need "
            "the CSRF token), or send a personal access token from /account/tokens/ as "
            "`Authorization: Bearer <token>`. Every error is `{\"error\": {\"code\", \"message\", \"fields\"}}`."
        ),
        urls_namespace="api",
        # The token first: a script's explicit token wins over any session cookie it carries.
        auth=[TokenAuth(), SessionAuth()],
        docs=Docs(),
    )
    install_error_handlers(built)
    for label, prefix, router in discover_routers():
        built.add_router(prefix, router, tags=router.tags or [label])
    return built


api = build_api()


def unknown_path(request, rest=""):
    """A path under /api/v1/ that no router answers: a 404 in the API's shape, not an HTML page."""
    return JsonResponse(error_body(404, "No such API endpoint; see /api/v1/docs."), status=404)
