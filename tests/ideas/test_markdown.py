"""The ``markdown`` template filter: the Markdown people write in ideas and comments becomes a
small allow-list of HTML; scripts, event handlers, styles and unsafe links never survive."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.utils.safestring import SafeString

from itpm.web.templatetags.markdown import render_markdown

REL = 'rel="noopener noreferrer nofollow"'


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("**bold** _em_ `code`", "<p><strong>bold</strong> <em>em</em> <code>code</code></p>"),
        ("# Big\n\n## Smaller", "<h3>Big</h3>\n<h4>Smaller</h4>"),
        ("> quoted", "<blockquote>\n<p>quoted</p>\n</blockquote>"),
        ("- a\n- b", "<ul>\n<li>a</li>\n<li>b</li>\n</ul>"),
        ("1. one\n2. two", "<ol>\n<li>one</li>\n<li>two</li>\n</ol>"),
        ("    indented code", "<pre><code>indented code\n</code></pre>"),
        ("above\n\n---\n\nbelow", "<p>above</p>\n<hr>\n<p>below</p>"),
        ("a < b & c > d", "<p>a &lt; b &amp; c &gt; d</p>"),
        ("", ""),
    ],
)
def test_allowed_markdown_is_kept(text: str, html: str) -> None:
    assert render_markdown(text) == html


def test_links_keep_http_https_and_mailto_and_get_rel_noopener() -> None:
    assert render_markdown('[site](https://example.com "Title")') == (
        f'<p><a href="https://example.com" title="Title" {REL}>site</a></p>'
    )
    assert render_markdown("[plain](http://example.com)") == f'<p><a href="http://example.com" {REL}>plain</a></p>'
    assert render_markdown("[mail](mailto:it@example.com)") == f'<p><a href="mailto:it@example.com" {REL}>mail</a></p>'
    # rel is set whatever the author wrote
    assert render_markdown('<a href="https://example.com" rel="opener" target="_blank">x</a>') == (
        f'<p><a href="https://example.com" {REL}>x</a></p>'
    )


@pytest.mark.parametrize(
    "text",
    [
        "[x](javascript:alert(1))",
        "[x](JaVaScRiPt:alert(1))",
        "[x](&#106;avascript:alert(1))",
        "[x]( javascript:alert(1))",
        "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "[x](vbscript:msgbox(1))",
        '<a href="javascript:alert(1)">x</a>',
    ],
)
def test_unsafe_link_schemes_are_dropped(text: str) -> None:
    html = render_markdown(text)
    assert "href" not in html
    assert "javascript" not in html.lower()
    assert "alert" not in html
    assert ">x</a>" in html  # the text stays


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
        "<img src=x onerror=alert(1)>",
        "<svg onload=alert(1)>",
        "<iframe src=https://evil.example></iframe>",
        '<a href="https://example.com" onclick="alert(1)">x</a>',
        '<p onmouseover="alert(1)">hover</p>',
        '<b style="background:url(javascript:alert(1))">styled</b>',
        "<style>body{display:none}</style>",
        '<form action="https://evil.example"><input name=p></form>',
        "<object data=x.swf></object><embed src=x.swf>",
        "<scr<script>ipt>alert(1)</script>",
        "<![CDATA[<script>alert(1)</script>]]>",
    ],
)
def test_scripts_event_handlers_and_foreign_tags_are_removed(text: str) -> None:
    html = render_markdown(text).lower()
    for forbidden in ("<script", "<img", "<svg", "<iframe", "<style", "<form", "<input", "<object", "<embed"):
        assert forbidden not in html, (text, html)
    for forbidden in ("onerror", "onload", "onclick", "onmouseover", "style=", "javascript:"):
        assert forbidden not in html, (text, html)


def test_the_filter_returns_safe_html_that_templates_do_not_escape_again() -> None:
    rendered = Template("{% load markdown %}<div>{{ text|markdown }}</div>").render(
        Context({"text": "**hi** <script>alert(1)</script>"})
    )
    assert rendered == "<div><p><strong>hi</strong> </p></div>"
    assert isinstance(render_markdown("x"), SafeString)


def test_none_renders_as_nothing() -> None:
    assert render_markdown(None) == ""  # type: ignore[arg-type]


def test_a_text_seen_again_is_not_converted_again_and_stays_sanitised() -> None:
    from itpm.web.templatetags import markdown as rendering

    text = "A **remembered** comment <script>alert(1)</script> [x](javascript:alert(1))"
    first = rendering.render_markdown(text)
    converted = rendering._rendered.cache_info().misses
    again = rendering.render_markdown(text)
    assert rendering._rendered.cache_info().misses == converted  # answered from memory
    assert again == first
    assert "<strong>remembered</strong>" in again
    assert "<script" not in again
    assert "javascript:" not in again
