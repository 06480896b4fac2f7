from django.urls import URLPattern, path  # noqa: F401 - each area appends path(...) entries

app_name = "roadmap"

# Each area appends its pages here: strategy, features and prioritisation, roadmap views, delivery.
urlpatterns: list[URLPattern] = []
