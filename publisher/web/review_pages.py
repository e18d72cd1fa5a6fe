"""The editors' review pages: the queue, one page per dispatch, its preview, and the forms
that act on it. Every form works without JavaScript (static/review.js and queue.js add
keyboard shortcuts and the "who else has it open" refresh); every view calls desk.review,
the same service as `publisher review`.
"""

from __future__ import annotations

import math
import re
from datetime import timedelta
from typing import Any

from flask import flash, get_flashed_messages, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.exceptions import BadRequest
from werkzeug.wrappers import Response

from publisher.db import utcnow
from publisher.errors import EditConflict, InvalidTransition, PublisherError
from publisher.languages import language_name
from publisher.publication import VersionState
from publisher.review.presence import Presence
from publisher.review.preview import preview_versions
from publisher.review.states import TRANSITIONS, Action
from publisher.review.views import QueueEntry, ReviewDetail
from publisher.summarize import METHODS
from publisher.web import params
from publisher.web.api import json_response
from publisher.web.editor import editor_blueprint, me
from publisher.web.extensions import get_desk
from publisher.web.i18n import UI_LANGUAGES, select_locale
from publisher.web.pages import dispatch_context
from publisher.web.problems import refusal
from publisher.web.review_forms import (
    edited_fields,
    form_choice,
    form_languages,
    form_number,
    form_text,
    selected_indexes,
)
from publisher.web.review_words import (
    ACTIONS,
    DONE,
    ORIGINS,
    SENTENCE_STATES,
    VERSION_STATES,
    refusal_message,
    word,
)
from publisher.web.urls import redirect_to

bp = editor_blueprint("review", __name__)

QUEUE_PAGE_SIZE = 50
QUEUE_FETCH = 100_000  # every waiting version: the queue sorts and counts them all anyway
AGES = {"1h": timedelta(hours=1), "6h": timedelta(hours=6), "1d": timedelta(days=1)}
AGES |= {"7d": timedelta(days=7)}
MAX_AGENCY = 100
MAX_LANGUAGE = 35
MAX_SUMMARY_COUNT = 50
_LANGUAGE_CODE = re.compile(r"[A-Za-z0-9-]{1,35}")
# the actions offered per language version, in this order (those its state allows)
VERSION_ACTIONS = (
    Action.APPROVE,
    Action.SUBMIT,
    Action.PUBLISH,
    Action.REJECT,
    Action.REOPEN,
    Action.UNPUBLISH,
    Action.REPUBLISH,
    Action.KILL,
)


@bp.app_template_global("state_word")
def state_word(state: str) -> str:
    return word(VERSION_STATES, state)


@bp.app_template_global("sentence_state_word")
def sentence_state_word(state: str) -> str:
    return word(SENTENCE_STATES, state)


@bp.app_template_global("origin_word")
def origin_word(origin: str) -> str:
    return word(ORIGINS, origin)


@bp.app_template_global("action_word")
def action_word(action: str) -> str:
    return word(ACTIONS, action)


def allowed_actions(state: str) -> list[str]:
    """The actions a version in ``state`` may take, by the workflow's one table."""
    current = VersionState(state)
    return [a.value for a in VERSION_ACTIONS if current in TRANSITIONS[a].sources]


def presence() -> Presence:
    """Who has which dispatch open, as every worker of the desk sees it."""
    return Presence(get_desk().store)


def _render(template: str, status: int = 200, **context: Any) -> tuple[str, int]:
    return render_template(template, page_lang=select_locale(), **context), status


# -- the queue ------------------------------------------------------------------------


def _language_filter() -> str | None:
    raw = params.text("lang")
    if raw is None or raw == "":
        return None
    if len(raw) > MAX_LANGUAGE or not all(c.isascii() and (c.isalnum() or c == "-") for c in raw):
        raise BadRequest(description="lang must be a language code such as ko or zh-Hant")
    return raw


def _agency_filter() -> str | None:
    raw = " ".join((params.text("agency") or "").split())
    if len(raw) > MAX_AGENCY:
        raise BadRequest(description=f"agency has at most {MAX_AGENCY} characters")
    return raw or None


