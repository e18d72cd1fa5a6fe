"""Reader pages: home, daily digest, dispatch, search, and the language choice."""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask import Blueprint, abort, current_app, request, url_for
from flask import render_template as flask_render_template
from flask_babel import gettext as _
from markupsafe import Markup, escape
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from publisher import reading
from publisher import search as search_index
from publisher.web import caching, params
from publisher.web.extensions import get_desk
from publisher.web.i18n import UI_LANGUAGES, language_tag, preferred_language
from publisher.web.topics import topic_name
from publisher.web.urls import external_url, redirect_to, redirect_to_path
from publisher.web.zones import zone_for

bp = Blueprint("pages", __name__)

LANG_COOKIE = "lang"
LANG_COOKIE_AGE = 365 * 24 * 3600
DIGEST_LIMIT = 1000
GROUPINGS = ("topic", "agency")


@bp.url_value_preprocessor
def _check_language(_endpoint: str | None, values: dict[str, Any] | None) -> None:
    if values is not None and "lang" in values and values["lang"] not in UI_LANGUAGES:
        abort(404)


@bp.url_defaults
def _keep_language(endpoint: str, values: dict[str, Any]) -> None:
    if "lang" in values or not request or not request.view_args:
        return
    if "lang" in request.view_args and current_app.url_map.is_endpoint_expecting(endpoint, "lang"):
        values["lang"] = request.view_args["lang"]


@bp.app_template_filter("highlight")
def highlight(text: str, terms: list[str]) -> Markup:
    """``text`` escaped, with every case-insensitive occurrence of a term in <mark>."""
    words = sorted({t for t in terms if t}, key=len, reverse=True)
    if not words:
        return escape(text)
    pattern = re.compile("|".join(re.escape(word) for word in words), re.IGNORECASE)
    parts: list[str] = []
    last = 0
    for match in pattern.finditer(text):
        parts.append(str(escape(text[last : match.start()])))
        parts.append(f"<mark>{escape(match.group(0))}</mark>")
        last = match.end()
    parts.append(str(escape(text[last:])))
    return Markup("".join(parts))


def download_labels() -> list[tuple[str, str]]:
    """The download formats with their names on the page."""
    return [
        ("txt", _("Plain text")),
        ("md", "Markdown"),
        ("html", "HTML"),
        ("epub", "EPUB"),
        ("docx", _("Word document")),
    ]


@contextmanager
def _session() -> Iterator[Session]:
    with get_desk().store.session() as session:
        yield session


def _alternates(lang: str, languages: list[str] | None, query: dict[str, Any]) -> dict[str, Any]:
    """hreflang alternates, the canonical URL and the language-switch targets of this page.

    ``query`` holds the page's checked query parameters, so that no link repeats raw input.
    """
    endpoint = request.endpoint or "pages.home"
    args = dict(request.view_args or {})
    query = {key: value for key, value in query.items() if value not in (None, "", 1)}
    shown = [code for code in UI_LANGUAGES if languages is None or code in languages]

    def absolute(code: str) -> str:
        return external_url(endpoint, **{**args, "lang": code}, **query)

    def local(code: str) -> str:
        # the path inside the site (without the mount point) that `choose` accepts as a target
        values: dict[str, Any] = {**args, "lang": code, **query}
        return url_for(endpoint, **values).removeprefix(request.script_root)

    default = "en" if "en" in shown else (shown[0] if shown else lang)
    return {
        "canonical": absolute(lang),
        "alternates": [(language_tag(code), absolute(code)) for code in shown]
        + [("x-default", absolute(default))],
        "switch": {
            code: url_for("pages.choose", lang=code, next=local(code)) for code in UI_LANGUAGES
        },
    }


def _render(
    template: str,
    lang: str,
    languages: list[str] | None = None,
    link_query: dict[str, Any] | None = None,
    **context: Any,
) -> str:
    return flask_render_template(
        template, page_lang=lang, **_alternates(lang, languages, link_query or {}), **context
    )


def _today(lang: str) -> date:
    """Today's date for readers of ``lang``: in the zone their pages show."""
    return datetime.now(ZoneInfo(zone_for(lang))).date()


@bp.get("/")
def root() -> Response:
    """Send the reader to their language: the remembered choice, else what the browser asks."""
    response = redirect_to("pages.home", code=302, lang=preferred_language())
    response.vary.update(["Accept-Language", "Cookie"])
    response.cache_control.private = True
    response.cache_control.no_cache = True
    return response


@bp.get("/<lang>/choose")
def choose(lang: str) -> Response:
    """Remember ``lang`` as the reader's choice and go on to ``next`` (a page in ``lang``)."""
    response = redirect_to_path(params.local_target(lang), code=303)
    response.set_cookie(
        LANG_COOKIE,
        lang,
        max_age=LANG_COOKIE_AGE,
        samesite="Lax",
        httponly=True,
        secure=request.is_secure,
    )
    return response


@bp.get("/<lang>/")
def home(lang: str) -> Response:
    """The latest dispatches published in ``lang``, newest first."""
    page = params.page_number()
    settings = get_desk().settings
    with _session() as session:
        validator = caching.validator_for(session, lang)
        cached = caching.reuse(validator)
        if cached is not None:
            return cached
        items, total = reading.published_in(
            session,
            lang,
            limit=settings.page_size,
            offset=(page - 1) * settings.page_size,
        )
    if page > 1 and not items:
        abort(404)
    body = _render(
        "home.html",
        lang,
        link_query={"page": page},
        items=items,
        total=total,
        page=page,
        pages=max(1, math.ceil(total / settings.page_size)),
        today=_today(lang),
    )
    return caching.finish(body, validator)


