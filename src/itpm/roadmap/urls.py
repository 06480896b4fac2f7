from django.urls import URLPattern, path  # each area appends path(...) entries

app_name = "roadmap"

# Each area appends its pages here: strategy, the board, features and prioritisation, delivery.
urlpatterns: list[URLPattern] = []

# --- Strategy: goals, initiatives and their business cases, decisions, the fiscal calendar ---
from .views import strategy  # noqa: E402

GOAL, INITIATIVE = {"kind": "goal"}, {"kind": "initiative"}
urlpatterns += [
    path("strategy/", strategy.overview, name="strategy"),
    path("strategy/goals/", strategy.goals, name="goals"),
    path("strategy/goals/new/", strategy.goal_create, name="goal_create"),
    path("strategy/goals/<id:pk>/", strategy.record, GOAL, name="goal"),
    path("strategy/goals/<id:pk>/edit/", strategy.record_edit, GOAL, name="goal_edit"),
    path("strategy/goals/<id:pk>/decide/", strategy.decide, GOAL, name="goal_decide"),
    path("strategy/goals/<id:pk>/progress/", strategy.progress, GOAL, name="goal_progress"),
    path("strategy/goals/<id:pk>/archive/", strategy.archive, GOAL, name="goal_archive"),
    path("strategy/goals/<id:pk>/restore/", strategy.restore, GOAL, name="goal_restore"),
    path("strategy/initiatives/", strategy.initiatives, name="initiatives"),
    path("strategy/initiatives/new/", strategy.initiative_create, name="initiative_create"),
    path("strategy/initiatives/<id:pk>/", strategy.record, INITIATIVE, name="initiative"),
    path("strategy/initiatives/<id:pk>/edit/", strategy.record_edit, INITIATIVE, name="initiative_edit"),
    path("strategy/initiatives/<id:pk>/decide/", strategy.decide, INITIATIVE, name="initiative_decide"),
    path("strategy/initiatives/<id:pk>/progress/", strategy.progress, INITIATIVE, name="initiative_progress"),
    path("strategy/initiatives/<id:pk>/archive/", strategy.archive, INITIATIVE, name="initiative_archive"),
    path("strategy/initiatives/<id:pk>/restore/", strategy.restore, INITIATIVE, name="initiative_restore"),
    path("strategy/fiscal-calendar/", strategy.fiscal_calendar, name="fiscal_calendar"),
]

# --- The board: the now/next/later board, the timeline, the shared roadmap, print and CSV ---
from .views import board  # noqa: E402

urlpatterns += [
    path("shared/", board.shared, name="shared"),
    path("board/", board.board, name="board"),
    path("board/features/<id:pk>/move/", board.move, name="board_move"),
    path("board/<id:pk>/move/", board.move_page, name="board_move_page"),
    path("timeline/", board.timeline_page, name="timeline"),
    path("print/", board.printable, name="print"),
    path("export.csv", board.export_csv, name="export_csv"),
]

# --- Features: pages, idea links, scores, the prioritisation table, scorecards, what changed ---
from .views import features  # noqa: E402

urlpatterns += [
    path("features/", features.feature_list, name="features"),
    path("features/new/", features.feature_create, name="feature_create"),
    path("features/<id:pk>/", features.feature_detail, name="feature"),
    path("features/<id:pk>/edit/", features.feature_edit, name="feature_edit"),
    path("features/<id:pk>/<slug:action>/", features.feature_action, name="feature_action"),
    path("features/<id:pk>/ideas/link/", features.link_idea, name="link_idea"),
    path("features/<id:pk>/ideas/<id:idea_pk>/unlink/", features.unlink_idea, name="unlink_idea"),
    path("features/<id:pk>/scores/<id:scorecard_pk>/", features.score, name="score"),
    path("priorities/", features.priorities, name="priorities"),
    path("scorecards/", features.scorecards, name="scorecards"),
    path("scorecards/<id:pk>/edit/", features.scorecard_edit, name="scorecard_edit"),
    path("scorecards/<id:pk>/<slug:action>/", features.scorecard_action, name="scorecard_action"),
    path("changes/", features.changes, name="changes"),
]

# --- Delivery: teams and capacity, releases, work items, "is it on the roadmap?" -----------------
from .views import delivery  # noqa: E402

urlpatterns += [
    path("delivery/teams/", delivery.teams, name="teams"),
    path("delivery/teams/new/", delivery.team_create, name="team_create"),
    path("delivery/teams/<id:pk>/edit/", delivery.team_edit, name="team_edit"),
    path(
        "delivery/records/<str:kind>/<id:pk>/<str:action>/",
        delivery.record_action,
        name="delivery_record_action",
    ),
    path("delivery/capacity/", delivery.capacity_page, name="capacity"),
    path("delivery/capacity/edit/", delivery.capacity_grid, name="capacity_grid"),
    path("delivery/releases/", delivery.releases, name="releases"),
    path("delivery/releases/new/", delivery.release_create, name="release_create"),
    path("delivery/releases/<id:pk>/", delivery.release, name="release"),
    path("delivery/releases/<id:pk>/edit/", delivery.release_edit, name="release_edit"),
    path("delivery/work-items/", delivery.work_items, name="work_items"),
    path("delivery/work-items/import/", delivery.work_item_import, name="work_item_import"),
    path("delivery/work-items/<id:pk>/link/", delivery.work_item_link, name="work_item_link"),
    path("delivery/alignment/", delivery.alignment_page, name="alignment"),
]
