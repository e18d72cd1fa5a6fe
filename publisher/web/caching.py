"""HTTP caching for the reader pages: conditional responses, compression, static assets."""

from __future__ import annotations

import gzip
import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import brotli
from flask import Flask, Response, current_app, make_response, request, url_for
from flask_compress import Compress
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from publisher import __version__
from publisher.db import Dispatch, Publication, Revision, Summary, Translation
from publisher.publication import READABLE
from publisher.web.feed_writers import FEED_FORMATS
from publisher.web.urls import base_url_of

compress = Compress()

# Relative times ("3 hours ago") drift while the data stands still, so validators expire after
# this long even when nothing changed.
FRESHNESS = timedelta(minutes=10)
STATIC_MAX_AGE = 365 * 24 * 3600


@dataclass(frozen=True)
class Validator:
    etag: str
    last_modified: datetime


def data_version(session: Session) -> tuple[str, datetime]:
    """A fingerprint of everything the pages show, and the time of its latest change.

    One cheap query over indexed columns, so a conditional request is answered without
    loading any dispatch.
    """
    row = session.execute(
        select(
            select(func.max(Translation.updated_at)).scalar_subquery(),
            select(func.max(Revision.ingested_at)).scalar_subquery(),
            select(func.max(Summary.created_at)).scalar_subquery(),
            select(func.max(Dispatch.updated_at)).scalar_subquery(),
            select(func.max(Publication.updated_at)).scalar_subquery(),
            select(func.count(Dispatch.id)).scalar_subquery(),
            # a take-down deletes nothing, but changes what is readable
            select(func.count(Publication.id)).where(READABLE).scalar_subquery(),
        )
    ).one()
    stamps = [_aware(value) for value in row[:5] if value is not None]
    latest = max(stamps, default=datetime(2000, 1, 1, tzinfo=UTC))
    return "|".join(str(value) for value in row), latest


def _aware(value: datetime | str) -> datetime:
    # Aggregates over SQLite come back as text on some SQLAlchemy paths; keep them comparable.
    parsed = datetime.fromisoformat(value) if isinstance(value, str) else value
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def validator_for(session: Session, locale: str, *extra: str) -> Validator:
    """The validator of the current request's page in ``locale``."""
    version, latest = data_version(session)
    now = datetime.now(UTC)
    bucket = datetime.fromtimestamp(
        now.timestamp() // FRESHNESS.total_seconds() * FRESHNESS.total_seconds(), UTC
    )
    parts = [__version__, version, locale, request.full_path, bucket.isoformat(), *extra]
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]
    return Validator(etag=digest, last_modified=max(latest, bucket).replace(microsecond=0))


def not_modified(validator: Validator) -> Response | None:
    """A 304 response when the client's copy is still current, else None."""
    if request.if_none_match:
        fresh = request.if_none_match.contains_weak(validator.etag)
    elif request.if_modified_since is not None:
        fresh = validator.last_modified <= request.if_modified_since
    else:
        fresh = False
    if not fresh:
        return None
    response = Response(status=304)
    _stamp(response, validator)
    return response


@dataclass
class CachedPage:
    """A rendered page and its compressed forms, made on first demand."""

    body: str
    encoded: dict[str, bytes]


def _encode(data: bytes, encoding: str) -> bytes:
    if encoding == "br":
        return bytes(brotli.compress(data, quality=current_app.config["COMPRESS_BR_LEVEL"]))
    return gzip.compress(data, compresslevel=6)


class PageCache:
    """Rendered pages of this worker process, keyed by their validator.

    A validator changes whenever the data, the language, the address or the freshness window
    does, so a page found here is exactly what rendering would produce again. Compressed forms
    are kept beside it, so a hit costs neither rendering nor compression. Bounded: the least
    recently used pages go first.
    """

    def __init__(self, size: int = 256) -> None:
        self.size = size
        self._pages: OrderedDict[tuple[str, str], CachedPage] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple[str, str]) -> CachedPage | None:
        with self._lock:
            page = self._pages.get(key)
            if page is not None:
                self._pages.move_to_end(key)
            return page

    def put(self, key: tuple[str, str], body: str) -> None:
        with self._lock:
            self._pages[key] = CachedPage(body, {})
            self._pages.move_to_end(key)
            while len(self._pages) > self.size:
                self._pages.popitem(last=False)


def _page_cache() -> PageCache:
    cache: PageCache = current_app.extensions["publisher.pages"]
    return cache


def _cache_key(validator: Validator) -> tuple[str, str]:
    # Pages carry absolute canonical and alternate URLs: made from base_url when it is set
    # (then the Host header must not split the cache), else from the request's host.
    base = base_url_of(current_app)
    return (validator.etag, base.origin if base is not None else request.host_url)


def reuse(validator: Validator) -> Response | None:
    """A 304 when the client's copy is current, else the page rendered before, else None."""
    response = not_modified(validator)
    if response is not None:
        return response
    page = _page_cache().get(_cache_key(validator))
    if page is None:
        return None
    accepted = request.accept_encodings
    encoding = next((e for e in ("br", "gzip") if accepted[e] > 0), None)
    if encoding is None:
        return finish(page.body, validator, store=False)
    data = page.encoded.get(encoding)
    if data is None:
        data = page.encoded[encoding] = _encode(page.body.encode(), encoding)
    response = Response(data, mimetype="text/html")
    # Flask-Compress leaves a response that already has a Content-Encoding alone.
    response.headers["Content-Encoding"] = encoding
    response.vary.add("Accept-Encoding")
    _stamp(response, validator)
    return response


def finish(body: str | Response, validator: Validator, *, store: bool = True) -> Response:
    """Attach the validator and revalidation headers to a rendered page, and keep the page."""
    if store and isinstance(body, str):
        _page_cache().put(_cache_key(validator), body)
    response = make_response(body)
    _stamp(response, validator)
    return response


def _stamp(response: Response, validator: Validator) -> None:
    # Weak, because compression changes the bytes but not what the page says.
    response.set_etag(validator.etag, weak=True)
    response.last_modified = validator.last_modified
    response.cache_control.no_cache = True
    response.cache_control.public = True


def asset_url(filename: str) -> str:
    """URL of a static file with a content hash, so it can be cached for a year."""
    cache: dict[str, str] = current_app.extensions.setdefault("publisher.assets", {})
    version = cache.get(filename)
    if version is None:
        static = Path(current_app.static_folder or "")
        version = hashlib.sha256((static / filename).read_bytes()).hexdigest()[:12]
        cache[filename] = version
    return url_for("static", filename=filename, v=version)


def init_app(app: Flask) -> None:
    """Compress text responses and let browsers keep versioned static files."""
    app.config.setdefault(
        "COMPRESS_MIMETYPES",
        [
            "text/html",
            "text/css",
            "text/plain",
            "text/xml",
            "application/javascript",
            "text/javascript",
            "application/json",
            "application/xml",
            "application/problem+json",
            *(fmt.media_type for fmt in FEED_FORMATS),
        ],
    )
    app.config.setdefault("COMPRESS_ALGORITHM", ["br", "gzip"])
    app.config.setdefault("COMPRESS_BR_LEVEL", 4)
    if app.config.get("SEND_FILE_MAX_AGE_DEFAULT") is None:
        # every page links static files through asset_url, with a content hash
        app.config["SEND_FILE_MAX_AGE_DEFAULT"] = STATIC_MAX_AGE
    compress.init_app(app)
    app.extensions["publisher.pages"] = PageCache()
    app.jinja_env.globals["asset_url"] = asset_url
