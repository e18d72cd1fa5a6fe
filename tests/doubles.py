"""A translation engine test double for unit tests: deterministic and counting its calls."""

from __future__ import annotations

from collections.abc import Sequence

from publisher.errors import EngineError, TranslationUnavailable


class RecordingTranslator:
    """Marks each sentence with the target language; counts batches and sentences."""

    def __init__(self, name: str = "double", pairs: set[tuple[str, str]] | None = None) -> None:
        self.name = name
        self._pairs = set(pairs or {("en", "qaa")})
        self.calls: list[tuple[str, str, list[str]]] = []
        self.fail_with: str | None = None

    def pairs(self) -> set[tuple[str, str]]:
        return set(self._pairs)

    def add_pair(self, source: str, target: str) -> None:
        self._pairs.add((source, target))

    def model_version(self, source: str, target: str) -> str:
        return f"{self.name}-{source}-{target}-1"

    def translate(self, sentences: Sequence[str], source: str, target: str) -> list[str]:
        if (source, target) not in self._pairs:
            raise TranslationUnavailable(source, target)
        if self.fail_with:
            raise EngineError(self.fail_with)
        self.calls.append((source, target, list(sentences)))
        return [f"[{target}] {sentence}" for sentence in sentences]

    @property
    def sentences_translated(self) -> int:
        return sum(len(batch) for _s, _t, batch in self.calls)
