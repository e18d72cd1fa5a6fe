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


class InvalidInput(PublisherError):
    """A value given by a user (a reason, an e-mail address) that the desk cannot accept."""
