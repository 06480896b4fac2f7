"""Moments told as people say them: "just now", "5 minutes ago", with the exact time on hover."""

from __future__ import annotations

import datetime

from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.timesince import timesince

register = template.Library()

JUST_NOW = datetime.timedelta(minutes=1)


@register.filter
def ago(moment: datetime.datetime | None) -> SafeString | str:
    """``<time>`` saying how long ago ``moment`` was: "just now" within a minute (never
    "0 minutes ago"), else Django's "3 hours, 2 minutes ago"; the exact moment in ``datetime``
    and on hover."""
    if moment is None:
        return ""
    now = timezone.now()
    said = "just now" if now - moment < JUST_NOW else f"{timesince(moment, now)} ago"
    local = timezone.localtime(moment)
    return format_html(
        '<time datetime="{}" title="{}">{}</time>', local.isoformat(), local.strftime("%-d %b %Y %H:%M"), said
    )
