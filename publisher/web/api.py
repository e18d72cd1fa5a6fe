"""The read-only JSON API under /api/v1: languages, dispatches, one dispatch, daily digests.

Only published content is served. Every error, domain or HTTP, is answered as
``{"error": {"code": ..., "message": ...}}`` without internals (the handlers are in
publisher/web/problems.py, which answer JSON for every path under /api/).
"""

from __future__ import annotations

import json
import math
from typing import Any

from flask import Blueprint, Response, request
from werkzeug.exceptions import BadRequest

from publisher import errors
from publisher.ingest.urls import web_url
from publisher.languages import Language, UnknownLanguage, language_name
from publisher.publication import VersionState
from publisher.reading import (
    DispatchView,
    LocalizedItem,
    killed_dispatch,
    published_in,
    published_versions,
    reader_view,
)
from publisher.web import params, published
from publisher.web.downloads import DIGEST_FORMATS, DISPATCH_FORMATS
from publisher.web.extensions import get_desk
from publisher.web.feed_writers import FEED_FORMATS
from publisher.web.i18n import UI_LANGUAGES, language_tag
from publisher.web.openapi import openapi_document
from publisher.web.urls import external_url
from publisher.web.zones import zone_for

bp = Blueprint("api", __name__, url_prefix="/api/v1")

MAX_AGE = 60


def json_response(data: Any, status: int = 200) -> Response:
    """A JSON response with UTF-8 text as it is (not \\u escapes) and stable key order."""
    body = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return Response(body, status=status, mimetype="application/json")


def error_response(code: int, message: str) -> Response:
    """The API's one error shape; the problems handlers use it for any path under /api/."""
    response = json_response({"error": {"code": code, "message": message}}, status=code)
    _allow_cross_origin(response)
    return response


def _allow_cross_origin(response: Response) -> Response:
    # A public read-only API: any site may read it, and no credentials are involved.
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Expose-Headers"] = "ETag, Last-Modified"
    return response


@bp.after_request
def _after(response: Response) -> Response:
    return _allow_cross_origin(response)


def _bad_request(message: str) -> BadRequest:
    return BadRequest(description=message)


def _paging() -> tuple[int, int]:
    """``page`` and ``per_page`` from the query. Raises BadRequest."""
    default = min(max(get_desk().settings.page_size, 1), params.MAX_PER_PAGE)
    page = params.page_number()
    per_page = params.whole_number("per_page", default, params.MAX_PER_PAGE)
    return page, per_page


def _lang(raw: str) -> Language:
    """A ``lang`` value as our tag (``KO`` is ``ko``). Raises BadRequest for no language code."""
    try:
        return Language.parse(raw)
    except UnknownLanguage as error:
        raise _bad_request(f"lang: {error}") from None


def _required_lang() -> Language:
    """The ``lang`` query parameter. Raises BadRequest when it is missing or no language code."""
    lang = params.single("lang")
    if not lang:
        raise _bad_request("lang is required, e.g. ?lang=ko")
    return _lang(lang)


def _page_links(page: int, per_page: int, pages: int, **values: Any) -> dict[str, str | None]:
    endpoint = request.endpoint or ""

    def link(number: int) -> str:
        return external_url(endpoint, page=number, per_page=per_page, **values)

    return {
        "self": link(page),
        "first": link(1),
        "last": link(max(pages, 1)),
        "next": link(page + 1) if page < pages else None,
        "prev": link(min(page - 1, max(pages, 1))) if page > 1 else None,
    }


def _links(view: DispatchView, language: str | None) -> dict[str, str | None]:
    return {
        "self": external_url("api.dispatch", dispatch_id=view.id, lang=language),
        "html": published.dispatch_page(language or view.source_language, view.id),
        "original": published.dispatch_page(view.source_language, view.id),
        "source": web_url(view.url),
    }


def _item(item: LocalizedItem) -> dict[str, Any]:
    view = item.dispatch
    times = published.item_times(item)
    return {
        "id": view.id,
        "revision": view.revision,
        "language": item.language,
        "language_tag": language_tag(item.language),
        "source_language": view.source_language,
        "headline": item.headline,
        "summary": list(item.summary),
        "source_indexes": list(item.source_indexes),
        "machine_translated": item.machine_translated,
        "reviewed": item.reviewed,
        # "update" once a newer version replaced the first, "correction" when it corrected it
        "revision_kind": item.revision_kind or None,
        "corrected": item.corrected,
        "agency": view.agency,
        "dateline": view.dateline,
        "topics": list(view.topics),
        "published": times.published.isoformat() if times.published is not None else None,
        "received": times.received.isoformat(),
        "updated": times.updated.isoformat(),
        "links": _links(view, item.language),
    }


def _original(view: DispatchView) -> dict[str, Any]:
    return {
        "language": view.source_language,
        "headline": view.headline,
        "agency": view.agency,
        "byline": view.byline,
        "dateline": view.dateline,
        "published": view.published,
        "received": view.ingested_at.replace(microsecond=0).isoformat(),
        "updated": view.updated,
        "url": web_url(view.url),
        "topics": list(view.topics),
        "paragraphs": list(view.paragraphs),
        "sentences": [
            {"index": s["index"], "paragraph": s["paragraph"], "text": s["text"]}
            for s in view.sentences
        ],
        "summary": _published_summary(view),
    }


def _published_summary(view: DispatchView) -> dict[str, Any] | None:
    """The original's summary as published, never the draft selection an editor is changing."""
    published = view.publications.get(view.source_language)
    if (
        view.summary is None
        or published is None
        or published.state != VersionState.PUBLISHED
        or published.revision_id != view.revision_id
    ):
        return None
    return {
        "method": view.summary["method"],
        "sentence_indexes": list(published.source_indexes),
        "text": " ".join(published.source_sentences),
    }


