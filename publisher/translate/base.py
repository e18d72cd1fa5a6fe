"""The one interface every translation engine implements."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable


@runtime_checkable
class Translator(Protocol):
    """An engine that translates sentences between the language pairs it has installed.

    ``translate`` keeps alignment: output i is the translation of input i, and the output has
    exactly as many items as the input. It raises TranslationUnavailable for a pair it lacks and
    EngineError when the engine itself fails.
    """

    name: str

    def pairs(self) -> set[tuple[str, str]]:
        """Language pairs (ISO 639-1 codes) this engine can translate directly."""
        ...

    def model_version(self, source: str, target: str) -> str:
        """A string that changes whenever the engine would translate the pair differently."""
        ...

    def translate(self, sentences: Sequence[str], source: str, target: str) -> list[str]:
        """Translate a batch of sentences from ``source`` to ``target``."""
        ...


@dataclass(frozen=True)
class EngineOutput:
    """One translated sentence with what the engine knows of it.

    ``score`` is the model's own confidence where it gives one (CTranslate2: the hypothesis'
    log-probability per token); ``problem`` says why the output is a known failure
    (publisher.translate.degenerate) that a second decoding did not cure.
    """

    text: str
    score: float | None = None
    problem: str | None = None


@runtime_checkable
class DetailedTranslator(Translator, Protocol):
    """An engine that also gives scores and problems per sentence (the router prefers it)."""

    def translate_detailed(
        self, sentences: Sequence[str], source: str, target: str
    ) -> list[EngineOutput]:
        """Like ``translate``, with an EngineOutput per input."""
        ...
