"""Who may do what: the roles and their permissions, declared once."""

from __future__ import annotations

from enum import StrEnum

from publisher.accounts.errors import InvalidRole, PermissionDenied


class Role(StrEnum):
    EDITOR = "editor"
    ADMIN = "admin"


class Permission(StrEnum):
    REVIEW = "review"  # review, edit, approve, publish, kill
    MANAGE_USERS = "manage_users"
    MANAGE_GLOSSARIES = "manage_glossaries"
    MANAGE_ENGINES = "manage_engines"


PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.EDITOR: frozenset({Permission.REVIEW}),
    Role.ADMIN: frozenset(Permission),
}


def parse_role(raw: str) -> Role:
    """``editor`` or ``admin`` (any case) as a Role. Raises InvalidRole."""
    try:
        return Role(raw.strip().lower())
    except ValueError:
        raise InvalidRole(f"role must be one of {', '.join(Role)}, not {raw!r}") from None


def can(role: Role | str, permission: Permission) -> bool:
    """Whether ``role`` has ``permission``; an unknown stored role has none."""
    try:
        return permission in PERMISSIONS[Role(role)]
    except ValueError:
        return False


def require(role: Role | str, permission: Permission) -> None:
    """Raise PermissionDenied unless ``role`` has ``permission``."""
    if not can(role, permission):
        raise PermissionDenied(f"the {role} role may not {permission.value.replace('_', ' ')}")