@bp.get("/queue")
def queue() -> tuple[str, int]:
    """Language versions awaiting review, those with open quality flags first, then the
    longest waiting; filters by language, state, agency, age and flags."""
    lang = _language_filter()
    state = params.choice("state", [s.value for s in VersionState])
    agency = _agency_filter()
    age = params.choice("age", AGES)
    flagged = params.choice("flagged", ["1"]) == "1"
    page = params.page_number()
    result = get_desk().review.queue(
        languages=[lang] if lang else (),
        states=[state] if state else (),
        agency=agency,
        older_than=utcnow() - AGES[age] if age else None,
        flagged_first=True,
        limit=QUEUE_FETCH,
    )
    entries: list[QueueEntry] = result.entries
    if flagged:
        entries = [entry for entry in entries if entry.flags > 0]
    total = len(entries)
    pages = max(1, math.ceil(total / QUEUE_PAGE_SIZE))
    if page > pages:
        page = pages
    shown = entries[(page - 1) * QUEUE_PAGE_SIZE : page * QUEUE_PAGE_SIZE]
    filters = {"lang": lang, "state": state, "agency": agency, "age": age}
    filters["flagged"] = "1" if flagged else None
    return _render(
        "editor/queue.html",
        entries=shown,
        total=total,
        page=page,
        pages=pages,
        by_state=result.by_state,
        by_language=result.by_language,
        filters={k: v for k, v in filters.items() if v},
        states=[s.value for s in VersionState],
        ages=list(AGES),
        messages=get_flashed_messages(),
        allowed_actions=allowed_actions,
    )


# -- one dispatch ---------------------------------------------------------------------


def _page(
    dispatch_id: int,
    status: int = 200,
    *,
    error: str | None = None,
    conflict: EditConflict | None = None,
    conflict_language: str | None = None,
    drafts: dict[str, dict[str, str]] | None = None,
) -> tuple[str, int]:
    """The review page; after a refused save it keeps the editor's text in the form."""
    desk = get_desk()
    detail: ReviewDetail = desk.review.detail(dispatch_id)
    flags = desk.flags(dispatch_id, include_dismissed=True)
    history = desk.review.history(dispatch_id)
    who = me().email
    presence().seen(dispatch_id, who)
    by_place: dict[tuple[str, str, int | None], list[Any]] = {}
    for flag in flags:
        by_place.setdefault((flag.language, flag.segment, flag.sentence_index), []).append(flag)
    return _render(
        "editor/review.html",
        status,
        detail=detail,
        flags=by_place,
        open_flags=sum(1 for flag in flags if flag.is_open),
        history=history,
        others=presence().others(dispatch_id, who),
        error=error,
        conflict=conflict,
        conflict_language=conflict_language,
        drafts=drafts or {},
        messages=get_flashed_messages(),
        allowed_actions=allowed_actions,
        methods=sorted(METHODS),
        downloads=_downloads(detail),
    )


def _downloads(detail: ReviewDetail) -> dict[str, list[dict[str, str]]]:
    """The files an editor can take away: every translation's draft (XLIFF 2.1, XLIFF 1.2,
    CSV; publisher.web.editor_downloads) and the readers' downloads of what is published."""
    from publisher.web.downloads import DISPATCH_FORMATS
    from publisher.web.editor_downloads import draft_links

    targets = [lang for lang, version in detail.versions.items() if not version.is_source]
    published = [
        {
            "language": lang,
            "format": fmt,
            "url": url_for(
                "downloads.dispatch", lang=lang, dispatch_id=detail.dispatch_id, fmt=fmt
            ),
        }
        for lang, version in detail.versions.items()
        if version.published is not None
        and version.published.state == VersionState.PUBLISHED
        and lang in UI_LANGUAGES  # readers' pages and downloads exist in UI languages
        for fmt in DISPATCH_FORMATS
    ]
    today = utcnow().date()
    shared = [
        {"label": "memory", "url": url_for("editor_downloads.memory")},
        {
            "label": "archive",
            "url": url_for(
                "editor_downloads.archive",
                since=(today - timedelta(days=6)).isoformat(),
                until=today.isoformat(),
            ),
        },
    ]
    return {
        "drafts": draft_links(detail.dispatch_id, targets),
        "published": published,
        "shared": shared,
    }


@bp.get("/dispatch/<id:dispatch_id>")
def dispatch(dispatch_id: int) -> tuple[str, int]:
    """Everything an editor needs for one dispatch on one page."""
    return _page(dispatch_id)


def _back(dispatch_id: int, anchor: str = "") -> Response:
    target = url_for("review.dispatch", dispatch_id=dispatch_id) + anchor
    response = Response(status=303)
    response.headers["Location"] = target
    return response


def _refused(dispatch_id: int, error: PublisherError, **context: Any) -> tuple[str, int]:
    status = 409 if isinstance(error, EditConflict | InvalidTransition) else 400
    return _page(dispatch_id, status, error=refusal_message(error), **context)


