"""Offline language identification with py3langid, restricted to languages a news desk meets."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from py3langid.langid import MODEL_FILE, LanguageIdentifier

UNDETERMINED = "und"


@dataclass(frozen=True)
class LanguageData:
    candidates: tuple[str, ...]
    script_share: float
    script_ranges: tuple[tuple[str, int, int], ...]


@lru_cache(maxsize=1)
def language_data() -> LanguageData:
    """The candidate languages and script hints of data/languages.toml."""
    raw = resources.files("publisher.ingest").joinpath("data", "languages.toml").read_text("utf-8")
    data = tomllib.loads(raw)
    return LanguageData(
        candidates=tuple(data["candidates"]),
        script_share=float(data["script_share"]),
        script_ranges=tuple(
            (str(lang), int(lo), int(hi)) for lang, lo, hi in data["script_ranges"]
        ),
    )


@lru_cache(maxsize=1)
def _identifier() -> LanguageIdentifier:
    # Loading the model takes about a second: done once per process, on first use.
    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(language_data().candidates))
    return identifier


def _by_script(text: str, data: LanguageData) -> str | None:
    letters = [char for char in text if char.isalpha()]
    if not letters:
        return None
    counts: dict[str, int] = {}
    for char in letters:
        point = ord(char)
        for lang, low, high in data.script_ranges:
            if low <= point <= high:
                counts[lang] = counts.get(lang, 0) + 1
                break
    if not counts:
        return None
    lang, count = max(counts.items(), key=lambda item: item[1])
    return lang if count / len(letters) >= data.script_share else None


def detect_language(text: str) -> str:
    """The ISO 639-1 code of the language ``text`` is written in; ``und`` when it has no letters."""
    if not any(char.isalpha() for char in text):
        return UNDETERMINED
    data = language_data()
    by_script = _by_script(text, data)
    if by_script:
        return by_script
    lang, _confidence = _identifier().classify(text)
    return str(lang)


def normalize_language(code: object) -> str | None:
    """An ISO 639-1 code from a source's tag such as ``en-US`` or ``ko_KR``; None if unusable."""
    if not isinstance(code, str):
        return None
    primary = code.strip().replace("_", "-").split("-")[0].casefold()
    return primary if len(primary) == 2 and primary.isalpha() else None
