"""Errors at the web edge: a localized HTML page, or the API's JSON error for JSON clients.

Nothing internal (tracebacks, exception text of unexpected errors) reaches the client, and
every 500 is logged with its traceback: Flask logs an unhandled exception before handing it
here; the rest (a domain error nobody turned into an answer, an ``abort(500)``) are logged
here.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, current_app, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from jinja2 import TemplateError
from werkzeug.exceptions import HTTPException, InternalServerError
from werkzeug.exceptions import NotFound as HTTPNotFound

from publisher.errors import NotFound, PublisherError
from publisher.web.api import error_response, json_response
from publisher.web.i18n import select_locale

_MESSAGES: dict[int, tuple[Any, Any]] = {
    400: (_l("Bad request"), _l("The address or the form could not be understood.")),
    401: (_l("Log in first"), _l("This page is for the desk's editors: log in first.")),
    403: (_l("Not allowed"), _l("Your account may not do this. Ask an admin if it should.")),
    404: (
        _l("Page not found"),
        _l("There is nothing at this address. The dispatch may have been withdrawn."),
    ),
    405: (_l("Method not allowed"), _l("This address cannot be used that way.")),
    429: (
        _l("Too many attempts"),
        _l("There were too many attempts in a short time. Wait a minute, then try again."),
    ),
    500: (
        _l("Something went wrong"),
        _l("The server could not show this page. Please try again in a moment."),
    ),
}
# An over-long address (414) is one that could not be understood: the 400 words fit it.
_MESSAGES[414] = _MESSAGES[400]
_GENERIC = (_l("Error"), _l("The request could not be completed."))
_CSRF = (
    _l("The form has expired"),
    _l(
        "The form was not sent from this site's current page, or it is too old. "
        "Go back, reload the page and try again."
    ),
)
# Headers of an error that its answer keeps (which methods are allowed, when to try again).
_KEPT_HEADERS = {"allow", "retry-after"}
_JSON_PATHS = ("/api/", "/editor/api/")


def wants_json() -> bool:
    """Whether the client should get JSON: API paths, or an Accept that prefers JSON."""
    if request.path.startswith(_JSON_PATHS):
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json"


def problem_response(code: int, message: str) -> Response:
    """The one JSON error shape; the public API's allows any origin to read it, the editors'
    (behind a login) does not."""
    if request.path.startswith("/editor/"):
        return json_response({"error": {"code": code, "message": message}}, status=code)
    return error_response(code, message)


def _json(error: HTTPException, code: int) -> Response:
    # One error shape for every JSON answer: the API's. 5xx say nothing about the cause.
    if code >= 500:
        return problem_response(code, "the server could not answer this request")
    return problem_response(code, error.description or error.name)


def _page(code: int, words: tuple[Any, Any] | None = None) -> Response:
    title, message = words or _MESSAGES.get(code, _GENERIC)
    try:
        body = render_template(
            "error.html",
            code=code,
            title=str(title),
            message=str(message),
            page_lang=select_locale(),
        )
    except TemplateError:
        body = f"{code} {title}"
    response = Response(body, status=code, mimetype="text/html")
    response.cache_control.no_store = True
    return response


def _log_server_error(error: BaseException, code: int = 500) -> None:
    current_app.logger.error(
        "%s %s answered %s",
        request.method,
        request.path,
        code,
        exc_info=(type(error), error, error.__traceback__),
    )


def handle_http_error(error: HTTPException) -> Response:
    code = error.code or 500
    # Flask has logged an unhandled exception already (it is the original_exception).
    if code >= 500 and not (
        isinstance(error, InternalServerError) and error.original_exception is not None
    ):
        _log_server_error(error, code)
    response = _json(error, code) if wants_json() else _page(code)
    for name, value in error.get_headers():
        if name.lower() in _KEPT_HEADERS:
            response.headers[name] = value
    return response


def refusal(code: int, title: str, message: str) -> Response:
    """An error answer with words of the view's own: a localized page, or the JSON problem."""
    return problem_response(code, message) if wants_json() else _page(code, (title, message))


def handle_csrf_error(error: CSRFError) -> Response:
    """A state-changing request without this site's token (Flask-WTF says why)."""
    if wants_json():
        return problem_response(400, f"CSRF check failed: {error.description}")
    return _page(400, _CSRF)


def handle_not_found(error: NotFound) -> Response:
    return handle_http_error(HTTPNotFound(str(error)))


def handle_domain_error(error: PublisherError) -> Response:
    """A domain error no view turned into an answer: a 500, logged, that says nothing more."""
    _log_server_error(error)
    return handle_http_error(InternalServerError(original_exception=error))


def init_app(app: Flask) -> None:
    """Register the error handlers on ``app``."""
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(NotFound, handle_not_found)
    app.register_error_handler(PublisherError, handle_domain_error)
