"""The JSON API at /api/v1/: one NinjaAPI, with every app's router found and mounted here.

An app offers endpoints by having `<app>/api.py` with a `router` (a ninja Router) and, if it
wants one, a `prefix` (default: none, so its paths sit at /api/v1/). Nothing here names an app.
"""
from importlib import import_module

from django.apps import apps
from django.http import JsonResponse
from ninja import Router

from mosaic.apikit import Docs, MosaicAPI, SessionAuth, TokenAuth, error_body, install_error_handlers


def discover_routers() -> list[tuple[str, str, Router]]:
    """(app label, prefix, router) for every installed app with an `api` module holding a router."""
    found = []
    for app in apps.get_app_configs():
        module_name = f"{app.name}.api"
        if module_name == __name__:
            continue
        try:
            module = import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise  # a broken import inside an app's api module must not be hidden
            continue
        router = getattr(module, "router", None)
        if isinstance(router, Router):
            found.append((app.label, getattr(module, "prefix", ""), router))
    return found


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
