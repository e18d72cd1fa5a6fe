"""RSS 2.0, Atom (RFC 4287) and JSON Feed 1.1 documents, built from plain data.

No Flask and no database here: the feeds blueprint gathers :class:`FeedInfo` and
:class:`FeedEntry` values and these functions serialize them. XML is built with ElementTree so
every text and attribute is escaped by the library.
"""

from __future__ import annotations

import json
import re
import tomllib
import xml.etree.ElementTree as ET
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import format_datetime
from functools import cache
from pathlib import Path
from typing import Any

ATOM_NS = "http://www.w3.org/2005/Atom"
DC_NS = "http://purl.org/dc/elements/1.1/"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
GENERATOR = "publisher"

RSS_TYPE = "application/rss+xml"
ATOM_TYPE = "application/atom+xml"
JSON_FEED_TYPE = "application/feed+json"
HTML_TYPE = "text/html"

# The RSS document mixes in Atom and Dublin Core elements; without a registered prefix
# ElementTree would name them ns0/ns1. Registering is idempotent.
ET.register_namespace("atom", ATOM_NS)
ET.register_namespace("dc", DC_NS)

# Characters XML 1.0 forbids even when escaped; ElementTree would write them as they are.
_NOT_XML_CHAR = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_JOINERS_FILE = Path(__file__).resolve().parent / "data" / "sentence_joiners.toml"


@dataclass(frozen=True)
class FeedEntry:
    """One published dispatch as a reader of the feed's language sees it."""

    id: str
    url: str
    language: str
    title: str
    summary: Sequence[str]
    published: datetime | None  # None when the source gave no publication time
    updated: datetime
    source_language: str
    source_headline: str
    original_page: str | None  # the dispatch's page in its own language, when this is a translation
    original_url: str | None  # where the agency published it
    author: str | None = None
    topics: Sequence[str] = ()
    machine_translated: bool = False
    reviewed: bool = False
    # a note readers see above the summary (a correction), already in the feed's language
    note: str | None = None
    revision_kind: str = ""  # "", "update", "correction"


@dataclass(frozen=True)
class FeedInfo:
    """What describes a feed as a whole."""

    language: str
    title: str
    description: str
    home_url: str
    self_url: str
    updated: datetime
    # other languages' feeds of the same format, by language code
    alternates: Mapping[str, str] = field(default_factory=dict)


@cache
def _joiners() -> tuple[str, dict[str, str]]:
    data = tomllib.loads(_JOINERS_FILE.read_text(encoding="utf-8"))
    return str(data["default"]), {str(k): str(v) for k, v in data["languages"].items()}


def join_sentences(sentences: Sequence[str], language: str) -> str:
    """The sentences as one paragraph, spaced as ``language`` is written."""
    default, by_language = _joiners()
    base = language.split("-")[0].lower()
    return by_language.get(base, default).join(s.strip() for s in sentences)


def _clean(text: str) -> str:
    return _NOT_XML_CHAR.sub("", text)


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, {key: _clean(value) for key, value in attrs.items()})
    if text is not None:
        element.text = _clean(text)
    return element


def _rfc3339(moment: datetime) -> str:
    return moment.replace(microsecond=0).isoformat()


def entry_html(entry: FeedEntry) -> str:
    """The entry's content as an HTML fragment: the summary, then a link to the original."""
    root = ET.Element("div", {"lang": entry.language})
    if entry.note:
        _sub(root, "p", entry.note, **{"class": "note"})
    _sub(root, "p", join_sentences(entry.summary, entry.language))
    source = ET.Element("p", {"lang": entry.source_language})
    if entry.original_page is not None:
        _sub(
            source,
            "a",
            entry.source_headline,
            href=entry.original_page,
            hreflang=entry.source_language,
        )
    if entry.original_url is not None:
        if len(source):
            source[-1].tail = " "
        label = entry.author or entry.original_url
        _sub(source, "a", label, href=entry.original_url, rel="external")
    if len(source):
        root.append(source)
    return ET.tostring(root, encoding="unicode", method="html")


def _serialize(root: ET.Element) -> bytes:
    document: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return document


def rss_document(feed: FeedInfo, entries: Sequence[FeedEntry]) -> bytes:
    """An RSS 2.0 document, UTF-8 encoded."""
    rss = ET.Element("rss", {"version": "2.0"})
    channel = _sub(rss, "channel")
    _sub(channel, "title", feed.title)
    _sub(channel, "link", feed.home_url)
    _sub(channel, "description", feed.description)
    _sub(channel, "language", feed.language)
    _sub(channel, "lastBuildDate", format_datetime(feed.updated.replace(microsecond=0)))
    _sub(channel, "generator", GENERATOR)
    atom_link = f"{{{ATOM_NS}}}link"
    _sub(channel, atom_link, rel="self", type=RSS_TYPE, href=feed.self_url, hreflang=feed.language)
    for language, url in sorted(feed.alternates.items()):
        _sub(channel, atom_link, rel="alternate", type=RSS_TYPE, href=url, hreflang=language)
    for entry in entries:
        item = _sub(channel, "item")
        _sub(item, "title", entry.title)
        _sub(item, "link", entry.url)
        _sub(item, "guid", entry.id, isPermaLink="true" if entry.id == entry.url else "false")
        if entry.published is not None:
            _sub(item, "pubDate", format_datetime(entry.published.replace(microsecond=0)))
        _sub(item, "description", entry_html(entry))
        if entry.author:
            _sub(item, f"{{{DC_NS}}}creator", entry.author)
        for topic in entry.topics:
            _sub(item, "category", topic)
        _sub(
            item,
            atom_link,
            rel="alternate",
            type=HTML_TYPE,
            href=entry.url,
            hreflang=entry.language,
        )
        if entry.original_page is not None:
            _sub(
                item,
                atom_link,
                rel="related",
                type=HTML_TYPE,
                href=entry.original_page,
                hreflang=entry.source_language,
            )
        # dc:date carries the revision time RSS 2.0 itself has no element for
        _sub(item, f"{{{DC_NS}}}date", _rfc3339(entry.updated))
    return _serialize(rss)


