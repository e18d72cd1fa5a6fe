"""Page furniture in story text: related links, promos, share and ad widgets, bios, credits.

The patterns are data, one file per language in ``patterns/furniture/`` (``common.toml`` for
what every language writes alike). All languages apply to every page: a page's declared
language is often wrong, and a line of one language's furniture is no sentence of another's.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from publisher.errors import ConfigError

FURNITURE_FOLDER = ("patterns", "furniture")
# Bios, credits and copyright lines stand among the story's last paragraphs.
CLOSING_WINDOW = 3
# After a "Related stories" heading, at most this many linked headlines follow it.
LIST_LENGTH = 8
# A sentence ends in one of these, perhaps before closing quotes, brackets or a "(Xinhua)" tag.
_SENTENCE_END = re.compile(r"[.!?。！？…][\"”’»)\]]*(?:\s*\([^()]{1,20}\))?$")


@dataclass(frozen=True)
class Furniture:
    """The compiled furniture patterns of every language."""

    languages: tuple[str, ...]
    lines: tuple[re.Pattern[str], ...]
    list_headings: tuple[re.Pattern[str], ...]
    closing: tuple[re.Pattern[str], ...]


def _compile(name: str, key: str, values: Any) -> list[re.Pattern[str]]:
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise ConfigError(f"patterns/furniture/{name}: {key} must be a list of strings")
    try:
        return [re.compile(value, re.IGNORECASE) for value in values]
    except re.error as error:
        raise ConfigError(
            f"patterns/furniture/{name}: bad regular expression in {key}: {error}"
        ) from error


@lru_cache(maxsize=1)
def load_furniture() -> Furniture:
    """Every furniture file; raises ConfigError for bad TOML or a bad regular expression."""
    folder = resources.files("publisher.ingest").joinpath(*FURNITURE_FOLDER)
    languages: list[str] = []
    found: dict[str, list[re.Pattern[str]]] = {"lines": [], "list_headings": [], "closing": []}
    for entry in sorted(folder.iterdir(), key=lambda item: item.name):
        if not entry.name.endswith(".toml"):
            continue
        try:
            data = tomllib.loads(entry.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as error:
            raise ConfigError(f"patterns/furniture/{entry.name}: {error}") from error
        languages.append(str(data.get("language", "")))
        for key, patterns in found.items():
            patterns.extend(_compile(entry.name, key, data.get(key, [])))
    return Furniture(
        languages=tuple(languages),
        lines=tuple(found["lines"]),
        list_headings=tuple(found["list_headings"]),
        closing=tuple(found["closing"]),
    )


def _any(patterns: tuple[re.Pattern[str], ...], text: str) -> bool:
    return any(pattern.search(text) for pattern in patterns)


def _headline_like(text: str) -> bool:
    return bool(text) and len(text) <= 160 and not _SENTENCE_END.search(text)


def is_furniture(line: str) -> bool:
    """True when one line or paragraph, wherever it stands, is page furniture."""
    furniture = load_furniture()
    text = line.strip()
    return bool(text) and (_any(furniture.lines, text) or _any(furniture.list_headings, text))


def drop_furniture(paragraphs: list[str]) -> list[str]:
    """``paragraphs`` with furniture blanked (empty strings keep the line positions)."""
    furniture = load_furniture()
    kept = list(paragraphs)
    listing = 0
    for index, paragraph in enumerate(kept):
        text = paragraph.strip()
        if not text:
            continue
        if listing and _headline_like(text):
            kept[index], listing = "", listing - 1
            continue
        listing = 0
        if _any(furniture.list_headings, text):
            kept[index], listing = "", LIST_LENGTH
        elif _any(furniture.lines, text):
            kept[index] = ""
    filled = [index for index, paragraph in enumerate(kept) if paragraph.strip()]
    for index in filled[-CLOSING_WINDOW:]:
        if _any(furniture.closing, kept[index].strip()):
            kept[index] = ""
    return kept
