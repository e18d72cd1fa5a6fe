"""Rendered pages are reused while their validator stands, and never once the data changed."""

from __future__ import annotations

import gzip
from collections.abc import Callable
from typing import Any

import brotli
import pytest
from flask import Flask
from flask.testing import FlaskClient

from publisher.core import Desk
from publisher.web import pages
from publisher.web.extensions import desk_of
from tests.builders import make_dispatch


def test_second_request_reuses_the_page_until_the_data_changes(
    web_desk: Desk, client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_dispatch(web_desk.store, headline="Ferry line to the islands resumes")
    renders: list[str] = []
    real_render = pages._render

    def counting_render(template: str, *args: Any, **kwargs: Any) -> str:
        renders.append(template)
        return real_render(template, *args, **kwargs)

    monkeypatch.setattr(pages, "_render", counting_render)
    first = client.get("/en/")
    second = client.get("/en/")
    assert first.status_code == second.status_code == 200
    assert first.data == second.data
    assert renders == ["home.html"]
    assert first.headers["ETag"] == second.headers["ETag"]

    make_dispatch(web_desk.store, headline="Mountain road reopens after landslide")
    third = client.get("/en/")
    assert renders == ["home.html", "home.html"]
    assert b"Mountain road reopens after landslide" in third.data
    assert third.headers["ETag"] != first.headers["ETag"]
    # another address is another page
    client.get("/en/?page=1")
    assert len(renders) == 3


def test_reused_pages_are_compressed_like_fresh_ones(web_desk: Desk, client: FlaskClient) -> None:
    make_dispatch(web_desk.store, headline="Night trains return to the coast line")
    fresh = client.get("/en/", headers={"Accept-Encoding": "gzip"})
    reused = client.get("/en/", headers={"Accept-Encoding": "gzip"})
    plain = client.get("/en/", headers={"Accept-Encoding": "identity"})
    assert fresh.headers["Content-Encoding"] == reused.headers["Content-Encoding"] == "gzip"
    assert "Content-Encoding" not in plain.headers
    assert gzip.decompress(fresh.data) == gzip.decompress(reused.data) == plain.data
    assert "Accept-Encoding" in reused.headers["Vary"]
    brotli_page = client.get("/en/", headers={"Accept-Encoding": "br, gzip"})
    assert brotli_page.headers["Content-Encoding"] == "br"
    assert brotli.decompress(brotli_page.data) == plain.data


def test_with_base_url_the_host_header_does_not_split_the_cache(
    make_web_app: Callable[..., Flask], monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_web_app(base_url="https://news.example.org/")
    make_dispatch(desk_of(app).store, headline="Harbour bridge closes for repairs")
    renders: list[str] = []
    real_render = pages._render

    def counting_render(template: str, *args: Any, **kwargs: Any) -> str:
        renders.append(template)
        return real_render(template, *args, **kwargs)

    monkeypatch.setattr(pages, "_render", counting_render)
    client = app.test_client()
    first = client.get("/en/", headers={"Host": "news.example.org"})
    second = client.get("/en/", headers={"Host": "evil.example"})
    assert renders == ["home.html"]
    assert first.data == second.data
    assert b"evil.example" not in second.data
