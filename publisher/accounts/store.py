"""The accounts as stored: create, list, disable, enable, passwords, logins, one-time links.

No Flask here: the CLI and the web app both call these methods through ``desk.users``.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from publisher.accounts.emails import normalize_email
from publisher.accounts.errors import (
    AuthenticationFailed,
    InvalidEmail,
    LoginLinkInvalid,
    UnknownUser,
    UserExists,
)
from publisher.accounts.passwords import Hasher, check_policy
from publisher.accounts.roles import Permission, Role, can, parse_role
from publisher.db import LoginLink, Store, User, utcnow

LOGIN_LINK_LIFETIME = timedelta(hours=1)
MAX_LINK_LIFETIME = timedelta(days=7)
MAX_TOKEN = 128  # characters of a link token worth looking up; ours have 43


@dataclass(frozen=True)
class Account:
    """One account as the edges see it; never carries the password hash."""

    id: int
    email: str
    role: Role
    active: bool
    has_password: bool
    session_token: str
    created_at: datetime
    last_login_at: datetime | None

    def can(self, permission: Permission) -> bool:
        return self.active and can(self.role, permission)

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "email": self.email,
            "role": self.role.value,
            "active": self.active,
            "has_password": self.has_password,
            "created_at": self.created_at.isoformat(),
            "last_login_at": self.last_login_at.isoformat() if self.last_login_at else None,
        }


@dataclass(frozen=True)
class IssuedLink:
    """A one-time login link's secret (shown once, never stored) and when it expires."""

    account: Account
    token: str
    expires_at: datetime


def _account(user: User) -> Account:
    return Account(
        id=user.id,
        email=user.email,
        role=parse_role(user.role),
        active=user.active,
        has_password=user.password_hash is not None,
        session_token=user.session_token,
        created_at=user.created_at,
        last_login_at=user.last_login_at,
    )


