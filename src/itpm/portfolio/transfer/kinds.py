"""The kinds of record a portfolio file holds. No Django here: the command line's parser
reads these before Django is set up."""

from __future__ import annotations

from typing import Literal, get_args

CsvKind = Literal["markets", "competitors", "segments", "personas", "services", "options", "stories", "shadow_tools"]
Kind = Literal["portfolio"] | CsvKind

CSV_KINDS: tuple[CsvKind, ...] = get_args(CsvKind)
KINDS: tuple[Kind, ...] = ("portfolio", *CSV_KINDS)
KIND_LABELS: dict[str, str] = {
    "portfolio": "Whole portfolio (JSON)",
    "markets": "Markets",
    "competitors": "Competitors",
    "segments": "Customer segments",
    "personas": "Personas",
    "services": "Services",
    "options": "Service options",
    "stories": "Use-case stories",
    "shadow_tools": "Shadow IT",
}
RECORD_NAMES: dict[CsvKind, str] = {
    "markets": "market",
    "competitors": "competitor",
    "segments": "segment",
    "personas": "persona",
    "services": "service",
    "options": "option",
    "stories": "story",
    "shadow_tools": "shadow tool",
}


def what(kind: Kind) -> str:
    """What a file of ``kind`` holds, for a sentence: "the whole portfolio", "markets", "use-case stories"."""
    return "the whole portfolio" if kind == "portfolio" else KIND_LABELS[kind].lower()
