"""Passwords: the policy a new one must meet, and argon2id hashes (argon2-cffi).

Passwords are NFKC-normalized before hashing, so the same password typed on another keyboard
or input method (full-width digits, composed accents) still matches.
"""

from __future__ import annotations

import unicodedata
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from publisher.accounts.errors import PasswordRejected

MIN_PASSWORD = 12
# long enough for any passphrase, short enough that hashing stays cheap for hostile input
MAX_PASSWORD = 1024


def normalize_password(password: str) -> str:
    return unicodedata.normalize("NFKC", password)


def check_policy(password: str, email: str = "") -> str:
    """The password as it will be hashed. Raises PasswordRejected saying what is wrong."""
    text = normalize_password(password)
    if len(text) < MIN_PASSWORD:
        raise PasswordRejected(f"the password must have at least {MIN_PASSWORD} characters")
    if len(text) > MAX_PASSWORD:
        raise PasswordRejected(f"the password must have at most {MAX_PASSWORD} characters")
    if not text.strip():
        raise PasswordRejected("the password must not be only spaces")
    if any(unicodedata.category(char) == "Cc" for char in text):
        raise PasswordRejected("the password must not hold control characters")
    if email and text.casefold() == email.casefold():
        raise PasswordRejected("the password must not be the email address")
    return text


class Hasher:
    """argon2id with argon2-cffi's current recommended parameters (RFC 9106 low-memory)."""

    def __init__(self, hasher: PasswordHasher | None = None) -> None:
        self._hasher = hasher or PasswordHasher()

    def hash(self, password: str) -> str:
        return self._hasher.hash(normalize_password(password))

    def verify(self, encoded: str, password: str) -> bool:
        """Whether ``password`` matches ``encoded``; a malformed stored hash matches nothing."""
        try:
            return self._hasher.verify(encoded, normalize_password(password))
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False

    def needs_rehash(self, encoded: str) -> bool:
        """Whether ``encoded`` was made with other parameters than this hasher's."""
        try:
            return self._hasher.check_needs_rehash(encoded)
        except InvalidHashError:
            return True

    def waste_time(self, password: str) -> None:
        """Verify against a hash of nothing, so an unknown account costs as long as a known one."""
        self.verify(_dummy_hash(self._hasher), password)


@cache
def _dummy_hash(hasher: PasswordHasher) -> str:
    return hasher.hash("not any user's password")
