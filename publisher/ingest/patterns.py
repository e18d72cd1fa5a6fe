"""Wire conventions per agency, read from the TOML files in ``patterns/``.

Each file describes how one agency writes its copy: how to recognize it, which lines are page
furniture, how the dateline opens the lead, which trailer closes the story and which update tags
mark a new version. ``generic.toml`` holds what every source shares. Nothing agency-specific lives
in code: a new agency is a new file. ``{month}`` in a pattern stands for any month name of
data/dates.toml and ``{date}`` for any day as a dateline writes it (``Nov. 13``, ``13 nov``,
``11월 13일``, with or without a year), so no pattern repeats the month lists. ``time_zone``
and ``[zones]`` say what the agency's clock means (see dates.SourceClock).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from publisher.errors import ConfigError
from publisher.ingest.dates import SourceClock, date_forms, parse_offset

PATTERN_PACKAGE = "publisher.ingest"
PATTERN_FOLDER = "patterns"
GENERIC = "generic"
# Stand for any month name, and any day as datelines write it, of any language in data/dates.toml.
MONTH = "{month}"
DATE = "{date}"


@dataclass(frozen=True)
class AgencyPatterns:
    """The compiled conventions of one agency (or of all sources, for ``generic``)."""

    key: str
    agency: str
    aliases: tuple[str, ...]
    detect: tuple[re.Pattern[str], ...]
    boilerplate: tuple[re.Pattern[str], ...]
    meta_lines: tuple[re.Pattern[str], ...]
    dateline: tuple[re.Pattern[str], ...]
    trailer: tuple[re.Pattern[str], ...]
    update_tags: tuple[re.Pattern[str], ...]
    teaser_suffixes: tuple[str, ...] = ()
    clock: SourceClock = SourceClock()


def _compile(key: str, name: str, values: Any, flags: int = 0) -> tuple[re.Pattern[str], ...]:
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise ConfigError(f"patterns/{key}.toml: {name} must be a list of strings")
    forms = date_forms()
    months, days = forms.month_alternation(), forms.day_alternation()
    try:
        return tuple(
            re.compile(value.replace(MONTH, months).replace(DATE, days), flags) for value in values
        )
    except re.error as error:
        raise ConfigError(
            f"patterns/{key}.toml: bad regular expression in {name}: {error}"
        ) from error


def _clock(key: str, data: dict[str, Any]) -> SourceClock:
    where = f"patterns/{key}.toml"
    zones = data.get("zones", {})
    if not isinstance(zones, dict):
        raise ConfigError(f"{where}: [zones] must map abbreviations to offsets")
    home = data.get("time_zone")
    return SourceClock(
        zones={
            name.upper(): parse_offset(text, f"{where}: zone {name}")
            for name, text in zones.items()
        },
        home=parse_offset(home, f"{where}: time_zone") if home is not None else None,
    )


def _build(key: str, data: dict[str, Any]) -> AgencyPatterns:
    aliases = data.get("aliases", [])
    suffixes = data.get("teaser_suffixes", [])
    return AgencyPatterns(
        key=key,
        agency=str(data.get("agency", "")),
        aliases=tuple(str(alias).casefold() for alias in aliases),
        detect=_compile(key, "detect", data.get("detect", []), re.MULTILINE),
        boilerplate=_compile(key, "boilerplate", data.get("boilerplate", [])),
        meta_lines=_compile(key, "meta_lines", data.get("meta_lines", [])),
        dateline=_compile(key, "dateline", data.get("dateline", [])),
        trailer=_compile(key, "trailer", data.get("trailer", [])),
        update_tags=_compile(key, "update_tags", data.get("update_tags", [])),
        teaser_suffixes=tuple(str(suffix) for suffix in suffixes),
        clock=_clock(key, data),
    )


@lru_cache(maxsize=1)
def load_patterns() -> tuple[AgencyPatterns, ...]:
    """All pattern files, agencies sorted by file name, ``generic`` last.

    Raises ConfigError when a file is not valid TOML or holds a bad regular expression.
    """
    folder = resources.files(PATTERN_PACKAGE).joinpath(PATTERN_FOLDER)
    agencies: list[AgencyPatterns] = []
    generic: AgencyPatterns | None = None
    for entry in sorted(folder.iterdir(), key=lambda item: item.name):
        if not entry.name.endswith(".toml"):
            continue
        key = entry.name.removesuffix(".toml")
        try:
            data = tomllib.loads(entry.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as error:
            raise ConfigError(f"patterns/{entry.name}: {error}") from error
        patterns = _build(key, data)
        if key == GENERIC:
            generic = patterns
        else:
            agencies.append(patterns)
    if generic is None:
        raise ConfigError(f"patterns/{GENERIC}.toml is missing")
    return (*agencies, generic)


def generic_patterns() -> AgencyPatterns:
    """The conventions every source shares."""
    return load_patterns()[-1]


def agency_patterns() -> tuple[AgencyPatterns, ...]:
    """The per-agency conventions, without ``generic``."""
    return load_patterns()[:-1]


def detect_agency(text: str) -> AgencyPatterns | None:
    """The agency whose signature appears earliest in ``text``, if any."""
    best: tuple[int, AgencyPatterns] | None = None
    for patterns in agency_patterns():
        for pattern in patterns.detect:
            found = pattern.search(text)
            if found and (best is None or found.start() < best[0]):
                best = (found.start(), patterns)
    return best[1] if best else None


def agency_by_name(name: str | None) -> AgencyPatterns | None:
    """The conventions of an agency named in metadata (front matter, feed, ninjs), if known."""
    if not name:
        return None
    wanted = name.strip().casefold()
    for patterns in agency_patterns():
        if wanted == patterns.agency.casefold() or wanted in patterns.aliases:
            return patterns
    return None
