"""Fixtures for the web tests: compiled catalogs, apps around temporary instances, a client.

Registered from tests/conftest.py with ``pytest_plugins``; every web test module takes its app
from here instead of building its own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from publisher.core import Desk
from publisher.i18n_tools import compile_catalogs
from publisher.settings import load_settings

MakeApp = Callable[..., Flask]


@pytest.fixture(scope="session", autouse=True)
def compiled_catalogs() -> None:
    """A fresh clone has no .mo files (they are not committed); compile them once per run."""
    compile_catalogs()


@pytest.fixture
def make_web_app(tmp_path: Path) -> Iterator[MakeApp]:
    """Build an app around a fresh desk: ``make_web_app(page_size=2, flask={"TESTING": False})``.

    Keyword arguments are publisher settings (``languages`` is ko,es unless given); ``flask``
    holds Flask config keys. Every desk made is closed after the test.
    """
    from publisher.web import create_app

    desks: list[Desk] = []

    def make(*, flask: dict[str, Any] | None = None, **settings: Any) -> Flask:
        instance = tmp_path / f"web-{len(desks)}"
        desk = Desk(load_settings({"instance": str(instance), "languages": "ko,es", **settings}))
        desks.append(desk)
        return create_app({"TESTING": True, **(flask or {})}, desk=desk)

    yield make
    for desk in desks:
        desk.close()


@pytest.fixture
def web_app(make_web_app: MakeApp) -> Flask:
    """An app with the default settings (per-language time zones, no base_url)."""
    return make_web_app()


@pytest.fixture
def web_desk(web_app: Flask) -> Desk:
    from publisher.web.extensions import desk_of

    return desk_of(web_app)


@pytest.fixture
def client(web_app: Flask) -> FlaskClient:
    return web_app.test_client()
