"""The desk the web app is built around, stored on the app once and read by every view."""

from __future__ import annotations

from flask import Flask, current_app

from publisher.core import Desk

_KEY = "publisher.desk"


def init_app(app: Flask, desk: Desk) -> None:
    app.extensions[_KEY] = desk


def desk_of(app: Flask) -> Desk:
    """The desk ``app`` was created around."""
    desk: Desk = app.extensions[_KEY]
    return desk


def get_desk() -> Desk:
    """The desk of the current app; the web layer's one way to reach it."""
    return desk_of(current_app)
