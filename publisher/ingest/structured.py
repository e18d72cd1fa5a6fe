"""Structured data a news page carries: JSON-LD articles and frameworks' embedded page data.

JSON-LD is read wherever schema.org puts an article: a lone object, a list, an ``@graph``, or
nested under another node (``mainEntity``, ``hasPart``); references by ``@id`` are followed
for the author and the publisher. Names only: a publisher or author given as a URL is no name.
"""

from __future__ import annotations

import json
import re
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from publisher.datafiles import load_toml
from publisher.ingest.htmltext import html_to_paragraphs
from publisher.ingest.model import normalize_text

_JSON_ERRORS = (ValueError, RecursionError)
# Wrappers some sites leave around a JSON-LD block.
_WRAPPERS = re.compile(r"^\s*(?://\s*)?(?:<!--|<!\[CDATA\[)|(?://\s*)?(?:-->|\]\]>)\s*$")
_URL_LIKE = re.compile(r"^(?:https?:|www\.|//)|^[\w.-]+\.(?:com|org|net)(?:/|$)", re.IGNORECASE)
_TAG = re.compile(r"<(?:p|br|div|h[1-6]|li|span|a|strong|em)\b", re.IGNORECASE)


@dataclass(frozen=True)
class _Settings:
    article_types: tuple[str, ...]
    body_keys: tuple[str, ...]
    headline_keys: tuple[str, ...]
    min_body_chars: int
    wide_weight: int
    max_depth: int
    max_nodes: int


@lru_cache(maxsize=1)
def _settings() -> _Settings:
    data = load_toml("publisher.ingest", "structured.toml")
    return _Settings(
        article_types=tuple(data["article_types"]),
        body_keys=tuple(data["body_keys"]),
        headline_keys=tuple(data["headline_keys"]),
        min_body_chars=int(data["min_body_chars"]),
        wide_weight=int(data["wide_weight"]),
        max_depth=int(data["max_depth"]),
        max_nodes=int(data["max_nodes"]),
    )


def is_wide(char: str) -> bool:
    """A Chinese, Japanese or Korean character (one carries as much as a few Latin letters)."""
    point = ord(char)
    return 0x3040 <= point <= 0x9FFF or 0xAC00 <= point <= 0xD7A3 or 0xF900 <= point <= 0xFAFF


def weighted_length(text: str) -> int:
    """The length of ``text``, each wide character counting as ``wide_weight`` characters."""
    extra = _settings().wide_weight - 1
    return len(text) + extra * sum(is_wide(char) for char in text)


@dataclass(frozen=True)
class StructuredArticle:
    """What a page's structured data says about its article; every field may be missing."""

    headline: str | None = None
    # schema.org "name" when the node also has a headline (Wikipedia's headline is a
    # one-line description of the subject; its name is the title)
    name: str | None = None
    published: str | None = None
    modified: str | None = None
    authors: tuple[str, ...] = ()
    publisher: str | None = None
    language: str | None = None
    body: tuple[str, ...] = ()
    url: str | None = None
    keywords: tuple[str, ...] = ()


def _load(text: str) -> Any:
    try:
        return json.loads(_WRAPPERS.sub("", text))
    except _JSON_ERRORS:
        return None


def _nodes(value: Any, settings: _Settings) -> Iterator[dict[str, Any]]:
    """Every JSON object in ``value``, breadth first, within the depth and count bounds."""
    queue: deque[tuple[Any, int]] = deque([(value, 0)])
    seen = 0
    while queue and seen < settings.max_nodes:
        item, depth = queue.popleft()
        seen += 1
        if depth > settings.max_depth:
            continue
        if isinstance(item, dict):
            yield item
            queue.extend((child, depth + 1) for child in item.values())
        elif isinstance(item, list):
            queue.extend((child, depth + 1) for child in item)


def _types(node: dict[str, Any]) -> list[str]:
    declared = node.get("@type")
    values = declared if isinstance(declared, list) else [declared]
    return [v.rsplit("/", 1)[-1].casefold() for v in values if isinstance(v, str)]


