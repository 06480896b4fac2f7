"""Domain errors raised by services become a page with their message and status; answers to
signed-in people and API callers are kept out of shared caches."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control

from itpm.errors import DomainError


class DomainErrorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, DomainError):
            return None
        if request.path.startswith("/api/"):
            return None  # the API maps its own errors
        template = "web/_error_message.html" if getattr(request, "htmx", False) else "web/error.html"
        return render(
            request,
            template,
            {
                "status": exception.status,
                "title": _TITLES.get(exception.status, "That didn't work"),
                "message": exception.message,
            },
            status=exception.status,
        )


_TITLES = {
    400: "That didn't work",
    403: "Not allowed",
    404: "Not found",
    409: "That clashes with something",
    429: "Slow down",
}


class PrivateAnswersMiddleware:
    """Pages for a signed-in person and API answers to a credential hold personal or internal
    data: ``Cache-Control: private, no-store``, so neither a shared proxy nor the browser's
    back-forward cache keeps them. A view that sets its own Cache-Control keeps it; anonymous
    pages (sign-in, password reset, health checks) and static files are left alone."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        # Read after the view: an API token signs its person in while the request is handled.
        signed_in = request.user.is_authenticated or "authorization" in request.headers
        if signed_in and not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True, no_store=True)
        return response


class StorableInputMiddleware:
    """Pages refuse query strings and form fields holding NUL, which PostgreSQL cannot store or
    even compare (a search for it would be a server error), with a 400 that says so. Decided
    here, once, for every page; the API refuses the same with a 422 naming the field
    (:mod:`itpm.api_input`). Browsers cannot send lone surrogates: form data is decoded from
    UTF-8 with replacement characters."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith("/api/"):
            for data in (request.GET, request.POST if request.method == "POST" else None):
                if data is not None and any("\x00" in key or any("\x00" in value for value in values)
                                            for key, values in data.lists()):  # fmt: skip
                    return render(request, "web/error.html", {
                        "status": 400, "title": "Bad request",
                        "message": "The request holds a NUL character (\\x00), which no field can contain.",
                    }, status=400)  # fmt: skip
        return self.get_response(request)
