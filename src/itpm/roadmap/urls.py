from django.urls import URLPattern, path  # each area appends path(...) entries

app_name = "roadmap"

# Each area appends its pages here: strategy, features and prioritisation, roadmap views, delivery.
urlpatterns: list[URLPattern] = []

# --- Strategy: goals, initiatives and their business cases, decisions, the fiscal calendar ---
from .views import strategy as strategy_views  # noqa: E402

urlpatterns += [
    path("strategy/", strategy_views.overview, name="strategy"),
    path("strategy/goals/", strategy_views.goals, name="goals"),
    path("strategy/goals/new/", strategy_views.goal_create, name="goal_create"),
    path("strategy/goals/<id:pk>/", strategy_views.goal, name="goal"),
    path("strategy/goals/<id:pk>/edit/", strategy_views.goal_edit, name="goal_edit"),
    path("strategy/goals/<id:pk>/decide/", strategy_views.goal_decide, name="goal_decide"),
    path("strategy/goals/<id:pk>/progress/", strategy_views.goal_progress, name="goal_progress"),
    path("strategy/goals/<id:pk>/archive/", strategy_views.goal_archive, name="goal_archive"),
    path("strategy/goals/<id:pk>/restore/", strategy_views.goal_restore, name="goal_restore"),
    path("strategy/initiatives/", strategy_views.initiatives, name="initiatives"),
    path("strategy/initiatives/new/", strategy_views.initiative_create, name="initiative_create"),
    path("strategy/initiatives/<id:pk>/", strategy_views.initiative, name="initiative"),
    path("strategy/initiatives/<id:pk>/edit/", strategy_views.initiative_edit, name="initiative_edit"),
    path("strategy/initiatives/<id:pk>/decide/", strategy_views.initiative_decide, name="initiative_decide"),
    path("strategy/initiatives/<id:pk>/progress/", strategy_views.initiative_progress, name="initiative_progress"),
    path("strategy/initiatives/<id:pk>/archive/", strategy_views.initiative_archive, name="initiative_archive"),
    path("strategy/initiatives/<id:pk>/restore/", strategy_views.initiative_restore, name="initiative_restore"),
    path("strategy/fiscal-calendar/", strategy_views.fiscal_calendar, name="fiscal_calendar"),
]

# --- Roadmap views: the now/next/later board, the timeline, the shared roadmap, print and CSV ---
from .views import board as views_roadmap  # noqa: E402

urlpatterns += [
    path("shared/", views_roadmap.shared, name="shared"),
    path("board/", views_roadmap.board, name="board"),
    path("board/features/<id:pk>/move/", views_roadmap.move, name="board_move"),
    path("timeline/", views_roadmap.timeline_page, name="timeline"),
    path("print/", views_roadmap.printable, name="print"),
    path("export.csv", views_roadmap.export_csv, name="export_csv"),
]

# --- Features: pages, idea links, scores, the prioritisation table, scorecards, what changed ---
from .views import features as feature_views  # noqa: E402

urlpatterns += [
    path("features/", feature_views.feature_list, name="features"),
    path("features/new/", feature_views.feature_create, name="feature_create"),
    path("features/<id:pk>/", feature_views.feature_detail, name="feature"),
    path("features/<id:pk>/edit/", feature_views.feature_edit, name="feature_edit"),
    path("features/<id:pk>/<slug:action>/", feature_views.feature_action, name="feature_action"),
    path("features/<id:pk>/ideas/link/", feature_views.link_idea, name="link_idea"),
    path("features/<id:pk>/ideas/<id:idea_pk>/unlink/", feature_views.unlink_idea, name="unlink_idea"),
    path("features/<id:pk>/scores/<id:scorecard_pk>/", feature_views.score, name="score"),
    path("priorities/", feature_views.priorities, name="priorities"),
    path("scorecards/", feature_views.scorecards, name="scorecards"),
    path("scorecards/<id:pk>/edit/", feature_views.scorecard_edit, name="scorecard_edit"),
    path("scorecards/<id:pk>/<slug:action>/", feature_views.scorecard_action, name="scorecard_action"),
    path("changes/", feature_views.changes, name="changes"),
]

# --- Delivery: teams and capacity, releases, work items, "is it on the roadmap?" -----------------
from .views import delivery as delivery_views  # noqa: E402

urlpatterns += [
    path("delivery/teams/", delivery_views.teams, name="teams"),
    path("delivery/teams/new/", delivery_views.team_create, name="team_create"),
    path("delivery/teams/<id:pk>/edit/", delivery_views.team_edit, name="team_edit"),
    path(
        "delivery/records/<str:kind>/<id:pk>/<str:action>/",
        delivery_views.record_action,
        name="delivery_record_action",
    ),
    path("delivery/capacity/", delivery_views.capacity_page, name="capacity"),
    path("delivery/capacity/edit/", delivery_views.capacity_grid, name="capacity_grid"),
    path("delivery/releases/", delivery_views.releases, name="releases"),
    path("delivery/releases/new/", delivery_views.release_create, name="release_create"),
    path("delivery/releases/<id:pk>/edit/", delivery_views.release_edit, name="release_edit"),
    path("delivery/work-items/", delivery_views.work_items, name="work_items"),
    path("delivery/work-items/import/", delivery_views.work_item_import, name="work_item_import"),
    path("delivery/work-items/<id:pk>/link/", delivery_views.work_item_link, name="work_item_link"),
    path("delivery/alignment/", delivery_views.alignment_page, name="alignment"),
]
