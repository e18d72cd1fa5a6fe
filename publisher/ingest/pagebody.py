"""The story text of a page: the extractor's answer when it is believable, else other readings.

Tried in order, each answer cleaned of page furniture and checked against the page's size
(a photo caption is no article): the extractor in its fast mode, the JSON-LD ``articleBody``
when it is clearly fuller, the extractor with its fallback algorithms, then in its recall
mode, then a framework's embedded page data, then the page's block elements one by one.
"""

from __future__ import annotations

from collections.abc import Callable
from configparser import ConfigParser
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import trafilatura
from trafilatura.settings import use_config

from publisher.datafiles import load_toml
from publisher.ingest.furniture import drop_furniture
from publisher.ingest.htmltext import PageHead, html_to_paragraphs
from publisher.ingest.model import normalize_text
from publisher.ingest.structured import StructuredArticle, read_page_data, weighted_length

# The structured body replaces the extractor's when the extractor kept less than this share.
_FULLER = 0.6


@dataclass(frozen=True)
class ExtractorSettings:
    prune_xpath: tuple[str, ...]
    min_chars: int
    min_share: float
    min_extracted_size: int


@lru_cache(maxsize=1)
def extractor_settings() -> ExtractorSettings:
    """The extractor's settings of data/extractor.toml."""
    data = load_toml("publisher.ingest", "extractor.toml")
    return ExtractorSettings(
        prune_xpath=tuple(data["prune_xpath"]),
        min_chars=int(data["min_chars"]),
        min_share=float(data["min_share"]),
        min_extracted_size=int(data["min_extracted_size"]),
    )


@lru_cache(maxsize=1)
def _config() -> ConfigParser:
    config = use_config()
    config["DEFAULT"]["MIN_EXTRACTED_SIZE"] = str(extractor_settings().min_extracted_size)
    return config


def _text_of(document: Any) -> str:
    # bare_extraction answers a Document, a dict (as_dict=True in older releases) or None
    if document is None:
        return ""
    text = document.get("text") if isinstance(document, dict) else getattr(document, "text", "")
    return text if isinstance(text, str) else ""


def _extract(page: str, *, fast: bool, favor_recall: bool = False) -> list[str]:
    document = trafilatura.bare_extraction(
        page,
        fast=fast,
        favor_recall=favor_recall,
        include_comments=False,
        include_tables=False,
        include_images=False,
        with_metadata=False,
        prune_xpath=list(extractor_settings().prune_xpath),
        config=_config(),
    )
    return _text_of(document).split("\n")


def clean(paragraphs: list[str] | tuple[str, ...]) -> list[str]:
    """Paragraphs as text is shown, furniture and empty ones dropped."""
    return [p for p in drop_furniture([normalize_text(p) for p in paragraphs]) if p]


def believable(paragraphs: list[str], page_chars: int) -> bool:
    """True when the text is long enough, or a large enough share of its page, to be a story."""
    settings = extractor_settings()
    chars = _chars(paragraphs)
    return chars > 0 and (chars >= settings.min_chars or chars >= settings.min_share * page_chars)


def _chars(paragraphs: list[str]) -> int:
    return sum(weighted_length(p) for p in paragraphs)


def _run_together(found: list[str], structured: list[str]) -> bool:
    """True when ``found`` is the structured story's text with its paragraph breaks lost."""
    return len(found) < len(structured) and "".join("".join(found).split()) == "".join(
        "".join(structured).split()
    )


def story_paragraphs(page: str, head: PageHead, data: StructuredArticle | None) -> list[str]:
    """The paragraphs of the page's story; empty when no reading gives a believable one."""
    size = len(page)
    structured = clean(data.body) if data else []
    first = clean(_extract(page, fast=True))
    if believable(structured, size) and (
        _chars(first) < _FULLER * _chars(structured) or _run_together(first, structured)
    ):
        return structured
    if believable(first, size):
        return first
    readings: list[Callable[[], list[str]]] = [
        lambda: clean(_extract(page, fast=False)),
        lambda: clean(_extract(page, fast=False, favor_recall=True)),
        lambda: _page_data(head),
        lambda: clean(html_to_paragraphs(page)),
    ]
    for reading in readings:
        paragraphs = reading()
        if believable(paragraphs, size):
            return paragraphs
    return []


def _page_data(head: PageHead) -> list[str]:
    found = read_page_data(head.page_data)
    return clean(found.body) if found else []
