"""What the feeds and the API share: reader languages, addresses, times, validators."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from babel import Locale, UnknownLocaleError
from flask import Response, request
from sqlalchemy.orm import Session

from publisher.core import Desk
from publisher.errors import NotFound
from publisher.reading import LocalizedItem, content_languages
from publisher.web.feed_writers import FeedFormat
from publisher.web.urls import external_url


def is_language_code(code: str) -> bool:
    """Whether Babel knows ``code`` as a language (``ko``, ``zh``, ``pt-BR``)."""
    try:
        Locale.parse(code, sep="-")
    except (UnknownLocaleError, ValueError, TypeError):
        return False
    return True


def reader_languages(session: Session, desk: Desk) -> list[str]:
    """Content languages: those dispatches are translated into and those anything is published in."""
    published = content_languages(session)
    codes = {*desk.settings.target_languages, *published}
    return sorted(code for code in codes if is_language_code(code))


def require_language(session: Session, desk: Desk, code: str) -> list[str]:
    """Check ``code`` is a content language and return all of them. Raises NotFound."""
    languages = reader_languages(session, desk)
    if code not in languages:
        raise NotFound(f"no content in language {code!r}")
    return languages


def home_page(language: str) -> str:
    return external_url("pages.home", lang=language)


def dispatch_page(language: str, dispatch_id: int) -> str:
    """The canonical reader page of a dispatch in a language; feeds use it as the stable id."""
    return external_url("pages.dispatch", lang=language, dispatch_id=dispatch_id)


def feed_url(language: str, fmt: FeedFormat) -> str:
    return external_url("feeds.feed", lang=language, extension=fmt.extension)


def _parse_iso(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        return None
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


@dataclass(frozen=True)
class ItemTimes:
    """The times of a localized item that readers may rely on."""

    published: datetime | None  # from the source; None when it gave none
    received: datetime  # when the desk ingested this revision
    updated: datetime  # the last change readers of this language can see


def item_times(item: LocalizedItem) -> ItemTimes:
    """When the source published the item, when the desk received it, when it last changed.

    Published keeps the source's own offset where the source gave one; a source that gave no
    time has none, and no other time is passed off as it. A translation that appears or is
    revised later counts as a change of the localized item.
    """
    view = item.dispatch
    published = _parse_iso(view.published) or view.published_at
    received = view.ingested_at
    changes = [published or received]
    revised = _parse_iso(view.updated)
    if revised is not None:
        changes.append(revised)
    if item.updated_at is not None:
        changes.append(item.updated_at)
    return ItemTimes(
        published=published.replace(microsecond=0) if published is not None else None,
        received=received.replace(microsecond=0),
        updated=max(changes).replace(microsecond=0),
    )


def conditional(response: Response, *, last_modified: datetime | None, max_age: int) -> Response:
    """Add validators and caching headers, answering 304 when the client's copy is current."""
    response.add_etag()
    if last_modified is not None:
        response.last_modified = last_modified.astimezone(UTC)
    response.cache_control.public = True
    response.cache_control.max_age = max_age
    response.make_conditional(request)  # updates the response in place (status, body)
    return response
