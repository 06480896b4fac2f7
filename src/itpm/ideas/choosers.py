"""What choosers offer from the ideas portal: the ideas the viewer may see, newest first."""

from __future__ import annotations

from itpm.web import choosers

from . import queries

choosers.register(
    choosers.Source(
        "ideas",
        lambda viewer: queries.visible_ideas(viewer).order_by("-pk"),
        ("title",),
        label=lambda idea: f"#{idea.pk} {idea.title}",
    )
)
