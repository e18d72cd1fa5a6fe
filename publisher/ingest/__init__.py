"""Ingest: wire dispatches from files, feeds, pages and JSON into :class:`ParsedDispatch`.

The stage only parses; it neither stores nor derives anything.
"""

from publisher.ingest.language import detect_language
from publisher.ingest.model import ItemFailure, ItemNote, ParsedDispatch, ParsedItem, same_story
from publisher.ingest.parse import parse_bytes, parse_items
from publisher.ingest.sources import read_sources

__all__ = [
    "ItemFailure",
    "ItemNote",
    "ParsedDispatch",
    "ParsedItem",
    "detect_language",
    "parse_bytes",
    "parse_items",
    "read_sources",
    "same_story",
]
