"""Offline language identification with py3langid, restricted to languages a news desk meets."""

from __future__ import annotations

import logging
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from py3langid.langid import MODEL_FILE, LanguageIdentifier

from publisher.languages import Language, UnknownLanguage

log = logging.getLogger(__name__)

UNDETERMINED = "und"


@dataclass(frozen=True)
class LanguageData:
    candidates: tuple[str, ...]
    script_share: float
    script_ranges: tuple[tuple[str, int, int], ...]
    overrule_letters: int = 200
    overrule_confidence: float = 0.95
    script_markers: tuple[tuple[str, int, int, float], ...] = ()
    han_ranges: tuple[tuple[int, int], ...] = ()


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
        overrule_letters=int(data["overrule_letters"]),
        overrule_confidence=float(data["overrule_confidence"]),
        script_markers=tuple(
            (str(lang), int(lo), int(hi), float(share))
            for lang, lo, hi, share in data["script_markers"]
        ),
        han_ranges=tuple((int(lo), int(hi)) for lo, hi in data["han_ranges"]),
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
    if counts:
        lang, count = max(counts.items(), key=lambda item: item[1])
        if count / len(letters) >= data.script_share:
            return lang
    return _by_marker(letters, data)


def _by_marker(letters: list[str], data: LanguageData) -> str | None:
    """A language whose own script is sprinkled among Han characters (kana among kanji)."""
    han = sum(any(lo <= ord(c) <= hi for lo, hi in data.han_ranges) for c in letters)
    if not han:
        return None
    for lang, low, high, share in data.script_markers:
        marked = sum(low <= ord(char) <= high for char in letters)
        if marked and marked / (marked + han) >= share:
            return lang
    return None


def detect_language(text: str) -> str:
    """The ISO 639-1 code of the language ``text`` is written in; ``und`` when it has no letters."""
    return detect_with_confidence(text)[0]


def detect_with_confidence(text: str) -> tuple[str, float]:
    """The language of ``text`` and how sure detection is (1.0 when the script decides)."""
    if not any(char.isalpha() for char in text):
        return UNDETERMINED, 0.0
    data = language_data()
    by_script = _by_script(text, data)
    if by_script:
        return by_script, 1.0
    lang, confidence = _identifier().classify(text)
    return str(lang), float(confidence)


def page_language(declared: str | None, text: str) -> str | None:
    """The language to keep for a page: its declaration, unless a long text clearly disagrees.

    ``declared`` is a tag as the page writes it (``en-GB``, ``es_ES``); None or a tag that is
    no language leaves the choice to detection later. Short text cannot overrule a declaration.
    """
    try:
        tag = declared_language(declared)
    except UnknownLanguage:
        return None
    if tag is None:
        return None
    data = language_data()
    if sum(char.isalpha() for char in text) < data.overrule_letters:
        return tag
    detected, confidence = detect_with_confidence(text)
    if confidence < data.overrule_confidence or _primary(detected) == _primary(tag):
        return tag
    return _normal(detected)


def _primary(tag: str) -> str:
    return tag.replace("_", "-").split("-")[0].casefold()


def declared_language(tag: object) -> Language | None:
    """The language a source declares (front matter, ``<language>``, ``lang=``) as our tag.

    ``en-US`` and ``en_US`` are ``en``, ``zh-TW`` is ``zh-Hant``; None when there is no tag.
    Raises UnknownLanguage for a tag that is not a language code.
    """
    if tag is None or (isinstance(tag, str) and not tag.strip()):
        return None
    return Language.parse(tag)


def source_language(tag: object, text: str, source_name: str) -> str:
    """The language of an item: the one it declares, else the one its text is written in.

    A declared tag that is not a language code is not stored: the item keeps the language
    detected from its text, and a warning names the source and the tag.
    """
    try:
        declared = declared_language(tag)
    except UnknownLanguage as error:
        detected = _normal(detect_language(text))
        log.warning("%s: %s; using %s, detected from the text", source_name, error, detected)
        return detected
    return declared if declared is not None else _normal(detect_language(text))


def _normal(code: str) -> str:
    # py3langid answers ISO 639-1 codes, some of which BCP 47 writes otherwise (tl is fil)
    try:
        return Language.parse(code)
    except UnknownLanguage:
        return code  # "und": no letters to tell
