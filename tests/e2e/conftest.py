"""End-to-end fixtures: Debian's Chromium (headless) driven by Playwright against
pytest-django's ``live_server``.

Every test gets ``site``: a Playwright page on the live server that records console
errors (which is how Content-Security-Policy violations surface) and uncaught script
errors, and can check that a page is sound (one <main>, an <h1>, every field labelled).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserType, Page, Playwright, sync_playwright

from ..conftest import restore_builtin_rows
from .helpers import Site

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    # Without these Chromium keeps trying to reach hosts it cannot.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


# pytest-playwright keeps Playwright (and so its event loop in the main thread) alive
# from the first browser test to the end of the session, after which every ORM call in
# later tests raises SynchronousOnlyOperation. So the Playwright fixtures are redefined
# here with package scope: Playwright starts with the first test in tests/e2e and stops
# after the last one. The function-scoped fixtures (new_context, context, page, the
# artifacts recorder behind --screenshot/--tracing) stay pytest-playwright's own.


@pytest.fixture(scope="package", autouse=True)
def _allow_orm_beside_playwright() -> Iterator[None]:
    """While Playwright runs, the ORM (factories in the test, the live server sharing
    SQLite's in-memory connection, the flush after each test) needs this. Set only for
    the browser tests: other tests start subprocesses (e.g. `itpm check --deploy`) that
    must not inherit it."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    # `playwright install` cannot download browsers here: use the distribution's Chromium.
    if not CHROMIUM.exists():
        pytest.fail(
            f"The end-to-end tests need Chromium at {CHROMIUM}, which is missing. "
            "Install it with: apt-get update && apt-get install -y chromium",
            pytrace=False,
        )
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}


@pytest.fixture(scope="package")
def playwright(_pw_api_request_contexts: Any, _allow_orm_beside_playwright: None) -> Iterator[Playwright]:
    with sync_playwright() as started:
        if _pw_api_request_contexts:
            _pw_api_request_contexts.instrument(started)
        yield started


@pytest.fixture(scope="package")
def browser_type(playwright: Playwright, browser_name: str) -> BrowserType:
    return getattr(playwright, browser_name)


@pytest.fixture(scope="package")
def launch_browser(browser_type_launch_args: dict[str, Any], browser_type: BrowserType) -> Callable[..., Browser]:
    def launch(**kwargs: Any) -> Browser:
        return browser_type.launch(**{**browser_type_launch_args, **kwargs})

    return launch


@pytest.fixture(scope="package")
def browser(launch_browser: Callable[..., Browser]) -> Iterator[Browser]:
    launched = launch_browser()
    yield launched
    launched.close()


@pytest.fixture(scope="package")
def browser_context_args(pytestconfig: pytest.Config, live_server: Any, _pw_artifacts_folder: Any) -> dict[str, Any]:
    # Relative URLs in page.goto() go to the live server.
    args: dict[str, Any] = {"base_url": live_server.url, "viewport": {"width": 1280, "height": 900}}
    if pytestconfig.getoption("--video") in ("on", "retain-on-failure"):
        args["record_video_dir"] = _pw_artifacts_folder.name
    return args


@pytest.fixture(autouse=True)
def _fresh_caches(live_server: Any, transactional_db: Any) -> Iterator[None]:
    """The "default" cache is a database table that a transactional test does not roll
    back and the flush between tests does not empty, so sign-in failure counters would
    carry over (also into later tests). Empty it before and after each browser test, and put
    back the rows data migrations made, which that flush removed."""
    from django.core.cache import caches

    caches["default"].clear()
    restore_builtin_rows()
    yield
    caches["default"].clear()


@pytest.fixture
def site(page: Page, live_server: Any, settings: Any) -> Site:
    # Links in emails point at SITE_URL: make it the live server for the test.
    settings.SITE_URL = live_server.url
    page.set_default_timeout(10_000)
    return Site(page=page, url=live_server.url)
