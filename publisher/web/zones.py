"""Which time zone a page shows times in, and how a time names its zone.

Each interface language has a default zone, declared in ``data/timezones.toml``; the
``language_timezones`` setting replaces some of them, and ``display_timezone``, when set,
replaces them all. The digest counts its days in the same zone its page shows.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import Locale
from babel.dates import format_time
from flask import Flask, current_app

from publisher.errors import ConfigError
from publisher.settings import Settings

_DATA_FILE = Path(__file__).resolve().parent / "data" / "timezones.toml"
_KEY = "publisher.zones"
_NAMES_KEY = "publisher.zone_names"


@cache
def shipped_zones() -> tuple[str, dict[str, str]]:
    """The default zone and the zone of each language, as declared in the data file."""
    data = tomllib.loads(_DATA_FILE.read_text(encoding="utf-8"))
    return str(data["default"]), {str(k): str(v) for k, v in data["languages"].items()}


def check_zone(name: str, setting: str) -> str:
    """``name`` when it is a known IANA zone. Raises ConfigError naming ``setting``."""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ConfigError(
            f"{setting}: {name!r} is not a time zone name; use one like 'Asia/Seoul' or 'UTC'"
        ) from error
    return name


def parse_language_zones(text: str) -> dict[str, str]:
    """Read ``language_timezones`` ('en=America/New_York,es=Atlantic/Canary').

    Raises ConfigError for an item that is not ``language=Zone`` or names no known zone.
    """
    zones: dict[str, str] = {}
    for item in text.split(","):
        if not item.strip():
            continue
        language, sep, zone = (part.strip() for part in item.partition("="))
        if not sep or not language or not zone:
            raise ConfigError(
                f"language_timezones: cannot read {item.strip()!r}; write it as 'en=America/New_York'"
            )
        zones[language] = check_zone(zone, "language_timezones")
    return zones


@dataclass(frozen=True)
class ZoneChoice:
    """The zone of every page language, settled once when the app is created."""

    everywhere: str | None  # display_timezone, when set
    by_language: Mapping[str, str]
    default: str

    def zone_for(self, language: str) -> str:
        """The IANA zone pages (and digests) in ``language`` use."""
        if self.everywhere:
            return self.everywhere
        base = language.split("-", 1)[0].lower()
        return self.by_language.get(base, self.default)


def zone_choice(settings: Settings) -> ZoneChoice:
    """The zones the settings ask for. Raises ConfigError for an unknown zone."""
    default, by_language = shipped_zones()
    overrides = parse_language_zones(settings.language_timezones)
    everywhere = settings.display_timezone.strip()
    return ZoneChoice(
        everywhere=check_zone(everywhere, "display_timezone") if everywhere else None,
        by_language={**by_language, **overrides},
        default=default,
    )


def init_app(app: Flask, settings: Settings) -> None:
    """Settle the zones of ``app``. Raises ConfigError for an unknown zone."""
    app.extensions[_KEY] = zone_choice(settings)
    app.extensions[_NAMES_KEY] = ZoneNames()


def zone_for(language: str) -> str:
    """The zone pages in ``language`` use, in the current app."""
    choice: ZoneChoice = current_app.extensions[_KEY]
    return choice.zone_for(language)


def zone_label(moment: datetime, zone: str, locale: Locale) -> str:
    """How a time shown in ``zone`` names it: the locale's abbreviation, else the IANA name.

    ``JST`` on a Japanese page, ``MEZ`` on a German one; where the locale has no abbreviation
    (Babel then writes an offset such as ``+0900``), the zone's own name, ``Asia/Seoul``.
    """
    short = str(format_time(moment, "z", tzinfo=ZoneInfo(zone), locale=locale))
    return short if short.isalpha() else zone


def zone_long_name(moment: datetime, zone: str, locale: Locale) -> str:
    """The zone's full name in the locale (``한국 표준시``), for a tooltip."""
    return str(format_time(moment, "zzzz", tzinfo=ZoneInfo(zone), locale=locale))


class ZoneNames:
    """Zone names as locales write them, remembered per zone, locale and UTC offset.

    Babel takes about 0.1 ms per name and a page of 20 cards asks for 40 that are nearly all
    the same; a name changes only with the offset (summer time). The keys are bounded by the
    app's few zones, seven locales and their offsets.
    """

    def __init__(self) -> None:
        self._names: dict[tuple[str, str, timedelta | None], tuple[str, str]] = {}

    def names(self, moment: datetime, zone: str, locale: Locale) -> tuple[str, str]:
        """``(label, long name)`` of ``zone`` at ``moment`` in ``locale``."""
        key = (zone, str(locale), moment.astimezone(ZoneInfo(zone)).utcoffset())
        found = self._names.get(key)
        if found is None:
            found = (zone_label(moment, zone, locale), zone_long_name(moment, zone, locale))
            self._names[key] = found
        return found


def zone_names(moment: datetime, zone: str, locale: Locale) -> tuple[str, str]:
    """:meth:`ZoneNames.names` of the current app."""
    names: ZoneNames = current_app.extensions[_NAMES_KEY]
    return names.names(moment, zone, locale)
