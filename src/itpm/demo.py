"""`itpm demo`'s data: each app adds a loader here, in order, to the same command."""

from __future__ import annotations

import time
from collections.abc import Callable

from itpm.accounts import demo as accounts_demo
from itpm.feedback import demo as feedback_demo
from itpm.ideas import demo as ideas_demo
from itpm.portfolio import demo as portfolio_demo
from itpm.roadmap import demo as roadmap_demo

# (label, loader). Later capabilities append theirs.
LOADERS: list[tuple[str, Callable[[Callable[[str], None]], None]]] = [
    ("organisation", accounts_demo.load),
    ("service portfolio", portfolio_demo.load),
    ("ideas portal", ideas_demo.load),
    ("strategy and roadmap", roadmap_demo.load),
    ("surveys", feedback_demo.load),
]


def is_loaded() -> bool:
    return accounts_demo.is_loaded()


def load_all(say: Callable[[str], None]) -> None:
    for index, (label, loader) in enumerate(LOADERS, start=1):
        started = time.monotonic()
        say(f"  [{index}/{len(LOADERS)}] {label}…")
        loader(lambda message: say(f"        {message}"))
        say(f"        done in {time.monotonic() - started:.1f}s")


def credentials() -> list[tuple[str, str, str]]:
    return accounts_demo.credentials()
