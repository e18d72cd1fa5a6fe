"""The glossaries on the web (admins only) and the editors' translation memory (every editor):
thin pages over the same core functions as `publisher glossary` and `publisher memory`."""

from __future__ import annotations

import itertools
from typing import Any

from flask import flash, get_flashed_messages, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.exceptions import BadRequest
from werkzeug.wrappers import Response

from publisher.accounts.roles import Permission
from publisher.errors import NotFound, PublisherError
from publisher.glossary import files, store
from publisher.glossary.model import (
    GlossaryError,
    LanguagePair,
    TermKind,
    make_term,
    parse_kind,
    parse_pair,
)
from publisher.glossary.store import RowError
from publisher.translate.editor_memory import entries
from publisher.web import params
from publisher.web.editor import editor_blueprint, requires
from publisher.web.extensions import get_desk
from publisher.web.i18n import select_locale
from publisher.web.review_forms import form_choice, form_text
from publisher.web.review_words import refusal_message

bp = editor_blueprint("glossaries", __name__)
admin_only = requires(Permission.MANAGE_GLOSSARIES)

# an upload a little over the largest glossary file (the multipart framing around it)
MAX_UPLOAD = files.MAX_FILE_BYTES + 64 * 1024
MAX_REPORTED = 200  # skipped rows listed on the page; the count says how many in all
MEMORY_PAGE_SIZE = 50


@bp.url_value_preprocessor
def _bound_uploads(_endpoint: str | None, _values: dict[str, Any] | None) -> None:
    # URL value preprocessors run before every before_request function, the CSRF check's
    # among them, which reads the form: the bound holds from the first byte of an upload
    request.max_content_length = MAX_UPLOAD


def _render(template: str, status: int = 200, **context: Any) -> tuple[str, int]:
    return render_template(template, page_lang=select_locale(), **context), status


def _pair(text: str) -> LanguagePair:
    try:
        return parse_pair(text)
    except GlossaryError:
        raise BadRequest(description="a language pair is written like en-ko") from None


@bp.get("/glossaries")
@admin_only
def glossaries() -> Response | tuple[str, int]:
    """Every pair's glossary, and a way to open (or start) one."""
    wanted = params.text("pair")
    if wanted:
        pair = _pair(wanted)
        return _see_pair(pair)
    with get_desk().store.session() as session:
        infos = store.list_glossaries(session)
    return _render("editor/glossaries.html", infos=infos, kinds=[k.value for k in TermKind])


def _see_pair(pair: LanguagePair) -> Response:
    response = Response(status=303)
    response.headers["Location"] = url_for("glossaries.glossary", pair=str(pair))
    return response


def _glossary_page(pair: LanguagePair, status: int = 200, **context: Any) -> tuple[str, int]:
    with get_desk().store.session() as session:
        snap = store.snapshot(session, pair.source, pair.target)
    return _render(
        "editor/glossary.html",
        status,
        pair=str(pair),
        snapshot=snap,
        kinds=[k.value for k in TermKind],
        formats=files.FORMATS,
        messages=get_flashed_messages(),
        max_upload=files.MAX_FILE_BYTES,
        **context,
    )


@bp.get("/glossaries/<pair>")
@admin_only
def glossary(pair: str) -> tuple[str, int]:
    """One pair's terms, with forms to add, remove, import and export."""
    return _glossary_page(_pair(pair))


@bp.post("/glossaries/<pair>/add")
@admin_only
def add_term(pair: str) -> Response | tuple[str, int]:
    chosen = _pair(pair)
    try:
        term = make_term(
            form_text("source", limit=2_000) or "",
            form_text("target", limit=2_000),
            parse_kind(form_choice("kind", [k.value for k in TermKind])),
            form_text("note"),
            request.form.get("any_case") != "1",
        )
        with get_desk().store.session() as session:
            (outcome,) = store.add_terms(session, chosen, [term])
    except PublisherError as error:
        return _glossary_page(chosen, 400, error=refusal_message(error))
    flash(_("%(term)s: %(outcome)s", term=term.source, outcome=outcome.value))
    return _see_pair(chosen)


