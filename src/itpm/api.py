"""The API under /api/v1/: bearer tokens (personal tokens, application keys) or the
browser session; one error shape; one pagination shape. Routers come from the apps."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.openapi.schema import OpenAPISchema
from ninja.security import django_auth

from itpm.accounts.api import router as accounts_router
from itpm.api_access import BearerToken
from itpm.audit.api import router as audit_router
from itpm.errors import DomainError
from itpm.feedback.api import router as feedback_router
from itpm.ideas.api import router as ideas_router
from itpm.notifications.api import router as notifications_router
from itpm.portfolio.api import router as portfolio_router
from itpm.portfolio.transfer_api import router as portfolio_transfer_router
from itpm.roadmap.api.board import router as roadmap_board_router
from itpm.roadmap.api.delivery import router as roadmap_delivery_router
from itpm.roadmap.api.features import router as roadmap_features_router
from itpm.roadmap.api.strategy import router as roadmap_strategy_router


class ItpmAPI(NinjaAPI):
    """The API, whose OpenAPI document (about 0.9 s to build) is built once per process for
    each path prefix (the prefix depends only on where the API is mounted), not per request."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._documents: dict[str, OpenAPISchema] = {}  # before super(): it adds the default router
        super().__init__(*args, **kwargs)

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        document = self._documents.get(path_prefix)
        if document is None:
            document = self._documents[path_prefix] = super().get_openapi_schema(path_prefix=path_prefix)
        return document

    def add_router(self, *args: Any, **kwargs: Any) -> None:
        self._documents.clear()  # a document built before this router would lack its operations
        super().add_router(*args, **kwargs)


api = ItpmAPI(
    title="itpm API",
    version="1",
    description=(
        "Everything itpm's pages do, for programs. Authenticate with `Authorization: Bearer <token>` "
        "(a personal token from your profile, or an application key from an admin). "
        'Errors look like `{"detail": "...", "errors": [{"field": "...", "message": "..."}]}`; '
        'lists look like `{"items": [...], "count": n}` and take `limit` and `offset`.'
    ),
    auth=[BearerToken(), django_auth],
    urls_namespace="api",
)


def error_response(
    request: HttpRequest, status: int, detail: str, errors: list[dict[str, Any]] | None = None
) -> HttpResponse:
    return api.create_response(request, {"detail": detail, "errors": errors or []}, status=status)


@api.exception_handler(DomainError)
def on_domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return error_response(request, exc.status, exc.message, [{"field": exc.field, "message": exc.message}])


@api.exception_handler(ValidationError)
def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = []
    for error in exc.errors:
        location = [str(part) for part in error.get("loc", ())]
        # Drop the source ("body", "query", "path")...
        parts = location[1:] if location and location[0] in {"body", "query", "path", "header", "form"} else location
        # ...and ninja's parameter-group name; an error about the whole body names no field.
        if parts and parts[0] in {"payload", "filters", "data"}:
            parts = parts[1:]
        errors.append({"field": ".".join(parts) or None, "message": str(error.get("msg", "Invalid value."))})
    return error_response(request, 422, "Some fields are not valid.", errors)


@api.exception_handler(RequestDataTooBig)
def on_body_too_large(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0
    return error_response(request, 413, f"The request body is too large: send at most {limit // 1_000_000} MB.")


@api.exception_handler(AuthenticationError)
def on_authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return error_response(request, 401, "Sign in, or send a valid token as “Authorization: Bearer <token>”.")


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return error_response(request, exc.status_code, str(exc.message))


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return error_response(request, 404, "Not found.")


@api.exception_handler(PermissionDenied)
def on_permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return error_response(request, 403, str(exc) or "Not allowed.")


api.add_router("/", accounts_router)
api.add_router("/audit", audit_router)
api.add_router("/feedback", feedback_router)
api.add_router("/ideas", ideas_router)
api.add_router("/notifications", notifications_router)
api.add_router("/portfolio", portfolio_router)
api.add_router("/portfolio", portfolio_transfer_router)
api.add_router("/roadmap", roadmap_board_router)
api.add_router("/roadmap", roadmap_strategy_router)
api.add_router("/roadmap", roadmap_delivery_router)
api.add_router("/roadmap", roadmap_features_router)
