"""Markdown people write (ideas, comments), rendered to HTML that is safe to show: the
Markdown is converted first, then nh3 keeps only a small allow-list of tags and attributes,
so raw HTML, scripts, event handlers and ``javascript:`` links never reach a page."""

from __future__ import annotations

import functools
import threading

import markdown as markdown_lib
import nh3
from django import template
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "code", "pre", "blockquote", "ul", "ol", "li", "a", "h3", "h4", "hr",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}


_parsers = threading.local()


def _parser() -> markdown_lib.Markdown:
    # Building a parser costs more than most texts take to convert: keep one per thread.
    parser: markdown_lib.Markdown | None = getattr(_parsers, "parser", None)
    if parser is None:
        parser = markdown_lib.Markdown(extensions=["sane_lists"], output_format="html")
        _parsers.parser = parser
    return parser


def render_markdown(text: str) -> SafeString:
    return mark_safe(_rendered(text or ""))  # noqa: S308 - sanitised by nh3 in _rendered


@functools.lru_cache(maxsize=1024)
def _rendered(text: str) -> str:
    """The safe HTML of a text. Remembered for the last 1,024 texts in this process (a few MB at
    most): an idea page converts 50 comments on every view, and converting is most of its time.
    The same text always gives the same HTML, so a remembered one is never stale."""
    html = _parser().reset().convert(text)
    # Headings people type (#) become small headings inside the page's own structure.
    html = html.replace("<h1>", "<h3>").replace("</h1>", "</h3>").replace("<h2>", "<h4>").replace("</h2>", "</h4>")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
    return str(clean)


@register.filter(name="markdown")
def markdown_filter(text: str) -> SafeString:
    return render_markdown(text)
