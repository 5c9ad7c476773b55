"""WSGI entry point for Mosaic."""
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mosaic.settings")
application = get_wsgi_application()
