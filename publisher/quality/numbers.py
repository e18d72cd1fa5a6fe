"""Numbers in a text as values, so that a source and its translation can be compared.

``3.5 million``, ``350만``, ``350万`` and ``3,5 millones`` are all 3500000; ``Nov 12`` is 11 and
12, as ``11월 12일`` and ``12 de noviembre`` are. What each language writes is data
(data/numbers.toml); the rules here are the same for every language.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from publisher.errors import ConfigError
from publisher.quality.knowledge import load

_LITERAL = r"\d+(?:[.,]\d+)*"
# beyond this many numbers left after pairing equal values, no full matching is tried
MAX_MATCHED = 200
# minutes after a colon: "15:30" is 15 and 30, and 15 may be written 3 (p.m.)
_TIME = re.compile(r"(\d{1,2}):(\d{2})(?!\d)")


@dataclass(frozen=True)
class NumberData:
    """What one language writes around its numbers (see data/numbers.toml)."""

    units: dict[str, Decimal]
    words: dict[str, Decimal]
    months: dict[str, Decimal]
    date_glue: tuple[str, ...]
    compound: bool
    required_words: frozenset[str] = frozenset()
    ambiguous_months: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Number:
    """A number found in a text: the values it may stand for, and whether it must be matched."""

    text: str
    start: int
    end: int
    values: frozenset[Decimal]
    required: bool = True
    unit: Decimal = Decimal(1)  # what its unit word multiplied it by (10^8 for 억)


def _decimal(value: object, where: str) -> Decimal:
    try:
        return Decimal(str(value))
    except InvalidOperation as error:
        raise ConfigError(f"quality numbers data: {where}: {value!r} is not a number") from error


def _table(raw: dict[str, object], name: str, language: str) -> dict[str, Decimal]:
    table = raw.get(name, {})
    if not isinstance(table, dict):
        raise ConfigError(f"quality numbers data: [{language}] {name} must be a table")
    return {
        str(key).casefold(): _decimal(value, f"[{language}] {name}.{key}")
        for key, value in table.items()
    }


def _list(raw: dict[str, object], name: str) -> tuple[str, ...]:
    value = raw.get(name, [])
    if not isinstance(value, list):
        raise ConfigError(f"quality numbers data: {name} must be a list, not {value!r}")
    return tuple(str(word).casefold() for word in value)


@lru_cache(maxsize=64)
def number_data(language: str) -> NumberData:
    """The number knowledge of ``language`` (its primary subtag); empty for a language not listed.

    Raises ConfigError when the data file is malformed.
    """
    primary = language.split("-")[0].lower()
    raw = load("numbers.toml").get(primary, {})
    return NumberData(
        units=_table(raw, "units", primary),
        words=_table(raw, "words", primary),
        months=_table(raw, "months", primary),
        date_glue=_list(raw, "date_glue"),
        compound=bool(raw.get("compound", False)),
        required_words=frozenset(_list(raw, "required_words")),
        ambiguous_months=frozenset(_list(raw, "ambiguous_months")),
    )


def literal_values(literal: str) -> frozenset[Decimal]:
    """What ``1,200``, ``1.200``, ``3,5`` or ``1,234.5`` may mean, in any language.

    With both separators the last is the decimal one; a separator used twice groups
    thousands; one separator before exactly three digits is either (``1.200`` is 1200 in
    Spanish and 1.2 in English); before other digit counts it is a decimal separator.
    """
    commas, dots = literal.count(","), literal.count(".")
    if commas and dots:
        decimal = "," if literal.rfind(",") > literal.rfind(".") else "."
        grouping = "." if decimal == "," else ","
        return frozenset({Decimal(literal.replace(grouping, "").replace(decimal, "."))})
    separator = "," if commas else "." if dots else ""
    if not separator:
        return frozenset({Decimal(literal)})
    head, *groups = literal.split(separator)
    grouped = Decimal(head + "".join(groups))
    if len(groups) > 1:
        return frozenset({grouped})
    fraction = Decimal(f"{head}.{groups[0]}")
    return frozenset({grouped, fraction}) if len(groups[0]) == 3 else frozenset({fraction})


def _alternatives(names: Sequence[str]) -> str:
    return "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True))


@lru_cache(maxsize=64)
def _patterns(language: str) -> tuple[re.Pattern[str], re.Pattern[str] | None]:
    """The number pattern (a literal or a word, then maybe a unit) and the month pattern."""
    data = number_data(language)
    spaced = not data.compound
    edge = r"\b" if spaced or language.startswith("ko") else ""
    words = _alternatives(list(data.words))
    head = f"(?P<literal>{_LITERAL})"
    if words:
        head = f"(?:{head}|{edge}(?P<word>{words}){edge})"
    unit = ""
    if data.units:
        after = r"\b" if spaced else ""
        unit = rf"(?:\s?(?P<unit>{_alternatives(list(data.units))}){after})?"
    number = re.compile(head + unit, re.IGNORECASE)
    month = None
    if data.months:
        month = re.compile(rf"\b(?P<month>{_alternatives(list(data.months))})\b\.?", re.IGNORECASE)
    return number, month


def _scan(text: str, language: str) -> list[Number]:
    data = number_data(language)
    number, _month = _patterns(language)
    found = []
    for match in number.finditer(text):
        literal, word = match.group("literal"), match.groupdict().get("word")
        unit = match.groupdict().get("unit")
        factor = data.units[unit.casefold()] if unit else Decimal(1)
        if literal is not None:
            values = literal_values(literal)
            required = True
        else:
            values = frozenset({data.words[str(word).casefold()]})
            required = str(word).casefold() in data.required_words
        found.append(
            Number(
                match.group(0),
                match.start(),
                match.end(),
                frozenset(v * factor for v in values),
                required,
                factor,
            )
        )
    return found


def _merge_compounds(numbers: list[Number], text: str) -> list[Number]:
    """Add up runs such as ``3억 5000만`` or ``1천200`` (each part below the unit before it)."""
    merged: list[Number] = []
    for number in numbers:
        previous = merged[-1] if merged else None
        if (
            previous is not None
            and previous.required
            and number.required
            and previous.unit > 1
            and text[previous.end : number.start] in ("", " ")
            and previous.unit > max(number.values)
        ):
            merged[-1] = Number(
                text[previous.start : number.end],
                previous.start,
                number.end,
                frozenset(a + b for a in previous.values for b in number.values),
                unit=number.unit,
            )
        else:
            merged.append(number)
    return merged


def _months(text: str, language: str, numbers: list[Number]) -> list[Number]:
    data = number_data(language)
    _number, month = _patterns(language)
    if month is None:
        return []
    glue = "|".join(re.escape(word) for word in data.date_glue)
    words = rf"(?:(?:{glue})[\s.,]+)?" if glue else ""
    gap = re.compile(rf"[\s.,]*{words}", re.IGNORECASE)
    required = [n for n in numbers if n.required]  # in reading order
    ends = [n.end for n in required]
    starts = [n.start for n in required]
    found = []
    for match in month.finditer(text):
        # the nearest number before and after: "12 de noviembre", "Nov. 12", "November 2026"
        before = bisect_right(ends, match.start()) - 1
        after = bisect_left(starts, match.end())
        dated = (before >= 0 and gap.fullmatch(text[ends[before] : match.start()]) is not None) or (
            after < len(starts) and gap.fullmatch(text[match.end() : starts[after]]) is not None
        )
        name = match.group("month").casefold()
        value = frozenset({data.months[name]})
        counted = dated or name not in data.ambiguous_months
        found.append(Number(match.group(0), match.start(), match.end(), value, counted))
    return found


def _times(text: str, numbers: list[Number]) -> list[Number]:
    """``15:30`` may be written ``오후 3시 30분``; ``15:00`` may lose its ``00``."""
    adjusted = list(numbers)
    at = {(number.start, number.end): position for position, number in enumerate(numbers)}
    for match in _TIME.finditer(text):
        hour = at.get(match.span(1))
        if hour is not None and int(match.group(1)) > 12:
            number = adjusted[hour]
            adjusted[hour] = replace(
                number, values=number.values | {Decimal(int(match.group(1)) - 12)}
            )
        minutes = at.get(match.span(2))
        if minutes is not None and match.group(2) == "00":
            adjusted[minutes] = replace(adjusted[minutes], required=False)
    return adjusted


def extract_numbers(text: str, language: str) -> list[Number]:
    """Every number of ``text`` in reading order, as the values it may stand for.

    Raises ConfigError when the language data is malformed.
    """
    text = unicodedata.normalize("NFKC", text)  # full-width digits and ％ are digits and %
    numbers = _scan(text, language)
    if number_data(language).compound:
        numbers = _merge_compounds(numbers, text)
    numbers = _times(text, numbers)
    numbers += _months(text, language, numbers)
    return sorted(numbers, key=lambda n: n.start)


def unmatched(
    source: Sequence[Number], target: Sequence[Number]
) -> tuple[list[Number], list[Number]]:
    """Required numbers of each side left without a partner of the same value on the other.

    Numbers of one value pair off first; the rest (``1.200`` may be 1200 or 1.2) go through a
    maximum matching (Kuhn's augmenting paths), required ones first, so the order numbers are
    written in does not matter. Past MAX_MATCHED numbers a side keeps the first pass only:
    hostile text full of digits stays cheap.
    """
    partner_of: dict[int, int] = {}  # target position -> source position
    by_value: dict[Decimal, list[int]] = {}
    for t, number in enumerate(target):
        if len(number.values) == 1:
            by_value.setdefault(next(iter(number.values)), []).append(t)
    for s, number in enumerate(source):
        if len(number.values) == 1 and number.required:
            free = by_value.get(next(iter(number.values)), [])
            if free:
                partner_of[free.pop(0)] = s
    rest = [s for s in range(len(source)) if s not in set(partner_of.values())]
    if len(rest) <= MAX_MATCHED and len(target) - len(partner_of) <= MAX_MATCHED:
        _augment_all(source, target, rest, partner_of)
    matched_sources = set(partner_of.values())
    missing = [n for s, n in enumerate(source) if n.required and s not in matched_sources]
    extra = [n for t, n in enumerate(target) if n.required and t not in partner_of]
    return missing, extra


def _augment_all(
    source: Sequence[Number], target: Sequence[Number], rest: list[int], partner_of: dict[int, int]
) -> None:
    def augment(s: int, seen: set[int]) -> bool:
        for t, candidate in enumerate(target):
            if t in seen or not (source[s].values & candidate.values):
                continue
            seen.add(t)
            if t not in partner_of or augment(partner_of[t], seen):
                partner_of[t] = s
                return True
        return False

    for s in sorted(rest, key=lambda s: not source[s].required):
        augment(s, set())
