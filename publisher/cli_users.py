"""``publisher users``: editors' and admins' accounts from the command line.

Nobody registers on the web: accounts are made here (or by an admin on /editor/users). The
command line acts as the machine's operator, so it needs no login of its own.
"""

from __future__ import annotations

import json
import sys
from datetime import timedelta
from typing import TYPE_CHECKING

import click

from publisher.accounts.emails import normalize_email
from publisher.accounts.errors import UserExists
from publisher.accounts.passwords import MIN_PASSWORD, check_policy
from publisher.accounts.roles import Role
from publisher.cli import current_desk, domain_errors, reading_desk
from publisher.errors import ConfigError

if TYPE_CHECKING:
    from publisher.accounts.store import Account, IssuedLink
    from publisher.core import Desk

_ROLES = click.Choice([role.value for role in Role], case_sensitive=False)
_LINK_MINUTES = click.IntRange(min=1, max=7 * 24 * 60)
_password_stdin = click.option(
    "--password-stdin",
    is_flag=True,
    help="Read the password from the first line of standard input (for scripts).",
)
_link_minutes = click.option(
    "--link-minutes",
    type=_LINK_MINUTES,
    default=60,
    show_default=True,
    help="How long a one-time login link works, in minutes (at most 7 days).",
)


@click.group()
def users() -> None:
    """Editors' and admins' accounts: create, list, disable, enable, passwd, link."""


def _read_password(email: str, from_stdin: bool) -> str:
    """The new password: one line of standard input, or typed twice at a prompt.

    Raises InvalidEmail before asking, PasswordRejected before anything is stored.
    """
    address = normalize_email(email)
    if from_stdin:
        line = sys.stdin.readline()
        if not line:
            raise ConfigError("--password-stdin: standard input is empty")
        password = line.removesuffix("\n").removesuffix("\r")
    else:
        password = click.prompt(
            f"Password for {address} (at least {MIN_PASSWORD} characters)",
            hide_input=True,
            confirmation_prompt="Repeat the password",
        )
    return check_policy(password, address)


def _link_url(desk: Desk, issued: IssuedLink) -> str:
    from publisher.web import create_app
    from publisher.web.urls import absolute_url_for

    return absolute_url_for(create_app(desk=desk), "auth.link_login", token=issued.token)


def _require_base_url(desk: Desk) -> None:
    from publisher.web.urls import parse_base_url

    if parse_base_url(desk.settings.base_url) is None:
        raise ConfigError(
            "a login link needs the site's public address: set base_url, "
            "e.g. base_url = 'https://news.example.org/'"
        )


def _echo_link(desk: Desk, issued: IssuedLink) -> None:
    expires = issued.expires_at.strftime("%Y-%m-%d %H:%M UTC")
    click.echo(f"one-time login link for {issued.account.email} (works once, until {expires}):")
    click.echo(_link_url(desk, issued))


@users.command("create")
@click.argument("email")
@click.option("--role", type=_ROLES, required=True, help="editor, or admin (also manages users).")
@_password_stdin
@click.option(
    "--login-link",
    is_flag=True,
    help="Set no password; print a one-time login link instead (needs base_url).",
)
@_link_minutes
@domain_errors
def users_create(
    email: str, role: str, password_stdin: bool, login_link: bool, link_minutes: int
) -> None:
    """Create an account for EMAIL with a password (prompted twice) or a one-time login link."""
    if password_stdin and login_link:
        raise click.UsageError("give either --password-stdin or --login-link, not both")
    desk = current_desk()
    if login_link:
        _require_base_url(desk)
        account = desk.users.create(email, role)
        _echo_link(
            desk, desk.users.issue_login_link(account.email, timedelta(minutes=link_minutes))
        )
        return
    if any(account.email == normalize_email(email) for account in desk.users.list()):
        raise UserExists(f"an account for {normalize_email(email)} exists already")
    password = _read_password(email, password_stdin)  # asked only when it can be used
    account = desk.users.create(email, role, password)
    click.echo(f"created {account.role} {account.email}")


@users.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list instead of a table.")
@domain_errors
def users_list(as_json: bool) -> None:
    """Every account: address, role, whether it is active, last login."""
    desk, missing = reading_desk()
    accounts = desk.users.list() if desk is not None else []
    if as_json:
        click.echo(json.dumps([account.to_json() for account in accounts], ensure_ascii=False))
        return
    if desk is None:
        click.echo(missing)
        return
    if not accounts:
        click.echo("no accounts yet; make one with `publisher users create --role admin EMAIL`")
    for account in accounts:
        click.echo(_row(account))


def _row(account: Account) -> str:
    state = "active" if account.active else "disabled"
    last = account.last_login_at.strftime("%Y-%m-%d %H:%M") if account.last_login_at else "never"
    password = "" if account.has_password else "  (no password)"
    return f"{account.email:<40} {account.role:<7} {state:<9} last login {last}{password}"


@users.command("disable")
@click.argument("email")
@domain_errors
def users_disable(email: str) -> None:
    """Disable EMAIL's account: it cannot log in, and its open sessions end at once."""
    account = current_desk().users.disable(email)
    click.echo(f"disabled {account.email}; its sessions have ended")


@users.command("enable")
@click.argument("email")
@domain_errors
def users_enable(email: str) -> None:
    """Let EMAIL's disabled account log in again."""
    account = current_desk().users.enable(email)
    click.echo(f"enabled {account.email}")


@users.command("passwd")
@click.argument("email")
@_password_stdin
@domain_errors
def users_passwd(email: str, password_stdin: bool) -> None:
    """Set EMAIL's password (prompted twice); every session of the account ends."""
    desk = current_desk()
    desk.users.get(email)  # an unknown account is said before the password is asked for
    account = desk.users.set_password(email, _read_password(email, password_stdin))
    click.echo(f"password of {account.email} changed; its sessions have ended")


@users.command("link")
@click.argument("email")
@_link_minutes
@domain_errors
def users_link(email: str, link_minutes: int) -> None:
    """Print a new one-time login link for EMAIL (e.g. a forgotten password; needs base_url)."""
    desk = current_desk()
    _require_base_url(desk)
    _echo_link(desk, desk.users.issue_login_link(email, timedelta(minutes=link_minutes)))
