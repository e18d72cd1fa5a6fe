"""CSRF protection (Flask-WTF) for every state-changing request of the whole app.

Forms carry the token in a hidden ``csrf_token`` field; JSON calls send it in an
``X-CSRFToken`` header (editor pages hold it in ``<meta name="csrf-token">``). A request
without it, or with a wrong one, is refused with a localized 400 page or a JSON problem
(publisher.web.problems).
"""

from __future__ import annotations

from flask import Flask
from flask_wtf.csrf import CSRFProtect

csrf = CSRFProtect()


def init_app(app: Flask) -> None:
    # The token is bound to the session, which ends after a while without requests: a second,
    # shorter clock would only throw away an editor's work on a page left open.
    app.config.setdefault("WTF_CSRF_TIME_LIMIT", None)
    csrf.init_app(app)
