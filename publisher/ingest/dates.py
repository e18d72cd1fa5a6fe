"""Timestamps as sources write them, read into timezone-aware datetimes that keep their offset."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time
from email.utils import parsedate_to_datetime

# "+5:30" (no leading zero) and "+0530" (no colon) both occur in wire pages and feeds.
_OFFSET = re.compile(r"(?P<sign>[+-])(?P<hours>\d{1,2}):?(?P<minutes>\d{2})$")
_ZULU = re.compile(r"[Zz]$")


def _fix_offset(text: str) -> str:
    text = _ZULU.sub("+00:00", text.strip())
    found = _OFFSET.search(text)
    if found and ("T" in text or " " in text):
        head = text[: found.start()]
        hours, minutes = int(found["hours"]), found["minutes"]
        text = f"{head}{found['sign']}{hours:02d}:{minutes}"
    return text


def parse_datetime(value: object) -> datetime | None:
    """Read ISO 8601, RFC 2822 or a YAML date/datetime; None when the value is not a date.

    A value without a time zone is taken as UTC, since a naive time cannot be placed.
    """
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, date):
        return datetime.combine(value, time(), tzinfo=UTC)
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    parsed: datetime | None = None
    try:
        parsed = datetime.fromisoformat(_fix_offset(text))
    except ValueError:
        try:
            parsed = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed
