"""What every response says to the browser about running content, and the links we emit.

Text on our pages comes from agencies, so it is hostile until shown otherwise: Jinja escapes
it, and the Content-Security-Policy below is the second wall should an escape ever be missed.
It allows no inline script or style at all, so the templates keep every script and style in
publisher/web/static. A stored source URL goes out as a link only through
:func:`publisher.ingest.urls.web_url`, which refuses anything but http(s).
"""

from __future__ import annotations

from flask import Flask, Response

from publisher.ingest.urls import web_url

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
}


def add_security_headers(response: Response) -> Response:
    """Stamp the headers on a response; they change nothing about how it may be cached.

    A page may send a stricter Referrer-Policy of its own (a one-time login link's page sends
    ``no-referrer``); the other headers are always these.
    """
    for name, value in SECURITY_HEADERS.items():
        if name == "Referrer-Policy":
            response.headers.setdefault(name, value)
        else:
            response.headers[name] = value
    return response


def init_app(app: Flask) -> None:
    """Send the security headers with every response (pages, feeds, API, errors, static
    files, 304s) and give templates the ``link_url`` filter for URLs that came from outside."""
    app.after_request(add_security_headers)
    app.add_template_filter(web_url, "link_url")
