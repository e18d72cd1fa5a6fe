"""Editors' and admins' accounts: passwords, roles, one-time login links. No Flask here."""

from __future__ import annotations

from publisher.accounts.emails import normalize_email
from publisher.accounts.errors import (
    AccountError,
    AuthenticationFailed,
    InvalidEmail,
    InvalidRole,
    LoginLinkInvalid,
    PasswordRejected,
    PermissionDenied,
    UnknownUser,
    UserExists,
)
from publisher.accounts.passwords import MAX_PASSWORD, MIN_PASSWORD, Hasher, check_policy
from publisher.accounts.roles import Permission, Role, can, parse_role, require
from publisher.accounts.store import LOGIN_LINK_LIFETIME, Account, IssuedLink, UserStore

__all__ = [
    "LOGIN_LINK_LIFETIME",
    "MAX_PASSWORD",
    "MIN_PASSWORD",
    "Account",
    "AccountError",
    "AuthenticationFailed",
    "Hasher",
    "InvalidEmail",
    "InvalidRole",
    "IssuedLink",
    "LoginLinkInvalid",
    "PasswordRejected",
    "Permission",
    "PermissionDenied",
    "Role",
    "UnknownUser",
    "UserExists",
    "can",
    "check_policy",
    "normalize_email",
    "parse_role",
    "require",
]
