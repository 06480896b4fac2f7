"""The inbox tells a notification as people read it: its Markdown rendered (and sanitised), and
its moment as "just now" or "5 minutes ago" (web/templatetags/moments.py)."""

from __future__ import annotations

import datetime

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone

from itpm.notifications import services
from itpm.notifications.models import Notification

pytestmark = pytest.mark.django_db


def _ago(moment: datetime.datetime | None) -> str:
    return Template("{% load moments %}{{ moment|ago }}").render(Context({"moment": moment}))


def test_a_moment_within_a_minute_is_just_now_and_older_ones_say_how_long() -> None:
    now = timezone.now()
    assert ">just now</time>" in _ago(now)
    assert ">just now</time>" in _ago(now - datetime.timedelta(seconds=59))
    assert ">1\xa0minute ago</time>" in _ago(now - datetime.timedelta(seconds=61))
    assert ">3\xa0hours ago</time>" in _ago(now - datetime.timedelta(hours=3))
    assert _ago(None) == ""
    assert 'datetime="' in _ago(now)


def test_the_inbox_renders_markdown_sanitised_and_says_just_now(login, employee) -> None:
    services.notify(
        recipients=[employee],
        kind="test.event",
        title="Your idea is planned",
        body="**Planned** for Q3. <script>alert(1)</script> See [the roadmap](/roadmap/shared/).",
        url="/ideas/",
    )
    assert Notification.objects.filter(recipient=employee).count() == 1
    html = login(employee).get(reverse("notifications:inbox")).content.decode()
    assert "<strong>Planned</strong> for Q3." in html
    assert '<a href="/roadmap/shared/" rel="noopener noreferrer nofollow">the roadmap</a>' in html
    assert "<script>alert(1)</script>" not in html
    assert "**Planned**" not in html
    assert ">just now</time>" in html
    assert "0 minutes ago" not in html
