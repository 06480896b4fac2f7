"""WSGI entry point for gunicorn (``itpm serve``).

Once the application is loaded, everything it allocated at start-up (modules, URL patterns,
templates' loaders, the similarity model) is moved out of the garbage collector's sight
(``gc.freeze``), and the collector runs less often: heavy pages create tens of thousands of
short-lived objects, and measured under load (docs/benchmarks.md) the collector's passes over
the long-lived start-up objects were a large share of their time. Set ``ITPM_GC_TUNING=0`` to
keep Python's defaults."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "itpm.settings")
application = get_wsgi_application()

GC_THRESHOLDS = (50_000, 20, 100)  # Python's defaults: (2_000, 10, 10) in 3.13, (700, 10, 10) before

if os.environ.get("ITPM_GC_TUNING", "1") != "0":
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)
