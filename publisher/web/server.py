"""Production serving with gunicorn, started from our own CLI."""

from __future__ import annotations

import errno
import os
import socket
from typing import Any

from gunicorn.app.base import BaseApplication

from publisher.errors import ConfigError
from publisher.settings import Settings

_BIND_PROBLEMS = {
    errno.EADDRINUSE: "is already in use (another server is running there?)",
    errno.EACCES: "needs privileges this user lacks (ports below 1024 usually need root)",
    errno.EADDRNOTAVAIL: "is not an address of this machine",
}


def check_bind(host: str, port: int) -> None:
    """Make sure the server could listen on ``host:port`` right now, by binding and letting go.

    Raises ConfigError with one readable line for a port outside 1..65535, a host that does not
    resolve, or an address that cannot be bound (in use, privileged, not local). The answer
    holds for this moment only: another program may still take the port before the server does.
    """
    if not 1 <= port <= 65535:
        raise ConfigError(f"port {port} is out of range: give a port from 1 to 65535")
    try:
        family, kind, proto, _name, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
    except (socket.gaierror, UnicodeError) as error:
        raise ConfigError(f"cannot serve on host {host!r}: {error}") from None
    with socket.socket(family, kind, proto) as probe:
        # Like gunicorn, so that a port left in TIME_WAIT by a stopped server counts as free.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as error:
            problem = _BIND_PROBLEMS.get(error.errno or 0, f"cannot be bound: {error.strerror}")
            raise ConfigError(f"cannot serve on {host}:{port}: the address {problem}") from None


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
    (the default secret key), unless ``allow_default_secret`` (the local demo) says otherwise,
    and when ``host:port`` cannot be listened on.
    """
    if not allow_default_secret:
        settings.check_production()
    check_bind(host, port)
    os.environ.setdefault("PUBLISHER_INSTANCE", str(settings.instance))
    options = {
        "bind": f"[{host}]:{port}" if ":" in host else f"{host}:{port}",
        "workers": workers,
        "threads": threads,
        "worker_class": "gthread" if threads > 1 else "sync",
        "accesslog": "-",
        "loglevel": "warning",
    }
    _Gunicorn(settings, options).run()
