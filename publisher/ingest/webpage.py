"""HTML article pages: structured data and the page head first, the extractor for the story.

What the page states about itself wins over what is guessed: JSON-LD (``NewsArticle``,
``Article``) and Open Graph / ``article:*`` meta give the headline, times with their offsets,
names and language; the extractor (trafilatura) finds the story text (see pagebody.py).
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

import trafilatura

from publisher.errors import MalformedItem
from publisher.ingest.assemble import (
    Draft,
    apply_conventions,
    conventions_for,
    finish,
    read_meta_line,
)
from publisher.ingest.dates import day_as_published, parse_datetime
from publisher.ingest.headline import clean_headline, title_key
from publisher.ingest.htmltext import PageHead, read_head
from publisher.ingest.language import declared_language, page_language
from publisher.ingest.model import ParsedDispatch, normalize_text, strip_non_text
from publisher.ingest.pagebody import story_paragraphs
from publisher.ingest.patterns import AgencyPatterns
from publisher.ingest.structured import StructuredArticle, read_json_ld, read_page_data
from publisher.languages import UnknownLanguage

# Meta names (lower case) in order of trust. A modified time is never a published time.
_PUBLISHED = (
    "article:published_time",
    "datepublished",
    "og:article:published_time",
    "dc.date.issued",
    "dcterms.created",
    "dcterms.issued",
    "dc.date",
    "pubdate",
    "publishdate",
    "date",
)
_UPDATED = ("article:modified_time", "datemodified", "og:updated_time", "dcterms.modified")
_TITLE = ("og:title", "twitter:title", "headline")
_AUTHOR = ("author", "article:author", "byl", "dc.creator")
_PUBLISHER = ("og:site_name", "publisher", "dc.publisher", "article:publisher", "application-name")
_LANGUAGE = ("og:locale", "content-language", "language", "dc.language")
_TAGS = ("article:tag", "news_keywords", "keywords")
# Names are names: "https://www.facebook.com/site" in article:publisher is no agency.
_URL_LIKE = re.compile(r"^(?:https?:|www\.|//)|^[\w-]+(?:\.[\w-]+)+/", re.IGNORECASE)
_HAS_TIME = re.compile(r"\d{1,2}:\d{2}")
# How many lines at the top of a page's body may be metadata (a date line, a byline).
_LEADING_META_LINES = 2


def _name(value: str | None) -> str | None:
    text = normalize_text(value or "")
    return text if text and not _URL_LIKE.search(text) else None


def _first_name(head: PageHead, names: tuple[str, ...]) -> str | None:
    return next((n for n in (_name(head.meta.get(key)) for key in names) if n), None)


def _timed(candidates: list[str | None]) -> datetime | None:
    """The first candidate that states a time of day."""
    for value in candidates:
        when = parse_datetime(value) if value else None
        if when is not None and _HAS_TIME.search(value or ""):
            return when
    return None


def _best_time(candidates: list[str | None]) -> datetime | None:
    """The first candidate that states a time of day, else the first that is a date at all
    (stored as a day whose time is not known: see dates.day_as_published)."""
    timed = _timed(candidates)
    if timed:
        return timed
    day = next((when for when in map(parse_datetime, candidates) if when), None)
    return day_as_published(day.date()) if day else None


def _published(declared: list[str | None], shown: tuple[str, ...]) -> datetime | None:
    """The published time: what the page declares, with the time of day that an article
    <time> of the same day states when the declaration gives the day alone (a theme's
    ``<meta name="date" content="2019-09-26">`` beside ``<time datetime="…T11:43:53+02:00">``).
    """
    timed = _timed(declared)
    if timed is not None:
        return timed
    day = _best_time(declared)
    if day is None:
        return _best_time(list(shown[:1]))
    same_day = [
        value for value in shown if (when := parse_datetime(value)) and when.date() == day.date()
    ]
    return _timed(list(same_day)) or day


def _topics(head: PageHead, data: StructuredArticle | None) -> list[str]:
    declared = head.first(*_TAGS)
    found = [declared] if declared else list(data.keywords if data else ())
    return [part.strip() for item in found for part in item.split(",") if part.strip()]


def _fallback_metadata(page: str) -> Any:
    # trafilatura's own metadata search (htmldate for the day) is slow: only for pages that
    # state neither a headline nor a date in any other way. Markup only (extensive=False): a
    # search of the text takes any date it meets, such as Wikipedia's "Founded February 28,
    # 1998" in an infobox, for the page's.
    return trafilatura.extract_metadata(page, extensive=False)


def _declared_language(candidates: list[str | None]) -> str | None:
    """The first declaration that is a language code (``<html lang="lang=">`` is broken
    markup, and og:locale may still say what the page is in); else the first at all, so that
    a page that declares only nonsense is told so."""
    given = [value for value in candidates if value and value.strip()]
    for value in given:
        try:
            if declared_language(value) is not None:
                return value
        except UnknownLanguage:
            continue
    return given[0] if given else None


def _declared_headline(head: PageHead, data: StructuredArticle | None) -> str | None:
    """The page's declared headline: the first of JSON-LD headline, JSON-LD name, og:title,
    twitter:title that the visible page agrees with (its <h1>, or inside its <title>), else
    the first of them at all. Wikipedia's JSON-LD headline describes the subject ("technique
    for dimensionality reduction") while its name is the title the page shows.
    """
    declared = [
        value
        for value in (
            data.headline if data else None,
            data.name if data else None,
            *(head.first(name) for name in _TITLE),
        )
        if value and title_key(value)
    ]
    shown = [title_key(text) for text in (head.h1, head.title) if text]
    agreeing = (
        value for value in declared if any(title_key(value) in visible for visible in shown)
    )
    return next(agreeing, declared[0] if declared else None)


def _title_by_subheading(head: PageHead) -> str | None:
    """The stretch of <title> that a heading of the page repeats ("Post | Blog name" with the
    post's title in an <h2>), when the page has no article <h1> and declares no headline.
    """
    title = title_key(head.title)
    for text in head.subheadings:
        key = title_key(text)
        if key and key in title and len(key) * 3 >= len(title):
            return text
    return None


def _headline(head: PageHead, data: StructuredArticle | None, site: str | None) -> str:
    url = head.canonical or head.first("og:url")
    raw: str | None = (
        _declared_headline(head, data) or head.h1 or _title_by_subheading(head) or head.title
    )
    if not raw:
        found = read_page_data(head.page_data)
        raw = found.headline if found else None
    if raw and head.h1 and title_key(raw) == title_key(head.h1):
        raw = head.h1  # the same words: as the page shows them ("t-SNE", not "T-SNE")
    others = (head.site_heading,) if head.site_heading else ()
    return clean_headline(raw or "", site, url, others)


def _without_meta_lines(draft: Draft, conventions: list[AgencyPatterns]) -> list[str]:
    """The body without leading lines that are metadata ("Tuesday 15 October 2019 by Bradley
    M. Kuhn"), read into the draft as a wire page's are."""
    kept = list(draft.paragraphs)
    while kept and len(draft.paragraphs) - len(kept) < _LEADING_META_LINES:
        if not read_meta_line(kept[0], draft, conventions):
            break
        kept.pop(0)
    return kept


def _without_title_lines(paragraphs: list[str], titles: list[str]) -> list[str]:
    """The body without leading lines that repeat the headline in any of its forms."""
    keys = {normalize_text(t).casefold() for t in titles if t}
    kept = list(paragraphs)
    while kept and kept[0].casefold() in keys:
        kept.pop(0)
    return kept


def parse_html(page: str, source_name: str) -> ParsedDispatch:
    """Extract the article of an HTML page as plain-text paragraphs with its metadata.

    Raises MalformedItem when the page holds no article text or no headline.
    """
    # lxml refuses lone surrogates and NUL; they are no text anyway
    page = strip_non_text(page)
    head = read_head(page)
    data = read_json_ld(head.json_ld)
    # the site's name: declared, else the heading that links to its home page
    site = (
        (data.publisher if data else None)
        or _first_name(head, _PUBLISHER)
        or _name(head.site_heading)
    )
    headline = _headline(head, data, site)
    published = _published(
        [data.published if data else None, head.first(*_PUBLISHED), *head.published_times],
        head.times,
    )
    updated = _best_time([data.modified if data else None, head.first(*_UPDATED)])
    extra = _fallback_metadata(page) if not headline or published is None else None
    if not headline and extra is not None:
        headline = clean_headline(extra.title or "", site, extra.url)
    if published is None and updated is None and extra is not None:
        # htmldate falls back on a modified time: only a page that states none can use it
        published = _best_time([extra.date])
    paragraphs = story_paragraphs(page, head, data)
    if not paragraphs:
        raise MalformedItem("the HTML page holds no article text", source_name)
    if not headline:
        raise MalformedItem("the HTML page has no title or headline", source_name)
    titles = [
        headline,
        head.title,
        head.h1,
        head.first(*_TITLE) or "",
        (data.headline if data else "") or "",
    ]
    authors = ", ".join(data.authors) if data and data.authors else None
    draft = Draft(
        headline=headline,
        paragraphs=_without_title_lines(paragraphs, titles),
        byline=authors or _first_name(head, _AUTHOR) or (_name(extra.author) if extra else None),
        published=published,
        updated=updated,
        url=head.canonical or head.first("og:url") or (data.url if data else None),
        topics=_topics(head, data),
    )
    text = "\n".join(draft.paragraphs)
    conventions = conventions_for(text, site)
    draft.paragraphs = _without_meta_lines(draft, conventions)
    apply_conventions(draft, conventions)
    # the dateline's agency (a wire story on a portal) comes before the site's own name
    draft.agency = draft.agency or site
    declared = _declared_language(
        [head.lang, data.language if data else None, head.first(*_LANGUAGE)]
    )
    draft.language = page_language(declared, f"{headline}\n{text}") or declared
    return finish(draft, "html", source_name)
