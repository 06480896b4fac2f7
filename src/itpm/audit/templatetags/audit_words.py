"""The audit log in words: "Option request created" for ``portfolio.option_request.created``,
"Service" for ``portfolio.service``; the codes stay on hover for whoever filters by them."""

from __future__ import annotations

from django import template
from django.contrib.contenttypes.models import ContentType
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()


def words_of(code: str) -> str:
    """``app.record_kind.did_something`` → "Record kind did something"."""
    parts = code.split(".")
    said = " ".join(part.replace("_", " ") for part in parts[1:] or parts)
    return said[:1].upper() + said[1:]


@register.filter
def action_words(code: str) -> SafeString:
    return format_html('<span title="{}">{}</span>', code, words_of(code))


@register.filter
def kind_words(target_type: ContentType | None) -> str:
    if target_type is None:
        return ""
    model = target_type.model_class()
    name = str(model._meta.verbose_name) if model is not None else target_type.model
    return name[:1].upper() + name[1:]
