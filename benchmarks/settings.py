"""The production settings for ``benchmarks/run sweep``, with one difference: the URL
configuration is :mod:`benchmarks.bare_urls` (the site's routes plus the bare 50-row list page
the sweep measures every page against). ``benchmarks/run sweep`` sets
``DJANGO_SETTINGS_MODULE=benchmarks.settings``; production never names this module, so
``/bench/bare-list/`` does not exist there (tests/test_bench_isolation.py)."""

from itpm.settings import *  # noqa: F403

ROOT_URLCONF = "benchmarks.bare_urls"
