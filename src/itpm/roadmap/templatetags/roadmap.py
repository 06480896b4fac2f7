"""Roadmap pieces other apps' pages show: ``{% linked_roadmap_work user idea %}`` lists the
features an idea is part of — every one for product managers (name, status, horizon, target
quarter), the shared ones in customers' words for everyone else — in one query.
``{% board_cards cards board_path query %}`` draws the board's cards (the board page, and the cards a
move brings onto the page)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from itpm.accounts.models import User
from itpm.ideas.models import Idea

from ..queries import features as queries
from ..queries.board import BoardCard
from ..queries.features import features_of_idea

register = template.Library()


@register.inclusion_tag("roadmap/features/_linked_work.html")
def linked_roadmap_work(viewer: User, idea: Idea) -> dict[str, Any]:
    planning = queries.feature_view(viewer) is queries.FeatureView.PLANNING
    return {"features": features_of_idea(viewer, idea), "can_plan": planning}


_CARD = (
    '<li class="board-card" id="card-{key}" draggable="true" data-feature="{key}" aria-labelledby="card-{key}-name">'
    '<p class="board-card-name" id="card-{key}-name">{name}</p>'
    '<p class="board-card-meta muted">{service} · {team}</p>'
    '<p class="board-card-badges"><span class="badge status-{status}">{status_label}</span> {effort}{rice}</p>'
    '<p class="board-card-goals">{goals}</p>'
    '<p class="board-card-actions"><a href="{move_url}" data-move-link aria-label="Move “{name}”…">Move…</a></p>'
    "<div data-move-slot></div></li>"
)


def board_number(value: Decimal) -> str:
    """What ``floatformat:"-1"`` shows (one decimal place, none for a whole number), without
    its localisation machinery: 12.50 → "12.5", 3.00 → "3", 2.25 → "2.3"."""
    rounded = value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    whole = rounded.to_integral_value()
    return str(whole if rounded == whole else rounded)


@register.simple_tag
def board_cards(cards: Iterable[BoardCard], board_path: str, query: str = "") -> SafeString:
    """The cards, drawn in Python rather than a template a card: the board shows 75 at a
    time, and a card's dozen template lookups were a quarter of the page's time (issue 14)."""
    suffix = f"?{query}" if query else ""
    return format_html_join(
        "\n",
        _CARD,
        (
            {
                "key": card.key,
                "name": card.name,
                "service": card.service_name or "No service",
                "team": card.team_name or "No team",
                "status": card.status,
                "status_label": card.get_status_display(),
                "effort": (
                    format_html('<span class="badge">{} days</span>', board_number(card.effort_days))
                    if card.effort_days is not None
                    else mark_safe('<span class="badge">Effort not set</span>')
                ),
                "rice": (
                    format_html(' <span class="badge">RICE {}</span>', board_number(card.rice_score))
                    if card.rice_score is not None
                    else ""
                ),
                "goals": (
                    format_html_join(" ", '<span class="badge badge-ok">{}</span>', ((goal,) for goal in card.goals))
                    if card.goals
                    else mark_safe('<span class="badge badge-warn">No goal</span>')
                ),
                "move_url": f"{board_path}{card.key}/move/{suffix}",
            }
            for card in cards
        ),
    )
