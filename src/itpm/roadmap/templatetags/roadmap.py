"""Roadmap pieces other apps' pages show: ``{% linked_roadmap_work user idea %}`` lists the
features an idea is part of — every one for product managers (name, status, horizon, target
quarter), the shared ones in customers' words for everyone else — in one query."""

from __future__ import annotations

from typing import Any

from django import template

from itpm.accounts.models import User
from itpm.ideas.models import Idea

from ..queries import features as queries
from ..queries.features import features_of_idea

register = template.Library()


@register.inclusion_tag("roadmap/features/_linked_work.html")
def linked_roadmap_work(viewer: User, idea: Idea) -> dict[str, Any]:
    planning = queries.feature_view(viewer) is queries.FeatureView.PLANNING
    return {"features": features_of_idea(viewer, idea), "can_plan": planning}
