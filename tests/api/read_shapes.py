"""The fields each role receives from each API read (rows for tests/api/test_what_each_role_reads.py).

A shape is the set of top-level field names of one record (a CSV: its header). A caller"s entry
is the status it gets, or the shapes its records have. Decided by the pages: employees read
shared features in customers" words (SHARED_FEATURE) and people as the directory shows them
(PERSON_IN_DIRECTORY, their own ACCOUNT); sign-in details and department head-counts, leads and
descriptions are for admins."""

from __future__ import annotations

AUDIT = frozenset(
    {
        "action",
        "actor_id",
        "actor_label",
        "after",
        "before",
        "created_at",
        "id",
        "target_id",
        "target_label",
        "target_type",
    }
)
DEPARTMENT_NAME = frozenset({"id", "name", "parent_id", "view"})
DEPARTMENT_FOR_ADMINS = frozenset(
    {"description", "direct_people", "id", "lead_id", "name", "parent_id", "people", "view"}
)
IDEAS = frozenset(
    {
        "comment_count",
        "created_at",
        "department_id",
        "description",
        "edited_at",
        "id",
        "is_private",
        "kind",
        "merged_into_id",
        "owner_id",
        "service_id",
        "status",
        "submitted_by_id",
        "title",
        "viewer_voted",
        "vote_count",
    }
)
IDEAS_EXPORT_CSV = frozenset(
    {
        "comments",
        "created",
        "department",
        "id",
        "merged into",
        "private",
        "service",
        "stage",
        "status",
        "submitter",
        "title",
        "type",
        "url",
        "votes",
    }
)
IDEAS_SIMILAR = frozenset({"id", "score", "status", "title", "vote_count"})
IDEAS_STATUSES = frozenset({"archived_at", "description", "id", "is_builtin", "name", "position", "stage"})
IDEAS_IDEA_ID_COMMENTS = frozenset(
    {"author_id", "author_name", "body", "created_at", "edited_at", "hidden", "hidden_reason", "id", "idea_id"}
)
IDEAS_IDEA_ID_HISTORY = frozenset({"changed_by_id", "created_at", "from_status", "id", "message", "to_status"})
IDEAS_IDEA_ID_NOTES = frozenset({"author_id", "body", "created_at", "id", "idea_id"})
IDEAS_IDEA_ID_VOTES = frozenset({"by_department", "idea_id", "vote_count", "voters"})
ACCOUNT = frozenset(
    {"date_joined", "department", "email", "full_name", "id", "is_active", "job_title", "last_login", "role", "view"}
)
NOTIFICATIONS = frozenset({"body", "created_at", "id", "kind", "read_at", "title", "url"})
NOTIFICATIONS_PREFERENCES = frozenset({"email_frequency"})
PORTFOLIO_CATALOG = frozenset(
    {
        "description",
        "id",
        "lifecycle",
        "market",
        "name",
        "options",
        "owner",
        "request_email",
        "request_url",
        "value_proposition",
    }
)
PORTFOLIO_COMPETITORS = frozenset(
    {"archived_at", "created_at", "created_by_id", "id", "kind", "market_id", "name", "notes", "updated_at", "website"}
)
PORTFOLIO_EXPORT_JSON = frozenset(
    {"exported_at", "format", "markets", "personas", "segments", "services", "shadow_tools", "stories", "version"}
)
PORTFOLIO_EXPORT_KIND_CSV = frozenset(
    {
        "annual_cost",
        "archived",
        "description",
        "kind",
        "lifecycle",
        "market",
        "name",
        "owner",
        "request_email",
        "request_url",
        "segments",
        "target_availability",
        "value_proposition",
    }
)
PORTFOLIO_HEALTH = frozenset(
    {
        "issue_count",
        "markets_without_value_proposition",
        "markets_without_value_proposition_count",
        "personas_without_services",
        "personas_without_services_count",
        "services_by_lifecycle",
        "services_without_segments",
        "services_without_segments_count",
        "total_annual_cost",
    }
)
PORTFOLIO_MARKETS = frozenset(
    {
        "archived_at",
        "competitive_advantages",
        "created_at",
        "created_by_id",
        "description",
        "id",
        "name",
        "owner",
        "segment_count",
        "service_count",
        "updated_at",
        "value_proposition",
        "vulnerabilities",
    }
)
PORTFOLIO_OPTIONS = frozenset(
    {
        "annual_cost",
        "archived_at",
        "created_at",
        "created_by_id",
        "description",
        "id",
        "is_standard",
        "name",
        "segments",
        "service_id",
        "updated_at",
    }
)
PORTFOLIO_PERSONAS = frozenset(
    {
        "archived_at",
        "created_at",
        "created_by_id",
        "departments",
        "expectations",
        "id",
        "job_titles",
        "name",
        "needs",
        "pains",
        "segments",
        "summary",
        "typical_day",
        "updated_at",
        "values",
    }
)
PORTFOLIO_REQUESTS = frozenset(
    {
        "answer",
        "answered_at",
        "answered_by_id",
        "created_at",
        "id",
        "option",
        "reason",
        "requested_by",
        "service",
        "status",
    }
)
PORTFOLIO_SEGMENTS = frozenset(
    {
        "archived_at",
        "created_at",
        "created_by_id",
        "departments",
        "estimated_size",
        "id",
        "market",
        "name",
        "needs",
        "size",
        "updated_at",
        "value_proposition",
    }
)
PORTFOLIO_SERVICES = frozenset(
    {
        "annual_cost",
        "archived_at",
        "created_at",
        "created_by_id",
        "description",
        "findings",
        "id",
        "kind",
        "lifecycle",
        "market",
        "name",
        "owner",
        "request_email",
        "request_url",
        "segments",
        "target_availability",
        "updated_at",
        "value_proposition",
    }
)
PORTFOLIO_SHADOW_TOOLS = frozenset(
    {
        "annual_cost",
        "archived_at",
        "created_at",
        "created_by_id",
        "department",
        "id",
        "market",
        "name",
        "people_count",
        "purpose",
        "reported_by",
        "updated_at",
    }
)
PORTFOLIO_STORIES = frozenset(
    {
        "archived_at",
        "created_at",
        "created_by_id",
        "departments",
        "expected_outputs",
        "heard_from",
        "heard_on",
        "id",
        "inputs",
        "magic",
        "persona",
        "priorities",
        "service",
        "time_constraints",
        "title",
        "updated_at",
    }
)
ROADMAP_ALIGNMENT = frozenset(
    {"idle_count", "idle_features", "in_progress_count", "unplanned", "unplanned_count", "unplanned_percent"}
)
COLUMNS = frozenset({"columns"})
ROADMAP_CAPACITY = frozenset(
    {
        "near_count",
        "no_team_days",
        "no_team_features",
        "over_count",
        "quarters",
        "start_month",
        "teams",
        "totals",
        "unconverted_points",
    }
)
ROADMAP_CHANGES = frozenset(
    {"after", "after_text", "before", "before_text", "changed_at", "changed_by", "feature", "field", "id", "label"}
)
ROADMAP_EXPORT_CSV = frozenset(
    {
        "effort days",
        "first quarter",
        "goals",
        "horizon",
        "id",
        "initiative",
        "last quarter",
        "name",
        "position",
        "release",
        "release on",
        "score: RICE",
        "score: Value / effort",
        "service",
        "shared",
        "starts on",
        "status",
        "target on",
        "team",
    }
)
SHARED_FEATURE = frozenset({"customer_summary", "horizon", "id", "name", "service", "status", "view"})
FEATURE = frozenset(
    {
        "archived_at",
        "created_at",
        "customer_summary",
        "dependents",
        "depends_on",
        "description",
        "effort_days",
        "goals",
        "horizon",
        "id",
        "idea_count",
        "initiative",
        "is_shared",
        "name",
        "owner",
        "personas",
        "position",
        "release",
        "segments",
        "service",
        "start_quarter",
        "starts_on",
        "status",
        "target_on",
        "target_quarter",
        "team",
        "updated_at",
        "view",
    }
)
FEATURE_DETAIL = frozenset(
    {
        "archived_at",
        "created_at",
        "customer_summary",
        "dependents",
        "depends_on",
        "description",
        "effort_days",
        "goals",
        "horizon",
        "id",
        "idea_count",
        "ideas",
        "initiative",
        "is_shared",
        "name",
        "owner",
        "personas",
        "position",
        "release",
        "segments",
        "service",
        "start_quarter",
        "starts_on",
        "status",
        "target_on",
        "target_quarter",
        "team",
        "updated_at",
        "view",
        "work_items",
    }
)
FEATURE_SCORE = frozenset({"formula", "inputs", "missing", "score", "scorecard", "updated_at"})
ROADMAP_FISCAL_CALENDAR = frozenset({"current_quarter", "next_quarters", "start_month"})
ROADMAP_GOALS = frozenset(
    {
        "archived_at",
        "baseline",
        "created_at",
        "created_by_id",
        "decided_at",
        "decided_by_id",
        "decision_note",
        "description",
        "ends_on",
        "feature_count",
        "id",
        "initiatives",
        "measure",
        "name",
        "owner",
        "starts_on",
        "status",
        "target",
        "unit",
        "updated_at",
    }
)
ROADMAP_INITIATIVES = frozenset(
    {
        "archived_at",
        "created_at",
        "created_by_id",
        "decided_at",
        "decided_by_id",
        "decision_note",
        "description",
        "feature_count",
        "goals",
        "horizon_years",
        "id",
        "missing",
        "months_to_value",
        "name",
        "never_pays_back",
        "one_off_cost",
        "owner",
        "payback_explained",
        "payback_months",
        "risks",
        "roi_explained",
        "roi_percent",
        "status",
        "total_benefit",
        "total_cost",
        "updated_at",
        "yearly_benefit",
        "yearly_cost",
    }
)
ROADMAP_PRIORITISATION = frozenset(
    {"scorecard", "scored", "scored_count", "unscored", "unscored_count", "without_goal_count"}
)
ROADMAP_RELEASES = frozenset(
    {"archived_at", "created_at", "description", "features", "id", "is_released", "name", "release_on", "updated_at"}
)
ROADMAP_SCORECARDS = frozenset(
    {"archived_at", "description", "divide_by_effort", "id", "inputs", "is_builtin", "kind", "metrics", "name"}
)
ROADMAP_TEAMS = frozenset(
    {"archived_at", "capacity", "created_at", "days_per_point", "description", "id", "name", "updated_at"}
)
ROADMAP_TIMELINE = frozenset(
    {
        "conflicts", "fiscal_start_month", "group_by", "group_count", "groups", "quarters", "releases",
        "undated", "undated_count",
    }
)
ROADMAP_WORK_ITEMS = frozenset(
    {
        "effort_days",
        "feature",
        "id",
        "imported_at",
        "issue_type",
        "key",
        "labels",
        "source",
        "sprints",
        "status",
        "status_category",
        "story_points",
        "team",
        "title",
        "updated_at",
        "url",
    }
)
TOKENS = frozenset({"created_at", "expires_at", "id", "kind", "last_used_at", "name", "prefix", "revoked_at", "scopes"})
PERSON_IN_DIRECTORY = frozenset({"department", "email", "full_name", "id", "job_title", "role", "view"})

