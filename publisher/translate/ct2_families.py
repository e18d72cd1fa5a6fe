"""Model families a converted CTranslate2 folder can belong to, declared in data files.

Each family (NLLB-200, M2M-100, OPUS-MT/Marian, MADLAD-400) has its own conventions: which
SentencePiece file tokenizes, which special tokens go around the source and which token the
output is forced to start with, and how its language codes map to ours. They live in
``families/*.toml``, one file a family; code here only reads and applies them.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from publisher.errors import ConfigError
from publisher.languages import Language, UnknownLanguage


@dataclass(frozen=True)
class Family:
    name: str
    title: str
    license: str
    #: one model serves many languages (read from its vocabulary) or one pair given at install
    multilingual: bool
    #: candidate file names of the source SentencePiece model, first found wins
    tokenizers: tuple[str, ...]
    target_tokenizer: str | None
    #: a token only this family's vocabulary holds, to recognize a folder
    detect_token: str | None
    source_prefix: tuple[str, ...]
    source_suffix: tuple[str, ...]
    target_prefix: tuple[str, ...]
    codes: dict[str, str] = field(default_factory=dict)
    #: whether the model must have a token for the source language (MADLAD does not)
    source_token_needed: bool = True
    #: language tokens are used only where the vocabulary has them (bilingual Marian models)
    optional_tokens: bool = False

    def token(self, language: str) -> str | None:
        return self.codes.get(language)

    def languages(self, vocabulary: set[str]) -> set[str]:
        """Our codes whose language token the vocabulary holds."""
        return {code for code, token in self.codes.items() if token in vocabulary}

    def _fill(
        self, template: tuple[str, ...], source: str, target: str, vocabulary: set[str]
    ) -> list[str]:
        tokens = []
        for part in template:
            if part in ("{source}", "{target}"):
                token = self.token(source if part == "{source}" else target)
                if token is None or (self.optional_tokens and token not in vocabulary):
                    continue
                tokens.append(token)
            else:
                tokens.append(part)
        return tokens

    def wrap(
        self, source: str, target: str, vocabulary: set[str]
    ) -> tuple[list[str], list[str], list[str]]:
        """Tokens before and after the source pieces, and the target prefix, for a pair."""
        return (
            self._fill(self.source_prefix, source, target, vocabulary),
            self._fill(self.source_suffix, source, target, vocabulary),
            self._fill(self.target_prefix, source, target, vocabulary),
        )


def _strings(value: Any, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return tuple(value)
    raise ConfigError(f"{where}: expected a string or a list of strings")


def _family(name: str, data: dict[str, Any]) -> Family:
    where = f"model family {name}"
    codes: dict[str, str] = {}
    for code, token in dict(data.get("codes", {})).items():
        try:
            ours = Language.parse(code)
        except UnknownLanguage as error:
            raise ConfigError(f"{where}: {error}") from None
        if not isinstance(token, str) or not token:
            raise ConfigError(f"{where}: the token of {code} must be a string")
        codes[str(ours)] = token
    try:
        return Family(
            name=name,
            title=str(data["title"]),
            license=str(data.get("license", "")),
            multilingual=bool(data["multilingual"]),
            tokenizers=_strings(data["tokenizer"], f"{where}: tokenizer"),
            target_tokenizer=data.get("target_tokenizer"),
            detect_token=data.get("detect_token"),
            source_prefix=_strings(data.get("source_prefix", []), f"{where}: source_prefix"),
            source_suffix=_strings(data.get("source_suffix", []), f"{where}: source_suffix"),
            target_prefix=_strings(data.get("target_prefix", []), f"{where}: target_prefix"),
            codes=codes,
            source_token_needed=bool(data.get("source_token_needed", True)),
            optional_tokens=bool(data.get("optional_tokens", False)),
        )
    except KeyError as error:
        raise ConfigError(f"{where}: missing {error.args[0]!r}") from None


@cache
def families() -> dict[str, Family]:
    """Every family shipped in publisher/translate/families, by name."""
    found: dict[str, Family] = {}
    folder = resources.files("publisher.translate") / "families"
    for entry in sorted(folder.iterdir(), key=lambda item: item.name):
        if not entry.name.endswith(".toml"):
            continue
        name = entry.name.removesuffix(".toml")
        try:
            data = tomllib.loads(entry.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as error:
            raise ConfigError(f"model family file {entry.name}: {error}") from None
        found[name] = _family(name, data)
    return found


def get_family(name: str) -> Family:
    """Raises ConfigError naming the known families for an unknown name."""
    try:
        return families()[name]
    except KeyError:
        raise ConfigError(f"no model family {name!r} (families: {', '.join(families())})") from None
