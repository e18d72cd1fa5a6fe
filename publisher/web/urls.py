"""The site's addresses: the public base URL, and absolute URLs inside or outside a request.

When ``base_url`` is set, every absolute link (feeds, canonical and alternate links, API links,
redirects) is built from it and never from the request's Host header, which a client controls.
Code outside a request (the CLI, an exporter) builds absolute links with :func:`absolute_url_for`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, current_app, has_request_context, request, url_for
from werkzeug.utils import redirect as werkzeug_redirect
from werkzeug.wrappers import Response

from publisher.errors import ConfigError

_KEY = "publisher.base_url"


@dataclass(frozen=True)
class BaseURL:
    """The public address of the site, split as Flask's URL building needs it."""

    scheme: str
    netloc: str  # host, and port when one is given
    root: str  # "/" or a path prefix without a trailing slash, such as "/news"

    @property
    def origin(self) -> str:
        return f"{self.scheme}://{self.netloc}"


def parse_base_url(text: str) -> BaseURL | None:
    """Read the ``base_url`` setting; None when it is empty.

    Raises ConfigError unless it is an http or https address with a host and nothing else
    than a path (no user, query or fragment).
    """
    text = text.strip()
    if not text:
        return None
    example = "write it as e.g. 'https://news.example.org/'"
    try:
        parts = urlsplit(text)
        port_ok = parts.port is None or parts.port > 0
    except ValueError as error:
        raise ConfigError(f"base_url: cannot read {text!r}; {example}") from error
    if parts.scheme not in {"http", "https"}:
        raise ConfigError(f"base_url: {text!r} must start with http:// or https://; {example}")
    if not parts.hostname or not port_ok:
        raise ConfigError(f"base_url: {text!r} names no host; {example}")
    if parts.username is not None or parts.query or parts.fragment or "?" in text:
        raise ConfigError(f"base_url: {text!r} may hold only a scheme, a host and a path")
    root = parts.path.rstrip("/") or "/"
    return BaseURL(scheme=parts.scheme, netloc=parts.netloc.lower(), root=root)


def init_app(app: Flask, base_url: str) -> None:
    """Validate ``base_url`` and let Flask build absolute URLs from it. Raises ConfigError."""
    base = parse_base_url(base_url)
    app.extensions[_KEY] = base
    if base is not None:
        # Flask 3.1 uses SERVER_NAME for building only: requests to other hosts still route.
        app.config.update(
            SERVER_NAME=base.netloc,
            PREFERRED_URL_SCHEME=base.scheme,
            APPLICATION_ROOT=base.root,
        )


def base_url_of(app: Flask) -> BaseURL | None:
    """The configured public address of ``app``, or None when links follow each request."""
    base: BaseURL | None = app.extensions.get(_KEY)
    return base


def absolute_url_for(app: Flask, endpoint: str, **values: Any) -> str:
    """The absolute URL of ``endpoint`` with ``values``; usable without a request.

    Uses ``base_url`` when it is set, else the current request's address. Raises ConfigError
    outside a request when ``base_url`` is empty, since there is then no address to use.
    """
    base = base_url_of(app)
    if base is None:
        if not has_request_context():
            raise ConfigError(
                "base_url is not set: absolute links outside a web request need the site's "
                "public address, e.g. base_url = 'https://news.example.org/'"
            )
        return url_for(endpoint, _external=True, **values)
    adapter = app.url_map.bind(base.netloc, script_name=base.root, url_scheme=base.scheme)
    app.inject_url_defaults(endpoint, values)
    anchor = values.pop("_anchor", None)
    url = adapter.build(endpoint, values, force_external=True)
    return f"{url}#{anchor}" if anchor else url


def external_url(endpoint: str, **values: Any) -> str:
    """:func:`absolute_url_for` for the app of the current request."""
    return absolute_url_for(current_app, endpoint, **values)


def redirect_to(endpoint: str, code: int = 302, **values: Any) -> Response:
    """A redirect to ``endpoint``: absolute on ``base_url`` when it is set, else relative.

    A relative Location is resolved by the browser against the address it asked for, so no
    Host header is ever echoed back.
    """
    if base_url_of(current_app) is not None:
        return werkzeug_redirect(external_url(endpoint, **values), code=code)
    return werkzeug_redirect(url_for(endpoint, **values), code=code)


def redirect_to_path(path: str, code: int = 302) -> Response:
    """A redirect to ``path``, an address inside the site such as ``/ko/dispatch/7``."""
    base = base_url_of(current_app)
    if base is not None:
        return werkzeug_redirect(base.origin + base.root.rstrip("/") + path, code=code)
    return werkzeug_redirect(request.script_root + path, code=code)
