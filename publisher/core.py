"""The desk: the one core object that the CLI, the web app and the tests all use."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cached_property
from typing import Any

from publisher.db import Store
from publisher.settings import Settings, load_settings


class Desk:
    """Holds the settings and the storage, and runs the pipeline stages over stored records."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        settings.instance.mkdir(parents=True, exist_ok=True)
        self.store = Store(settings.resolved_database_url)
        self.store.create_schema()

    @classmethod
    def from_settings(cls, overrides: Mapping[str, Any] | None = None) -> Desk:
        """Build a desk from defaults, the instance file, PUBLISHER_* variables and overrides."""
        return cls(load_settings(overrides))

    @cached_property
    def auto_publish(self) -> bool:
        return self.settings.auto_publish_machine_translations

    def close(self) -> None:
        self.store.dispose()
