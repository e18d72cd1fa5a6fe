"""Per-language data of the sentence splitter, read from the files under ``data/``."""

from __future__ import annotations

import dataclasses
import tomllib
from functools import lru_cache
from importlib import resources
from typing import Literal

from publisher.errors import ConfigError

Kind = Literal["title", "number", "other"]
KINDS: frozenset[str] = frozenset({"title", "number", "other"})


@dataclasses.dataclass(frozen=True)
class LanguageRules:
    """Everything the splitter knows about one language."""

    language: str
    abbreviations: dict[str, Kind]
    # Entries written in lower case match any capitalisation ("etc." and "Etc.").
    folded_abbreviations: dict[str, Kind]
    starters: frozenset[str]
    protected_pairs: tuple[tuple[str, str], ...] = ()
    ordinal_dot: bool = False
    hangul_endings: bool = False

    def abbreviation(self, token: str) -> Kind | None:
        """The kind of ``token`` (without its final dot) if it is a known abbreviation."""
        kind = self.abbreviations.get(token)
        if kind is None:
            kind = self.folded_abbreviations.get(token.lower())
        return kind


def normalize_language(language: str) -> str:
    """Reduce a tag such as ``en-US`` or ``zh_Hans`` to its primary subtag ``en`` / ``zh``."""
    return language.strip().lower().replace("_", "-").split("-")[0]


def _data_text(*parts: str) -> str | None:
    resource = resources.files("publisher.text").joinpath("data", *parts)
    if not resource.is_file():
        return None
    return resource.read_text(encoding="utf-8")


def _lines(text: str | None) -> list[str]:
    if text is None:
        return []
    stripped = (line.strip() for line in text.splitlines())
    return [line for line in stripped if line and not line.startswith("#")]


def _parse_abbreviations(text: str | None, name: str) -> dict[str, Kind]:
    entries: dict[str, Kind] = {}
    for line in _lines(text):
        abbreviation, _, kind = line.rpartition(" ")
        if not abbreviation or kind not in KINDS:
            raise ConfigError(
                f"{name}: cannot read {line!r}; write 'ABBREVIATION title|number|other'"
            )
        entries[abbreviation.strip().rstrip(".")] = kind  # type: ignore[assignment]
    return entries


@lru_cache(maxsize=1)
def _switches() -> dict[str, dict[str, object]]:
    text = _data_text("languages.toml") or ""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"publisher/text/data/languages.toml: {error}") from error


@lru_cache(maxsize=64)
def load_rules(language: str) -> LanguageRules:
    """Load the splitting rules of ``language`` (any tag; unknown languages get generic rules).

    Raises ConfigError when a data file is malformed.
    """
    code = normalize_language(language)
    name = f"abbreviations/{code}.txt"
    abbreviations = _parse_abbreviations(_data_text("abbreviations", f"{code}.txt"), name)
    folded = {key: kind for key, kind in abbreviations.items() if key == key.lower()}
    switches = _switches().get(code, {})
    pairs_raw = switches.get("protected_pairs", [])
    if not isinstance(pairs_raw, list) or not all(
        isinstance(pair, str) and len(pair) == 2 for pair in pairs_raw
    ):
        raise ConfigError(
            f"languages.toml [{code}]: protected_pairs must list two-character strings"
        )
    return LanguageRules(
        language=code,
        abbreviations=abbreviations,
        folded_abbreviations=folded,
        starters=frozenset(_lines(_data_text("starters", f"{code}.txt"))),
        protected_pairs=tuple((pair[0], pair[1]) for pair in pairs_raw),
        ordinal_dot=bool(switches.get("ordinal_dot", False)),
        hangul_endings=bool(switches.get("hangul_endings", False)),
    )
