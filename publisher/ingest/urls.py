"""The one rule for a dispatch's source URL: an absolute http(s) address, or nothing.

A source URL comes from the outside (front matter, a ninjs ``url``, a page's canonical link, a
feed's entry link) and ends up as the href of the "Source" link readers click, in feeds and in
the API. A ``javascript:`` or ``data:`` address there would run in our origin, so ingest keeps
only what :func:`web_url` accepts, and every writer of a stored URL asks it again: a database
written before this rule may still hold one.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

# The column that stores it (db.Revision.url) holds no more.
MAX_URL_LENGTH = 2048
_SCHEMES = frozenset({"http", "https"})
# Browsers drop tabs and line breaks inside a URL ("java\tscript:") and treat a backslash as a
# slash, so an address holding any of them may not mean what it seems to: refuse it whole.
_UNSAFE = re.compile(r"[\x00-\x20\x7f-\x9f\\\s]")


def url_problem(value: str) -> str | None:
    """Why ``value`` is not an address readers may be sent to, or None when it is."""
    text = value.strip()
    if len(text) > MAX_URL_LENGTH:
        return f"it is longer than {MAX_URL_LENGTH} characters"
    if _UNSAFE.search(text):
        return "it holds spaces, control characters or backslashes"
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 (reading it checks the port)
    except ValueError:
        return "it is not a well-formed URL"
    if parts.scheme.casefold() not in _SCHEMES:
        shown = f"{parts.scheme}:" if parts.scheme else "no scheme"
        return f"only http and https addresses are kept, not {shown[:20]!r}"
    if not parts.hostname:
        return "it names no host"
    if parts.username is not None or parts.password is not None:
        return "it holds a user name or password"
    return None


def web_url(value: object) -> str | None:
    """``value`` stripped when it is an absolute http(s) URL fit for a link, else None."""
    if not isinstance(value, str) or not value.strip() or url_problem(value) is not None:
        return None
    return value.strip()


def accept_source_url(value: str | None) -> tuple[str | None, str | None]:
    """The source URL to keep, and a warning when one was given but dropped."""
    if value is None or not value.strip():
        return None, None
    problem = url_problem(value)
    if problem is None:
        return value.strip(), None
    return None, f"source URL dropped: {problem}"
