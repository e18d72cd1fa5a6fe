"""Which text of a ninjs item is its story: headline and body by role and content type.

ninjs 1.x names them ``headline``, ``body_text``, ``body_html``, ``body_xhtml`` and
``description_text``; 2.x and 3.x put them in ``headlines[]``, ``bodies[]`` and
``descriptions[]`` of {role, contenttype / contentType, value}. Keys arrive lower-cased.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from publisher.ingest.htmltext import html_to_paragraphs
from publisher.ingest.model import normalize_text
from publisher.ingest.wire import join_wrapped

# Roles, best first: the main text, one given without a role, any other, and last these
# (a caption or a short headline is the story's text only when nothing else is).
_ROLE_ORDER = ("main", "", "body", "text", "full")
_LAST_ROLES = frozenset({"caption", "alt", "teaser", "short", "slug"})
# Content types, best first: markup says where paragraphs end, plain text only guesses.
_TYPE_ORDER = ("text/html", "application/xhtml+xml", "text/plain", "")
_MARKUP_TYPES = frozenset({"text/html", "application/xhtml+xml"})
# 1.x fields, best first, and whether each holds markup.
_FLAT_BODIES = (("body_html", True), ("body_xhtml", True), ("body_text", False))
_FLAT_DESCRIPTIONS = (("description_html", True), ("description_text", False))


@dataclass(frozen=True)
class ChosenText:
    """The story text of an item: its paragraphs, and where they came from (body or
    description, the latter when the item has no body)."""

    paragraphs: list[str]
    origin: str


def string(value: Any) -> str | None:
    """``value`` stripped when it is a non-empty string, else None."""
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def _media_type(entry: dict[str, Any]) -> str:
    return str(entry.get("contenttype") or "").split(";")[0].strip().casefold()


def _rank(entry: dict[str, Any]) -> tuple[int, int] | None:
    role = str(entry.get("role") or "").strip().casefold()
    kind = _media_type(entry)
    if not (kind in _TYPE_ORDER or kind.startswith("text/")):
        return None
    role_rank = _ROLE_ORDER.index(role) if role in _ROLE_ORDER else len(_ROLE_ORDER)
    if role in _LAST_ROLES:
        role_rank += 1
    kind_rank = _TYPE_ORDER.index(kind) if kind in _TYPE_ORDER else len(_TYPE_ORDER)
    return role_rank, kind_rank


def _best(entries: Any) -> dict[str, Any] | None:
    """The entry of a headlines/bodies/descriptions array that best holds the story."""
    if not isinstance(entries, list):
        return None
    ranked = [
        (rank, index, entry)
        for index, entry in enumerate(entries)
        if isinstance(entry, dict) and string(entry.get("value")) and (rank := _rank(entry))
    ]
    return min(ranked, key=lambda found: (found[0], found[1]))[2] if ranked else None


def _paragraphs(text: str, markup: bool) -> list[str]:
    if markup:
        return html_to_paragraphs(text)
    return join_wrapped([normalize_text(line) for line in text.splitlines()])


def _from_entry(entry: dict[str, Any]) -> list[str]:
    kind = _media_type(entry)
    value = str(entry["value"])
    return _paragraphs(value, kind in _MARKUP_TYPES or (not kind and "<" in value))


def _flat(item: dict[str, Any], fields: tuple[tuple[str, bool], ...]) -> list[str]:
    for name, markup in fields:
        value = string(item.get(name))
        if value:
            paragraphs = _paragraphs(value, markup)
            if paragraphs:
                return paragraphs
    return []


def headline(item: dict[str, Any]) -> str | None:
    """The main headline (``headlines[]`` by role, else ``headline``, else ``title``)."""
    chosen = _best(item.get("headlines"))
    if chosen:
        return string(chosen["value"])
    return string(item.get("headline")) or string(item.get("title"))


def story_text(item: dict[str, Any]) -> ChosenText | None:
    """The body by role and content type; the description when there is no body; else None."""
    for origin, array, flat in (
        ("body", "bodies", _FLAT_BODIES),
        ("description", "descriptions", _FLAT_DESCRIPTIONS),
    ):
        chosen = _best(item.get(array))
        paragraphs = _from_entry(chosen) if chosen else []
        paragraphs = paragraphs or _flat(item, flat)
        if paragraphs:
            return ChosenText(paragraphs, origin)
    return None
