"""Permission-matrix rows for the roadmap's features pages and API operations (merged into
tests/test_permission_matrix.py).

Pages: product managers and admins plan features; employees get 403 (they read the shared
roadmap elsewhere); scorecards are admins'. API: every person reads shared features (an
unshared one is 404 for employees), read keys read every feature; scores, scorecards, the
prioritisation table and changes are for product managers, admins and read keys."""

from __future__ import annotations

from typing import Any

from ..factories import FeatureFactory, IdeaFactory

PLANNER_PAGE = (302, 403, 200, 200)
PLANNER_ACTION = (302, 403, 302, 302)
ADMIN_PAGE = (302, 403, 403, 200)
ADMIN_ACTION = (302, 403, 403, 302)

FEATURE_READ = (401, 404, 200, 200, 200, 403, 403)  # the feature is not shared: employees get 404
LIST_READ = (401, 200, 200, 200, 200, 403, 403)
PLANNER_READ = (401, 403, 200, 200, 200, 403, 403)
PLANNER_WRITE = (401, 403, 200, 200, 403, 403, 403)
PLANNER_CREATE = (401, 403, 201, 201, 403, 403, 403)
ADMIN_WRITE = (401, 403, 403, 200, 403, 403, 403)
ADMIN_CREATE = (401, 403, 403, 201, 403, 403, 403)


def _feature(ctx: Any) -> int:
    return int(FeatureFactory().pk)


def _rice() -> int:
    from itpm.roadmap.models import Scorecard

    return int(Scorecard.objects.get(name="RICE").pk)


def _custom_scorecard() -> int:
    from itpm.roadmap.models import Scorecard

    metrics = [{"key": "compliance", "label": "Compliance", "weight": "1", "min": "1", "max": "5"}]
    return int(Scorecard.objects.create(name="Compliance first", metrics=metrics).pk)


def _feature_with_idea(ctx: Any) -> list[int]:
    idea = IdeaFactory()
    feature = FeatureFactory()
    feature.ideas.add(idea)
    return [feature.pk, idea.pk]


def page_rows(page: Any) -> dict[str, Any]:
    return {
        "roadmap:features": page("GET", PLANNER_PAGE),
        "roadmap:feature_create": page("GET", PLANNER_PAGE),
        "roadmap:feature": page("GET", PLANNER_PAGE, args=lambda ctx: [_feature(ctx)]),
        "roadmap:feature_edit": page("GET", PLANNER_PAGE, args=lambda ctx: [_feature(ctx)]),
        "roadmap:feature_action": page("POST", PLANNER_ACTION, args=lambda ctx: [_feature(ctx), "archive"]),
        "roadmap:link_idea": page(
            "POST", (302, 403, 422, 422), args=lambda ctx: [_feature(ctx)]
        ),  # no idea chosen: the page says so
        "roadmap:unlink_idea": page("POST", PLANNER_ACTION, args=_feature_with_idea),
        "roadmap:score": page("POST", PLANNER_ACTION, args=lambda ctx: [_feature(ctx), _rice()]),
        "roadmap:priorities": page("GET", PLANNER_PAGE),
        "roadmap:changes": page("GET", PLANNER_PAGE),
        "roadmap:scorecards": page("GET", ADMIN_PAGE),
        "roadmap:scorecard_edit": page("GET", ADMIN_PAGE, args=lambda ctx: [_custom_scorecard()]),
        "roadmap:scorecard_action": page("POST", ADMIN_ACTION, args=lambda ctx: [_custom_scorecard(), "archive"]),
    }


def api_rows(operation: Any) -> dict[str, Any]:
    base = "/api/v1/roadmap"
    one = f"{base}/features/{{feature_id}}"
    card = f"{base}/scorecards/{{scorecard_id}}"

    def feature_path(ctx: Any) -> str:
        return str(_feature(ctx))

    def scorecard_path(ctx: Any) -> str:
        return str(_custom_scorecard())

    return {
        f"GET {base}/features": operation(LIST_READ),
        f"POST {base}/features": operation(PLANNER_CREATE, body={"name": "Single sign-on for the HR system"}),
        f"GET {one}": operation(FEATURE_READ, path=feature_path),
        f"PATCH {one}": operation(PLANNER_WRITE, path=feature_path, body={"horizon": "now"}),
        f"POST {one}/archive": operation(PLANNER_WRITE, path=feature_path),
        f"POST {one}/restore": operation(PLANNER_WRITE, path=feature_path),
        f"POST {one}/ideas": operation(
            PLANNER_WRITE, path=feature_path, body=lambda ctx: {"idea_id": IdeaFactory().pk}
        ),
        f"POST {one}/ideas/unlink": operation(
            PLANNER_WRITE,
            path=lambda ctx: str(_feature_with_idea(ctx)[0]),
            body=lambda ctx: {"idea_id": _linked_idea(ctx)},
        ),
        f"PUT {one}/dependencies": operation(
            PLANNER_WRITE, path=feature_path, body=lambda ctx: {"depends_on_ids": [FeatureFactory().pk]}
        ),
        f"GET {one}/scores": operation(PLANNER_READ, path=feature_path),
        f"PUT {one}/scores": operation(
            PLANNER_WRITE,
            path=feature_path,
            body=lambda ctx: {"scorecard_id": _rice(), "inputs": {"reach": 1200, "impact": 2, "confidence": 80}},
        ),
        f"GET {base}/scorecards": operation(PLANNER_READ),
        f"POST {base}/scorecards": operation(
            ADMIN_CREATE, body={"name": "Risk first", "metrics": [{"label": "Risk reduction", "weight": 1}]}
        ),
        f"PATCH {card}": operation(ADMIN_WRITE, path=scorecard_path, body={"description": "For audits."}),
        f"POST {card}/archive": operation(ADMIN_WRITE, path=scorecard_path),
        f"POST {card}/restore": operation(ADMIN_WRITE, path=scorecard_path),
        f"GET {base}/prioritisation": operation(PLANNER_READ),
        f"GET {base}/changes": operation(PLANNER_READ),
    }


def _linked_idea(ctx: Any) -> int:
    """The idea linked to the feature the row's path made (the last one made)."""
    from itpm.roadmap.models import Feature

    feature = Feature.objects.order_by("-pk").first()
    assert feature is not None
    return int(feature.ideas.get().pk)
