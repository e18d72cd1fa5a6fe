"""Feeds per content language, one route for every format in ``FEED_FORMATS``."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Blueprint, Response, abort
from flask_babel import gettext as _

from publisher import errors
from publisher.ingest.urls import web_url
from publisher.languages import language_name
from publisher.reading import LocalizedItem, published_in
from publisher.web import published
from publisher.web.extensions import get_desk
from publisher.web.feed_writers import FEED_FORMATS, FeedEntry, FeedFormat, FeedInfo, feed_format
from publisher.web.i18n import language_tag

bp = Blueprint("feeds", __name__)

FEED_LENGTH = 50
MAX_AGE = 300
# An empty feed still needs an `updated`; a fixed instant keeps its validators stable.
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_EXTENSIONS = ", ".join(fmt.extension for fmt in FEED_FORMATS)


def _entry(item: LocalizedItem) -> FeedEntry:
    view = item.dispatch
    times = published.item_times(item)
    url = published.dispatch_page(item.language, view.id)
    return FeedEntry(
        id=url,
        url=url,
        language=language_tag(item.language),
        title=item.headline,
        summary=item.summary,
        published=times.published,
        updated=times.updated,
        source_language=language_tag(view.source_language),
        source_headline=view.headline,
        original_page=None
        if item.is_original
        else published.dispatch_page(view.source_language, view.id),
        # never a stored javascript: or data: URL, whatever an older database holds
        original_url=web_url(view.url),
        author=view.agency,
        topics=view.topics,
        machine_translated=item.machine_translated,
        reviewed=item.reviewed,
        note=_("This story has been corrected since it was first published.")
        if item.corrected
        else None,
        revision_kind=item.revision_kind,
    )


def _gather(language: str, fmt: FeedFormat) -> tuple[FeedInfo, list[FeedEntry]]:
    """The feed's description and entries. Raises NotFound for a language without content."""
    desk = get_desk()
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
        self_url=published.feed_url(language, fmt),
        updated=max((entry.updated for entry in entries), default=_EPOCH),
        alternates={
            language_tag(code): published.feed_url(code, fmt)
            for code in languages
            if code != language
        },
    )
    return info, entries


@bp.get(f"/<lang>/feed.<any({_EXTENSIONS}):extension>")
def feed(lang: str, extension: str) -> Response:
    """The newest published dispatches in ``lang`` as a feed in the format of ``extension``."""
    fmt = feed_format(extension)
    if fmt is None:
        abort(404)
    try:
        info, entries = _gather(lang, fmt)
    except errors.NotFound:
        abort(404)
    response = Response(fmt.write(info, entries), mimetype=fmt.media_type)
    response.headers["Content-Language"] = language_tag(lang)
    last_modified = info.updated if entries else None
    return published.conditional(response, last_modified=last_modified, max_age=MAX_AGE)
