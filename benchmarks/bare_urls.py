"""The site's URL configuration plus ``/bench/bare-list/``, for ``benchmarks/run sweep`` only
(``benchmarks.settings`` points ``ROOT_URLCONF`` here).

The bare list page is the sweep's yardstick: what any signed-in page of the site costs at
least when it shows 50 rows of a real table in the base layout (session, user, navigation,
notifications count, one query for the rows, a plain template), and nothing else. Every page
of the sweep is reported as a ratio of its requests per second to this one's."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.urls import URLPattern, URLResolver, path

from itpm.accounts.models import User
from itpm.urls import handler403, handler404, handler500
from itpm.urls import urlpatterns as site_urlpatterns

ROWS = 50

# A template of its own, compiled once, not an app's: benchmarks/ is not an installed app.
BARE_LIST = engines["django"].from_string((Path(__file__).parent / "templates" / "bare_list.html").read_text())


@login_required
def bare_list(request: HttpRequest) -> HttpResponse:
    people = list(User.objects.select_related("department").order_by("pk")[:ROWS])
    return HttpResponse(BARE_LIST.render({"people": people}, request))


urlpatterns: list[URLPattern | URLResolver] = [
    path("bench/bare-list/", bare_list, name="bench_bare_list"),
    *site_urlpatterns,
]

__all__ = ["handler403", "handler404", "handler500", "urlpatterns"]
