"""Language codes: BCP 47 tags parsed, checked and reduced to the form publisher stores.

We translate by language, so a tag keeps its language and only the script or region that
changes the text: ``en-US`` is ``en``, ``zh-TW`` is ``zh-Hant``, ``zh-CN`` is ``zh``, while
``pt-BR`` stays apart from ``pt`` (``data/languages.toml`` lists such regions). Argos Translate
names a few languages its own way (``zt``, ``pb``); :func:`from_argos` and :func:`to_argos`
map between its codes and ours from the same data file.

Parsing and validation use ``langcodes`` (the IANA subtag registry it ships), offline.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from babel import Locale, UnknownLocaleError

from publisher.errors import PublisherError

# Longer than any tag worth storing (the database columns hold 16 characters); refusing long
# input early keeps hostile text away from the parser.
MAX_TAG_LENGTH = 64
EXAMPLES = "a BCP 47 tag such as ko, es, pt-BR or zh-Hant"


class UnknownLanguage(PublisherError, ValueError):
    """A text that is not a well-formed, registered BCP 47 language tag."""

    def __init__(self, text: object, reason: str) -> None:
        self.text = text
        self.reason = reason
        super().__init__(f"{text!r} is not a language code ({reason}); use {EXAMPLES}")


class Language(str):
    """A checked language tag in publisher's form (``ko``, ``pt-BR``, ``zh-Hant``).

    A ``str``, so it is stored in and compared with string columns as it is. The only way to
    make one is :meth:`parse`; ``Language("ko")`` raises TypeError.
    """

    __slots__ = ()

    def __new__(cls, *_args: object, **_kwargs: object) -> Language:
        raise TypeError("make a Language with Language.parse(text)")

    @classmethod
    def parse(cls, text: object) -> Language:
        """Parse and normalize a tag such as ``ES``, ``en_US`` or ``zh-Hant-TW``.

        Raises UnknownLanguage for anything else than a string holding a registered tag.
        """
        if not isinstance(text, str):
            raise UnknownLanguage(text, "not a string")
        stripped = text.strip()
        if len(stripped) > MAX_TAG_LENGTH:
            raise UnknownLanguage(f"{stripped[:20]}…", "far too long")
        return _parse(stripped)

    def __reduce__(self) -> tuple[Any, tuple[str]]:
        # pickling (the task queue, copy) goes through parse like everything else
        return (Language.parse, (str(self),))

    @property
    def base(self) -> str:
        """The language subtag alone: ``zh`` for ``zh-Hant``."""
        return self.partition("-")[0]


def _make(value: str) -> Language:
    return str.__new__(Language, value)


@dataclass(frozen=True)
class LanguageData:
    distinct_regions: frozenset[str]
    argos_to_ours: dict[str, Language]
    ours_to_argos: dict[Language, str]


@lru_cache(maxsize=1)
def language_data() -> LanguageData:
    """The data of ``data/languages.toml``, checked: every tag in it must parse as itself."""
    raw = resources.files("publisher").joinpath("data", "languages.toml").read_text("utf-8")
    data = tomllib.loads(raw)
    regions = frozenset(str(tag) for tag in data["distinct_regions"])
    table: dict[str, Language] = {}
    for argos_code, tag in data["argos"].items():
        table[argos_code.lower()] = _reduce(str(tag), regions)
    return LanguageData(regions, table, {ours: code for code, ours in table.items()})


@lru_cache(maxsize=4096)
def _parse(text: str) -> Language:
    return _reduce(text, language_data().distinct_regions)


def _reduce(text: str, distinct_regions: frozenset[str]) -> Language:
    # imported on first use: langcodes takes a tenth of a second to import, which `--help`
    # and other commands that never parse a tag should not pay
    import langcodes
    from langcodes.tag_parser import LanguageTagError

    if not text:
        raise UnknownLanguage(text, "empty")
    try:
        tag = langcodes.Language.get(text.replace("_", "-"), normalize=True)
    except LanguageTagError:
        raise UnknownLanguage(text, "malformed") from None
    language = tag.language or ""
    # langcodes reads a bare private-use tag ("x-foo") as a language named "x-foo"
    if not language.isalpha() or language in {"und", "mul", "zxx", "mis"}:
        raise UnknownLanguage(text, "it names no particular language")
    if not tag.is_valid():
        raise UnknownLanguage(text, "not in the IANA subtag registry")
    # The script the tag implies (zh-TW writes Hant) is kept only when it is not the
    # language's own default (zh writes Hans).
    script = tag.maximize().script
    if script == langcodes.Language.get(language).maximize().script:
        script = None
    value = language if script is None else f"{language}-{script}"
    if tag.territory and f"{language}-{tag.territory}" in distinct_regions:
        value = f"{value}-{tag.territory}"
    return _make(value)


def parse_languages(text: str | Iterable[str]) -> list[Language]:
    """Parse a comma-separated list (or an iterable) of tags; duplicates and blanks dropped.

    Raises UnknownLanguage for the first item that is not a language code.
    """
    items = text.split(",") if isinstance(text, str) else list(text)
    parsed = [Language.parse(item) for item in items if not isinstance(item, str) or item.strip()]
    return list(dict.fromkeys(parsed))


def from_argos(code: str) -> Language:
    """Our tag for an Argos Translate language code (``zt`` → ``zh-Hant``). Raises UnknownLanguage."""
    if not isinstance(code, str):
        raise UnknownLanguage(code, "not a string")
    mapped = language_data().argos_to_ours.get(code.strip().lower())
    return mapped if mapped is not None else Language.parse(code)


def to_argos(language: str) -> str:
    """The Argos Translate code of one of our tags (``pt-BR`` → ``pb``). Raises UnknownLanguage."""
    parsed = Language.parse(language)
    return language_data().ours_to_argos.get(parsed, str(parsed))


def language_name(code: str, in_language: str | None = None, *, capitalize: bool = True) -> str:
    """A language's own name (``한국어``), or its name in ``in_language`` when given.

    Capitalized for menus; ``capitalize=False`` keeps ``español`` as written inside a sentence.
    """
    try:
        locale = Locale.parse(code.replace("-", "_"))
        display = locale.get_display_name(in_language or code)
    except (UnknownLocaleError, ValueError):
        return code
    if not display:
        return code
    return display[:1].upper() + display[1:] if capitalize else display
