"""What the feeds and the API share: the app's desk, reader languages, addresses, validators."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import cast

from babel import Locale, UnknownLocaleError
from flask import Response, current_app, request
from sqlalchemy.orm import Session

from publisher.core import Desk
from publisher.errors import NotFound
from publisher.reading import LocalizedItem, content_languages


def current_desk() -> Desk:
    """The desk the app was created around."""
    return cast(Desk, current_app.extensions["publisher.desk"])


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


def site_url(path: str) -> str:
    """An absolute address on this site for ``path`` (which starts with a slash)."""
    return request.url_root.rstrip("/") + path


def home_page(language: str) -> str:
    return site_url(f"/{language}/")


def dispatch_page(language: str, dispatch_id: int) -> str:
    """The canonical reader page of a dispatch in a language; feeds use it as the stable id."""
    return site_url(f"/{language}/dispatch/{dispatch_id}")


def _parse_iso(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        return None
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def item_times(item: LocalizedItem) -> tuple[datetime, datetime]:
    """When the item was first published and when it last changed for its readers.

    Both keep the source's own offset where the source gave one. A translation that appears
    or is revised later counts as a change of the localized item.
    """
    view = item.dispatch
    published = _parse_iso(view.published) or view.published_at or view.ingested_at
    changes = [published]
    revised = _parse_iso(view.updated)
    if revised is not None:
        changes.append(revised)
    if item.updated_at is not None:
        changes.append(item.updated_at)
    return published.replace(microsecond=0), max(changes).replace(microsecond=0)


def conditional(response: Response, *, last_modified: datetime | None, max_age: int) -> Response:
    """Add validators and caching headers, answering 304 when the client's copy is current."""
    response.add_etag()
    if last_modified is not None:
        response.last_modified = last_modified.astimezone(UTC)
    response.cache_control.public = True
    response.cache_control.max_age = max_age
    response.make_conditional(request)  # updates the response in place (status, body)
    return response
