"""Fixtures for the web tests: compiled catalogs, an app around a temporary instance, a client.

Registered from tests/conftest.py with ``pytest_plugins``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from publisher.core import Desk
from publisher.i18n_tools import compile_catalogs


@pytest.fixture(scope="session", autouse=True)
def compiled_catalogs() -> None:
    """A fresh clone has no .mo files (they are not committed); compile them once per run."""
    compile_catalogs()


@pytest.fixture
def web_app(tmp_path: Path) -> Iterator[Flask]:
    from publisher.web import create_app

    app = create_app(
        {"instance": str(tmp_path / "web"), "TESTING": True, "display_timezone": "Asia/Seoul"}
    )
    yield app
    app.extensions["publisher.desk"].close()


@pytest.fixture
def web_desk(web_app: Flask) -> Desk:
    desk: Desk = web_app.extensions["publisher.desk"]
    return desk


@pytest.fixture
def client(web_app: Flask) -> FlaskClient:
    return web_app.test_client()