SURVEY = frozenset(
    {
        "closes_on", "id", "invited_count", "is_anonymous", "kind", "opens_on", "response_count", "round_of_id",
        "sample_size", "service_id", "status", "title",
    }
)  # fmt: skip
SURVEY_DETAIL = SURVEY | {
    "department_ids", "intro", "must_have_in_ids", "person_ids", "persona_ids", "questions", "segment_ids",
}  # fmt: skip
SURVEY_WAITING = frozenset({"closes_on", "id", "is_anonymous", "questions", "service_id", "title"})
SURVEY_RESULTS = frozenset(
    {"breakdowns", "headline", "invited", "questions", "responses", "rounds", "survey_id", "texts"}
)

Shape = frozenset[str]

READS: dict[str, dict[str, int | tuple[Shape, ...]]] = {
    # Surveys: product managers read them; each person reads what waits for them (nothing, when not invited).
    "/api/v1/feedback/surveys": {
        "employee": 403, "product_manager": (SURVEY,), "admin": (SURVEY,), "application_key": 403,
    },
    "/api/v1/feedback/surveys/{survey_id}": {
        "employee": 403, "product_manager": (SURVEY_DETAIL,), "admin": (SURVEY_DETAIL,), "application_key": 403,
    },
    "/api/v1/feedback/surveys/{survey_id}/results": {
        "employee": 403, "product_manager": (SURVEY_RESULTS,), "admin": (SURVEY_RESULTS,), "application_key": 403,
    },
    "/api/v1/feedback/waiting": {
        "employee": (SURVEY_WAITING,), "product_manager": (), "admin": (), "application_key": 403,
    },
    "/api/v1/audit": {"employee": 403, "product_manager": 403, "admin": (AUDIT,), "application_key": 403},
    "/api/v1/departments": {
        "employee": (DEPARTMENT_NAME,),
        "product_manager": (DEPARTMENT_NAME,),
        "admin": (DEPARTMENT_FOR_ADMINS,),
        "application_key": (DEPARTMENT_NAME,),
    },
    "/api/v1/departments/{department_id}": {
        "employee": (DEPARTMENT_NAME,),
        "product_manager": (DEPARTMENT_NAME,),
        "admin": (DEPARTMENT_FOR_ADMINS,),
        "application_key": (DEPARTMENT_NAME,),
    },
    "/api/v1/ideas": {
        "employee": (IDEAS,),
        "product_manager": (IDEAS,),
        "admin": (IDEAS,),
        "application_key": (IDEAS,),
    },
    "/api/v1/ideas/export.csv": {
        "employee": 403,
        "product_manager": (IDEAS_EXPORT_CSV,),
        "admin": (IDEAS_EXPORT_CSV,),
        "application_key": 403,
    },
    "/api/v1/ideas/similar": {
        "employee": (IDEAS_SIMILAR,),
        "product_manager": (IDEAS_SIMILAR,),
        "admin": (IDEAS_SIMILAR,),
        "application_key": (IDEAS_SIMILAR,),
    },
    "/api/v1/ideas/statuses": {
        "employee": (IDEAS_STATUSES,),
        "product_manager": (IDEAS_STATUSES,),
        "admin": (IDEAS_STATUSES,),
        "application_key": (IDEAS_STATUSES,),
    },
    "/api/v1/ideas/{idea_id}": {
        "employee": (IDEAS,),
        "product_manager": (IDEAS,),
        "admin": (IDEAS,),
        "application_key": (IDEAS,),
    },
    "/api/v1/ideas/{idea_id}/comments": {
        "employee": (IDEAS_IDEA_ID_COMMENTS,),
        "product_manager": (IDEAS_IDEA_ID_COMMENTS,),
        "admin": (IDEAS_IDEA_ID_COMMENTS,),
        "application_key": (IDEAS_IDEA_ID_COMMENTS,),
    },
    "/api/v1/ideas/{idea_id}/history": {
        "employee": (IDEAS_IDEA_ID_HISTORY,),
        "product_manager": (IDEAS_IDEA_ID_HISTORY,),
        "admin": (IDEAS_IDEA_ID_HISTORY,),
        "application_key": (IDEAS_IDEA_ID_HISTORY,),
    },
    "/api/v1/ideas/{idea_id}/notes": {
        "employee": 403,
        "product_manager": (IDEAS_IDEA_ID_NOTES,),
        "admin": (IDEAS_IDEA_ID_NOTES,),
        "application_key": 403,
    },
    "/api/v1/ideas/{idea_id}/votes": {
        "employee": (IDEAS_IDEA_ID_VOTES,),
        "product_manager": (IDEAS_IDEA_ID_VOTES,),
        "admin": (IDEAS_IDEA_ID_VOTES,),
        "application_key": (IDEAS_IDEA_ID_VOTES,),
    },
    "/api/v1/me": {"employee": (ACCOUNT,), "product_manager": (ACCOUNT,), "admin": (ACCOUNT,), "application_key": 403},
    "/api/v1/notifications": {
        "employee": (NOTIFICATIONS,),
        "product_manager": (NOTIFICATIONS,),
        "admin": (NOTIFICATIONS,),
        "application_key": 403,
    },
    "/api/v1/notifications/preferences": {
        "employee": (NOTIFICATIONS_PREFERENCES,),
        "product_manager": (NOTIFICATIONS_PREFERENCES,),
        "admin": (NOTIFICATIONS_PREFERENCES,),
        "application_key": 403,
    },
    "/api/v1/portfolio/catalog": {
        "employee": (PORTFOLIO_CATALOG,),
        "product_manager": (PORTFOLIO_CATALOG,),
        "admin": (PORTFOLIO_CATALOG,),
        "application_key": 403,
    },
    "/api/v1/portfolio/competitors": {
        "employee": 403,
        "product_manager": (PORTFOLIO_COMPETITORS,),
        "admin": (PORTFOLIO_COMPETITORS,),
        "application_key": (PORTFOLIO_COMPETITORS,),
    },
    "/api/v1/portfolio/competitors/{competitor_id}": {
        "employee": 403,
        "product_manager": (PORTFOLIO_COMPETITORS,),
        "admin": (PORTFOLIO_COMPETITORS,),
        "application_key": (PORTFOLIO_COMPETITORS,),
    },
    "/api/v1/portfolio/export.json": {
        "employee": 403,
        "product_manager": (PORTFOLIO_EXPORT_JSON,),
        "admin": (PORTFOLIO_EXPORT_JSON,),
        "application_key": (PORTFOLIO_EXPORT_JSON,),
    },
    "/api/v1/portfolio/export/{kind}.csv": {
        "employee": 403,
        "product_manager": (PORTFOLIO_EXPORT_KIND_CSV,),
        "admin": (PORTFOLIO_EXPORT_KIND_CSV,),
        "application_key": (PORTFOLIO_EXPORT_KIND_CSV,),
    },
    "/api/v1/portfolio/health": {
        "employee": 403,
        "product_manager": (PORTFOLIO_HEALTH,),
        "admin": (PORTFOLIO_HEALTH,),
        "application_key": (PORTFOLIO_HEALTH,),
    },
    "/api/v1/portfolio/markets": {
        "employee": 403,
        "product_manager": (PORTFOLIO_MARKETS,),
        "admin": (PORTFOLIO_MARKETS,),
        "application_key": (PORTFOLIO_MARKETS,),
    },
    "/api/v1/portfolio/markets/{market_id}": {
        "employee": 403,
        "product_manager": (PORTFOLIO_MARKETS,),
        "admin": (PORTFOLIO_MARKETS,),
        "application_key": (PORTFOLIO_MARKETS,),
    },
    "/api/v1/portfolio/options": {
        "employee": 403,
        "product_manager": (PORTFOLIO_OPTIONS,),
        "admin": (PORTFOLIO_OPTIONS,),
        "application_key": (PORTFOLIO_OPTIONS,),
    },
    "/api/v1/portfolio/options/{option_id}": {
        "employee": 403,
        "product_manager": (PORTFOLIO_OPTIONS,),
        "admin": (PORTFOLIO_OPTIONS,),
        "application_key": (PORTFOLIO_OPTIONS,),
    },
    "/api/v1/portfolio/personas": {
        "employee": 403,
        "product_manager": (PORTFOLIO_PERSONAS,),
        "admin": (PORTFOLIO_PERSONAS,),
        "application_key": (PORTFOLIO_PERSONAS,),
    },
    "/api/v1/portfolio/personas/{persona_id}": {
        "employee": 403,
        "product_manager": (PORTFOLIO_PERSONAS,),
        "admin": (PORTFOLIO_PERSONAS,),
        "application_key": (PORTFOLIO_PERSONAS,),
    },
    "/api/v1/portfolio/requests": {
        "employee": (PORTFOLIO_REQUESTS,),
        "product_manager": (PORTFOLIO_REQUESTS,),
        "admin": (PORTFOLIO_REQUESTS,),
        "application_key": 403,
    },
    "/api/v1/portfolio/segments": {
        "employee": 403,
        "product_manager": (PORTFOLIO_SEGMENTS,),
        "admin": (PORTFOLIO_SEGMENTS,),
        "application_key": (PORTFOLIO_SEGMENTS,),
    },
    "/api/v1/portfolio/segments/{segment_id}": {
        "employee": 403,
        "product_manager": (PORTFOLIO_SEGMENTS,),
        "admin": (PORTFOLIO_SEGMENTS,),
        "application_key": (PORTFOLIO_SEGMENTS,),
    },
    "/api/v1/portfolio/services": {
        "employee": 403,
        "product_manager": (PORTFOLIO_SERVICES,),
        "admin": (PORTFOLIO_SERVICES,),
        "application_key": (PORTFOLIO_SERVICES,),
    },
    "/api/v1/portfolio/services/{service_id}": {
        "employee": 403,
        "product_manager": (PORTFOLIO_SERVICES,),
        "admin": (PORTFOLIO_SERVICES,),
        "application_key": (PORTFOLIO_SERVICES,),
    },
    "/api/v1/portfolio/shadow-tools": {
        "employee": (PORTFOLIO_SHADOW_TOOLS,),
        "product_manager": (PORTFOLIO_SHADOW_TOOLS,),
        "admin": (PORTFOLIO_SHADOW_TOOLS,),
        "application_key": (PORTFOLIO_SHADOW_TOOLS,),
    },
    "/api/v1/portfolio/shadow-tools/{tool_id}": {
        "employee": (PORTFOLIO_SHADOW_TOOLS,),
        "product_manager": (PORTFOLIO_SHADOW_TOOLS,),
        "admin": (PORTFOLIO_SHADOW_TOOLS,),
        "application_key": (PORTFOLIO_SHADOW_TOOLS,),
    },
    "/api/v1/portfolio/stories": {
        "employee": 403,
        "product_manager": (PORTFOLIO_STORIES,),
        "admin": (PORTFOLIO_STORIES,),
        "application_key": (PORTFOLIO_STORIES,),
    },
    "/api/v1/portfolio/stories/{story_id}": {
        "employee": 403,
        "product_manager": (PORTFOLIO_STORIES,),
        "admin": (PORTFOLIO_STORIES,),
        "application_key": (PORTFOLIO_STORIES,),
    },
    "/api/v1/roadmap/alignment": {
        "employee": 403,
        "product_manager": (ROADMAP_ALIGNMENT,),
        "admin": (ROADMAP_ALIGNMENT,),
        "application_key": (ROADMAP_ALIGNMENT,),
    },
    "/api/v1/roadmap/board": {
        "employee": 403,
        "product_manager": (COLUMNS,),
        "admin": (COLUMNS,),
        "application_key": (COLUMNS,),
    },
    "/api/v1/roadmap/capacity": {
        "employee": 403,
        "product_manager": (ROADMAP_CAPACITY,),
        "admin": (ROADMAP_CAPACITY,),
        "application_key": (ROADMAP_CAPACITY,),
    },
    "/api/v1/roadmap/changes": {
        "employee": 403,
        "product_manager": (ROADMAP_CHANGES,),
        "admin": (ROADMAP_CHANGES,),
        "application_key": (ROADMAP_CHANGES,),
    },
    "/api/v1/roadmap/export.csv": {
        "employee": 403,
        "product_manager": (ROADMAP_EXPORT_CSV,),
        "admin": (ROADMAP_EXPORT_CSV,),
        "application_key": (ROADMAP_EXPORT_CSV,),
    },
    "/api/v1/roadmap/features": {
        "employee": (SHARED_FEATURE,),
        "product_manager": (FEATURE,),
        "admin": (FEATURE,),
        "application_key": (FEATURE,),
    },
    "/api/v1/roadmap/features/{feature_id}": {
        "employee": (SHARED_FEATURE,),
        "product_manager": (FEATURE_DETAIL,),
        "admin": (FEATURE_DETAIL,),
        "application_key": (FEATURE_DETAIL,),
    },
    "/api/v1/roadmap/features/{feature_id}/scores": {
        "employee": 403,
        "product_manager": (FEATURE_SCORE,),
        "admin": (FEATURE_SCORE,),
        "application_key": (FEATURE_SCORE,),
    },
    "/api/v1/roadmap/fiscal-calendar": {
        "employee": 403,
        "product_manager": (ROADMAP_FISCAL_CALENDAR,),
        "admin": (ROADMAP_FISCAL_CALENDAR,),
        "application_key": (ROADMAP_FISCAL_CALENDAR,),
    },
    "/api/v1/roadmap/goals": {
        "employee": 403,
        "product_manager": (ROADMAP_GOALS,),
        "admin": (ROADMAP_GOALS,),
        "application_key": (ROADMAP_GOALS,),
    },
    "/api/v1/roadmap/goals/{goal_id}": {
        "employee": 403,
        "product_manager": (ROADMAP_GOALS,),
        "admin": (ROADMAP_GOALS,),
        "application_key": (ROADMAP_GOALS,),
    },
    "/api/v1/roadmap/initiatives": {
        "employee": 403,
        "product_manager": (ROADMAP_INITIATIVES,),
        "admin": (ROADMAP_INITIATIVES,),
        "application_key": (ROADMAP_INITIATIVES,),
    },
    "/api/v1/roadmap/initiatives/{initiative_id}": {
        "employee": 403,
        "product_manager": (ROADMAP_INITIATIVES,),
        "admin": (ROADMAP_INITIATIVES,),
        "application_key": (ROADMAP_INITIATIVES,),
    },
    "/api/v1/roadmap/prioritisation": {
        "employee": 403,
        "product_manager": (ROADMAP_PRIORITISATION,),
        "admin": (ROADMAP_PRIORITISATION,),
        "application_key": (ROADMAP_PRIORITISATION,),
    },
    "/api/v1/roadmap/releases": {
        "employee": 403,
        "product_manager": (ROADMAP_RELEASES,),
        "admin": (ROADMAP_RELEASES,),
        "application_key": (ROADMAP_RELEASES,),
    },
    "/api/v1/roadmap/releases/{release_id}": {
        "employee": 403,
        "product_manager": (ROADMAP_RELEASES,),
        "admin": (ROADMAP_RELEASES,),
        "application_key": (ROADMAP_RELEASES,),
    },
    "/api/v1/roadmap/scorecards": {
        "employee": 403,
        "product_manager": (ROADMAP_SCORECARDS,),
        "admin": (ROADMAP_SCORECARDS,),
        "application_key": (ROADMAP_SCORECARDS,),
    },
    "/api/v1/roadmap/shared": {
        "employee": (COLUMNS,),
        "product_manager": (COLUMNS,),
        "admin": (COLUMNS,),
        "application_key": (COLUMNS,),
    },
    "/api/v1/roadmap/teams": {
        "employee": 403,
        "product_manager": (ROADMAP_TEAMS,),
        "admin": (ROADMAP_TEAMS,),
        "application_key": (ROADMAP_TEAMS,),
    },
    "/api/v1/roadmap/teams/{team_id}": {
        "employee": 403,
        "product_manager": (ROADMAP_TEAMS,),
        "admin": (ROADMAP_TEAMS,),
        "application_key": (ROADMAP_TEAMS,),
    },
    "/api/v1/roadmap/timeline": {
        "employee": 403,
        "product_manager": (ROADMAP_TIMELINE,),
        "admin": (ROADMAP_TIMELINE,),
        "application_key": (ROADMAP_TIMELINE,),
    },
    "/api/v1/roadmap/work-items": {
        "employee": 403,
        "product_manager": (ROADMAP_WORK_ITEMS,),
        "admin": (ROADMAP_WORK_ITEMS,),
        "application_key": (ROADMAP_WORK_ITEMS,),
    },
    "/api/v1/roadmap/work-items/{key}": {
        "employee": 403,
        "product_manager": (ROADMAP_WORK_ITEMS,),
        "admin": (ROADMAP_WORK_ITEMS,),
        "application_key": (ROADMAP_WORK_ITEMS,),
    },
    "/api/v1/tokens": {"employee": (TOKENS,), "product_manager": (TOKENS,), "admin": (TOKENS,), "application_key": 403},
    "/api/v1/users": {
        "employee": (
            ACCOUNT,
            PERSON_IN_DIRECTORY,
        ),
        "product_manager": (
            ACCOUNT,
            PERSON_IN_DIRECTORY,
        ),
        "admin": (ACCOUNT,),
        "application_key": (PERSON_IN_DIRECTORY,),
    },
    "/api/v1/users/{user_id}": {
        "employee": (PERSON_IN_DIRECTORY,),
        "product_manager": (PERSON_IN_DIRECTORY,),
        "admin": (ACCOUNT,),
        "application_key": (PERSON_IN_DIRECTORY,),
    },
}