def atom_document(feed: FeedInfo, entries: Sequence[FeedEntry]) -> bytes:
    """An Atom (RFC 4287) document, UTF-8 encoded."""

    atom = _sub
    # Atom is the default namespace of the whole document; ElementTree's default_namespace
    # option rejects the unqualified attributes Atom uses, so declare it on the root instead.
    root = ET.Element("feed", {"xmlns": ATOM_NS, XML_LANG: _clean(feed.language)})
    atom(root, "id", feed.self_url)
    atom(root, "title", feed.title, type="text")
    atom(root, "subtitle", feed.description, type="text")
    atom(root, "updated", _rfc3339(feed.updated))
    author = atom(root, "author")
    atom(author, "name", GENERATOR)
    atom(root, "generator", GENERATOR)
    atom(root, "link", rel="self", type=ATOM_TYPE, href=feed.self_url, hreflang=feed.language)
    atom(root, "link", rel="alternate", type=HTML_TYPE, href=feed.home_url, hreflang=feed.language)
    for language, url in sorted(feed.alternates.items()):
        atom(root, "link", rel="alternate", type=ATOM_TYPE, href=url, hreflang=language)
    for entry in entries:
        item = atom(root, "entry", **{XML_LANG: entry.language})
        atom(item, "id", entry.id)
        atom(item, "title", entry.title, type="text")
        if entry.published is not None:
            atom(item, "published", _rfc3339(entry.published))
        atom(item, "updated", _rfc3339(entry.updated))
        if entry.author:
            atom(atom(item, "author"), "name", entry.author)
        atom(item, "link", rel="alternate", type=HTML_TYPE, href=entry.url, hreflang=entry.language)
        if entry.original_page is not None:
            # "related", not a second "alternate": readers take the first or the last
            # alternate as the entry's link, and it must be the page in the feed's language.
            atom(
                item,
                "link",
                rel="related",
                type=HTML_TYPE,
                href=entry.original_page,
                hreflang=entry.source_language,
            )
        if entry.original_url is not None:
            atom(item, "link", rel="via", href=entry.original_url)
        for topic in entry.topics:
            atom(item, "category", term=topic)
        atom(item, "summary", join_sentences(entry.summary, entry.language), type="text")
        atom(item, "content", entry_html(entry), type="html")
    return _serialize(root)


def json_feed(feed: FeedInfo, entries: Sequence[FeedEntry]) -> dict[str, Any]:
    """A JSON Feed 1.1 object (serialize it with any JSON encoder)."""
    items: list[dict[str, Any]] = []
    for entry in entries:
        text = join_sentences(entry.summary, entry.language)
        item: dict[str, Any] = {
            "id": entry.id,
            "url": entry.url,
            "title": entry.title,
            "content_html": entry_html(entry),
            "content_text": text,
            "summary": text,
            "date_modified": _rfc3339(entry.updated),
            "language": entry.language,
            "_publisher": {
                "source_language": entry.source_language,
                "machine_translated": entry.machine_translated,
                "reviewed": entry.reviewed,
                "revision_kind": entry.revision_kind,
            },
        }
        if entry.published is not None:
            item["date_published"] = _rfc3339(entry.published)
        if entry.original_url is not None:
            item["external_url"] = entry.original_url
        if entry.original_page is not None:
            item["_publisher"]["original_page"] = entry.original_page
        if entry.author:
            item["authors"] = [{"name": entry.author}]
        if entry.topics:
            item["tags"] = list(entry.topics)
        items.append(item)
    return {
        "version": JSON_FEED_VERSION,
        "title": feed.title,
        "home_page_url": feed.home_url,
        "feed_url": feed.self_url,
        "description": feed.description,
        "language": feed.language,
        "authors": [{"name": GENERATOR}],
        "items": items,
    }


def json_feed_document(feed: FeedInfo, entries: Sequence[FeedEntry]) -> bytes:
    """A JSON Feed 1.1 document, UTF-8 encoded."""
    return json.dumps(json_feed(feed, entries), ensure_ascii=False, indent=1).encode("utf-8")


Writer = Callable[[FeedInfo, Sequence[FeedEntry]], bytes]


@dataclass(frozen=True)
class FeedFormat:
    """One feed format the site offers: where it lives, what it is, how it is written."""

    key: str  # its name in the API's links
    extension: str  # /<lang>/feed.<extension>
    media_type: str
    label: str  # the format's own name, shown to readers
    write: Writer


# Every feed format, in the order pages and the API list them. The feed routes, the pages'
# <link rel=alternate> tags, the API's links and the OpenAPI document all read this tuple.
FEED_FORMATS: tuple[FeedFormat, ...] = (
    FeedFormat("rss", "rss", RSS_TYPE, "RSS", rss_document),
    FeedFormat("atom", "atom", ATOM_TYPE, "Atom", atom_document),
    FeedFormat("json_feed", "json", JSON_FEED_TYPE, "JSON Feed", json_feed_document),
)


def feed_format(extension: str) -> FeedFormat | None:
    """The format served at ``feed.<extension>``, if there is one."""
    return next((fmt for fmt in FEED_FORMATS if fmt.extension == extension), None)
