"""RSS and Atom feeds: every entry is a dispatch; a cut-off feed keeps its complete entries."""

from __future__ import annotations

import re
import xml.sax
from datetime import datetime
from functools import partial
from typing import Any

import feedparser

from publisher.errors import MalformedItem
from publisher.ingest.assemble import Draft, apply_conventions, conventions_for, finish
from publisher.ingest.dates import parse_datetime
from publisher.ingest.htmltext import html_to_paragraphs
from publisher.ingest.model import (
    ItemFailure,
    ParsedDispatch,
    normalize_text,
    read_item,
    strip_non_text,
)
from publisher.ingest.wire import join_wrapped

_XML_ENCODING = re.compile(r"""\A(<\?xml[^>]*?\bencoding\s*=\s*)(["'])[^"']*\2""")
_ENTRY_END = re.compile(r"</(?:[\w-]+:)?(?:item|entry)\s*>")
_HTML_TYPES = ("text/html", "application/xhtml+xml")


def _as_utf8(text: str) -> bytes:
    # The text is already decoded; a stale encoding declaration would make feedparser re-decode it.
    return _XML_ENCODING.sub(r'\1"utf-8"', text, count=1).encode("utf-8")


def _date(entry: Any, name: str) -> datetime | None:
    # dict.get skips FeedParserDict's aliasing of "updated" to "published" (and its warning).
    parsed = parse_datetime(dict.get(entry, name))
    raw = dict.get(entry, f"{name}_parsed")
    if parsed is None and raw:
        parsed = parse_datetime(_struct_to_iso(raw))
    return parsed


def _struct_to_iso(value: Any) -> str:
    # feedparser's *_parsed values are UTC struct_time: the last resort when the raw text is odd.
    return "{:04d}-{:02d}-{:02d}T{:02d}:{:02d}:{:02d}+00:00".format(*tuple(value)[:6])


def _paragraphs(detail: Any) -> list[str]:
    value = str(detail.get("value") or "")
    if str(detail.get("type") or "text/html") in _HTML_TYPES or "<" in value:
        return html_to_paragraphs(value)
    return join_wrapped([normalize_text(line) for line in value.splitlines()])


def _body(entry: Any) -> list[str]:
    candidates = [*entry.get("content", [])]
    if entry.get("summary_detail"):
        candidates.append(entry["summary_detail"])
    best: list[str] = []
    for detail in candidates:
        paragraphs = _paragraphs(detail)
        if sum(map(len, paragraphs)) > sum(map(len, best)):
            best = paragraphs
    return best


def _entry(entry: Any, feed: Any, source_format: str, name: str) -> ParsedDispatch:
    title_detail = entry.get("title_detail") or {}
    title = str(entry.get("title") or "")
    if title_detail.get("type") in _HTML_TYPES:
        title = " ".join(html_to_paragraphs(title))
    if not normalize_text(title):
        raise MalformedItem("feed entry has no title", name)
    paragraphs = _body(entry)
    if not paragraphs:
        raise MalformedItem("feed entry has no text (no content or summary)", name)
    link = str(entry.get("link") or "") or None
    published, updated = _date(entry, "published"), _date(entry, "updated")
    draft = Draft(
        headline=title,
        paragraphs=paragraphs,
        agency=entry.get("publisher") or feed.get("publisher"),
        byline=entry.get("author"),
        published=published or updated,
        updated=updated,
        language=title_detail.get("language") or feed.get("language"),
        guid=entry.get("id") or None,
        url=link,
        topics=[str(tag.get("term")) for tag in entry.get("tags", []) if tag.get("term")],
    )
    apply_conventions(draft, conventions_for("\n".join(paragraphs), draft.agency))
    return finish(draft, source_format, name)


def parse_feed(text: str, source_name: str) -> list[ParsedDispatch | ItemFailure]:
    """Every entry of an RSS or Atom feed, bad entries as failures.

    Raises MalformedItem when the text is not a feed at all.
    """
    result = feedparser.parse(_as_utf8(strip_non_text(text)))
    # feedparser leaves out "version" for some inputs (an empty text)
    version = str(result.get("version") or "")
    if not version and not result.entries:
        reason = "not an RSS or Atom feed"
        if result.bozo:
            reason += f" ({result.bozo_exception})"
        raise MalformedItem(reason, source_name)
    source_format = "atom" if version.startswith("atom") else "rss"
    items: list[ParsedDispatch | ItemFailure] = []
    complete = len(result.entries)
    if result.bozo and isinstance(result.bozo_exception, xml.sax.SAXException):
        # An entry after the last closing tag was cut off: feedparser returns what it saw of it.
        complete = min(complete, len(_ENTRY_END.findall(text)))
        items.append(
            ItemFailure(
                source_name,
                f"the feed is truncated or ill-formed ({result.bozo_exception}); "
                f"kept {complete} complete {'entry' if complete == 1 else 'entries'}",
            )
        )
    for number, entry in enumerate(result.entries, start=1):
        name = f"{source_name}#entry-{number}"
        if number > complete:
            items.append(ItemFailure(name, "feed entry is cut off before its end"))
            continue
        items.append(read_item(partial(_entry, entry, result.feed, source_format, name), name))
    return items