@bp.post("/dispatch/<id:dispatch_id>/act")
def act(dispatch_id: int) -> Response | tuple[str, int]:
    """Approve, reject, publish, kill ... one language version, or all it applies to."""
    action = form_choice("action", [a.value for a in Action])
    languages = form_languages()
    expected = form_number("expected_version", required=False)
    try:
        outcomes = get_desk().review.act(
            dispatch_id,
            action,
            me().email,
            languages=languages or None,
            reason=form_text("reason"),
            notice=form_text("notice"),
            expected_version=expected or None,
        )
    except PublisherError as error:
        return _refused(dispatch_id, error)
    for outcome in outcomes:
        flash(f"{outcome.language}: {word(DONE, outcome.action)}")
    if request.form.get("next") == "queue":
        return redirect_to("review.queue", code=303)
    return _back(dispatch_id)


@bp.post("/dispatch/<id:dispatch_id>/edit/<lang>")
def edit(dispatch_id: int, lang: str) -> Response | tuple[str, int]:
    """Save what the editor changed in one language (the fields whose text differs from what
    the page showed); a conflicting save shows base, mine and theirs and keeps the text."""
    expected = form_number("expected_version")
    headline, sentences, submitted = edited_fields()
    if headline is None and not sentences:
        flash(_("Nothing changed: nothing to save."))
        return _back(dispatch_id, f"#lang-{lang}")
    try:
        get_desk().review.edit(
            dispatch_id,
            lang,
            me().email,
            expected_version=expected,
            headline=headline,
            sentences=sentences,
        )
    except EditConflict as error:
        return _refused(
            dispatch_id,
            error,
            conflict=error,
            conflict_language=lang,
            drafts={lang: submitted},
        )
    except PublisherError as error:
        return _refused(dispatch_id, error, drafts={lang: submitted})
    flash(_("Saved."))
    return _back(dispatch_id, f"#lang-{lang}")


@bp.post("/dispatch/<id:dispatch_id>/selection")
def selection(dispatch_id: int) -> Response | tuple[str, int]:
    """The editor's choice of summary sentences; every translation of it goes stale."""
    try:
        get_desk().review.change_selection(
            dispatch_id,
            me().email,
            expected_version=form_number("expected_version"),
            indexes=selected_indexes(),
        )
    except PublisherError as error:
        return _refused(dispatch_id, error)
    flash(_("The summary selection was changed; its translations are being redone."))
    return _back(dispatch_id, "#original")


@bp.post("/dispatch/<id:dispatch_id>/resummarize")
def resummarize(dispatch_id: int) -> Response | tuple[str, int]:
    """Run a summarizer again with another method or length."""
    method = form_choice("method", METHODS)
    count = form_number("count", required=False, maximum=MAX_SUMMARY_COUNT)
    try:
        get_desk().review.resummarize(
            dispatch_id,
            me().email,
            expected_version=form_number("expected_version"),
            method=method,
            count=count,
        )
    except PublisherError as error:
        return _refused(dispatch_id, error)
    flash(_("The summary was made again; its translations are being redone."))
    return _back(dispatch_id, "#original")


@bp.post("/flags/<id:flag_id>/dismiss")
def dismiss_flag(flag_id: int) -> Response | tuple[str, int]:
    """Dismiss a quality flag as a false alarm, with a reason, for exactly its texts."""
    dispatch_id = form_number("dispatch_id")
    try:
        get_desk().dismiss_flag(flag_id, reason=form_text("reason") or "", user=me().email)
    except PublisherError as error:
        return _refused(dispatch_id, error)
    flash(_("The flag was dismissed."))
    return _back(dispatch_id)


@bp.get("/dispatch/<id:dispatch_id>/preview/<lang>")
def preview(dispatch_id: int, lang: str) -> Response | tuple[str, int]:
    """The draft in ``lang`` exactly as readers would see it once published: the readers'
    own template, given the draft through the rule that publishes."""
    desk = get_desk()
    with desk.store.session() as session:
        versions = preview_versions(session, dispatch_id, lang)
    if versions is None:
        return _no_preview(lang)
    context = dispatch_context(versions, lang)
    # a content language that is no UI language is shown in the editor's own UI language
    page_lang = lang if lang in UI_LANGUAGES else select_locale()
    return render_template("dispatch.html", page_lang=page_lang, **context), 200


def _no_preview(lang: str) -> Response:
    message = _(
        "The %(language)s version of this dispatch is not complete yet: there is nothing "
        "readers could be shown.",
        language=language_name(lang) if _LANGUAGE_CODE.fullmatch(lang) else "?",
    )
    return refusal(404, _("No preview"), message)


@bp.get("/api/dispatch/<id:dispatch_id>/presence")
def api_presence(dispatch_id: int) -> Response:
    """Who else has the dispatch open; asking renews one's own presence (the page polls)."""
    who = me().email
    presence().seen(dispatch_id, who)
    return json_response(
        {"dispatch_id": dispatch_id, "others": presence().others(dispatch_id, who)}
    )
