from django.urls import path

from . import transfer_views, views

app_name = "portfolio"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("catalog/", views.catalog, name="catalog"),
    path("catalog/markets/<id:pk>/", views.catalog_market, name="catalog_market"),
    path("catalog/services/<id:pk>/", views.catalog_service, name="catalog_service"),
    path("catalog/options/<id:pk>/request/", views.request_option, name="request_option"),
    path("requests/", views.requests, name="requests"),
    path("requests/<id:pk>/answer/", views.answer_request, name="answer_request"),
    path("markets/", views.markets, name="markets"),
    path("markets/new/", views.market_create, name="market_create"),
    path("markets/<id:pk>/", views.market, name="market"),
    path("markets/<id:pk>/edit/", views.market_edit, name="market_edit"),
    path("markets/<id:pk>/competitors/new/", views.competitor_create, name="competitor_create"),
    path("markets/<id:pk>/segments/new/", views.segment_create, name="segment_create"),
    path("competitors/<id:pk>/edit/", views.competitor_edit, name="competitor_edit"),
    path("segments/<id:pk>/", views.segment, name="segment"),
    path("segments/<id:pk>/edit/", views.segment_edit, name="segment_edit"),
    path("personas/", views.personas, name="personas"),
    path("personas/new/", views.persona_create, name="persona_create"),
    path("personas/<id:pk>/", views.persona, name="persona"),
    path("personas/<id:pk>/edit/", views.persona_edit, name="persona_edit"),
    path("services/new/", views.service_create, name="service_create"),
    path("services/<id:pk>/", views.service, name="service"),
    path("services/<id:pk>/edit/", views.service_edit, name="service_edit"),
    path("services/<id:pk>/options/new/", views.option_create, name="option_create"),
    path("options/<id:pk>/edit/", views.option_edit, name="option_edit"),
    path("stories/", views.stories, name="stories"),
    path("stories/new/", views.story_create, name="story_create"),
    path("stories/<id:pk>/", views.story, name="story"),
    path("stories/<id:pk>/edit/", views.story_edit, name="story_edit"),
    path("shadow-it/", views.shadow_tools, name="shadow_tools"),
    path("shadow-it/new/", views.shadow_tool_create, name="shadow_tool_create"),
    path("shadow-it/<id:pk>/edit/", views.shadow_tool_edit, name="shadow_tool_edit"),
    path("transfer/", transfer_views.transfer_page, name="transfer"),
    path("export.json", transfer_views.export_json, name="export_json"),
    path("export/<str:kind>.csv", transfer_views.export_csv, name="export_csv"),
    path("<slug:kind>/<id:pk>/<slug:action>/", views.record_action, name="record_action"),
]
