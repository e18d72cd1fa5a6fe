"""Downloads for editors: a dispatch's drafts for translators (XLIFF 2.1, XLIFF 1.2, bilingual
CSV), the editors' memory (TMX) and a period's archive (ZIP), made by the same writers as
``publisher export``. Editors only, never cached by shared caches.
"""

from __future__ import annotations

import io
import tempfile
from datetime import UTC, datetime
from typing import BinaryIO, cast

from flask import Blueprint, Response, abort, jsonify, url_for

from publisher.errors import NotFound
from publisher.export import csv_bilingual, tmx, xliff2, xliff12, zipped
from publisher.export.drafts import StateFilter, target_languages, translator_items
from publisher.export.memory_tmx import memory_pairs
from publisher.export.names import content_disposition, export_name
from publisher.languages import Language, UnknownLanguage, parse_languages
from publisher.reading import content_languages
from publisher.web import params
from publisher.web.editor import editor_required
from publisher.web.extensions import get_desk
from publisher.web.zones import zone_choice

bp = Blueprint("editor_downloads", __name__, url_prefix="/editor/download")

#: what each draft format is called in a URL, its media type and file suffix
DRAFT_FORMATS: dict[str, tuple[str, str]] = {
    "xlf": ("application/xliff+xml", "xlf"),
    "xliff12": ("application/x-xliff+xml", "xlf"),
    "csv": ("text/csv; charset=utf-8", "csv"),
}
_SPOOL = 8 * 1024 * 1024
#: Longest period one web request may archive (the CLI takes longer ones): each day costs
#: a digest per language.
MAX_ARCHIVE_DAYS = 31
MAX_LANG_PARAM = 200


@bp.after_request
def _private(response: Response) -> Response:
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def _file(body: bytes, media_type: str, name: str) -> Response:
    response = Response(body, content_type=media_type)
    response.headers["Content-Disposition"] = content_disposition(name)
    return response


def _language(code: str) -> str:
    try:
        return str(Language.parse(code))
    except UnknownLanguage:
        abort(404)


@bp.get(f"/dispatch/<id:dispatch_id>/<lang>.<any({', '.join(DRAFT_FORMATS)}):fmt>")
@editor_required
def drafts(dispatch_id: int, lang: str, fmt: str) -> Response:
    """One dispatch's drafts in ``lang``, every state, for a translator. 404 without drafts."""
    language = _language(lang)
    media_type, suffix = DRAFT_FORMATS[fmt]
    desk = get_desk()
    with desk.store.session() as session:
        try:
            items = list(translator_items(session, [dispatch_id], [language], StateFilter.ANY))
        except NotFound:
            abort(404)
        if not items:
            abort(404)
        item = items[0]
        stream = io.BytesIO()
        if fmt == "csv":
            csv_bilingual.write(items, stream)
        else:
            writer = xliff2.write if fmt == "xlf" else xliff12.write
            writer(items, stream, item.source_language, item.target_language)
    name = export_name(dispatch_id, language, item.source_headline, suffix)
    if fmt == "xliff12":  # as `publisher export xliff --xliff-version 1.2` names it
        name = name.removesuffix(".xlf") + ".xliff12.xlf"
    return _file(stream.getvalue(), media_type, name)


@bp.get("/memory.tmx")
@editor_required
def memory() -> Response:
    """The editors' memory as TMX 1.4b (``?lang=ko,es`` for some target languages)."""
    languages = _languages_param()
    with get_desk().store.session() as session:
        pairs = list(memory_pairs(session, languages))
    if not pairs:
        abort(404)
    sources = {pair.source_language for pair in pairs}
    stream = io.BytesIO()
    tmx.write(
        pairs,
        stream,
        created=datetime.now(UTC),
        source_language=sources.pop() if len(sources) == 1 else "*all*",
    )
    return _file(stream.getvalue(), "application/x-tmx+xml", "memory.tmx")


def _languages_param() -> list[str] | None:
    raw = params.text("lang")
    if not raw:
        return None
    if len(raw) > MAX_LANG_PARAM:
        abort(400, description="lang: too long")
    try:
        return [str(code) for code in parse_languages(raw)]
    except UnknownLanguage as error:
        abort(400, description=f"lang: {error}")


@bp.get("/archive.zip")
@editor_required
def archive() -> Response:
    """What readers saw from ``since`` to ``until`` (``YYYY-MM-DD``, at most a digest period)
    in ``lang`` (default: every language with something published), as one ZIP."""
    since = params.day(params.text("since") or "")
    until = params.day(params.text("until") or "")
    desk = get_desk()
    if until < since or (until - since).days >= MAX_ARCHIVE_DAYS:
        abort(400, description=f"since..until: a period of 1 to {MAX_ARCHIVE_DAYS} days")
    zones = zone_choice(desk.settings)
    with desk.store.session() as session:
        languages = _languages_param() or content_languages(session)
        if not languages:
            abort(404)
        with tempfile.SpooledTemporaryFile(_SPOOL) as spool:
            zipped.write(
                session,
                cast(BinaryIO, spool),
                languages,
                since,
                until,
                zones.zone_for,
                lambda _n: None,
            )
            spool.seek(0)
            body = spool.read()
    return _file(body, "application/zip", f"publisher-{since}-{until}.zip")


def draft_links(dispatch_id: int, languages: list[str]) -> list[dict[str, str]]:
    """The editor download links of a dispatch, for the review page and the editor API."""
    return [
        {
            "language": language,
            "format": fmt,
            "url": url_for(
                "editor_downloads.drafts", dispatch_id=dispatch_id, lang=language, fmt=fmt
            ),
        }
        for language in languages
        for fmt in DRAFT_FORMATS
    ]


@bp.get("/dispatch/<id:dispatch_id>.json")
@editor_required
def links(dispatch_id: int) -> Response:
    """The editor downloads of one dispatch (drafts per language), for scripts."""
    desk = get_desk()
    with desk.store.session() as session:
        from publisher.db import Dispatch, Revision

        dispatch = session.get(Dispatch, dispatch_id)
        revision = (
            session.get(Revision, dispatch.current_revision_id)
            if dispatch is not None and dispatch.current_revision_id
            else None
        )
        if revision is None:
            abort(404)
        languages = target_languages(revision)
    return jsonify(
        {
            "dispatch": dispatch_id,
            "drafts": draft_links(dispatch_id, languages),
            "memory": url_for("editor_downloads.memory"),
        }
    )