def _new_session_token() -> str:
    return secrets.token_hex(16)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class UserStore:
    """Accounts in the desk's database. Every method is one transaction."""

    def __init__(self, store: Store, hasher: Hasher | None = None) -> None:
        self.store = store
        self.hasher = hasher or Hasher()

    # -- reading --------------------------------------------------------------

    def list(self) -> list[Account]:
        """Every account, by address."""
        with self.store.session() as session:
            return [_account(u) for u in session.scalars(select(User).order_by(User.email))]

    def get(self, email: str) -> Account:
        """The account of ``email``. Raises UnknownUser (or InvalidEmail)."""
        with self.store.session() as session:
            return _account(self._user(session, email))

    def get_by_id(self, user_id: int) -> Account:
        """The account with ``user_id``. Raises UnknownUser."""
        with self.store.session() as session:
            user = session.get(User, user_id)
            if user is None:
                raise UnknownUser(f"no account has id {user_id}")
            return _account(user)

    def session_user(self, user_id: int, session_token: str) -> Account | None:
        """The account a login session names, or None when it has ended: the account is gone
        or disabled, or its password changed since the session began."""
        with self.store.session() as session:
            user = session.get(User, user_id)
            if user is None or not user.active:
                return None
            if not secrets.compare_digest(user.session_token, session_token):
                return None
            return _account(user)

    # -- changing -------------------------------------------------------------

    def create(self, email: str, role: Role | str, password: str | None = None) -> Account:
        """Make an account, with a password or (None) without one until a login link sets it.

        Raises InvalidEmail, InvalidRole, PasswordRejected, UserExists.
        """
        address = normalize_email(email)
        checked_role = parse_role(role)
        encoded = (
            self.hasher.hash(check_policy(password, address)) if password is not None else None
        )
        try:
            with self.store.session() as session:
                if session.scalar(select(User.id).where(User.email == address)) is not None:
                    raise UserExists(f"an account for {address} exists already")
                user = User(
                    email=address,
                    role=checked_role.value,
                    password_hash=encoded,
                    active=True,
                    session_token=_new_session_token(),
                )
                session.add(user)
                session.flush()
                return _account(user)
        except IntegrityError:  # made by someone else between the check and the insert
            raise UserExists(f"an account for {address} exists already") from None

    def set_password(self, email: str, password: str) -> Account:
        """Replace the password; every session of the account ends, unused links die.

        Raises UnknownUser, PasswordRejected.
        """
        with self.store.session() as session:
            user = self._user(session, email)
            user.password_hash = self.hasher.hash(check_policy(password, user.email))
            self._end_sessions(session, user)
            return _account(user)

    def disable(self, email: str) -> Account:
        """Disable the account: it cannot log in, its sessions end, unused links die."""
        with self.store.session() as session:
            user = self._user(session, email)
            user.active = False
            self._end_sessions(session, user)
            return _account(user)

    def enable(self, email: str) -> Account:
        """Let a disabled account log in again (with a new session token)."""
        with self.store.session() as session:
            user = self._user(session, email)
            if not user.active:
                user.active = True
                user.session_token = _new_session_token()
            return _account(user)

    # -- logging in -----------------------------------------------------------

    def authenticate(self, email: str, password: str) -> Account:
        """The account whose address and password these are. Raises AuthenticationFailed.

        An unknown address, a disabled account and one without a password take as long as a
        wrong password (one argon2 verification), so timing tells nothing about which. A hash
        made with older parameters is replaced by one made with the current ones.
        """
        try:
            address = normalize_email(email)
        except InvalidEmail:
            address = ""
        with self.store.session() as session:
            user = session.scalar(select(User).where(User.email == address)) if address else None
            if user is None or user.password_hash is None or not user.active:
                self.hasher.waste_time(password)
                raise AuthenticationFailed("wrong email address or password")
            if not self.hasher.verify(user.password_hash, password):
                raise AuthenticationFailed("wrong email address or password")
            if self.hasher.needs_rehash(user.password_hash):
                user.password_hash = self.hasher.hash(password)
            user.last_login_at = utcnow()
            return _account(user)

    def issue_login_link(self, email: str, lifetime: timedelta = LOGIN_LINK_LIFETIME) -> IssuedLink:
        """A one-time login link for an active account. Raises UnknownUser, AuthenticationFailed
        (a disabled account), ValueError for a lifetime outside (0, MAX_LINK_LIFETIME]."""
        if not timedelta(0) < lifetime <= MAX_LINK_LIFETIME:
            raise ValueError(f"a login link lives from a minute to {MAX_LINK_LIFETIME.days} days")
        token = secrets.token_urlsafe(32)
        with self.store.session() as session:
            user = self._user(session, email)
            if not user.active:
                raise AuthenticationFailed(f"the account of {user.email} is disabled")
            expires = utcnow() + lifetime
            session.add(
                LoginLink(user_id=user.id, token_hash=_token_hash(token), expires_at=expires)
            )
            return IssuedLink(_account(user), token, expires)

    def check_login_link(self, token: str) -> Account:
        """The account a link would log in, without using it up. Raises LoginLinkInvalid."""
        with self.store.session() as session:
            _link, user = self._valid_link(session, token)
            return _account(user)

    def consume_login_link(self, token: str) -> Account:
        """Use a link up and return the account it logs in. Raises LoginLinkInvalid."""
        with self.store.session() as session:
            link, user = self._valid_link(session, token)
            link.used_at = user.last_login_at = utcnow()
            return _account(user)

    # -- helpers --------------------------------------------------------------

    def _user(self, session: Session, email: str) -> User:
        address = normalize_email(email)
        user = session.scalar(select(User).where(User.email == address))
        if user is None:
            raise UnknownUser(f"no account for {address}")
        return user

    def _end_sessions(self, session: Session, user: User) -> None:
        user.session_token = _new_session_token()
        session.execute(
            delete(LoginLink).where(LoginLink.user_id == user.id, LoginLink.used_at.is_(None))
        )

    def _valid_link(self, session: Session, token: str) -> tuple[LoginLink, User]:
        invalid = LoginLinkInvalid("this login link is unknown, used already or expired")
        if not token or len(token) > MAX_TOKEN:
            raise invalid
        link = session.scalar(
            select(LoginLink).where(LoginLink.token_hash == _token_hash(token)).with_for_update()
        )
        if link is None or link.used_at is not None or link.expires_at <= utcnow():
            raise invalid
        user = session.get(User, link.user_id)
        if user is None or not user.active:
            raise invalid
        return link, user
