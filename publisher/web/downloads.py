"""Downloads for readers: one dispatch (txt, md, html, epub, docx) or a day's digest (epub,
docx) in one language, made by the same writers as ``publisher export``.

Only published versions: the items come from ``reading`` like every reader surface. File
names come from ``export.names`` (no path, no control character, bounded length) and reach
the browser as RFC 6266 / 5987 ``Content-Disposition``, so a Korean headline survives.
"""

from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path
from typing import BinaryIO, cast

from flask import Blueprint, Response, abort

from publisher import reading
from publisher.export import WRITERS, digests
from publisher.export.book import BOOK_LAYOUT, Book
from publisher.export.files import write_file
from publisher.export.model import export_item
from publisher.export.names import content_disposition, digest_name, export_name
from publisher.export.zipped import BOOK_WRITERS
from publisher.web import params, published
from publisher.web.caching import data_version
from publisher.web.extensions import get_desk
from publisher.web.zones import zone_for

bp = Blueprint("downloads", __name__)

MAX_AGE = 60
#: Digest books kept made in the instance folder (newest first).
CACHED_BOOKS = 200
_SPOOL = 8 * 1024 * 1024
DISPATCH_FORMATS = ("txt", "md", "html", "epub", "docx")
DIGEST_FORMATS = ("epub", "docx")
MEDIA_TYPES = {
    "txt": "text/plain; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "epub": "application/epub+zip",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def _download(body: bytes, fmt: str, name: str) -> Response:
    response = Response(body, mimetype=None, content_type=MEDIA_TYPES[fmt])
    response.headers["Content-Disposition"] = content_disposition(name)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return published.conditional(response, last_modified=None, max_age=MAX_AGE)


def _book_bytes(book: Book, fmt: str) -> bytes:
    with tempfile.SpooledTemporaryFile(_SPOOL) as spool:
        BOOK_WRITERS[fmt](book, cast(BinaryIO, spool))
        spool.seek(0)
        return spool.read()


@bp.get(f"/<lang>/download/dispatch/<id:dispatch_id>.<any({', '.join(DISPATCH_FORMATS)}):fmt>")
def dispatch(lang: str, dispatch_id: int, fmt: str) -> Response:
    """One published language version of a dispatch as a file. 404 when it is not published
    in ``lang``."""
    desk = get_desk()
    with desk.store.session() as session:
        versions = reading.published_versions(session, dispatch_id)
    version = versions.get(lang)
    if version is None:
        abort(404)
    item = export_item(version)
    if fmt in WRITERS:
        writer, extension = WRITERS[fmt]
        body = writer(item)
    else:
        extension = fmt
        moment = item.published or item.received
        day = moment.date()
        body = _book_bytes(Book(lang, day, day, moment, [item]), fmt)
    return _download(body, fmt, export_name(item.dispatch_id, lang, item.headline, extension))


@bp.get(f"/<lang>/download/digest/<day>.<any({', '.join(DIGEST_FORMATS)}):fmt>")
def digest(lang: str, day: str, fmt: str) -> Response:
    """The day's digest in ``lang`` (days of ``lang``'s time zone, as on the digest page)."""
    when = params.day(day)
    desk = get_desk()
    zone = zone_for(lang)
    with desk.store.session() as session:
        published.require_language(session, desk, lang)
        # a book costs a second or more of CPU: made once per state of the data, then served
        # from the instance's cache until anything readers see changes
        version, _latest = data_version(session)
        wanted = f"{BOOK_LAYOUT}|{version}|{lang}|{when}|{zone}|{fmt}"
        key = hashlib.sha256(wanted.encode()).hexdigest()
        cached = desk.settings.instance / "cache" / "digests" / f"{key}.{fmt}"
        try:
            body = cached.read_bytes()
        except OSError:
            body = _book_bytes(digests.book(session, lang, when, when, zone), fmt)
            _remember(cached, body)
    return _download(body, fmt, digest_name(lang, when, when, fmt))


def _remember(path: Path, body: bytes) -> None:
    """Keep a made book for the next request, and only the newest CACHED_BOOKS of them. A
    cache that cannot be written (a read-only instance) costs speed, never the download."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_file(path, body)
        books = sorted(path.parent.iterdir(), key=lambda p: p.stat().st_mtime, reverse=True)
        for stale in books[CACHED_BOOKS:]:
            stale.unlink(missing_ok=True)
    except OSError:
        return
