"""What every API router shares: who is asking (session or token), paging, and the one error shape."""
import json
import logging
from functools import wraps
from typing import Annotated

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import render
from django.urls import URLPattern, URLResolver
from ninja import Field, NinjaAPI, Schema, Swagger
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as RequestValidationError
from ninja.pagination import LimitOffsetPagination
from ninja.security import APIKeyCookie, HttpBearer

from mosaic.errors import GENERAL, DomainError, NotAllowed
from mosaic.policy import signed_in

logger = logging.getLogger("mosaic.api")

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
MAX_PAGE = 100

# Every integer the API reads is bounded, so that no number reaches the database beyond what its
# columns hold (SQLite and PostgreSQL answer an oversized one with an error, not "no match").
MAX_ID = 2**63 - 1  # a big auto field's largest value
MAX_OFFSET = 2**31 - 1
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
SmallInt = Annotated[int, Field(ge=0, le=32767)]  # a small positive integer field's range; the model says more


# --- Authentication ---------------------------------------------------------------------------

class TokenAuth(HttpBearer):
    """`Authorization: Bearer <token>`: a personal access token of an active person."""

    def __call__(self, request):
        header = request.headers.get(self.header, "")
        if header and not header.lower().startswith(f"{self.openapi_scheme} "):
            # Another scheme (e.g. Basic) is a mistake to report, not a reason to try the session.
            raise AuthenticationError()
        return super().__call__(request)

    def authenticate(self, request, token):
        from accounts.services import token_authenticate

        found = token_authenticate(secret=token.strip())
        if found is None:
            # A wrong token is refused outright rather than falling back to the session.
            raise AuthenticationError()
        if request.method not in SAFE_METHODS and not found.may_write:
            raise NotAllowed("This token is read-only; create a read-and-write token to make changes.")
        request.user = found.user  # so selectors, services and policy see the token's owner
        request.access_token = found
        return found.user


class SessionAuth(APIKeyCookie):
    """The browser's session, with Django's CSRF check on unsafe methods.

    Without a signed-in session there is nothing to protect, so a visitor gets 401, not a CSRF 403.
    """

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request):
        if not signed_in(request.user):
            return None
        try:
            return super()._get_key(request)
        except HttpError as exc:
            raise NotAllowed("CSRF check failed: send the csrftoken cookie's value as X-CSRFToken.") from exc

    def authenticate(self, request, key):
        return request.user if signed_in(request.user) else None


# --- Paging -----------------------------------------------------------------------------------

class Page(LimitOffsetPagination):
    """`limit` (1–100) and `offset`; answers `{"items": [...], "count": total}`."""

    class Input(Schema):
        limit: int = Field(settings.MOSAIC_DIRECTORY_PAGE_SIZE, ge=1, le=MAX_PAGE)
        offset: int = Field(0, ge=0, le=MAX_OFFSET)


# --- Errors -----------------------------------------------------------------------------------

class ErrorBody(Schema):
    code: str
    message: str
    fields: dict[str, list[str]]


class ErrorOut(Schema):
    error: ErrorBody


# The answers an endpoint that reads or changes something of a person's may give besides success.
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


class PersonRef(Schema):
    """Someone named in an answer: their profile (to link) and the name they go by."""

    profile_id: int | None
    display_name: str


def person_ref(user) -> dict:
    profile = getattr(user, "profile", None)
    return {"profile_id": profile.pk if profile else None, "display_name": profile.display_name if profile else ""}


CODES = {400: "bad_request", 401: "unauthenticated", 403: "forbidden", 404: "not_found",
         405: "method_not_allowed", 409: "conflict", 422: "invalid", 429: "throttled"}


def error_body(status: int, message: str, fields: dict | None = None, code: str = "") -> dict:
    return {"error": {"code": code or CODES.get(status, "error"), "message": message, "fields": fields or {}}}


def field_name(loc) -> str:
    """`("body", "payload", "capacity")` → `"capacity"`; `("query", "limit")` → `"limit"`."""
    source, *rest = loc
    names = [str(part) for part in rest if isinstance(part, str)]
    if source == "body":
        names = names[1:]  # the body parameter's own name says nothing to the caller
    return names[0] if names else GENERAL


def install_error_handlers(api) -> None:
    """Every error the API answers is `{"error": {"code", "message", "fields"}}`."""

    def respond(request, status, body, headers=None):
        response = api.create_response(request, body, status=status)
        for name, value in (headers or {}).items():
            response[name] = value
        return response

    @api.exception_handler(DomainError)
    def domain_error(request, exc):
        return respond(request, exc.status, exc.as_dict())

    @api.exception_handler(RequestValidationError)
    def invalid_request(request, exc):
        fields: dict[str, list[str]] = {}
        for error in exc.errors:
            fields.setdefault(field_name(error.get("loc", ("body",))), []).append(error.get("msg", "Invalid value."))
        return respond(request, 422, error_body(422, "Some fields need correcting.", fields))

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc):
        return respond(
            request, 401,
            error_body(401, "Sign in, or send a personal access token as “Authorization: Bearer <token>”."),
            {"WWW-Authenticate": 'Bearer realm="Mosaic API"'},
        )

    @api.exception_handler(HttpError)
    def http_error(request, exc):
        return respond(request, exc.status_code, error_body(exc.status_code, str(exc)))

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return respond(request, 404, error_body(404, "Not found."))

    @api.exception_handler(PermissionDenied)
    def forbidden(request, exc):
        return respond(request, 403, error_body(403, "You may not do this."))

    @api.exception_handler(Exception)
    def server_error(request, exc):
        logger.exception("API error on %s %s", request.method, request.path)
        body = error_body(500, "Something went wrong on our side; it has been logged.", code="server_error")
        return respond(request, 500, body)


class MosaicAPI(NinjaAPI):
    """ninja's API whose 405 (a method no operation on the path answers) is in the one error shape."""

    def _get_urls(self):
        return [_json_not_allowed(pattern) for pattern in super()._get_urls()]


def _json_not_allowed(pattern):
    if isinstance(pattern, URLResolver):
        for inner in pattern.url_patterns:
            _json_not_allowed(inner)
    elif isinstance(pattern, URLPattern):
        pattern.callback = _not_allowed_as_json(pattern.callback)
    return pattern


def _not_allowed_as_json(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if isinstance(response, HttpResponseNotAllowed):
            allowed = response["Allow"]
            body = error_body(405, f"{request.method} is not answered here; use {allowed}.")
            response = JsonResponse(body, status=405)
            response["Allow"] = allowed
        return response

    return wrapped


# --- Interactive docs -------------------------------------------------------------------------

class Docs(Swagger):
    """Swagger UI from the files ninja ships, started by a static script: nothing inline, no CDN."""

    template = "mosaic/api_docs.html"

    def render_page(self, request, api, **kwargs):
        self.settings["url"] = self.get_openapi_url(api, kwargs)
        return render(request, self.template, {"api": api, "swagger_settings": json.dumps(self.settings)})
