"""A feed's text before and after feedparser: what to hand it, and how sound the result is.

Real feeds arrive with white space or a byte-order mark before the XML declaration, wrapped in
stray HTML by a proxy or CMS, or cut off by a failed download. The first two are cosmetic:
nothing is lost. A cut-off feed keeps the entries it holds in full, and says it lost the rest.
"""

from __future__ import annotations

import re
import xml.sax
from dataclasses import dataclass
from typing import Any

_XML_ENCODING = re.compile(r"""\A(<\?xml[^>]*?\bencoding\s*=\s*)(["'])[^"']*\2""")
# Markup a feed's root may sit in by mistake: <html><head>...</head><body>, comments, doctypes.
_STRAY_HTML = re.compile(
    r"\A(?:\s|<!--.*?-->|<!doctype[^>]*>|<\?xml[^>]*\?>|<html\b[^>]*>|<head\b[^>]*>.*?</head\s*>"
    r"|<body\b[^>]*>|<pre\b[^>]*>)*",
    re.IGNORECASE | re.DOTALL,
)
_HTML_TAG = re.compile(r"<(?:html|head|body|pre)\b", re.IGNORECASE)
_ROOT_START = re.compile(r"<(?P<name>(?:[\w-]+:)?(?:rss|feed|RDF))\b")
_ENTRY_START = re.compile(r"<(?:[\w-]+:)?(?:item|entry)[\s>/]")
_ENTRY_END = re.compile(r"</(?:[\w-]+:)?(?:item|entry)\s*>")
# How far into a document its feed root may start once stray HTML is passed over.
_ROOT_WINDOW = 4096


def wrapped_feed_start(text: str) -> int | None:
    """Where a feed's root element starts when only stray HTML (or nothing) comes before it."""
    head = text[:_ROOT_WINDOW]
    prefix = _STRAY_HTML.match(head)
    start = prefix.end() if prefix else 0
    return start if _ROOT_START.match(head, start) else None


def feed_document(text: str) -> str:
    """The feed in ``text``: leading white space and BOMs off, stray HTML around it cut away,
    and a stale encoding declaration (the text is decoded already) made UTF-8."""
    text = text.lstrip("\ufeff \t\r\n")
    start = wrapped_feed_start(text) or 0
    root = _ROOT_START.match(text, start) if start else None
    if root is not None and _HTML_TAG.search(text, 0, start):
        closing = f"</{root.group('name')}>"
        end = text.rfind(closing)
        text = text[start : end + len(closing)] if end > start else text[start:]
    return _XML_ENCODING.sub(r'\1"utf-8"', text, count=1)


@dataclass(frozen=True)
class Soundness:
    """What feedparser's bozo flag means for one feed.

    ``complete``: how many of its entries are whole; ``cut_off``: the document ends before its
    root closes (entries after the cut are lost); ``unread``: entries the text opens that
    feedparser did not return; ``problem``: the parser's complaint, for a warning, or None.
    """

    complete: int
    cut_off: bool
    unread: int
    problem: str | None


def soundness(text: str, result: Any) -> Soundness:
    """Judge feedparser's ``result`` for ``text`` (as :func:`feed_document` made it)."""
    entries = len(result.entries)
    if not result.bozo:
        return Soundness(entries, cut_off=False, unread=0, problem=None)
    problem = str(result.bozo_exception)
    root = _ROOT_START.search(text)
    closed = root is not None and f"</{root.group('name')}" in text[root.end() :]
    opened = len(_ENTRY_START.findall(text))
    if closed or not isinstance(result.bozo_exception, xml.sax.SAXException):
        return Soundness(entries, cut_off=False, unread=max(0, opened - entries), problem=problem)
    complete = min(entries, len(_ENTRY_END.findall(text)))
    return Soundness(complete, cut_off=True, unread=max(0, opened - entries), problem=problem)
