"""publisher: an offline-first multilingual news desk."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from flask import Flask


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Application factory (``flask --app publisher``); imported lazily so the CLI stays fast.

    Raises SchemaError when the database is behind the code (see publisher.schema); under the
    ``flask`` command line that is one line and exit status 1, as with ``publisher``.
    """
    import click

    from publisher.errors import SchemaError
    from publisher.web import create_app as _create_app

    try:
        return _create_app(test_config)
    except SchemaError as error:
        if click.get_current_context(silent=True) is None:
            raise  # a WSGI server loading the app: the error is its own
        raise click.ClickException(str(error)) from error