@bp.post("/glossaries/<pair>/remove")
@admin_only
def remove_term(pair: str) -> Response | tuple[str, int]:
    chosen = _pair(pair)
    kind = request.form.get("kind") or None
    try:
        with get_desk().store.session() as session:
            count = store.remove_terms(
                session,
                chosen,
                form_text("source", limit=2_000) or "",
                parse_kind(form_choice("kind", [k.value for k in TermKind])) if kind else None,
                form_text("target", limit=2_000),
            )
    except (NotFound, GlossaryError) as error:
        return _glossary_page(chosen, 400, error=refusal_message(error))
    flash(_("Removed %(count)d entries.", count=count))
    return _see_pair(chosen)


@bp.post("/glossaries/<pair>/import")
@admin_only
def import_terms(pair: str) -> tuple[str, int]:
    """A CSV or TBX upload: the good rows in one transaction, each skipped row reported."""
    chosen = _pair(pair)
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        return _glossary_page(chosen, 400, error=_("Choose a CSV or TBX file to import."))
    fmt = request.form.get("format") or ""
    if fmt not in files.FORMATS:
        try:
            fmt = files.format_of(upload.filename)
        except GlossaryError as error:
            return _glossary_page(chosen, 400, error=refusal_message(error))
    try:
        data = upload.stream.read(files.MAX_FILE_BYTES + 1)
    finally:
        upload.close()  # a large upload is spooled to a temporary file: let it go at once
    if len(data) > files.MAX_FILE_BYTES:
        message = _(
            "The file is larger than %(size)s bytes, the most a glossary may be.",
            size=f"{files.MAX_FILE_BYTES:,}",
        )
        return _glossary_page(chosen, 413, error=message)
    try:
        rows, errors = files.parse(data, fmt, chosen)
        with get_desk().store.session() as session:
            report = store.import_terms(session, chosen, rows)
    except PublisherError as error:
        return _glossary_page(chosen, 400, error=refusal_message(error))
    skipped: list[RowError] = [*errors, *report.errors]
    return _glossary_page(
        chosen,
        200,
        report={
            "outcomes": dict(sorted(report.outcomes.items())),
            "skipped": skipped[:MAX_REPORTED],
            "skipped_count": len(skipped),
            "version": report.version,
        },
    )


@bp.get("/glossaries/<pair>/export.<fmt>")
@admin_only
def export_glossary(pair: str, fmt: str) -> Response:
    chosen = _pair(pair)
    if fmt not in files.FORMATS:
        raise BadRequest(description=f"format must be one of {', '.join(files.FORMATS)}")
    with get_desk().store.session() as session:
        snap = store.snapshot(session, chosen.source, chosen.target)
    if snap.version == 0:
        raise NotFound(f"there is no {chosen} glossary")
    media = "text/csv; charset=utf-8" if fmt == "csv" else "application/x-tbx+xml"
    response = Response(files.render(snap.terms, fmt, chosen, snap.version), mimetype=media)
    name = f"glossary-{chosen.source}-{chosen.target}.{fmt}"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@bp.get("/memory")
def memory() -> tuple[str, int]:
    """The editors' translation memory, by pair and approval time (retired ones on asking)."""
    wanted = params.text("pair")
    chosen = _pair(wanted) if wanted else None
    retired = params.choice("retired", ["1"]) == "1"
    page = params.page_number()
    start = (page - 1) * MEMORY_PAGE_SIZE
    with get_desk().store.session() as session:
        # streamed: a page of a large memory reads no more than it shows (and one more)
        found = list(
            itertools.islice(
                entries(
                    session,
                    str(chosen.source) if chosen else None,
                    str(chosen.target) if chosen else None,
                    include_retired=retired,
                ),
                start,
                start + MEMORY_PAGE_SIZE + 1,
            )
        )
    filters = {"pair": str(chosen) if chosen else None, "retired": "1" if retired else None}
    return _render(
        "editor/memory.html",
        entries=found[:MEMORY_PAGE_SIZE],
        page=page,
        has_next=len(found) > MEMORY_PAGE_SIZE,
        filters={k: v for k, v in filters.items() if v},
    )
