"""What a page's HTML says about itself, read with the standard library's parser: its ids, its
form fields and whether each has a label, and where its links and forms lead. Shared by the
tests that check every page (tests/web/test_every_page.py) and single pages."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser

# Inputs that are buttons or carry no visible field: they need no <label>.
UNLABELLED_INPUT_TYPES = {"hidden", "submit", "button", "reset", "image"}


@dataclass
class Field:
    html: str
    attrs: dict[str, str]
    inside_label: bool


@dataclass
class Form:
    method: str
    action: str | None  # None: the page's own URL
    values: dict[str, str] = field(default_factory=dict)  # hidden inputs and the first named button


class Markup(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: Counter[str] = Counter()
        self.label_targets: set[str] = set()
        self.fields: list[Field] = []
        self.links: list[str] = []
        self.forms: list[Form] = []
        self._label_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if "id" in values:
            self.ids[values["id"]] += 1
        if tag == "label":
            self._label_depth += 1
            if values.get("for"):
                self.label_targets.add(values["for"])
        elif tag == "a" and values.get("href"):
            self.links.append(values["href"])
        elif tag == "form":
            action = values.get("action") or None
            self.forms.append(Form(method=(values.get("method") or "get").lower(), action=action))
        if tag in {"input", "select", "textarea"}:
            kind = values.get("type", "text").lower() if tag == "input" else tag
            if kind not in UNLABELLED_INPUT_TYPES:
                shown = " ".join(f'{k}="{v}"' for k, v in values.items())
                self.fields.append(Field(f"<{tag} {shown}>", values, inside_label=self._label_depth > 0))
            if tag == "input" and kind == "hidden" and self.forms and values.get("name"):
                self.forms[-1].values.setdefault(values["name"], values.get("value", ""))
        if tag == "button" and self.forms and values.get("name"):
            self.forms[-1].values.setdefault(values["name"], values.get("value", ""))
        for attribute in ("hx-get", "hx-post"):
            if values.get(attribute):
                method = attribute[3:]
                self.forms.append(Form(method=method, action=values[attribute]))

    def handle_endtag(self, tag: str) -> None:
        if tag == "label" and self._label_depth:
            self._label_depth -= 1

    # --- What is wrong with the page ------------------------------------------------------

    def duplicate_ids(self) -> list[str]:
        return sorted(name for name, count in self.ids.items() if count > 1)

    def unlabelled_fields(self) -> list[str]:
        """Fields with no <label for>, no wrapping <label>, no aria-label and no
        aria-labelledby that points at something on the page."""
        missing = []
        for control in self.fields:
            attrs = control.attrs
            if control.inside_label or attrs.get("aria-label", "").strip():
                continue
            if attrs.get("id") and attrs["id"] in self.label_targets:
                continue
            refs = attrs.get("aria-labelledby", "").split()
            if refs and all(ref in self.ids for ref in refs):
                continue
            missing.append(control.html)
        return missing


def read(html: str) -> Markup:
    markup = Markup()
    markup.feed(html)
    markup.close()
    return markup