def _listing(
    items: list[LocalizedItem], total: int, *, language: str, page: int, per_page: int, **route: str
) -> dict[str, Any]:
    """A page of items with its position and links; ``route`` fills the endpoint's URL."""
    pages = math.ceil(total / per_page)
    return {
        "language": language,
        "page": page,
        "per_page": per_page,
        "total": total,
        "pages": pages,
        "links": _page_links(page, per_page, pages, lang=language, **route),
        "items": [_item(item) for item in items],
    }


def _cached(data: dict[str, Any]) -> Response:
    return published.conditional(json_response(data), last_modified=None, max_age=MAX_AGE)


@bp.get("/languages")
def languages() -> Response:
    """Content languages (with their feeds) and the languages of the reader interface."""
    desk = get_desk()
    with desk.store.session() as session:
        codes = published.reader_languages(session, desk)
    content = [
        {
            "code": code,
            "tag": language_tag(code),
            "name": language_name(code),
            "english_name": language_name(code, "en"),
            "links": {
                "home": published.home_page(code),
                "dispatches": external_url("api.dispatches", lang=code),
                **{fmt.key: published.feed_url(code, fmt) for fmt in FEED_FORMATS},
            },
        }
        for code in codes
    ]
    interface = [
        {
            "code": code,
            "tag": tag,
            "name": language_name(code),
            "english_name": language_name(code, "en"),
        }
        for code, tag in UI_LANGUAGES.items()
    ]
    return _cached({"content_languages": content, "ui_languages": interface})


@bp.get("/dispatches")
def dispatches() -> Response:
    """Published dispatches in ``lang``, newest first, a page at a time."""
    lang = _required_lang()
    page, per_page = _paging()
    desk = get_desk()
    with desk.store.session() as session:
        published.require_language(session, desk, lang)
        items, total = published_in(
            session,
            lang,
            limit=per_page,
            offset=(page - 1) * per_page,
        )
    return _cached(_listing(items, total, language=lang, page=page, per_page=per_page))


@bp.get("/dispatches/<id:dispatch_id>")
def dispatch(dispatch_id: int) -> Response:
    """One published dispatch: the original, the languages it is in, and ``lang``'s version.

    Raises NotFound when the dispatch is not published at all or not in ``lang``.
    """
    raw_lang = params.single("lang")
    lang = _lang(raw_lang) if raw_lang else None
    desk = get_desk()
    with desk.store.session() as session:
        if lang is not None:
            published.require_language(session, desk, lang)
        versions = published_versions(session, dispatch_id)
        killed = None if versions else killed_dispatch(session, dispatch_id)
    languages = sorted(versions)
    if killed is not None:
        # canceled, as ninjs says it (pubstatus): the notice, never the withdrawn text
        notice = killed.notices.get(lang) if lang else next(iter(killed.notices.values()))
        return json_response(
            {
                "id": dispatch_id,
                "pubstatus": "canceled",
                "notice": notice,
                "killed_languages": killed.languages,
                "killed_at": killed.killed_at.isoformat(),
            },
            status=410,
        )
    if not languages:
        # Unpublished dispatches do not exist as far as readers can tell.
        raise errors.NotFound(f"no dispatch with id {dispatch_id}")
    view = reader_view(versions, lang)
    localized: dict[str, Any] | None = None
    if lang is not None:
        item = versions.get(lang)
        if item is None:
            raise errors.NotFound(f"dispatch {dispatch_id} is not published in {lang!r}")
        localized = _item(item)
        localized["sentences"] = [
            {"text": text, "source_index": index}
            for text, index in zip(item.summary, item.source_indexes, strict=False)
        ]
        localized["full_text"] = (
            {
                "engine": item.full_engine,
                "reviewed": item.full_reviewed,
                "sentences": [
                    {"text": text, "source_index": index}
                    for text, index in zip(item.full_text, item.full_source_indexes, strict=False)
                ],
            }
            if item.full_text
            else None
        )
        localized["downloads"] = {
            fmt: external_url("downloads.dispatch", lang=lang, dispatch_id=view.id, fmt=fmt)
            for fmt in DISPATCH_FORMATS
        }
    return _cached(
        {
            "id": view.id,
            "revision": view.revision,
            "original": _original(view),
            "available_languages": languages,
            "localized": localized,
            "links": _links(view, lang),
        }
    )


@bp.get("/digests/<day>")
def digest(day: str) -> Response:
    """The dispatches published in ``lang`` on one day of ``lang``'s time zone."""
    when = params.day(day)
    lang = _required_lang()
    page, per_page = _paging()
    desk = get_desk()
    zone = zone_for(lang)
    with desk.store.session() as session:
        published.require_language(session, desk, lang)
        items, total = published_in(
            session,
            lang,
            limit=per_page,
            offset=(page - 1) * per_page,
            day=when,
            timezone=zone,
        )
    data = _listing(items, total, language=lang, page=page, per_page=per_page, day=day)
    data.update(date=when.isoformat(), timezone=zone)
    data["downloads"] = {
        fmt: external_url("downloads.digest", lang=lang, day=when.isoformat(), fmt=fmt)
        for fmt in DIGEST_FORMATS
    }
    return _cached(data)


@bp.get("/openapi.json")
def openapi() -> Response:
    """The OpenAPI 3.1 document describing this API."""
    return _cached(openapi_document())


@bp.get("/", defaults={"unknown": ""})
@bp.get("/<path:unknown>")
def unknown_endpoint(unknown: str) -> Response:
    """Any other address under /api/v1 answers a JSON 404 rather than an HTML page."""
    del unknown
    return error_response(404, "no such API endpoint; see /api/v1/openapi.json")
