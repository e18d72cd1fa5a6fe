"""The data files of the checks (data/*.toml), read once and checked as they are read."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from publisher.datafiles import load_toml
from publisher.errors import ConfigError


@lru_cache(maxsize=8)
def load(name: str) -> dict[str, Any]:
    """One data file as a dict. Raises ConfigError when it is missing or malformed."""
    return load_toml("publisher.quality", name)


def number(table: dict[str, Any], key: str, where: str) -> float:
    value = table.get(key)
    if not isinstance(value, int | float) or isinstance(value, bool):
        raise ConfigError(f"quality data {where}: {key} must be a number, not {value!r}")
    return float(value)


def primary(language: str) -> str:
    """``zh-Hant`` → ``zh``: what the data files are keyed by."""
    return language.split("-")[0].lower()


def script_of(char: str) -> str:
    """The first word of a letter's Unicode name (``HANGUL``, ``LATIN``, ``CJK``), or ""."""
    name = unicodedata.name(char, "")
    return name.split(" ", 1)[0]


@dataclass(frozen=True)
class LengthBounds:
    low: float
    high: float
    min_source_chars: int


def length_bounds(source: str, target: str) -> LengthBounds:
    """The plausible length ratios of the pair source→target (lengths.toml)."""
    data = load("lengths.toml")
    by_source = data.get(primary(source), {})
    table = by_source.get(primary(target)) if isinstance(by_source, dict) else None
    if not isinstance(table, dict):
        table = data.get("default", {})
    where = f"lengths.toml [{primary(source)}.{primary(target)}]"
    return LengthBounds(
        number(table, "low", where),
        number(table, "high", where),
        int(number(data, "min_source_chars", "lengths.toml")),
    )
