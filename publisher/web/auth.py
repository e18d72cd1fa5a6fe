"""Logging in and out: /editor/login (password), /editor/login/<token> (one-time link),
/editor/logout. Every answer here is private and never stored by a cache."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import Blueprint, render_template, request, session
from flask_babel import gettext as _
from flask_login import current_user, logout_user
from werkzeug.wrappers import Response

from publisher.accounts.errors import AuthenticationFailed, LoginLinkInvalid
from publisher.web.extensions import get_desk
from publisher.web.forms import ConfirmForm, LoginForm
from publisher.web.i18n import select_locale
from publisher.web.limits import LOGIN_LIMIT, LOGIN_LIMIT_PER_ADDRESS, limiter, login_key
from publisher.web.login import no_store, start_session
from publisher.web.params import MAX_PATH, has_control
from publisher.web.problems import refusal
from publisher.web.urls import redirect_to, redirect_to_path

bp = Blueprint("auth", __name__, url_prefix="/editor")
LINK_LOGIN = "link_login"  # session mark: logged in by a link, may set a password freely


@bp.after_request
def _private(response: Response) -> Response:
    return no_store(response)


def render(template: str, status: int = 200, **context: Any) -> tuple[str, int]:
    """An editor template in the request's UI language."""
    return render_template(template, page_lang=select_locale(), **context), status


def safe_next(raw: str | None) -> str | None:
    """``raw`` when it is a path inside this site (``/editor/…``, ``/ko/…``), else None:
    never another site (``//evil``, ``https:``, a backslash), never a header splitter."""
    if not raw or len(raw) > MAX_PATH or has_control(raw) or "\\" in raw:
        return None
    parts = urlsplit(raw)
    if parts.scheme or parts.netloc or not raw.startswith("/") or raw.startswith("//"):
        return None
    return raw


def _go_on(target: str | None) -> Response:
    return redirect_to_path(target, code=303) if target else redirect_to("editor.home", code=303)


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(LOGIN_LIMIT, key_func=login_key, methods=["POST"])
@limiter.limit(LOGIN_LIMIT_PER_ADDRESS, methods=["POST"])
def login() -> Response | tuple[str, int]:
    """The login form; a right address and password start a session and go on to ``next``."""
    form = LoginForm()
    if request.method == "GET":
        if current_user.is_authenticated:
            return _go_on(safe_next(request.args.get("next")))
        form.next.data = safe_next(request.args.get("next")) or ""
    error = None
    if form.validate_on_submit():
        try:
            account = get_desk().users.authenticate(form.email.data, form.password.data)
        except AuthenticationFailed:
            error = _("Wrong email address or password, or the account is disabled.")
        else:
            start_session(account)
            return _go_on(safe_next(form.next.data))
    status = 200 if request.method == "GET" or error is None else 401
    return render("editor/login.html", status, form=form, error=error)


@bp.post("/logout")
def logout() -> Response:
    logout_user()
    session.clear()
    return redirect_to("auth.login", code=303)


@bp.route("/login/<token>", methods=["GET", "POST"])
def link_login(token: str) -> Response | tuple[str, int]:
    """A one-time login link: GET asks to confirm (a mail scanner fetching the link does not
    use it up), POST uses it and starts a session."""
    users = get_desk().users
    form = ConfirmForm()
    try:
        if request.method == "POST":
            account = users.consume_login_link(token)
        else:
            account = users.check_login_link(token)
    except LoginLinkInvalid:
        return refusal(
            404,
            _("Log in with a link"),
            _("This login link is unknown, used already or expired. Ask an admin for a new one."),
        )
    if request.method == "GET":
        page, status = render("editor/link_login.html", form=form, email=account.email)
        response = Response(page, status=status, mimetype="text/html")
        response.headers["Referrer-Policy"] = "no-referrer"  # the token is in this address
        return response
    start_session(account, **{LINK_LOGIN: True})
    if not account.has_password:
        return redirect_to("editor.password", code=303)
    return redirect_to("editor.home", code=303)
