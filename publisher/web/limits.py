"""The login rate limit (Flask-Limiter): a few attempts per minute per address and account.

Counted in memory on the embedded default (per server process), in Redis when ``queue_url``
names one, so that every process and machine of the desk shares the count.
"""

from __future__ import annotations

from flask import Flask, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

from publisher.accounts.emails import MAX_EMAIL
from publisher.settings import Settings

LOGIN_LIMIT = "5 per minute"  # per client address and account
LOGIN_LIMIT_PER_ADDRESS = "30 per minute"  # per client address, whatever the account

limiter = Limiter(
    key_func=get_remote_address,
    key_prefix="publisher",
    # Redis gone: limit in memory meanwhile rather than refuse every login
    in_memory_fallback_enabled=True,
)


def login_key() -> str:
    """Client address and the account tried, so one address cannot lock everyone out."""
    email = str(request.form.get("email", ""))[: MAX_EMAIL + 1].strip().lower()
    return f"{get_remote_address()}|{email}"


def storage_uri(settings: Settings) -> str:
    """Where the counts live: the queue's Redis when there is one, else this process."""
    queue = settings.queue_url
    if queue.startswith(("redis://", "rediss://")):
        return queue
    if queue.startswith("unix://"):
        return "redis+unix://" + queue.removeprefix("unix://")
    return "memory://"


def init_app(app: Flask, settings: Settings) -> None:
    app.config.setdefault("RATELIMIT_STORAGE_URI", storage_uri(settings))
    app.config.setdefault("RATELIMIT_HEADERS_ENABLED", True)
    limiter.init_app(app)
