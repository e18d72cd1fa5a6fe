"""Digest headings for agency topics, in the page's language.

Topics are free strings from agencies. The common ones have a name per interface language in
``data/topics.toml``; any other topic is shown as it came.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

_DATA_FILE = Path(__file__).resolve().parent / "data" / "topics.toml"


@cache
def topic_table() -> dict[str, dict[str, str]]:
    """``{language: {topic key: heading}}`` as declared in the data file."""
    data = tomllib.loads(_DATA_FILE.read_text(encoding="utf-8"))
    return {
        str(language): {str(key): str(name) for key, name in names.items()}
        for language, names in data.items()
    }


def topic_key(topic: str) -> str:
    """The form a topic is looked up by: trimmed, case-folded, single-spaced."""
    return " ".join(topic.split()).casefold()


def topic_name(topic: str, language: str) -> str:
    """The heading of ``topic`` on a page in ``language``; the topic itself when unknown."""
    names = topic_table().get(language.split("-", 1)[0].lower(), {})
    return names.get(topic_key(topic), topic.strip())
