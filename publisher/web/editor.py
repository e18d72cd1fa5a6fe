"""The editors' web shell under /editor/: the home page, one's password, and (admins only)
the accounts. Review pages build on it: extend ``editor/base.html``, guard views with
:func:`editor_required` or :func:`admin_required` (this blueprint needs a login for all).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from flask import Blueprint, abort, session
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from publisher.accounts.errors import AccountError, PasswordRejected, UserExists
from publisher.accounts.passwords import MAX_PASSWORD, MIN_PASSWORD
from publisher.accounts.roles import Permission
from publisher.accounts.store import Account
from publisher.web.api import json_response
from publisher.web.auth import LINK_LOGIN, render
from publisher.web.extensions import get_desk
from publisher.web.forms import ConfirmForm, CreateUserForm, PasswordForm
from publisher.web.login import EditorUser, login_manager, no_store, start_session
from publisher.web.urls import external_url, redirect_to

F = TypeVar("F", bound=Callable[..., Any])


def _refusal(permission: Permission) -> Response | None:
    """Why the current request may not go on: a login first (None when it may)."""
    if not current_user.is_authenticated:
        return cast(Response, login_manager.unauthorized())
    if not current_user.can(permission):
        abort(403)
    return None


def requires(permission: Permission) -> Callable[[F], F]:
    """A view decorator: anonymous users go to the login page (401 on the API), logged-in
    users without ``permission`` get 403."""

    def decorate(view: F) -> F:
        @wraps(view)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            refused = _refusal(permission)
            return refused if refused is not None else view(*args, **kwargs)

        return cast(F, guarded)

    return decorate


editor_required = requires(Permission.REVIEW)
admin_required = requires(Permission.MANAGE_USERS)


def _logged_in_only() -> Response | None:
    # every editor URL, whatever its view says: no route here can be left open by mistake
    return _refusal(Permission.REVIEW)


def _editor_context() -> dict[str, Any]:
    return {"current_user": current_user, "Permission": Permission}


def editor_blueprint(name: str, import_name: str) -> Blueprint:
    """A blueprint under /editor whose every URL needs an editor's login and is never stored
    by a cache (the review pages, the glossaries: one blueprint per concern)."""
    blueprint = Blueprint(name, import_name, url_prefix="/editor")
    blueprint.before_request(_logged_in_only)
    blueprint.after_request(no_store)
    blueprint.context_processor(_editor_context)
    return blueprint


bp = editor_blueprint("editor", __name__)


def me() -> Account:
    user = cast(EditorUser, current_user._get_current_object())
    return user.account


@bp.get("/")
def home() -> tuple[str, int]:
    """Who is logged in, and where to go from here."""
    return render("editor/home.html", account=me())


@bp.route("/password", methods=["GET", "POST"])
def password() -> Response | tuple[str, int]:
    """Change one's own password; every other session of the account ends."""
    account = me()
    form = PasswordForm()
    # after a login link the account may have no password yet, or has forgotten it
    needs_current = account.has_password and not session.get(LINK_LOGIN)
    error = None
    if form.validate_on_submit():
        users = get_desk().users
        try:
            if needs_current:
                users.authenticate(account.email, form.current.data or "")
            changed = users.set_password(account.email, form.new.data)
        except PasswordRejected:
            error = _(
                "The new password was refused: use %(min)d to %(max)d characters, not only "
                "spaces, and not the email address.",
                min=MIN_PASSWORD,
                max=MAX_PASSWORD,
            )
        except AccountError:
            error = _("The current password is wrong.")
        else:
            start_session(changed)  # this session goes on with the new token
            return redirect_to("editor.home", code=303)
    status = 400 if error or form.errors else 200
    return render(
        "editor/password.html", status, form=form, needs_current=needs_current, error=error
    )


def _users_page(status: int = 200, **context: Any) -> tuple[str, int]:
    return render(
        "editor/users.html",
        status,
        accounts=get_desk().users.list(),
        create=context.pop("create", None) or CreateUserForm(formdata=None),
        confirm=ConfirmForm(formdata=None),
        **context,
    )


def _link_for(account: Account) -> tuple[Account, str]:
    issued = get_desk().users.issue_login_link(account.email)
    return issued.account, external_url("auth.link_login", token=issued.token)


@bp.get("/users")
@admin_required
def users() -> tuple[str, int]:
    """Every account, with buttons to disable, enable or send a login link, and a form to
    make a new one."""
    return _users_page()


@bp.post("/users")
@admin_required
def create_user() -> tuple[str, int]:
    """Make an account without a password; its one-time login link is shown once, here."""
    form = CreateUserForm()
    if not form.validate_on_submit():
        return _users_page(400, create=form)
    try:
        account = get_desk().users.create(form.email.data, form.role.data)
    except UserExists:
        return _users_page(
            400, create=form, error=_("An account with this address exists already.")
        )
    except AccountError:
        return _users_page(400, create=form, error=_("This is not an email address."))
    account, link = _link_for(account)
    return _users_page(201, link=link, link_account=account)


def _target(user_id: int) -> Account:
    try:
        return get_desk().users.get_by_id(user_id)
    except AccountError:
        abort(404)


@bp.post("/users/<id:user_id>/disable")
@admin_required
def disable_user(user_id: int) -> Response | tuple[str, int]:
    account = _target(user_id)
    if account.id == me().id:
        return _users_page(400, error=_("You cannot disable your own account."))
    get_desk().users.disable(account.email)
    return redirect_to("editor.users", code=303)


@bp.post("/users/<id:user_id>/enable")
@admin_required
def enable_user(user_id: int) -> Response:
    get_desk().users.enable(_target(user_id).email)
    return redirect_to("editor.users", code=303)


@bp.post("/users/<id:user_id>/link")
@admin_required
def link_user(user_id: int) -> tuple[str, int]:
    """A new one-time login link for an account (a forgotten password), shown once."""
    account = _target(user_id)
    if not account.active:
        return _users_page(400, error=_("Enable the account before sending it a login link."))
    account, link = _link_for(account)
    return _users_page(link=link, link_account=account)


@bp.get("/api/me")
def api_me() -> Response:
    """Who is logged in, for the editor pages' scripts."""
    account = me()
    data = {
        "email": account.email,
        "role": account.role.value,
        "permissions": sorted(p.value for p in Permission if account.can(p)),
    }
    return no_store(json_response(data))
