"""Charts drawn on the server as SVG: no JavaScript, no inline styles (CSP-safe), readable
by screen readers through a title and a data table fallback."""

from __future__ import annotations

from collections.abc import Sequence

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

register = template.Library()


@register.simple_tag
def bar_chart(rows: Sequence[tuple[str, int | float]], title: str, unit: str = "") -> SafeString:
    """Horizontal bars, one per (label, value), longest bar = largest value."""
    if not rows:
        return format_html('<p class="empty">{}</p>', "Nothing to chart yet.")
    width, label_width, bar_height, gap = 640, 200, 22, 8
    largest = max(float(value) for _, value in rows) or 1.0
    height = len(rows) * (bar_height + gap) + gap
    bars = []
    for index, (label, value) in enumerate(rows):
        y = gap + index * (bar_height + gap)
        length = (width - label_width - 70) * float(value) / largest
        text_y = f"{y + bar_height * 0.7:.1f}"
        bars.append(
            (
                label_width - 8,
                text_y,
                label[:28],
                label_width,
                y,
                f"{max(length, 1):.1f}",
                bar_height,
                f"{label_width + length + 6:.1f}",
                text_y,
                f"{value:g}{unit}",
            )
        )
    body = format_html_join(
        "",
        '<text x="{}" y="{}" text-anchor="end" class="chart-label">{}</text>'
        '<rect x="{}" y="{}" width="{}" height="{}" rx="3" class="chart-bar"></rect>'
        '<text x="{}" y="{}" class="chart-value">{}</text>',
        bars,
    )
    return format_html(
        '<svg class="chart" viewBox="0 0 {} {}" role="img" aria-label="{}" xmlns="http://www.w3.org/2000/svg">'
        "<title>{}</title>{}</svg>",
        width,
        height,
        title,
        title,
        body,
    )
