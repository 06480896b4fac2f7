"""The pages. The API lives in :mod:`itpm.api`."""

from django.urls import include, path, register_converter

from .api import api
from .web.converters import RecordIdConverter

# Before the apps' URLs are read: every id in a path is bounded (see RecordIdConverter).
register_converter(RecordIdConverter, "id")

urlpatterns = [
    path("", include("itpm.web.urls")),
    path("accounts/", include("itpm.accounts.urls")),
    path("audit/", include("itpm.audit.urls")),
    path("portfolio/", include("itpm.portfolio.urls")),
    path("ideas/", include("itpm.ideas.urls")),
    path("roadmap/", include("itpm.roadmap.urls")),
    path("feedback/", include("itpm.feedback.urls")),
    path("notifications/", include("itpm.notifications.urls")),
    path("api/v1/", api.urls),
]

handler403 = "itpm.web.views.error_403"
handler404 = "itpm.web.views.error_404"
handler500 = "itpm.web.views.error_500"
