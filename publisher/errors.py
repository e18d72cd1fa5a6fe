"""Domain exceptions. The CLI and the web app turn these into clean errors at the edges."""

from __future__ import annotations


class PublisherError(Exception):
    """Base class of every error the desk raises on purpose."""


class ConfigError(PublisherError):
    """A setting has a value the desk cannot use."""


class SchemaError(PublisherError):
    """The database schema is not the one this version of publisher needs, or cannot be moved
    there (a database behind head on a shared server, a revision this version does not know)."""


class DatabaseUnreachable(PublisherError):
    """The database named by the settings cannot be connected to."""


class StorageFailure(PublisherError):
    """The database cannot store anything now (disk full, read-only file, server gone): no
    item's fault, so an ingest stops there instead of failing every item after it."""


class QueueUnreachable(PublisherError):
    """The task queue (Redis, or the SQLite queue file) cannot be reached or written."""


class MalformedItem(PublisherError):
    """One input item (file, feed entry, JSON object) cannot be turned into a dispatch."""

    def __init__(self, reason: str, source: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.source = source


class InputTooLarge(MalformedItem):
    """An input is over the configured size limit."""


class NotFound(PublisherError):
    """A record asked for by id does not exist."""


class TranslationUnavailable(PublisherError):
    """No engine can translate a language pair."""

    def __init__(self, source_lang: str, target_lang: str, reason: str | None = None) -> None:
        self.source_lang = source_lang
        self.target_lang = target_lang
        self.reason = reason or f"no {source_lang}\u2192{target_lang} model installed"
        super().__init__(self.reason)


class EngineError(PublisherError):
    """A translation engine failed while translating."""


class ModelError(PublisherError):
    """A translation model package is missing, malformed or cannot be fetched."""


class IndexUnreachable(ModelError):
    """The Argos package index cannot be reached (offline machine, firewall)."""


class ReviewError(PublisherError):
    """An editor's request the workflow cannot carry out (nothing to approve, a reason missing)."""


class InvalidTransition(ReviewError):
    """A language version cannot move by this action from the state it is in."""

    def __init__(self, action: str, state: str, allowed: tuple[str, ...], where: str = "") -> None:
        self.action = action
        self.state = state
        self.allowed = allowed
        place = f"{where}: " if where else ""
        super().__init__(
            f"{place}cannot {action} a version that is {state} "
            f"(only one that is {' or '.join(allowed)})"
        )


class EditConflict(ReviewError):
    """Someone else saved the same text of the same language version since the editor loaded it.

    ``conflicts`` holds, per sentence (``"headline"`` or its position), the text the editor
    started from (base), the one they tried to save (mine) and the one stored now (theirs):
    nothing is saved and nothing is lost, the editor merges and saves again with
    ``current_version``.
    """

    def __init__(
        self, where: str, expected: int, current: int, conflicts: list[dict[str, object]]
    ) -> None:
        self.expected = expected
        self.current_version = current
        self.conflicts = conflicts
        fields = ", ".join(str(c["field"]) for c in conflicts)
        super().__init__(
            f"{where}: edited by someone else since version {expected} (now {current}); "
            f"conflicting: {fields}; nothing saved"
        )
