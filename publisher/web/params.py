"""Reader input, checked in one place: the request itself, then each parameter a view reads.

Everything a client sends is hostile until checked here. The request as a whole (its Host,
path and query string) is checked before any view runs: a Host that is no host name, an
address that is not UTF-8 or a path with control characters answers 400, an over-long
address 414.
Overlong preference headers (Accept-Language and its kin) are ignored rather than parsed.

Then the views read their parameters through the functions below, which answer like the API:
a malformed value is a 400 (BadRequest) with a message naming the parameter; a well-formed
value that names nothing is the view's 404. Path segments that cannot name anything (an id
that is not a plain number, or beyond what the database can hold) do not route: a 404.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any
from urllib.parse import unquote_to_bytes

from flask import Flask, request
from werkzeug.exceptions import BadRequest, RequestURITooLarge
from werkzeug.routing import BaseConverter, ValidationError

MAX_PAGE = 10**9
MAX_PER_PAGE = 100
MAX_ID = 2**63 - 1  # database integers are 64-bit: a larger id names nothing
MAX_QUERY = 200  # characters of a search query that are searched for
MAX_PATH = 1024  # characters of a decoded path
MAX_QUERY_STRING = 8192  # bytes of a raw query string
MAX_PREFERENCE = 1024  # characters of Accept, Accept-Language, Accept-Encoding
MAX_HOST = 255

_DIGITS = re.compile(r"[0-9]{1,20}")
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_HOST = re.compile(
    r"(?:\[[0-9A-Fa-f:.]{2,45}\]|(?:[A-Za-z0-9_-]{1,63}\.)*[A-Za-z0-9_-]{1,63}\.?)"
    r"(?::(?P<port>[0-9]{1,5}))?"
)
_PREFERENCES = ("HTTP_ACCEPT", "HTTP_ACCEPT_LANGUAGE", "HTTP_ACCEPT_ENCODING")
_REFUSED = "publisher.refused_host"
# Stands in for a Host header that is no host name, so the error page can still be built.
_PLACEHOLDER_HOST = "invalid"


def has_control(text: str) -> bool:
    """Whether ``text`` holds a control character (C0, DEL or C1: NUL, CR, LF, ESC ...)."""
    return any(unicodedata.category(char) == "Cc" for char in text)


class DispatchIdConverter(BaseConverter):
    """``<id:dispatch_id>``: a plain decimal number from 1 to MAX_ID, written canonically.

    ASCII digits only (werkzeug's ``int`` also takes ``١٢``), no leading zero (``007`` is not
    a second address of 7), and nothing the database could not hold; anything else does not
    route, so it is a 404.
    """

    regex = r"[1-9][0-9]{0,18}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > MAX_ID:
            raise ValidationError()
        return number

    def to_url(self, value: Any) -> str:
        return str(int(value))


def host_problem(host: str) -> str | None:
    """Why a Host header value is no ``host[:port]``, or None when it is one."""
    match = _HOST.fullmatch(host) if len(host) <= MAX_HOST else None
    if match is None:
        return "the Host header is not a host name"
    port = match.group("port")
    if port is not None and not 0 < int(port) <= 65535:
        return "the Host header names no port"
    return None


class RequestGuard:
    """WSGI middleware run before Flask builds its request context.

    A Host header that is no host name would break URL building for the whole request (and
    with it the error page), so it is replaced by a placeholder and the request marked to be
    refused; overlong preference headers are dropped, since they only ever express a wish.
    """

    def __init__(self, app: Callable[..., Iterable[bytes]]) -> None:
        self.app = app

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        host = environ.get("HTTP_HOST")
        if host is not None:
            problem = host_problem(host)
            if problem is not None:
                environ = {**environ, "HTTP_HOST": _PLACEHOLDER_HOST, _REFUSED: problem}
        for name in _PREFERENCES:
            if len(environ.get(name, "")) > MAX_PREFERENCE:
                environ = {key: value for key, value in environ.items() if key != name}
        return self.app(environ, start_response)


def _wsgi_bytes(name: str) -> bytes:
    # WSGI hands the path and query as latin-1 text standing for the bytes sent.
    return str(request.environ.get(name, "")).encode("latin-1", "replace")


def check_request() -> None:
    """Refuse a request whose Host, path or query string is unusable (before any view).

    Raises BadRequest for a Host that is no host name, a path or query string that is not
    UTF-8 or holds control characters; RequestURITooLarge for an over-long path or query.
    Query parameters are left to the views, which check those they read.
    """
    problem = request.environ.get(_REFUSED)
    if problem is not None:
        raise BadRequest(description=problem)
    path = _wsgi_bytes("PATH_INFO")
    query = _wsgi_bytes("QUERY_STRING")
    if len(path) > MAX_PATH * 4 or len(request.path) > MAX_PATH:
        raise RequestURITooLarge(description=f"the path is longer than {MAX_PATH} characters")
    if len(query) > MAX_QUERY_STRING:
        raise RequestURITooLarge(
            description=f"the query string is longer than {MAX_QUERY_STRING} bytes"
        )
    try:
        path.decode("utf-8")
        unquote_to_bytes(query).decode("utf-8")
    except UnicodeDecodeError:
        raise BadRequest(description="the address is not valid UTF-8") from None
    if has_control(request.path):
        raise BadRequest(description="the path holds control characters")


def single(name: str) -> str | None:
    """The one value of query parameter ``name``, None when absent.

    Raises BadRequest when it is given more than once: which one counts would be a guess (and
    a cache or proxy in front may guess otherwise). The value is still unchecked: each typed
    reader below refuses what is not of its type, :func:`text` control characters.
    """
    values = request.args.getlist(name)
    if not values:
        return None
    if len(values) > 1:
        raise BadRequest(description=f"{name} must be given once")
    return values[0]


def text(name: str) -> str | None:
    """Free-text query parameter ``name``, None when absent. Raises BadRequest.

    Control characters (NUL, CR, LF, ESC ...) are refused: no reader types them, and they
    would end up in SQL full-text queries, links and headers.
    """
    raw = single(name)
    if raw is not None and has_control(raw):
        raise BadRequest(description=f"{name} holds control characters")
    return raw


def whole_number(name: str, default: int, maximum: int) -> int:
    """Query parameter ``name`` as a whole number from 1 to ``maximum``. Raises BadRequest.

    ASCII digits only: ``²`` and ``١`` are digits to ``str.isdigit`` but no page number.
    """
    raw = single(name)
    if raw is None:
        return default
    if not _DIGITS.fullmatch(raw) or not 1 <= int(raw) <= maximum:
        raise BadRequest(description=f"{name} must be a whole number from 1 to {maximum}")
    return int(raw)


def page_number() -> int:
    """``page``, from 1 to MAX_PAGE, 1 when absent. Raises BadRequest."""
    return whole_number("page", 1, MAX_PAGE)


def search_query() -> str:
    """``q`` with its spaces collapsed, cut to MAX_QUERY characters. Raises BadRequest."""
    return " ".join((text("q") or "").split())[:MAX_QUERY]


def choice(name: str, options: Iterable[str]) -> str | None:
    """Query parameter ``name``, one of ``options`` or absent. Raises BadRequest otherwise."""
    raw = single(name)
    allowed = sorted(options)
    if raw is not None and raw not in allowed:
        raise BadRequest(description=f"{name} must be one of {', '.join(allowed)}")
    return raw


def day(text: str) -> date:
    """A calendar day written YYYY-MM-DD. Raises BadRequest.

    The first and last representable days are refused too: a day is widened into the bounds
    of a time zone, and those have no neighbours to widen into.
    """
    message = f"{text!r} is not a date written YYYY-MM-DD"
    if not _DAY.fullmatch(text):
        raise BadRequest(description=message)
    try:
        when = date.fromisoformat(text)
    except ValueError:
        raise BadRequest(description=message) from None
    if not date.min < when < date.max:
        raise BadRequest(description=f"{text} is out of range")
    return when


def local_target(lang: str) -> str:
    """``next``: a path inside the site in ``lang`` to go on to, else that language's home.

    Only a local path in the chosen language is taken; anything else (another site, ``//``,
    a backslash) would make the redirect an open one. Raises BadRequest for control
    characters, which would split the Location header.
    """
    target = text("next") or ""
    home = f"/{lang}/"
    if not target.startswith(home) or "//" in target or "\\" in target:
        return home
    return target


def init_app(app: Flask) -> None:
    """Check every request before its view, and route dispatch ids with ``<id:...>``.

    Call before registering the blueprints, whose rules use the ``id`` converter.
    """
    app.url_map.converters["id"] = DispatchIdConverter
    app.wsgi_app = RequestGuard(app.wsgi_app)  # type: ignore[method-assign]
    # As the app's first URL value preprocessor, so it runs before the blueprints' own (the
    # pages' language check) and before any before_request function.
    app.url_value_preprocessor(lambda _endpoint, _values: check_request())