@bp.get("/<lang>/digest/")
def digest_today(lang: str) -> Response:
    """Today's digest, at its dated address."""
    return redirect_to("pages.digest", code=302, lang=lang, day=_today(lang).isoformat())


def _group_key(item: reading.LocalizedItem, by: str, lang: str) -> str:
    """The heading an item is grouped under: its first topic in ``lang``, or its agency."""
    if by == "topic":
        return topic_name(item.dispatch.topics[0], lang) if item.dispatch.topics else ""
    return item.dispatch.agency or ""


@bp.get("/<lang>/digest/<day>")
def digest(lang: str, day: str) -> Response:
    """Every dispatch published in ``lang`` on ``day`` (in ``lang``'s time zone), grouped."""
    when = params.day(day)
    requested = params.choice("by", GROUPINGS)
    with _session() as session:
        validator = caching.validator_for(session, lang)
        cached = caching.reuse(validator)
        if cached is not None:
            return cached
        items, total = reading.published_in(
            session,
            lang,
            limit=DIGEST_LIMIT,
            day=when,
            timezone=zone_for(lang),
        )
    has_topics = any(item.dispatch.topics for item in items)
    by = requested or ("topic" if has_topics else "agency")
    groups: dict[str, list[reading.LocalizedItem]] = {}
    for item in items:
        groups.setdefault(_group_key(item, by, lang), []).append(item)
    ordered = sorted(groups.items(), key=lambda pair: (pair[0] == "", pair[0].casefold()))
    body = _render(
        "digest.html",
        lang,
        digest_formats=[pair for pair in download_labels() if pair[0] in ("epub", "docx")],
        link_query={"by": requested},
        day=when,
        groups=ordered,
        by=by,
        total=total,
        previous_day=date.fromordinal(when.toordinal() - 1),
        next_day=date.fromordinal(when.toordinal() + 1) if when < _today(lang) else None,
    )
    return caching.finish(body, validator)


def dispatch_context(versions: dict[str, reading.LocalizedItem], lang: str) -> dict[str, Any]:
    """What dispatch.html shows of a dispatch with these readable versions to a reader of
    ``lang``; the editors' preview renders a draft through the same (publisher.review.preview).
    """
    item = versions.get(lang)
    view = reading.reader_view(versions, lang)
    original = reading.localize(view, view.source_language)
    # beside a translation stand the original sentences it was made from, whatever the
    # original's own published summary is now (a later summary may not be translated yet)
    if item is not None and not item.is_original:
        original_indexes = list(item.source_indexes)
    else:
        original_indexes = list(original.source_indexes) if original else []
    paragraphs: dict[int, list[dict[str, Any]]] = {}
    for sentence in view.sentences:
        paragraphs.setdefault(sentence["paragraph"], []).append(sentence)
    # the full text in the page's language, paragraph by paragraph of the original
    paragraph_of = {sentence["index"]: sentence["paragraph"] for sentence in view.sentences}
    full: dict[int, list[tuple[int, str]]] = {}
    if item is not None:
        for source, text in zip(item.full_source_indexes, item.full_text, strict=False):
            full.setdefault(paragraph_of.get(source, 0), []).append((source, text))
    return {
        "full_paragraphs": [full[key] for key in sorted(full)],
        "download_formats": download_labels(),
        "view": view,
        "item": item,
        "original": original,
        "original_indexes": original_indexes,
        "available": sorted(versions),
        "summary_indexes": set(original_indexes),
        "sentence_text": {sentence["index"]: sentence["text"] for sentence in view.sentences},
        "paragraphs": [paragraphs[key] for key in sorted(paragraphs)],
    }


@bp.get("/<lang>/dispatch/<id:dispatch_id>")
def dispatch(lang: str, dispatch_id: int) -> Response:
    """One dispatch in ``lang`` beside its original; says so when ``lang`` is missing.

    Raises NotFound (a 404) when the dispatch does not exist or is published in no language.
    """
    with _session() as session:
        validator = caching.validator_for(session, lang)
        cached = caching.reuse(validator)
        if cached is not None:
            return cached
        versions = reading.published_versions(session, dispatch_id)
        killed = None if versions else reading.killed_dispatch(session, dispatch_id)
    if killed is not None:
        # a story taken down leaves its notice, never its text; gone for good unless an
        # editor brings it back, hence 410 and no page cache
        body = _render("killed.html", lang, killed=killed, notice=killed.notices.get(lang))
        response = caching.finish(body, validator, store=False)
        response.status_code = 410
        return response
    if not versions:
        abort(404)
    context = dispatch_context(versions, lang)
    body = _render("dispatch.html", lang, languages=context["available"], **context)
    return caching.finish(body, validator)


@bp.get("/<lang>/search")
def search(lang: str) -> Response:
    """Dispatches whose headline or summary in any language contains the query."""
    query = params.search_query()
    page = params.page_number()
    settings = get_desk().settings
    results = None
    shown: list[tuple[reading.LocalizedItem, search_index.SearchHit]] = []
    with _session() as session:
        validator = caching.validator_for(session, lang)
        cached = caching.reuse(validator)
        if cached is not None:
            return cached
        if query:
            results = search_index.search(
                session,
                query,
                limit=settings.page_size,
                offset=(page - 1) * settings.page_size,
            )
    if results is not None:
        for hit in results.hits:
            # Show the dispatch in the page's language when it has one, else as it matched.
            for code in [lang, *hit.languages]:
                item = reading.localize(hit.dispatch, code)
                if item is not None:
                    shown.append((item, hit))
                    break
    total = results.total if results is not None else 0
    body = _render(
        "search.html",
        lang,
        link_query={"q": query, "page": page},
        query=query,
        results=results,
        shown=shown,
        total=total,
        page=page,
        pages=max(1, math.ceil(total / settings.page_size)),
    )
    return caching.finish(body, validator)
