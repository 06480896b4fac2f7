"""What the browser tests do again and again: sign in and out, check a page is sound,
call the API from outside the browser."""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from playwright.sync_api import ConsoleMessage, Dialog, Error, Locator, Page, Response, expect

from ..factories import PASSWORD

SIGN_IN = re.compile(r"/accounts/sign-in/(\?.*)?$")
FIELDS = "input:visible, select:visible, textarea:visible"
# The header's links (the sections, the open section's pages) and the open group's own pages.
HEADER_LINKS = "nav[aria-label=Main] a, nav.section-nav a"


@dataclass
class Site:
    page: Page
    url: str
    # Console errors and uncaught script errors, as "where: what".
    errors: list[str] = field(default_factory=list)
    # Questions asked with window.confirm(), in order.
    confirmations: list[str] = field(default_factory=list)
    # Pages already checked by check(), so a flow may call it freely.
    checked: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.page.on("console", self._on_console)
        self.page.on("pageerror", self._on_page_error)

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.errors.append(f"{message.location.get('url') or self.page.url}: {message.text}")

    def _on_page_error(self, error: Error) -> None:
        self.errors.append(f"{self.page.url}: uncaught {error.name}: {error.message}")

    # --- Navigation -------------------------------------------------------------------

    def open(self, path: str) -> Response | None:
        """Go to a path on the live server; the main document's response."""
        return self.page.goto(path)

    def nav(self) -> Locator:
        return self.page.get_by_role("navigation", name="Main")

    def crawl_navigation(self) -> Iterator[tuple[str, Response | None]]:
        """Open every page the header leads to, from the page in view, each once: the
        sections, each section's pages (listed once the section is open) and each group's
        own pages (listed once the group is open). Yields each path with its response, with
        the page open, before looking for further links on it."""
        found: list[str] = []

        def collect() -> None:
            for link in self.page.locator(HEADER_LINKS).all():
                href = link.get_attribute("href") or ""
                if href and href not in found:
                    found.append(href)

        collect()
        index = 0
        while index < len(found):
            path = found[index]
            yield path, self.open(path)
            collect()
            index += 1

    def sign_in(self, email: str, password: str = PASSWORD) -> None:
        """Fill the sign-in form (the page must show it) and submit it."""
        expect(self.page).to_have_url(SIGN_IN)
        expect(self.page.get_by_role("heading", level=1)).to_have_text("Sign in to itpm")
        self.page.get_by_label("Email").fill(email)
        self.page.get_by_label("Password").fill(password)
        self.page.get_by_role("button", name="Sign in").click()

    def sign_out(self) -> None:
        self.page.get_by_role("button", name="Sign out").click()
        expect(self.page).to_have_url(SIGN_IN)
        expect(self.page.get_by_role("heading", level=1)).to_have_text("Sign in to itpm")

    def accept_next_confirm(self) -> None:
        """Say OK to the next window.confirm() (Playwright would otherwise dismiss it)."""

        def accept(dialog: Dialog) -> None:
            self.confirmations.append(dialog.message)
            dialog.accept()

        self.page.once("dialog", accept)

    def choose(self, label: str | re.Pattern[str], text: str, option: str, *, scope: Locator | None = None) -> None:
        """Pick ``option`` in the chooser labelled ``label`` (itpm.web.choosers) as a person
        does with the keyboard: type ``text``, arrow down to the option, press Enter."""
        where = scope or self.page
        box = where.get_by_role("combobox", name=label)
        box.fill(text)
        listbox = where.locator(f"[id='{box.get_attribute('aria-controls')}']")
        expect(listbox.get_by_role("option", name=option, exact=True)).to_be_visible()
        for _ in range(listbox.get_by_role("option").count()):
            box.press("ArrowDown")
            active = box.get_attribute("aria-activedescendant") or ""
            if listbox.locator(f"[id='{active}']").inner_text() == option:
                break
        box.press("Enter")
        expect(where.get_by_role("checkbox", name=option, exact=True)).to_be_checked()

    # --- Checks -------------------------------------------------------------------------

    def check(self, *, allow_errors: tuple[str, ...] = ()) -> None:
        """The page in view is sound: exactly one <main>, an <h1>, every visible field has
        an accessible label, and nothing went to the console as an error (CSP violations
        and uncaught script errors included)."""
        page = self.page
        page.wait_for_load_state("load")
        where = page.url
        expect(page.locator("main"), f"exactly one <main> on {where}").to_have_count(1)
        expect(page.get_by_role("main"), f"the main landmark on {where}").to_be_visible()
        expect(page.locator("h1").first, f"an <h1> on {where}").to_be_visible()
        expect(page.locator("h1").first, f"a non-empty <h1> on {where}").to_have_text(re.compile(r"\S"))
        fields = page.locator(FIELDS)
        for index in range(fields.count()):
            control = fields.nth(index)
            assert _has_label(page, control), f"field {_describe(control)} on {where} has no label"
        unexpected = [e for e in self.errors if not any(allowed in e for allowed in allow_errors)]
        assert not unexpected, f"console errors on {where}:\n" + "\n".join(unexpected)
        self.errors.clear()
        self.checked.append(where)


def _has_label(page: Page, control: Locator) -> bool:
    if (control.get_attribute("aria-label") or "").strip():
        return True
    labelledby = (control.get_attribute("aria-labelledby") or "").split()
    if any(page.locator(f"[id='{ref}']").inner_text().strip() for ref in labelledby):
        return True
    control_id = control.get_attribute("id")
    if control_id and any(label.inner_text().strip() for label in page.locator(f"label[for='{control_id}']").all()):
        return True
    # A <label> wrapped around the control also names it.
    wrapping = control.locator("xpath=ancestor::label")
    return wrapping.count() > 0 and bool(wrapping.first.inner_text().strip())


def _describe(control: Locator) -> str:
    return control.evaluate("el => el.outerHTML.slice(0, 200)")


def navigation_paths(user: Any) -> set[str]:
    """Every page of the navigation ``user`` sees (itpm.web.navigation): each section's own
    page, its entries and their groups' pages."""
    from django.urls import reverse

    from itpm.web.navigation import sections_for

    paths = set()
    for section in sections_for(user):
        paths.add(reverse(section.url_name))
        for item in section.items:
            paths.update(reverse(entry.url_name) for entry in (item, *item.children))
    return paths


def api_get(url: str, secret: str) -> tuple[int, Any]:
    """GET an API URL from outside the browser with a bearer token: (status, JSON body)."""
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {secret}", "Accept": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read() or b"null")
