"""What can go wrong with accounts; the CLI prints each as one line, the web as a message."""

from __future__ import annotations

from publisher.errors import NotFound, PublisherError


class AccountError(PublisherError):
    """Base class of the account errors."""


class InvalidEmail(AccountError):
    """An address that cannot be an editor's email address."""


class PasswordRejected(AccountError):
    """A new password that the policy refuses (too short, too long, the address itself)."""


class InvalidRole(AccountError):
    """A role that is neither editor nor admin."""


class UserExists(AccountError):
    """An account with this address exists already."""


class UnknownUser(NotFound, AccountError):
    """No account has this address or id."""


class AuthenticationFailed(AccountError):
    """Wrong address or password, or a disabled account; deliberately not saying which."""


class LoginLinkInvalid(AccountError):
    """A one-time login link that is unknown, used already, expired, or of a disabled account."""


class PermissionDenied(AccountError):
    """The account's role does not allow this."""
