"""HTML article pages: trafilatura finds the story, the page head gives exact metadata."""

from __future__ import annotations

from typing import Any

import trafilatura

from publisher.errors import MalformedItem
from publisher.ingest.assemble import Draft, apply_conventions, conventions_for, finish
from publisher.ingest.dates import parse_datetime
from publisher.ingest.htmltext import PageHead, html_to_paragraphs, read_head
from publisher.ingest.model import ParsedDispatch, normalize_text, strip_non_text

# trafilatura keeps only the day of a date; these meta names carry the full time with its offset.
_PUBLISHED = (
    "article:published_time",
    "datepublished",
    "dc.date.issued",
    "dcterms.created",
    "dc.date",
    "pubdate",
    "publishdate",
    "date",
)
_UPDATED = ("article:modified_time", "og:updated_time", "datemodified", "dcterms.modified")
_TITLE = ("og:title", "twitter:title", "headline")
_AUTHOR = ("author", "article:author", "byl", "dc.creator")
_AGENCY = ("article:publisher", "publisher", "dc.publisher")
_TAGS = ("article:tag", "news_keywords", "keywords")
_DOCUMENT_FIELDS = ("title", "text", "date", "author", "url", "categories", "tags")


def _topics(head: PageHead, categories: list[str] | None, tags: list[str] | None) -> list[str]:
    declared = head.first(*_TAGS)
    found = [*(categories or []), *(tags or []), *([declared] if declared else [])]
    return [part.strip() for item in found for part in item.split(",") if part.strip()]


def _as_dict(document: Any) -> dict[str, Any]:
    # bare_extraction answers a Document, a dict (as_dict=True in older releases) or None.
    if document is None:
        return {}
    if isinstance(document, dict):
        return document
    return {name: getattr(document, name, None) for name in _DOCUMENT_FIELDS}


def parse_html(page: str, source_name: str) -> ParsedDispatch:
    """Extract the article of an HTML page as plain-text paragraphs with its metadata.

    Raises MalformedItem when the page holds no article text or no headline.
    """
    # lxml refuses lone surrogates and NUL; they are no text anyway
    page = strip_non_text(page)
    document = trafilatura.bare_extraction(
        page, with_metadata=True, include_comments=False, include_tables=False
    )
    info = _as_dict(document)
    head = read_head(page)
    title, text = info.get("title"), info.get("text")
    paragraphs = text.split("\n") if text else html_to_paragraphs(page)
    if not paragraphs:
        raise MalformedItem("the HTML page holds no article text", source_name)
    headline = normalize_text(title or head.first(*_TITLE) or "")
    if not headline:
        raise MalformedItem("the HTML page has no title or headline", source_name)
    published = parse_datetime(head.first(*_PUBLISHED) or (head.times[0] if head.times else None))
    if published is None:
        published = parse_datetime(info.get("date"))
    draft = Draft(
        headline=headline,
        paragraphs=paragraphs,
        agency=head.first(*_AGENCY),
        byline=head.first(*_AUTHOR) or info.get("author"),
        published=published,
        updated=parse_datetime(head.first(*_UPDATED)),
        language=head.lang or head.first("og:locale", "content-language", "language"),
        url=head.canonical or head.first("og:url") or info.get("url"),
        topics=_topics(head, info.get("categories"), info.get("tags")),
    )
    apply_conventions(draft, conventions_for("\n".join(paragraphs), draft.agency))
    return finish(draft, "html", source_name)
