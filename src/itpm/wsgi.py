"""WSGI entry point for gunicorn (``itpm serve``)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "itpm.settings")
application = get_wsgi_application()