def _text(value: Any) -> str | None:
    if isinstance(value, str):
        return normalize_text(value) or None
    if isinstance(value, list) and value:
        return _text(value[0])
    if isinstance(value, dict):
        return _text(value.get("@value"))
    return None


def _names(value: Any, ids: dict[str, dict[str, Any]], depth: int = 0) -> list[str]:
    """Names of people or organizations: strings, ``{"name": ...}``, ``@id`` references, lists."""
    if depth > 4:
        return []
    if isinstance(value, list):
        return [name for item in value for name in _names(item, ids, depth + 1)]
    if isinstance(value, dict):
        ref = value.get("@id")
        if "name" not in value and isinstance(ref, str) and ref in ids:
            value = ids[ref]
        return _names(value.get("name"), ids, depth + 1)
    name = _text(value)
    return [name] if name and not _URL_LIKE.search(name) else []


def _language(value: Any) -> str | None:
    if isinstance(value, dict):
        return _text(value.get("alternateName")) or _text(value.get("name"))
    return _text(value)


def body_paragraphs(text: str) -> tuple[str, ...]:
    """A story given as one string: HTML markup to paragraphs, else one paragraph a line."""
    if _TAG.search(text):
        return tuple(html_to_paragraphs(text))
    return tuple(p for p in (normalize_text(line) for line in text.splitlines()) if p)


def _keywords(value: Any) -> tuple[str, ...]:
    items = value if isinstance(value, list) else [value]
    return tuple(
        part.strip() for item in items if isinstance(item, str) for part in item.split(",")
    )


def _article(node: dict[str, Any], ids: dict[str, dict[str, Any]]) -> StructuredArticle:
    body = node.get("articleBody")
    url = _text(node.get("url")) or _text(node.get("mainEntityOfPage"))
    publishers = _names(node.get("publisher"), ids) or _names(node.get("sourceOrganization"), ids)
    return StructuredArticle(
        headline=_text(node.get("headline")) or _text(node.get("name")),
        name=_text(node.get("name")),
        published=_text(node.get("datePublished")) or _text(node.get("dateCreated")),
        modified=_text(node.get("dateModified")),
        authors=tuple(dict.fromkeys(_names(node.get("author"), ids))),
        publisher=publishers[0] if publishers else None,
        language=_language(node.get("inLanguage")),
        body=body_paragraphs(body) if isinstance(body, str) else (),
        url=url,
        keywords=_keywords(node.get("keywords")),
    )


def read_json_ld(blocks: tuple[str, ...]) -> StructuredArticle | None:
    """The article that the page's JSON-LD blocks describe, the most specific type first."""
    settings = _settings()
    nodes = [node for block in blocks for node in _nodes(_load(block), settings)]
    # a reference such as {"@id": "#org"} is itself a node: only nodes that say more are targets
    ids = {n["@id"]: n for n in nodes if isinstance(n.get("@id"), str) and len(n) > 1}
    rank = {name: index for index, name in enumerate(settings.article_types)}
    articles = [
        (min(rank[t] for t in _types(node) if t in rank), -len(str(node.get("articleBody", ""))), i)
        for i, node in enumerate(nodes)
        if any(t in rank for t in _types(node))
    ]
    if not articles:
        return None
    *_, best = min(articles)
    return _article(nodes[best], ids)


def read_page_data(blocks: tuple[str, ...]) -> StructuredArticle | None:
    """The story in a framework's embedded JSON (``__NEXT_DATA__`` and the like), if any.

    The longest string under a body key wins; the headline is taken from the same object.
    """
    settings = _settings()
    best: tuple[int, dict[str, Any], str] | None = None
    for block in blocks:
        for node in _nodes(_load(block), settings):
            for key, value in node.items():
                if str(key).casefold() not in settings.body_keys or not isinstance(value, str):
                    continue
                weight = weighted_length(value)
                if weight >= settings.min_body_chars and (best is None or weight > best[0]):
                    best = (weight, node, value)
    if best is None:
        return None
    _, node, value = best
    lowered = {str(k).casefold(): v for k, v in node.items()}
    headline = next(
        (_text(lowered[k]) for k in settings.headline_keys if _text(lowered.get(k))), None
    )
    return StructuredArticle(headline=headline, body=body_paragraphs(value))
