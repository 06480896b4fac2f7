"""Charts drawn on the server as SVG: no JavaScript, no inline styles (CSP-safe), readable
by screen readers through a title and a data table fallback."""

from __future__ import annotations

from collections.abc import Sequence

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

register = template.Library()

LABEL_CHARACTERS = 28  # what fits beside a bar; a longer label is cut with "…" and keeps its full text as a title


def _label(label: str) -> SafeString:
    """A bar's label as SVG text: whole when it fits, otherwise cut with "…" and the full name
    in a ``<title>`` (shown on hover, read by screen readers)."""
    if len(label) <= LABEL_CHARACTERS:
        return format_html("{}", label)
    return format_html("{}…<title>{}</title>", label[: LABEL_CHARACTERS - 1].rstrip(), label)


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
                _label(label),
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


@register.simple_tag
def stacked_bar_chart(
    rows: Sequence[tuple[str, Sequence[int | float]]], series: Sequence[str], title: str
) -> SafeString:
    """Horizontal bars, one per (label, values), each split into one segment per series
    (coloured by the classes ``chart-series-0`` … ``chart-series-5``), with a legend above and
    the total after each bar. Each segment carries its own title for screen readers and hover."""
    if not rows or not any(float(value) for _, values in rows for value in values):
        return format_html('<p class="empty">{}</p>', "Nothing to chart yet.")
    width, label_width, bar_height, gap, legend_height = 640, 200, 22, 8, 28
    largest = max(sum(float(value) for value in values) for _, values in rows) or 1.0
    scale = (width - label_width - 70) / largest
    legend = format_html_join(
        "",
        '<rect x="{}" y="6" width="12" height="12" class="chart-series-{}"></rect>'
        '<text x="{}" y="16" class="chart-label">{}</text>',
        (
            (label_width + index * 110, index % 6, label_width + index * 110 + 16, name[:14])
            for index, name in enumerate(series)
        ),
    )
    parts = []
    for index, (label, values) in enumerate(rows):
        y = legend_height + gap + index * (bar_height + gap)
        text_y = f"{y + bar_height * 0.7:.1f}"
        parts.append(format_html('<text x="{}" y="{}" text-anchor="end" class="chart-label">{}</text>',
                                 label_width - 8, text_y, _label(label)))  # fmt: skip
        x = float(label_width)
        for number, (name, value) in enumerate(zip(series, values, strict=False)):
            if not float(value):
                continue
            length = float(value) * scale
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" class="chart-series-{}"><title>{}</title></rect>',
                    f"{x:.1f}",
                    y,
                    f"{max(length, 1):.1f}",
                    bar_height,
                    number % 6,
                    f"{label} – {name}: {float(value):g}",
                )
            )
            x += length
        total = sum(float(value) for value in values)
        parts.append(format_html('<text x="{}" y="{}" class="chart-value">{}</text>', f"{x + 6:.1f}", text_y,
                                 f"{total:g}"))  # fmt: skip
    height = legend_height + len(rows) * (bar_height + gap) + gap
    return format_html(
        '<svg class="chart" viewBox="0 0 {} {}" role="img" aria-label="{}" xmlns="http://www.w3.org/2000/svg">'
        "<title>{}</title>{}{}</svg>",
        width,
        height,
        title,
        title,
        legend,
        SafeString("".join(parts)),
    )


@register.simple_tag
def column_chart(rows: Sequence[tuple[str, int | float]], title: str, unit: str = "") -> SafeString:
    """Vertical columns, one per (label, value) in order (e.g. months), the value above each."""
    if not rows:
        return format_html('<p class="empty">{}</p>', "Nothing to chart yet.")
    width, height, top, bottom, side = 640, 220, 24, 28, 8
    largest = max(float(value) for _, value in rows) or 1.0
    slot = (width - 2 * side) / len(rows)
    column_width = slot * 0.7
    plot = height - top - bottom
    columns = []
    for index, (label, value) in enumerate(rows):
        length = plot * float(value) / largest
        x = side + index * slot + (slot - column_width) / 2
        centre = f"{side + index * slot + slot / 2:.1f}"
        columns.append(
            (
                f"{x:.1f}",
                f"{top + plot - length:.1f}",
                f"{column_width:.1f}",
                f"{length:.1f}",
                f"{label}: {value:g}{unit}",
                centre,
                f"{top + plot - length - 6:.1f}",
                f"{value:g}",
                centre,
                height - 8,
                label[:8],
            )
        )
    body = format_html_join(
        "",
        '<rect x="{}" y="{}" width="{}" height="{}" class="chart-bar"><title>{}</title></rect>'
        '<text x="{}" y="{}" text-anchor="middle" class="chart-value">{}</text>'
        '<text x="{}" y="{}" text-anchor="middle" class="chart-label">{}</text>',
        columns,
    )
    return format_html(
        '<svg class="chart" viewBox="0 0 {} {}" role="img" aria-label="{}" xmlns="http://www.w3.org/2000/svg">'
        '<title>{}</title><line x1="{}" y1="{}" x2="{}" y2="{}" class="chart-axis"></line>{}</svg>',
        width,
        height,
        title,
        title,
        side,
        top + plot,
        width - side,
        top + plot,
        body,
    )
