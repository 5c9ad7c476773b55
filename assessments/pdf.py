"""Render a page to PDF with WeasyPrint, fetching nothing but Mosaic's own static files.

A plan is private content: its PDF must not reach out to any server, so every URL the document
names (stylesheets, images) is answered from the static files on disk or refused.
"""
import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import SuspiciousFileOperation
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse


class RefusedURL(ValueError):
    """A URL outside the static files: WeasyPrint skips the resource rather than fetch it."""


def static_file(name: str) -> Path | None:
    """The file on disk for a static name: the collected copy (hashed names) first, then the app folders."""
    if not name or ".." in Path(name).parts:
        return None
    try:
        collected = Path(staticfiles_storage.path(name))
    except (SuspiciousFileOperation, NotImplementedError):
        collected = None
    if collected is not None and collected.is_file():
        return collected
    found = finders.find(name)
    return Path(found) if found else None


class StaticOnlyFetcher(URLFetcher):
    """Answers /static/… from disk, whatever the host in the URL; refuses every other URL."""

    def fetch(self, url, headers=None):
        prefix = "/" + settings.STATIC_URL.strip("/") + "/"
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.path.startswith(prefix):
            raise RefusedURL(f"Not one of our static files: {url}")
        path = static_file(unquote(parts.path[len(prefix):]))
        if path is None:
            raise RefusedURL(f"No such static file: {url}")
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": kind})


def render_pdf(html: str, *, base_url: str) -> bytes:
    """`html` as PDF bytes; relative URLs resolve against `base_url`, then go through the static-only fetcher."""
    return HTML(string=html, base_url=base_url, url_fetcher=StaticOnlyFetcher()).write_pdf()
