"""One input's bytes to dispatches: decode, recognize the format, hand to its reader."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import PurePosixPath

from publisher.errors import MalformedItem
from publisher.ingest.decode import decode_bytes
from publisher.ingest.feeds import parse_feed
from publisher.ingest.feedtext import wrapped_feed_start
from publisher.ingest.markdown import parse_markdown
from publisher.ingest.model import ItemFailure, ParsedDispatch, ParsedItem, failure_of
from publisher.ingest.ninjs import JSON_ERRORS, looks_like_json_lines, parse_json, parse_json_lines
from publisher.ingest.webpage import parse_html
from publisher.ingest.wire import parse_wire

# Format names accepted as hints, mapped to the reader that handles them.
HINTS = {
    "wire": "wire",
    "text": "wire",
    "txt": "wire",
    "markdown": "markdown",
    "md": "markdown",
    "html": "html",
    "htm": "html",
    "rss": "feed",
    "atom": "feed",
    "feed": "feed",
    "xml": "feed",
    "ninjs": "json",
    "json": "json",
    "jsonl": "jsonl",
    "ndjson": "jsonl",
}
_FEED_ROOT = re.compile(r"<(?:[\w-]+:)?(?:rss|feed|RDF)\b")
_HTML_START = re.compile(r"<(?:!doctype\s+html|html|head|body|article|p|div|h1)\b", re.IGNORECASE)
_PROLOG = re.compile(r"\A(?:\s|<\?xml[^>]*\?>|<!--.*?-->|<!DOCTYPE[^>]*>)*", re.S)


def sniff_format(text: str, source_name: str) -> str:
    """The reader for ``text``: by its first characters, then by the name's extension."""
    head = text.lstrip("\ufeff \t\r\n")
    suffix = PurePosixPath(source_name.split("#")[0].split("?")[0]).suffix.lstrip(".").casefold()
    if suffix in {"jsonl", "ndjson"}:
        return "jsonl"
    if head.startswith("["):
        return "json"
    if head.startswith("{"):
        if not _whole_json(head) and looks_like_json_lines(head):
            return "jsonl"
        return "json"
    if head.startswith("<"):
        body = _PROLOG.sub("", head[:4096], count=1)
        if _FEED_ROOT.match(body) or wrapped_feed_start(head) is not None:
            return "feed"  # the latter: a feed in stray <html><body> that a proxy put round it
        if _HTML_START.match(body) or head.casefold().startswith("<!doctype html"):
            return "html"
        if suffix in {"xml", "rss", "atom"}:
            return "feed"
        return "html"
    if head.startswith("---") or suffix in {"md", "markdown"}:
        return "markdown"
    return HINTS.get(suffix, "wire")


def _whole_json(text: str) -> bool:
    try:
        json.loads(text)
    except JSON_ERRORS:
        return False
    return True


def _read(text: str, source_name: str, kind: str) -> list[ParsedItem]:
    if kind == "feed":
        return parse_feed(text, source_name)
    if kind == "json":
        return parse_json(text, source_name)
    if kind == "jsonl":
        return parse_json_lines(text, source_name)
    if kind == "html":
        return [parse_html(text, source_name)]
    if kind == "markdown":
        return [parse_markdown(text, source_name)]
    return [parse_wire(text, source_name)]


def parse_items(
    data: bytes,
    source_name: str,
    *,
    hint: str | None = None,
    received: datetime | None = None,
) -> list[ParsedItem]:
    """Everything in one input: dispatches, failures for items that could not be read, and
    notes (a feed read leniently, an item that is not text, passed over).

    ``received`` (aware, default now) completes a dateline's day that has no year; a dispatch
    without a timestamp of its own is dated by that day (:meth:`ParsedDispatch.dated_by_dateline`).

    Raises MalformedItem when the input as a whole cannot be read (empty, binary, not decodable,
    invalid JSON, not a feed, ...), and for nothing else whatever the bytes hold; ValueError
    when ``received`` is naive.
    """
    if received is None:
        received = datetime.now(UTC)
    elif received.tzinfo is None:
        raise ValueError("received must be an aware datetime")
    if hint is not None and hint.casefold() not in HINTS:
        raise MalformedItem(f"unknown format hint {hint!r}", source_name)
    try:
        text = decode_bytes(data, source_name)
        kind = HINTS[hint.casefold()] if hint else sniff_format(text, source_name)
        return [
            item.dated_by_dateline(received) if isinstance(item, ParsedDispatch) else item
            for item in _read(text, source_name, kind)
        ]
    except MalformedItem:
        raise
    except Exception as error:  # noqa: BLE001 - the edge of one input: its failure, no other's
        raise MalformedItem(failure_of(error, source_name).reason, source_name) from error


def parse_bytes(
    data: bytes,
    source_name: str,
    *,
    hint: str | None = None,
    received: datetime | None = None,
) -> list[ParsedDispatch]:
    """The dispatches of one input, all or nothing (``received`` as for :func:`parse_items`).

    Raises MalformedItem when the input cannot be read or when any item in it is bad (the
    message names the first bad item); use :func:`parse_items` to keep the good ones. Notes
    (an item that is not text) are left out.
    """
    items = parse_items(data, source_name, hint=hint, received=received)
    failures = [item for item in items if isinstance(item, ItemFailure)]
    if failures:
        first = failures[0]
        more = f" (and {len(failures) - 1} more)" if len(failures) > 1 else ""
        raise MalformedItem(f"{first.source_name}: {first.reason}{more}", source_name)
    dispatches = [item for item in items if isinstance(item, ParsedDispatch)]
    if not dispatches:
        raise MalformedItem("no dispatch found", source_name)
    return dispatches
