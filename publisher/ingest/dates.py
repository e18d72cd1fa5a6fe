"""Timestamps as sources write them, and days as datelines write them.

Timestamps are read into timezone-aware datetimes that keep their offset. A dateline's day
(``SEOUL, Nov. 13``) often has no year: it is completed from the receipt date, and the story is
then dated by day only (see :data:`DAY_ONLY_TIME`).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from email.utils import parsedate_to_datetime
from functools import lru_cache
from importlib import resources
from typing import Any

from publisher.errors import ConfigError

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


def parse_datetime(value: object, naive_zone: tzinfo = UTC) -> datetime | None:
    """Read ISO 8601, RFC 2822 or a YAML date/datetime; None when the value is not a date.

    A value without a time zone is taken in ``naive_zone``: UTC unless the caller knows the
    source's own clock (an agency whose pages print their home time without a zone).
    """
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=naive_zone)
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
        parsed = parsed.replace(tzinfo=naive_zone)
    return parsed


# -- days written in datelines ------------------------------------------------------------------

DATES_FILE = "dates.toml"
# How many years back a day without a year is looked for: Feb. 29 recurs within eight.
_YEARS_BACK = 8
# A dateline is written in its own place's time. Some place is already on the next calendar day
# while UTC is not (up to UTC+14), so a day counts as "not after the receipt" until it has begun
# anywhere: a SEOUL dispatch dated just after midnight is not pushed back a whole year.
_EARLIEST_OFFSET = timedelta(hours=14)
# A day without a time of day is stored at noon UTC: that instant falls on the same calendar day
# in every display time zone from UTC-12 to UTC+11, so the story lands in its dateline's digest
# whatever `display_timezone` is. Midnight in the dateline's zone would show a Seoul story on the
# previous day to a desk that reads in UTC or in the Americas.
DAY_ONLY_TIME = time(12, tzinfo=UTC)
_GROUP = re.compile(r"\(\?P<\w+>")
_PLACEHOLDERS = {
    "{day}": r"(?<!\d)(?P<day>[0-3]?\d)(?!\d)",
    "{year}": r"(?<!\d)(?P<year>\d{4})(?!\d)",
    "{month_number}": r"(?<!\d)(?P<month_number>[01]?\d)(?!\d)",
}


@dataclass(frozen=True)
class WrittenDay:
    """A day as a dateline writes it: month and day, and the year when it is written."""

    month: int
    day: int
    year: int | None = None

    def on_or_before(self, received: datetime) -> date | None:
        """The calendar day meant, for an item received at ``received`` (aware).

        A written year is kept as it is. Without one, the year is the latest that puts the day
        not after the receipt date (received 2026-01-02, ``Dec. 31`` is 2025-12-31). None when no
        such day exists (``Nov. 31``, or a written ``Feb. 29, 2026``).
        """
        if self.year is not None:
            return _day_or_none(self.year, self.month, self.day)
        latest = (received.astimezone(UTC) + _EARLIEST_OFFSET).date()
        for year in range(latest.year, latest.year - _YEARS_BACK - 1, -1):
            candidate = _day_or_none(year, self.month, self.day)
            if candidate is not None and candidate <= latest:
                return candidate
        return None


def _day_or_none(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


@dataclass(frozen=True)
class DateForms:
    """The compiled data/dates.toml: month names of every language and the forms of a day."""

    months: dict[str, int]  # casefolded name -> month number
    forms: tuple[re.Pattern[str], ...]

    def month_alternation(self) -> str:
        """Every month name of every language, as one non-capturing case-blind group."""
        names = sorted(self.months, key=lambda name: (-len(name), name))
        return "(?i:" + "|".join(re.escape(name) for name in names) + ")"

    def day_alternation(self) -> str:
        """Every form of a day, as one non-capturing case-blind group (for agency patterns)."""
        plain = (_GROUP.sub("(?:", form.pattern) for form in self.forms)
        return "(?i:" + "|".join(f"(?:{form})" for form in plain) + ")"


def _names_alternation(names: list[str]) -> str:
    ordered = sorted(names, key=lambda name: (-len(name), name))
    return r"(?<!\w)(?P<month>" + "|".join(re.escape(n) for n in ordered) + r")(?!\w)"


def _language_forms(language: str, entry: Any) -> tuple[dict[str, int], list[re.Pattern[str]]]:
    where = f"data/{DATES_FILE} [{language}]"
    months, forms = entry.get("months"), entry.get("forms")
    if not isinstance(months, list) or months and len(months) != 12:
        raise ConfigError(f"{where}: months must list the twelve months, January first")
    if not isinstance(forms, list) or not all(isinstance(f, str) for f in forms):
        raise ConfigError(f"{where}: forms must be a list of strings")
    names: dict[str, int] = {}
    for number, spellings in enumerate(months, start=1):
        if not isinstance(spellings, list) or not all(isinstance(s, str) for s in spellings):
            raise ConfigError(f"{where}: month {number} must be a list of names")
        names.update((spelling.casefold(), number) for spelling in spellings)
    compiled = []
    for form in forms:
        if "{day}" not in form or ("{month}" not in form and "{month_number}" not in form):
            raise ConfigError(
                f"{where}: every form needs {{day}} and {{month}} or {{month_number}}"
            )
        if "{month}" in form and not names:
            raise ConfigError(f"{where}: a form uses {{month}} but the language has no names")
        text = form.replace("{month}", _names_alternation(list(names)))
        for placeholder, expansion in _PLACEHOLDERS.items():
            text = text.replace(placeholder, expansion)
        try:
            compiled.append(re.compile(text, re.IGNORECASE))
        except re.error as error:
            raise ConfigError(f"{where}: bad regular expression in forms: {error}") from error
    return names, compiled


@lru_cache(maxsize=1)
def date_forms() -> DateForms:
    """The month names and day forms of data/dates.toml.

    Raises ConfigError when the file is not valid TOML, a language does not list twelve months,
    a form is a bad regular expression, or one name means two different months.
    """
    raw = resources.files("publisher.ingest").joinpath("data", DATES_FILE).read_text("utf-8")
    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"data/{DATES_FILE}: {error}") from error
    return build_date_forms(data)


def build_date_forms(data: dict[str, Any]) -> DateForms:
    """Compile date data shaped like data/dates.toml; raises ConfigError as :func:`date_forms`."""
    months: dict[str, int] = {}
    forms: list[re.Pattern[str]] = []
    for language, entry in data.items():
        if not isinstance(entry, dict):
            raise ConfigError(f"data/{DATES_FILE}: [{language}] must be a table")
        names, compiled = _language_forms(language, entry)
        for name, number in names.items():
            if months.setdefault(name, number) != number:
                raise ConfigError(
                    f"data/{DATES_FILE} [{language}]: {name!r} is month {number} here "
                    f"but month {months[name]} in another language"
                )
        forms.extend(compiled)
    return DateForms(months=months, forms=tuple(forms))


def read_written_day(text: str, data: DateForms | None = None) -> WrittenDay | None:
    """The day a dateline or date line writes (``Nov. 13``, ``13 nov``, ``11월 13일``), if any.

    Of the forms that match (``data``, default data/dates.toml), the one that starts first wins,
    then the longest; a month or day out of range is no day at all.
    """
    data = data or date_forms()
    found: re.Match[str] | None = None
    for form in data.forms:
        match = form.search(text)
        if match and (
            found is None or (match.start(), -match.end()) < (found.start(), -found.end())
        ):
            found = match
    if found is None:
        return None
    groups = found.groupdict()
    month = int(groups["month_number"]) if groups.get("month_number") else None
    if groups.get("month"):
        month = data.months.get(groups["month"].casefold())
    day = int(found["day"])
    if month is None or not 1 <= month <= 12 or not 1 <= day <= 31:
        return None
    year = int(groups["year"]) if groups.get("year") else None
    return WrittenDay(month=month, day=day, year=year)


def day_as_published(day: date) -> datetime:
    """The instant stored for a publication day whose time is not known (see DAY_ONLY_TIME)."""
    return datetime.combine(day, DAY_ONLY_TIME)


# -- a time of day beside a date line -----------------------------------------------------------

TIMES_FILE = "times.toml"
_OFFSET_TEXT = re.compile(r"^(?P<sign>[+-])(?P<hours>\d{2}):(?P<minutes>\d{2})$")


@dataclass(frozen=True)
class ClockForms:
    """The compiled data/times.toml: forms of a time of day and zone abbreviations."""

    forms: tuple[re.Pattern[str], ...]
    zones: dict[str, timezone]  # upper-case abbreviation -> fixed offset


def parse_offset(text: object, where: str) -> timezone:
    """A fixed offset written as ``+05:30``; raises ConfigError naming ``where`` otherwise."""
    found = _OFFSET_TEXT.match(str(text))
    if not found:
        raise ConfigError(f"{where} must be an offset such as -05:00, not {text!r}")
    sign = -1 if found["sign"] == "-" else 1
    span = timedelta(hours=int(found["hours"]), minutes=int(found["minutes"]))
    return timezone(sign * span)


def build_clock_forms(data: dict[str, Any]) -> ClockForms:
    """Compile data shaped like data/times.toml; raises ConfigError as :func:`clock_forms`."""
    where = f"data/{TIMES_FILE}"
    forms, zones = data.get("forms"), data.get("zones")
    if not isinstance(forms, list) or not all(isinstance(f, str) for f in forms):
        raise ConfigError(f"{where}: forms must be a list of strings")
    if not isinstance(zones, dict):
        raise ConfigError(f"{where}: [zones] must map abbreviations to offsets")
    offsets = {
        name.upper(): parse_offset(text, f"{where}: zone {name}") for name, text in zones.items()
    }
    compiled = []
    for form in forms:
        try:
            pattern = re.compile(form, re.IGNORECASE)
        except re.error as error:
            raise ConfigError(f"{where}: bad regular expression in forms: {error}") from error
        if not {"hour", "minute", "zone"} <= set(pattern.groupindex):
            raise ConfigError(f"{where}: every form needs the groups hour, minute and zone")
        compiled.append(pattern)
    return ClockForms(forms=tuple(compiled), zones=offsets)


@lru_cache(maxsize=1)
def clock_forms() -> ClockForms:
    """The time forms and zone abbreviations of data/times.toml.

    Raises ConfigError when the file is not valid TOML, an offset is malformed or a form is a
    bad regular expression or lacks a group.
    """
    raw = resources.files("publisher.ingest").joinpath("data", TIMES_FILE).read_text("utf-8")
    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"data/{TIMES_FILE}: {error}") from error
    return build_clock_forms(data)


@dataclass(frozen=True)
class SourceClock:
    """What one source's clock means: the zone abbreviations it uses that data/times.toml
    leaves out as ambiguous (IST at an Indian agency is India's), and the zone of a time it
    prints without any (Kyodo's pages print Japan time). From the agency's pattern file."""

    zones: dict[str, timezone] = field(default_factory=dict)
    home: timezone | None = None


# "18:42" or "18:30:12": a time of day with no zone at all
_BARE_CLOCK = re.compile(r"^(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::\d{2})?$")


def read_stamp(
    day_text: str,
    clock_text: str,
    data: ClockForms | None = None,
    source: SourceClock | None = None,
) -> datetime | None:
    """A full timestamp from a date line's day and time (``November 13, 2026``, ``3:15 PM EST``).

    None unless the day writes its year and the time's zone is known: one of data/times.toml,
    one the source's own clock declares, or the source's home zone for a time written without
    one. A time whose offset is not known is no timestamp, and the day alone is used instead.
    """
    written = read_written_day(day_text)
    if written is None or written.year is None:
        return None
    data = data or clock_forms()
    source = source or SourceClock()
    bare = _BARE_CLOCK.match(clock_text.strip())
    if bare:
        return _at(written, int(bare["hour"]), int(bare["minute"]), source.home)
    for form in data.forms:
        found = form.match(clock_text.strip())
        if not found:
            continue
        abbreviation = found["zone"].upper()
        zone = data.zones.get(abbreviation) or source.zones.get(abbreviation)
        hour, minute = int(found["hour"]), int(found["minute"])
        groups = found.groupdict()
        if groups.get("am") or groups.get("pm"):
            if not 1 <= hour <= 12:
                return None
            hour = hour % 12 + (12 if groups.get("pm") else 0)
        return _at(written, hour, minute, zone)
    return None


def _at(written: WrittenDay, hour: int, minute: int, zone: timezone | None) -> datetime | None:
    if zone is None or written.year is None or hour > 23 or minute > 59:
        return None
    try:
        return datetime(written.year, written.month, written.day, hour, minute, tzinfo=zone)
    except ValueError:
        return None
