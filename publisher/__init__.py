"""publisher: an offline-first multilingual news desk."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from flask import Flask


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Application factory (``flask --app publisher``); imported lazily so the CLI stays fast."""
    from publisher.web import create_app as _create_app

    return _create_app(test_config)
