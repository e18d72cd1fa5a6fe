"""Editors' login sessions: Flask-Login around ``desk.users``, and the session cookie's flags.

A session names its account by id *and* the account's session token (``get_id``), so that a
password change or a disable, which replace the token, end every session made before. Nobody
gets a remember-me cookie: a session lives in the (signed, HttpOnly, SameSite=Lax) session
cookie, Secure over HTTPS, and ends after ``SESSION_LIFETIME`` without a request.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import Flask, has_request_context, request, session
from flask.sessions import SecureCookieSessionInterface, SessionMixin
from flask_login import LoginManager, UserMixin, login_user
from werkzeug.wrappers import Response

from publisher.accounts.roles import Permission
from publisher.accounts.store import Account
from publisher.settings import Settings
from publisher.web.extensions import get_desk
from publisher.web.urls import redirect_to

SESSION_LIFETIME = timedelta(hours=12)
MAX_USER_ID = 2**63 - 1
EDITOR_PREFIX = "/editor/"


class EditorUser(UserMixin):  # type: ignore[misc]
    """The logged-in account as Flask-Login wants it."""

    def __init__(self, account: Account) -> None:
        self.account = account

    def get_id(self) -> str:
        return f"{self.account.id}:{self.account.session_token}"

    @property
    def is_active(self) -> bool:
        return self.account.active

    def can(self, permission: Permission) -> bool:
        return self.account.can(permission)


class _LoginManager(LoginManager):  # type: ignore[misc]
    def _update_remember_cookie(self, response: Response) -> Response:
        # Flask-Login reads the session after every request to refresh a remember-me cookie.
        # We issue none, and that read would put "Vary: Cookie" on every reader page, which
        # keeps shared caches from storing them.
        return response


login_manager = _LoginManager()
login_manager.session_protection = "basic"


def load_user(user_id: str) -> EditorUser | None:
    """The account a session names, or None (logged out) when that session has ended."""
    number, _, token = user_id.partition(":")
    if not (number.isascii() and number.isdigit()) or not token or int(number) > MAX_USER_ID:
        return None
    account = get_desk().users.session_user(int(number), token)
    return EditorUser(account) if account is not None else None


def no_store(response: Response) -> Response:
    """Mark an editor response as never to be stored by any cache, nor shared."""
    response.cache_control.no_store = True
    response.cache_control.private = True
    response.vary.add("Cookie")
    return response


def is_api_request() -> bool:
    return request.path.startswith(EDITOR_PREFIX + "api/")


def unauthorized() -> Response:
    """Anonymous on an editor URL: 401 JSON for the editor API, else the login page."""
    from publisher.web.problems import problem_response

    response: Response
    if is_api_request():
        response = problem_response(401, "log in first: this needs an editor's session")
    else:
        target = request.full_path.removesuffix("?")
        response = redirect_to("auth.login", code=302, next=target)
    return no_store(response)


def start_session(account: Account, **marks: Any) -> None:
    """Log ``account`` in on a fresh session (a new CSRF token too), ``marks`` stored in it."""
    session.clear()
    login_user(EditorUser(account))
    session.permanent = True
    session.update(marks)


class _SessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions; the cookie is Secure on every HTTPS request too, not only
    when ``base_url`` says https."""

    def get_cookie_secure(self, app: Flask) -> bool:
        configured = bool(app.config["SESSION_COOKIE_SECURE"])
        return configured or (has_request_context() and request.is_secure)

    def should_set_cookie(self, app: Flask, session: SessionMixin) -> bool:
        # A session is renewed on the editors' pages only: a reader page, a feed or a static
        # file may be stored by shared caches and must never carry a Set-Cookie.
        if session.modified:
            return True
        editor = has_request_context() and request.path.startswith(EDITOR_PREFIX)
        return editor and super().should_set_cookie(app, session)


def cookie_config(settings: Settings) -> dict[str, Any]:
    """Flask config for the session cookie (and Flask-Login's remember-me cookie, should one
    ever be set): HttpOnly, SameSite=Lax, Secure when ``base_url`` is https."""
    https = settings.base_url.strip().lower().startswith("https://")
    config: dict[str, Any] = {"PERMANENT_SESSION_LIFETIME": SESSION_LIFETIME}
    for prefix in ("SESSION_COOKIE", "REMEMBER_COOKIE"):
        config.update(
            {f"{prefix}_HTTPONLY": True, f"{prefix}_SAMESITE": "Lax", f"{prefix}_SECURE": https}
        )
    return config


def init_app(app: Flask) -> None:
    """Sessions and Flask-Login (the cookie flags are :func:`cookie_config`'s)."""
    app.session_interface = _SessionInterface()
    # no context processor: it would read the session on every reader page; editor templates
    # get ``current_user`` from the editor blueprints
    login_manager.init_app(app, add_context_processor=False)
    login_manager.login_view = "auth.login"
    login_manager.user_loader(load_user)
    login_manager.unauthorized_handler(unauthorized)
