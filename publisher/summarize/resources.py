"""Language resources of the summarizers: stop words, stemmers and Edmundson's word lists.

Stop words come from the lists sumy ships; stemmers are NLTK's Snowball stemmers (pure code, no
NLTK data download), Korean gets a particle stripper read from ``data/suffixes/ko.txt``, and
every other language is compared on lower-cased surface forms.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from importlib import resources

from sumy.nlp.stemmers import Stemmer
from sumy.utils import get_stop_words

from publisher.text import normalize_language

WordStemmer = Callable[[str], str]


def _data_lines(*parts: str) -> list[str]:
    resource = resources.files("publisher.summarize").joinpath("data", *parts)
    if not resource.is_file():
        return []
    lines = (line.strip() for line in resource.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line and not line.startswith("#")]


@lru_cache(maxsize=64)
def stop_words(language: str) -> frozenset[str]:
    """Lower-cased stop words of ``language``; empty when sumy has no list for it."""
    try:
        words: frozenset[str] = get_stop_words(normalize_language(language))
    except LookupError:
        return frozenset()
    return frozenset(word.lower() for word in words)


@lru_cache(maxsize=64)
def stigma_words(language: str) -> frozenset[str]:
    """Edmundson's stigma words of ``language`` (``data/stigma/<lang>.txt``), maybe empty."""
    return frozenset(_data_lines("stigma", f"{normalize_language(language)}.txt"))


def _identity(word: str) -> str:
    return word.lower()


class SuffixStripper:
    """Strip the longest listed suffix, keeping at least one character of the stem."""

    def __init__(self, suffixes: list[str]) -> None:
        self._suffixes = sorted(set(suffixes), key=len, reverse=True)

    def __call__(self, word: str) -> str:
        word = word.lower()
        for suffix in self._suffixes:
            if word.endswith(suffix) and len(word) > len(suffix):
                return word[: -len(suffix)]
        return word


@lru_cache(maxsize=64)
def stemmer(language: str) -> WordStemmer:
    """The stemmer used for ``language``: a suffix file, Snowball, else lower-casing."""
    code = normalize_language(language)
    suffixes = _data_lines("suffixes", f"{code}.txt")
    if suffixes:
        return SuffixStripper(suffixes)
    try:
        snowball: WordStemmer = Stemmer(code)
    except LookupError:
        return _identity
    return snowball
