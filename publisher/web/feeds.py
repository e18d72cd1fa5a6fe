"""Feeds per content language: RSS 2.0, Atom and JSON Feed 1.1 of published dispatches."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

from flask import Blueprint, Response, abort

from publisher import errors
from publisher.reading import LocalizedItem, published_in
from publisher.web import published
from publisher.web.feed_writers import (
    ATOM_TYPE,
    JSON_FEED_TYPE,
    RSS_TYPE,
    FeedEntry,
    FeedInfo,
    atom_document,
    json_feed,
    rss_document,
)
from publisher.web.i18n import language_name, language_tag

bp = Blueprint("feeds", __name__)

FEED_LENGTH = 50
MAX_AGE = 300
# An empty feed still needs an `updated`; a fixed instant keeps its validators stable.
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)

Writer = Callable[[FeedInfo, Sequence[FeedEntry]], bytes]


def _entry(item: LocalizedItem) -> FeedEntry:
    view = item.dispatch
    first, last = published.item_times(item)
    url = published.dispatch_page(item.language, view.id)
    return FeedEntry(
        id=url,
        url=url,
        language=language_tag(item.language),
        title=item.headline,
        summary=item.summary,
        published=first,
        updated=last,
        source_language=language_tag(view.source_language),
        source_headline=view.headline,
        original_page=None
        if item.is_original
        else published.dispatch_page(view.source_language, view.id),
        original_url=view.url,
        author=view.agency,
        topics=view.topics,
        machine_translated=item.machine_translated,
        reviewed=item.reviewed,
    )


def _gather(language: str, extension: str) -> tuple[FeedInfo, list[FeedEntry]]:
    """The feed's description and entries. Raises NotFound for a language without content."""
    desk = published.current_desk()
    with desk.store.session() as session:
        languages = published.require_language(session, desk, language)
        items, _total = published_in(
            session,
            language,
            limit=FEED_LENGTH,
            timezone=desk.settings.display_timezone,
        )
    entries = [_entry(item) for item in items]
    title = f"Publisher · {language_name(language)}"
    info = FeedInfo(
        language=language_tag(language),
        title=title,
        description=title,
        home_url=published.home_page(language),
        self_url=published.site_url(f"/{language}/feed.{extension}"),
        updated=max((entry.updated for entry in entries), default=_EPOCH),
        alternates={
            language_tag(code): published.site_url(f"/{code}/feed.{extension}")
            for code in languages
            if code != language
        },
    )
    return info, entries


def _respond(language: str, extension: str, mimetype: str, write: Writer) -> Response:
    try:
        info, entries = _gather(language, extension)
    except errors.NotFound:
        abort(404)
    response = Response(write(info, entries), mimetype=mimetype)
    response.headers["Content-Language"] = language_tag(language)
    last_modified = info.updated if entries else None
    return published.conditional(response, last_modified=last_modified, max_age=MAX_AGE)


def _json_bytes(info: FeedInfo, entries: Sequence[FeedEntry]) -> bytes:
    document: dict[str, Any] = json_feed(info, entries)
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")


@bp.get("/<lang>/feed.rss")
def rss(lang: str) -> Response:
    """RSS 2.0 feed of the newest published dispatches in ``lang``."""
    return _respond(lang, "rss", RSS_TYPE, rss_document)


@bp.get("/<lang>/feed.atom")
def atom(lang: str) -> Response:
    """Atom feed of the newest published dispatches in ``lang``."""
    return _respond(lang, "atom", ATOM_TYPE, atom_document)


@bp.get("/<lang>/feed.json")
def json_feed_view(lang: str) -> Response:
    """JSON Feed 1.1 of the newest published dispatches in ``lang``."""
    return _respond(lang, "json", JSON_FEED_TYPE, _json_bytes)
