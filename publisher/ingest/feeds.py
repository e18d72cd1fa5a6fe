"""RSS and Atom feeds: every entry is a dispatch; a cut-off feed keeps its complete entries.

Where an entry lacks something the feed as a whole states (language, publisher or author,
updated time), the feed's value is used; relative links are resolved against the feed's base.
An entry without a title gets one from its summary or its first sentence, marked as derived.
"""

from __future__ import annotations

from datetime import datetime
from functools import partial
from typing import Any
from urllib.parse import urljoin

import feedparser

from publisher.errors import MalformedItem
from publisher.ingest.assemble import Draft, apply_conventions, conventions_for, finish
from publisher.ingest.dates import parse_datetime
from publisher.ingest.feedtext import Soundness, feed_document, soundness
from publisher.ingest.htmltext import html_to_paragraphs
from publisher.ingest.language import source_language
from publisher.ingest.model import (
    ItemFailure,
    ItemNote,
    ParsedDispatch,
    ParsedItem,
    normalize_text,
    read_item,
    strip_non_text,
)
from publisher.ingest.urls import web_url
from publisher.ingest.wire import join_wrapped
from publisher.text.segment import split_sentences

_HTML_TYPES = ("text/html", "application/xhtml+xml")
# A headline made from a sentence is cut at a word near this many characters.
DERIVED_HEADLINE_CHARS = 160


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


def _body(entry: Any) -> tuple[list[str], list[str]]:
    """The longest text of the entry, and its summary's paragraphs (empty without one)."""
    summary = _paragraphs(entry["summary_detail"]) if entry.get("summary_detail") else []
    best = summary
    for detail in entry.get("content", []):
        paragraphs = _paragraphs(detail)
        if sum(map(len, paragraphs)) > sum(map(len, best)):
            best = paragraphs
    return best, summary


def _title(entry: Any) -> str:
    title = str(entry.get("title") or "")
    if (entry.get("title_detail") or {}).get("type") in _HTML_TYPES:
        title = " ".join(html_to_paragraphs(title))
    return normalize_text(title)


def _shortened(sentence: str) -> str:
    if len(sentence) <= DERIVED_HEADLINE_CHARS:
        return sentence
    cut = sentence[:DERIVED_HEADLINE_CHARS].rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:-") + "\u2026"


def _derived_headline(draft: Draft, summary: list[str], name: str) -> tuple[str, str]:
    """A headline from the summary (``summary`` empty when there is none, or when it is the
    body itself) or else the body's first sentence, and which of the two it came from."""
    use_summary = bool(summary)
    text = (summary if use_summary else draft.paragraphs)[0]
    draft.language = source_language(draft.language, " ".join(draft.paragraphs), name)
    sentences = split_sentences(text, draft.language)
    return _shortened(sentences[0] if sentences else text), "summary" if use_summary else "body"


def _link(entry: Any, feed: Any) -> str | None:
    """The entry's link, resolved against the feed's base (feedparser applies xml:base; a
    bare RSS channel has only its <link>). A guid standing in for a link (RSS permalinks,
    Atom ids) counts only when it is a web address: an id such as ``urn:...`` is no link."""
    link = str(entry.get("link") or "").strip()
    if not link:
        return None
    base = str(feed.get("link") or "").strip()
    try:
        resolved = urljoin(base, link) if base else link
    except ValueError:  # a base that is no URL ("http://[") resolves nothing
        resolved = link
    if link == str(entry.get("id") or "").strip():
        return web_url(resolved)
    return resolved


def _byline(entry: Any) -> Any:
    # "desk@example.org (Ines Prado)" in RSS: feedparser splits the name out
    return (entry.get("author_detail") or {}).get("name") or entry.get("author")


def _agency(entry: Any, feed: Any) -> Any:
    author = (feed.get("author_detail") or {}).get("name") or feed.get("author")
    return entry.get("publisher") or feed.get("publisher") or author


def _entry(entry: Any, feed: Any, source_format: str, name: str) -> ParsedDispatch:
    title = _title(entry)
    paragraphs, summary = _body(entry)
    if not paragraphs:
        raise MalformedItem("feed entry has no text (no content or summary)", name)
    published, updated = _date(entry, "published"), _date(entry, "updated")
    feed_updated = None
    if published is None and updated is None:
        feed_updated = _date(feed, "updated") or _date(feed, "published")
    draft = Draft(
        headline=title,
        paragraphs=paragraphs,
        agency=_agency(entry, feed),
        byline=_byline(entry),
        published=published or updated,
        updated=updated or feed_updated,
        language=(entry.get("title_detail") or {}).get("language") or feed.get("language"),
        guid=entry.get("id") or None,
        url=_link(entry, feed),
        topics=[str(tag.get("term")) for tag in entry.get("tags", []) if tag.get("term")],
    )
    apply_conventions(draft, conventions_for("\n".join(paragraphs), draft.agency))
    origin = None
    if not title and draft.paragraphs:
        # a summary that is the body itself is no separate source: the body's sentence is
        draft.headline, origin = _derived_headline(
            draft, [] if summary == paragraphs else summary, name
        )
    dispatch = finish(draft, source_format, name)
    if origin is not None:
        dispatch.mark_derived(
            "headline", origin, f"the entry has no title: headline derived from its {origin}"
        )
    if feed_updated is not None:
        dispatch.mark_derived(
            "updated", "feed", "the entry has no date: the feed's updated time is used"
        )
    return dispatch


def _reports(source_name: str, sound: Soundness) -> list[ParsedItem]:
    if sound.problem is None:
        return []
    kept = f"{sound.complete} complete {'entry' if sound.complete == 1 else 'entries'}"
    if sound.cut_off:
        reason = f"the feed is cut off ({sound.problem}); kept {kept}, any later entry is lost"
        return [ItemFailure(source_name, reason)]
    if sound.unread:
        lost = f"{sound.unread} {'entry' if sound.unread == 1 else 'entries'}"
        reason = f"the feed is ill-formed ({sound.problem}); {lost} not read"
        return [ItemFailure(source_name, reason)]
    return [
        ItemNote(source_name, f"the feed is not well-formed XML ({sound.problem}); read leniently")
    ]


def parse_feed(text: str, source_name: str) -> list[ParsedItem]:
    """Every entry of an RSS or Atom feed, bad entries as failures, a cosmetic flaw as a note.

    Raises MalformedItem when the text is not a feed at all.
    """
    document = feed_document(strip_non_text(text))
    result = feedparser.parse(document.encode("utf-8"))
    # feedparser leaves out "version" for some inputs (an empty text)
    version = str(result.get("version") or "")
    if not version and not result.entries:
        reason = "not an RSS or Atom feed"
        if result.bozo:
            reason += f" ({result.bozo_exception})"
        raise MalformedItem(reason, source_name)
    source_format = "atom" if version.startswith("atom") else "rss"
    sound = soundness(document, result)
    items = _reports(source_name, sound)
    for number, entry in enumerate(result.entries, start=1):
        name = f"{source_name}#entry-{number}"
        if number > sound.complete:
            items.append(ItemFailure(name, "feed entry is cut off before its end"))
            continue
        items.append(read_item(partial(_entry, entry, result.feed, source_format, name), name))
    return items
