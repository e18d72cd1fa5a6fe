"""Accounts without the web: the user store on desk.users, and `publisher users`."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from click.testing import CliRunner
from sqlalchemy import update

from publisher.accounts.errors import (
    AuthenticationFailed,
    InvalidEmail,
    InvalidRole,
    LoginLinkInvalid,
    PasswordRejected,
    UnknownUser,
    UserExists,
)
from publisher.accounts.passwords import Hasher
from publisher.accounts.roles import Permission, Role, can
from publisher.accounts.store import UserStore
from publisher.cli import cli
from publisher.core import Desk
from publisher.db import LoginLink, User, utcnow

PASSWORD = "correct horse battery"


def test_an_account_is_made_with_a_normalized_address_and_a_hash(desk: Desk) -> None:
    account = desk.users.create("  Ana@Example.ORG ", "editor", PASSWORD)
    assert account.email == "ana@example.org" and account.role is Role.EDITOR
    with desk.store.session() as session:
        stored = session.get(User, account.id)
        assert stored is not None and stored.password_hash is not None
        assert (
            stored.password_hash.startswith("$argon2id$") and PASSWORD not in stored.password_hash
        )
    with pytest.raises(UserExists):
        desk.users.create("ANA@example.org", "admin", PASSWORD)
    assert desk.users.authenticate("ana@EXAMPLE.org", PASSWORD).last_login_at is not None


@pytest.mark.parametrize(
    ("email", "role", "password", "error"),
    [
        ("no-at-sign", "editor", PASSWORD, InvalidEmail),
        ("a@b@c", "editor", PASSWORD, InvalidEmail),
        ("a\x00b@example.org", "editor", PASSWORD, InvalidEmail),
        ("x" * 250 + "@example.org", "editor", PASSWORD, InvalidEmail),
        ("", "editor", PASSWORD, InvalidEmail),
        ("ana@example.org", "owner", PASSWORD, InvalidRole),
        ("ana@example.org", "editor", "short", PasswordRejected),
        ("ana@example.org", "editor", " " * 20, PasswordRejected),
        ("ana@example.org", "editor", "x" * 1025, PasswordRejected),
        ("ana@example.org", "editor", "ana@example.org", PasswordRejected),
        ("ana@example.org", "editor", "tab\tinside password", PasswordRejected),
    ],
)
def test_bad_input_is_refused_and_nothing_is_stored(
    desk: Desk, email: str, role: str, password: str, error: type[Exception]
) -> None:
    with pytest.raises(error):
        desk.users.create(email, role, password)
    assert desk.users.list() == []


def test_wrong_unknown_and_disabled_logins_fail_alike(desk: Desk) -> None:
    desk.users.create("ana@example.org", "editor", PASSWORD)
    desk.users.create("linkonly@example.org", "editor")
    for email, password in [
        ("ana@example.org", "wrong password here"),
        ("nobody@example.org", PASSWORD),
        ("not an address", PASSWORD),
        ("linkonly@example.org", ""),
    ]:
        with pytest.raises(AuthenticationFailed, match="wrong email address or password"):
            desk.users.authenticate(email, password)
    desk.users.disable("ana@example.org")
    with pytest.raises(AuthenticationFailed):
        desk.users.authenticate("ana@example.org", PASSWORD)
    desk.users.enable("ana@example.org")
    assert desk.users.authenticate("ana@example.org", PASSWORD).active


def test_password_is_compared_after_unicode_normalization(desk: Desk) -> None:
    desk.users.create("ana@example.org", "editor", "ｐａｓｓｗｏｒｄ１２３４５")  # full-width
    assert desk.users.authenticate("ana@example.org", "password12345")


def test_an_old_hash_is_replaced_at_login(desk: Desk) -> None:
    weak = UserStore(desk.store, Hasher(PasswordHasher(time_cost=1, memory_cost=8192)))
    weak.create("ana@example.org", "editor", PASSWORD)
    desk.users.authenticate("ana@example.org", PASSWORD)
    with desk.store.session() as session:
        stored = session.query(User).one()
        assert stored.password_hash is not None
        assert not desk.users.hasher.needs_rehash(stored.password_hash)
        assert "m=65536" in stored.password_hash


def test_password_change_and_disable_replace_the_session_token(desk: Desk) -> None:
    account = desk.users.create("ana@example.org", "editor", PASSWORD)
    assert desk.users.session_user(account.id, account.session_token) == account
    changed = desk.users.set_password("ana@example.org", "another long password")
    assert desk.users.session_user(account.id, account.session_token) is None
    assert desk.users.session_user(changed.id, changed.session_token) is not None
    desk.users.disable("ana@example.org")
    assert desk.users.session_user(changed.id, changed.session_token) is None
    with pytest.raises(UnknownUser):
        desk.users.set_password("nobody@example.org", PASSWORD)


def test_a_login_link_works_once_and_expires(desk: Desk) -> None:
    desk.users.create("ana@example.org", "editor")
    issued = desk.users.issue_login_link("ana@example.org")
    assert desk.users.check_login_link(issued.token).email == "ana@example.org"
    assert desk.users.consume_login_link(issued.token).last_login_at is not None
    with pytest.raises(LoginLinkInvalid):
        desk.users.consume_login_link(issued.token)
    old = desk.users.issue_login_link("ana@example.org", timedelta(minutes=5))
    with desk.store.session() as session:
        session.execute(update(LoginLink).values(expires_at=utcnow() - timedelta(seconds=1)))
    with pytest.raises(LoginLinkInvalid):
        desk.users.consume_login_link(old.token)
    for token in ("", "x" * 43, "x" * 10_000):
        with pytest.raises(LoginLinkInvalid):
            desk.users.check_login_link(token)
    with desk.store.session() as session:
        assert old.token not in {link.token_hash for link in session.query(LoginLink)}


def test_disable_and_password_change_kill_unused_links(desk: Desk) -> None:
    desk.users.create("ana@example.org", "editor")
    before_disable = desk.users.issue_login_link("ana@example.org")
    desk.users.disable("ana@example.org")
    desk.users.enable("ana@example.org")
    with pytest.raises(LoginLinkInvalid):
        desk.users.consume_login_link(before_disable.token)
    before_change = desk.users.issue_login_link("ana@example.org")
    desk.users.set_password("ana@example.org", PASSWORD)
    with pytest.raises(LoginLinkInvalid):
        desk.users.consume_login_link(before_change.token)
    desk.users.disable("ana@example.org")
    with pytest.raises(AuthenticationFailed):
        desk.users.issue_login_link("ana@example.org")


def test_roles() -> None:
    assert can(Role.ADMIN, Permission.MANAGE_USERS) and can("admin", Permission.REVIEW)
    assert can(Role.EDITOR, Permission.REVIEW)
    assert not can(Role.EDITOR, Permission.MANAGE_USERS)
    assert not can(Role.EDITOR, Permission.MANAGE_ENGINES)
    assert not can("owner", Permission.REVIEW)


# -- the command line ---------------------------------------------------------------------


def _run(instance: Path, *args: str, stdin: str | None = None, **env: str) -> tuple[int, str]:
    env = {"PUBLISHER_INSTANCE": str(instance), **env}
    result = CliRunner().invoke(cli, list(args), input=stdin, env=env)
    return result.exit_code, result.output


def test_cli_create_with_password_stdin_then_list(instance: Path) -> None:
    code, out = _run(
        instance,
        "users",
        "create",
        "--role",
        "admin",
        "Boss@Example.org",
        "--password-stdin",
        stdin=PASSWORD + "\n",
    )
    assert code == 0 and out.strip() == "created admin boss@example.org"
    code, out = _run(instance, "users", "list", "--json")
    assert code == 0
    [row] = json.loads(out)
    assert row["email"] == "boss@example.org" and row["role"] == "admin" and row["active"]
    assert "password" not in json.dumps(row).replace("has_password", "")
    code, out = _run(instance, "users", "list")
    assert code == 0 and "boss@example.org" in out and "never" in out


def test_cli_create_prompts_twice(instance: Path) -> None:
    code, out = _run(
        instance,
        "users",
        "create",
        "--role",
        "editor",
        "ed@example.org",
        stdin=f"{PASSWORD}\n{PASSWORD}\n",
    )
    assert code == 0, out
    assert "created editor ed@example.org" in out and PASSWORD not in out


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (["--role", "editor", "ed@example.org", "--password-stdin"], "short\n", "at least 12"),
        (["--role", "editor", "ed@example.org", "--password-stdin"], "", "standard input is empty"),
        (["--role", "editor", "not-an-address", "--password-stdin"], PASSWORD, "not an email"),
        (["--role", "editor", "ed@example.org", "--login-link"], None, "base_url"),
    ],
)
def test_cli_bad_input_is_one_line_and_exit_1(
    instance: Path, args: list[str], stdin: str | None, message: str
) -> None:
    code, out = _run(instance, "users", "create", *args, stdin=stdin)
    assert code == 1 and message in out and "Traceback" not in out
    assert out.strip().count("\n") == 0
    assert json.loads(_run(instance, "users", "list", "--json")[1]) == []


def test_cli_usage_errors_exit_2(instance: Path) -> None:
    assert _run(instance, "users", "create", "ed@example.org")[0] == 2  # no --role
    assert _run(instance, "users", "create", "--role", "boss", "ed@example.org")[0] == 2
    both = ["--role", "editor", "ed@example.org", "--password-stdin", "--login-link"]
    assert _run(instance, "users", "create", *both)[0] == 2


def test_cli_duplicate_disable_enable_passwd(instance: Path) -> None:
    create = ["users", "create", "--role", "editor", "ed@example.org", "--password-stdin"]
    assert _run(instance, *create, stdin=PASSWORD)[0] == 0
    code, out = _run(instance, *create, stdin=PASSWORD)
    assert code == 1 and "exists already" in out
    # said before any password is asked for
    code, out = _run(instance, "users", "create", "--role", "admin", "ed@example.org", stdin="")
    assert code == 1 and "exists already" in out and "Password" not in out
    code, out = _run(instance, "users", "disable", "ED@example.org")
    assert code == 0 and "disabled ed@example.org" in out
    assert json.loads(_run(instance, "users", "list", "--json")[1])[0]["active"] is False
    assert _run(instance, "users", "enable", "ed@example.org")[0] == 0
    code, out = _run(
        instance,
        "users",
        "passwd",
        "ed@example.org",
        "--password-stdin",
        stdin="a brand new password\n",
    )
    assert code == 0 and "sessions have ended" in out
    code, out = _run(
        instance, "users", "passwd", "nobody@example.org", "--password-stdin", stdin=PASSWORD
    )
    assert code == 1 and "no account for nobody@example.org" in out
    assert _run(instance, "users", "disable", "nobody@example.org")[0] == 1


def test_cli_login_link_prints_a_working_url(instance: Path) -> None:
    base = {"PUBLISHER_BASE_URL": "https://news.example.org/desk/"}
    code, out = _run(
        instance, "users", "create", "--role", "editor", "ed@example.org", "--login-link", **base
    )
    assert code == 0, out
    url = out.strip().splitlines()[-1]
    assert url.startswith("https://news.example.org/desk/editor/login/")
    code, again = _run(instance, "users", "link", "ed@example.org", "--link-minutes", "5", **base)
    assert code == 0 and again.strip().splitlines()[-1] != url
    from publisher.settings import load_settings

    desk = Desk(load_settings({"instance": str(instance)}))
    try:
        token = url.rsplit("/", 1)[1]
        assert desk.users.consume_login_link(token).email == "ed@example.org"
        assert not desk.users.get("ed@example.org").has_password
    finally:
        desk.close()
