"""Production serving with gunicorn, started from our own CLI."""

from __future__ import annotations

import os
from typing import Any

from gunicorn.app.base import BaseApplication

from publisher.settings import Settings


class _Gunicorn(BaseApplication):  # type: ignore[misc]
    def __init__(self, settings: Settings, options: dict[str, Any]) -> None:
        self.settings = settings
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        # Each worker builds its own app (and database connections) after the fork.
        from publisher.web import create_app

        return create_app({"instance": str(self.settings.instance)})


def serve(
    settings: Settings,
    *,
    host: str,
    port: int,
    workers: int,
    threads: int,
    allow_default_secret: bool = False,
) -> None:
    """Run gunicorn in the foreground until interrupted.

    Raises ConfigError before anything starts when the settings are unsafe for the public
    (the default secret key), unless ``allow_default_secret`` (the local demo) says otherwise.
    """
    if not allow_default_secret:
        settings.check_production()
    os.environ.setdefault("PUBLISHER_INSTANCE", str(settings.instance))
    options = {
        "bind": f"{host}:{port}",
        "workers": workers,
        "threads": threads,
        "worker_class": "gthread" if threads > 1 else "sync",
        "accesslog": "-",
        "loglevel": "warning",
    }
    _Gunicorn(settings, options).run()
